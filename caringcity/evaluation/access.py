"""How the signed-in user stands towards a commons' evaluation, and fetch-and-check helpers. Out of
scope and not allowed both answer 404.

Every active member sees the framework, the commons-wide indicators and reports, and answers the
surveys they are asked. Organisers keep the evaluation: they build frameworks, questionnaires and
rounds, enter paper and phone answers for people, refresh indicators and write reports. Nobody sees
another person's answers one by one."""

from caringcity.people import selectors as people

# How the user stands towards the commons: their active membership (cached for the request).
evaluation_standing = people.member_standing

get_in_commons = people.get_in_commons  # one row of a model in the commons by uuid, or 404
