"""Writes of the indicators part: recompute every figure of a commons (``indicators_refresh``), and
ask for that to happen in the background (``indicators_refresh_request``, the organisers' "Count
again now" button). See docs/evaluation-indicators.md."""

import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from caringcity.core.services import audit_record
from caringcity.evaluation import metrics
from caringcity.evaluation.models import IndicatorValue, Refresh

BATCH = 500
# A request while another is waiting or running (and younger than this) joins it instead.
PENDING_FOR = timedelta(minutes=10)


@transaction.atomic
def indicators_refresh(*, commons, actor=None, refresh=None, now=None) -> Refresh:
    """Recompute every indicator of ``commons`` in one transaction: the old values are deleted and
    the new ones written together, so a page never sees half a refresh. Records the time it took
    on a ``Refresh`` (``refresh`` if given: the row the background task was asked for)."""
    started, clock = timezone.now(), time.perf_counter()
    if refresh is None:
        refresh = Refresh.objects.create(commons=commons, requested_by=actor if getattr(actor, "is_authenticated", False) else None)
    refresh.status, refresh.started_at = Refresh.Status.RUNNING, started
    rows = metrics.compute(commons, now or started)
    IndicatorValue.objects.filter(commons=commons).delete()
    IndicatorValue.objects.bulk_create(rows, batch_size=BATCH)
    refresh.status = Refresh.Status.DONE
    refresh.finished_at = timezone.now()
    refresh.values_written = len(rows)
    refresh.seconds = round(time.perf_counter() - clock, 3)
    refresh.save()
    audit_record(actor=actor, action="evaluation.indicators.refresh", obj=refresh, commons=commons,
                 reason=f"{len(rows)} values in {refresh.seconds:.1f} s")
    return refresh


@transaction.atomic
def indicators_refresh_request(*, actor, commons) -> Refresh:
    """Ask for the figures to be counted again in the background. A request while another is
    still waiting or running joins that one (so pressing twice counts once)."""
    pending = (Refresh.objects.filter(commons=commons, status__in=[Refresh.Status.WAITING, Refresh.Status.RUNNING],
                                      created__gte=timezone.now() - PENDING_FOR).order_by("-created").first())
    if pending is not None:
        return pending
    refresh = Refresh.objects.create(commons=commons, requested_by=actor)
    audit_record(actor=actor, action="evaluation.indicators.request", obj=refresh, commons=commons)
    from caringcity.evaluation.tasks import refresh_indicators

    transaction.on_commit(lambda: refresh_indicators.enqueue(refresh.pk))
    return refresh


def indicators_refresh_failed(*, refresh):
    """Mark a refresh that stopped with an error (its transaction rolled back: nothing changed)."""
    Refresh.objects.filter(pk=refresh.pk).update(status=Refresh.Status.FAILED, finished_at=timezone.now())
