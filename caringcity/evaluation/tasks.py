"""Background tasks of evaluation: take ids, call one service, safe to run twice."""

from django_tasks import task


@task()
def refresh_indicators(refresh_id: int) -> str:
    """Count every figure of the refresh's commons again (``services.indicators.indicators_refresh``)."""
    from caringcity.evaluation.models import Refresh
    from caringcity.evaluation.services.indicators import indicators_refresh, indicators_refresh_failed

    refresh = Refresh.objects.select_related("commons", "requested_by").filter(pk=refresh_id).first()
    if refresh is None:
        return "missing"
    if refresh.status == Refresh.Status.DONE:
        return "done already"
    try:
        indicators_refresh(commons=refresh.commons, actor=refresh.requested_by, refresh=refresh)
    except Exception:
        indicators_refresh_failed(refresh=refresh)
        raise
    return "done"


@task()
def send_survey_prompts() -> int:
    """The drip-feed prompts of the survey rounds (the same as ``manage.py evaluation_prompts``)."""
    from caringcity.evaluation.services.surveys import prompts_send

    return prompts_send()
