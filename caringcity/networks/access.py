"""How the signed-in user stands towards a commons' networks, and fetch-and-check helpers. Out of
scope and not allowed both answer 404.

The neighbourhood map is open to every active member of the commons. Organisers keep it (take
snapshots, change the vocabulary, change or remove anyone's entries); members add actors and
connections and change their own. A care map is the owner's: see ``care_map_basis``."""

from caringcity.people import selectors as people

# How the user stands towards the commons: their active membership (cached for the request).
network_standing = people.member_standing


def commons_for(user, slug):
    """(commons, membership) if the user is an active member, else 404."""
    return people.access_commons(user, slug)


get_in_commons = people.get_in_commons  # one row of a model in the commons by uuid, or 404
