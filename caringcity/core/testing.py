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


# Per-request bookkeeping that depends on the clock, not on the data (allauth's session activity).
_NOISE = ("usersessions_usersession", "SAVEPOINT", "RELEASE SAVEPOINT")


def _data_queries(ctx):
    return [q["sql"] for q in ctx.captured_queries if not any(n in q["sql"] for n in _NOISE)]


def assert_queries_constant(client, url, grow, *, times=3, slack=0):
    """Measure ``url`` at two data sizes: after one ``grow()`` and after ``times`` more. The number
    of queries must not grow with the data (session bookkeeping is left out of the count)."""
    grow()
    client.get(url)  # warm caches (sessions, content types)
    with count_queries() as before:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    for _ in range(times):
        grow()
    with count_queries() as after:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    small, large = _data_queries(before), _data_queries(after)
    assert len(large) <= len(small) + slack, (
        f"{url}: {len(small)} queries before, {len(large)} after adding data\n" + "\n".join(q[:200] for q in large)
    )
    return len(small), len(large)


# --- the official schemas the exports are validated against ---------------------------------------
def standards_folder():
    """The folder of official schemas (``shared/standards``, kept beside the repository, never in
    it). Looked for in ``CARINGCITY_STANDARDS``, then beside the repository or any folder above it,
    then in the workplace's ``/work/shared/standards``. A missing folder fails the test with a
    clear message: the standards are checked, never skipped."""
    import os
    from pathlib import Path

    import pytest
    from django.conf import settings

    candidates = []
    if os.environ.get("CARINGCITY_STANDARDS"):
        candidates.append(Path(os.environ["CARINGCITY_STANDARDS"]))
    base = Path(settings.BASE_DIR).resolve()
    candidates += [folder / "shared" / "standards" for folder in base.parents]
    candidates.append(Path("/work/shared/standards"))
    for folder in candidates:
        if folder.is_dir():
            return folder
    pytest.fail("The official schemas are missing: put the shared/standards folder beside the repository "
                f"(looked in {', '.join(str(c) for c in candidates)}) or set CARINGCITY_STANDARDS.")
