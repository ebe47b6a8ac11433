"""Background task of the surveys part: the drip-feed prompts (the same as ``manage.py
evaluation_prompts``), for a django_tasks worker. Safe to run twice."""

from django_tasks import task

from caringcity.evaluation.services.surveys import prompts_send


@task()
def send_survey_prompts() -> int:
    return prompts_send()
