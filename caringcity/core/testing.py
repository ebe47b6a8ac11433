"""Test helpers shared by every app: personas, the role matrix, and query-count growth checks.

They live in the package (not in a conftest) so later apps import them by name.
"""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Every rule is checked over these personas (see conftest.py ``personas``).
ROLES = ("anonymous", "outsider", "member", "owner", "proxy", "organiser", "admin")


def status_matrix(clients, url, method="get", data=None):
    """The status code each persona gets for ``url`` (follow=False)."""
    result = {}
    for role, client in clients.items():
        response = getattr(client, method)(url, data or {})
        result[role] = response.status_code
    return result


def assert_matrix(clients, url, expected, method="get", data=None):
    """``expected`` maps each persona to a status code; every persona in ``clients`` must appear."""
    missing = set(clients) - set(expected)
    assert not missing, f"role matrix is missing {sorted(missing)}"
    got = status_matrix(clients, url, method, data)
    assert got == {role: expected[role] for role in clients}, f"{url}: got {got}"


@contextmanager
def count_queries():
    with CaptureQueriesContext(connection) as ctx:
        yield ctx


def assert_queries_constant(client, url, grow, *, times=2, slack=0):
    """Load ``url``, call ``grow()`` (which adds data), load again: the query count must not grow.

    Call ``grow`` so that the second data size is clearly larger (for example 5 rows then 25).
    """
    client.get(url)  # warm caches (sessions, content types)
    with count_queries() as before:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    for _ in range(times):
        grow()
    with count_queries() as after:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert len(after) <= len(before) + slack, (
        f"{url}: {len(before)} queries before, {len(after)} after adding data\n"
        + "\n".join(q["sql"][:200] for q in after.captured_queries)
    )
    return len(before), len(after)
