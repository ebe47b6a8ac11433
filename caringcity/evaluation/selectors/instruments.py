"""Reads for the instruments part. ``own_instruments_for`` is the queryset twin of the rule
``evaluation.view_questionnaires``: the own questionnaires a user may see in a commons."""

import uuid as uuid_module

from django.db.models import Prefetch

from caringcity.evaluation.access import evaluation_standing
from caringcity.evaluation.models import OwnInstrument, OwnItem


def own_instruments_for(user, commons):
    if not user.is_authenticated or not evaluation_standing(user, commons).is_member:
        return OwnInstrument.objects.none()
    return OwnInstrument.objects.filter(commons=commons)


def own_instrument_for_editing(commons, uuid):
    """One own questionnaire of the commons with its factors and questions (LookupError if none)."""
    try:
        uuid = uuid if isinstance(uuid, uuid_module.UUID) else uuid_module.UUID(str(uuid))
        return (OwnInstrument.objects.filter(commons=commons).select_related("commons")
                .prefetch_related("factors", Prefetch("items", queryset=OwnItem.objects.select_related("factor").order_by("order", "pk")))
                .get(uuid=uuid))
    except (OwnInstrument.DoesNotExist, ValueError, TypeError) as exc:
        raise LookupError(uuid) from exc
