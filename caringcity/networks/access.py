"""How the signed-in user stands towards a commons' networks, and fetch-and-check helpers. Out of
scope and not allowed both answer 404.

The neighbourhood map is open to every active member of the commons. Organisers keep it (take
snapshots, change the vocabulary, change or remove anyone's entries); members add actors and
connections and change their own. A care map is the owner's: see ``care_map_basis``."""

from dataclasses import dataclass

from django.http import Http404

from caringcity.people import selectors as people


@dataclass
class NetworkStanding:
    membership: object  # people.Membership in the commons, or None

    person = property(lambda self: self.membership.person if self.membership else None)
    is_member = property(lambda self: self.membership is not None)
    is_organiser = property(lambda self: bool(self.membership and self.membership.is_organiser))


def network_standing(user, commons):
    """Cached on the user object for the request."""
    cache = getattr(user, "_network_standing", None)
    if cache is None:
        cache = {}
        try:
            user._network_standing = cache
        except AttributeError:  # AnonymousUser is a fresh object each time; caching is harmless
            pass
    if commons.pk not in cache:
        membership = people.membership_of(user, commons) if user.is_authenticated else None
        cache[commons.pk] = NetworkStanding(membership)
    return cache[commons.pk]


def commons_for(user, slug):
    """(commons, membership) if the user is an active member, else 404."""
    return people.access_commons(user, slug)


def get_in_commons(model, commons, uuid, **filters):
    """One row of ``model`` in ``commons`` by uuid, or 404 (bad uuids too)."""
    try:
        return model.objects.get(commons=commons, uuid=uuid, **filters)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
