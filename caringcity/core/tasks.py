"""Background tasks: take ids, call one service, safe to run twice."""

from django_tasks import task

from caringcity.core.services import email_send


@task()
def send_email(email_id: int) -> bool:
    return email_send(email_id=email_id)
