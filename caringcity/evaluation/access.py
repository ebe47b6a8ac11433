"""How the signed-in user stands towards a commons' evaluation, and fetch-and-check helpers. Out of
scope and not allowed both answer 404.

Every active member sees the framework, the commons-wide indicators and reports, and answers the
surveys they are asked. Organisers keep the evaluation: they build frameworks, questionnaires and
rounds, enter paper and phone answers for people, refresh indicators and write reports. Nobody sees
another person's answers one by one."""

from dataclasses import dataclass

from django.http import Http404

from caringcity.people import selectors as people


@dataclass
class EvaluationStanding:
    membership: object  # people.Membership in the commons, or None

    person = property(lambda self: self.membership.person if self.membership else None)
    is_member = property(lambda self: self.membership is not None)
    is_organiser = property(lambda self: bool(self.membership and self.membership.is_organiser))


def evaluation_standing(user, commons):
    """Cached on the user object for the request."""
    cache = getattr(user, "_evaluation_standing", None)
    if cache is None:
        cache = {}
        try:
            user._evaluation_standing = cache
        except AttributeError:
            pass
    if commons.pk not in cache:
        membership = people.membership_of(user, commons) if user.is_authenticated else None
        cache[commons.pk] = EvaluationStanding(membership)
    return cache[commons.pk]


def get_in_commons(model, commons, uuid, **filters):
    """One row of ``model`` in ``commons`` by uuid, or 404 (bad uuids too)."""
    try:
        return model.objects.get(commons=commons, uuid=uuid, **filters)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
