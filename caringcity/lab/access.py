"""How the signed-in user stands towards a commons' lab (a network of groups), and fetch-and-check
helpers. Out of scope and not allowed both answer 404.

- **Anyone**, signed in or not, reads what is public: plans marked public with their policies,
  targets, status updates and trail; public demonstration projects, campaigns and events; and signs
  up for a public event (``views/public.py``, under ``/lab/<commons>/``).
- **Members** of the commons (people from its member groups) read everything in the lab, add status
  updates with evidence, sign up for any event, add campaign actions and evidence.
- **Organisers** keep the lab: plans, policies and imports, targets, demonstration projects,
  partnerships, events (registrations, attendance, payments) and the glossary.
- A partnership's **signatories** sign off its joint decisions for their side.
"""

from caringcity.people import selectors as people

lab_standing = people.member_standing  # the user's MemberStanding in a commons (cached)
get_in_commons = people.get_in_commons  # one row of a model in the commons by uuid, or 404
