"""Background tasks of networks: take ids, call one service, safe to run twice."""

from django_tasks import task

from caringcity.networks.services.directory import directory_import_fetch


@task()
def fetch_directory_feed(import_id: int) -> str:
    job = directory_import_fetch(import_id=import_id)
    return job.state if job else "missing"
