"""Every page reachable by following links, as every persona of the demo: no server error, and
nothing of one commons ever shows to a member of the other."""

import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client

from caringcity.people import demo
from caringcity.people.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)')
SKIP = ("/static/", "/accounts/logout", "/admin/", "/media/")


def crawl(client, start="/", limit=400):
    seen, queue, pages = set(), deque([start]), {}
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, f"{path} gave {response.status_code}"
        if response.status_code in (301, 302):
            target = urlparse(urljoin(path, response["Location"]))
            if not target.netloc:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in HREF.findall(html):
            parsed = urlparse(urljoin(path, href.replace("&amp;", "&")))
            if parsed.netloc or not parsed.path.startswith("/") or parsed.path.startswith(SKIP):
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return pages


@pytest.fixture
def demo_world(db, settings):
    ctx = {"signins": []}
    demo.build(ctx)
    return ctx


def _client_for(email):
    from caringcity.core.models import User

    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


PERSONAS = [None, "rosa@example.org", "janet@example.org", "nasreen@example.org", "kemal@example.org",
            "amara@example.org", "sam@example.org", "mei@example.org"]


@pytest.mark.parametrize("email", PERSONAS)
def test_every_linked_page_renders_and_nothing_crosses_commons(demo_world, email):
    pages = crawl(_client_for(email))
    assert pages, "the crawl found no pages"
    if email is None:
        return
    me = Person.objects.get(user__email=email)
    my_commons = set(Membership.objects.filter(person=me, status="active").values_list("commons_id", flat=True))
    # Names of people and groups who are only in other commons must never appear.
    strangers = [
        p.name for p in Person.objects.exclude(memberships__commons_id__in=my_commons)
    ] + [o.name for o in Organisation.objects.exclude(commons_id__in=my_commons)]
    assert strangers, "the demo should have people in another commons"
    for path, html in pages.items():
        for name in strangers:
            assert name not in html, f"{email} saw {name!r} on {path}"


def test_crawl_reaches_the_main_pages(demo_world):
    pages = crawl(_client_for("kemal@example.org"))
    visited = " ".join(pages)
    for fragment in ["/c/clapton/people/", "/c/clapton/groups/", "/privacy/", "/who-looked/", "/c/clapton/invitations/"]:
        assert fragment in visited, f"the organiser's crawl never reached {fragment}"


def test_every_url_pattern_answers_without_server_error(demo_world):
    """Also hit pages no link leads to (e.g. with made-up ids), as an outsider and as a member."""
    import uuid

    from django.urls import get_resolver

    people = demo_world["people"]
    values = {"slug": "clapton", "person_uuid": people["paper"].uuid, "token": "made-up"}
    for email in [None, "sam@example.org", "rosa@example.org", "amara@example.org"]:
        client = _client_for(email)
        for pattern in _patterns(get_resolver()):
            path = pattern
            for name in re.findall(r"<(?:\w+:)?(\w+)>", pattern):
                path = re.sub(rf"<(?:\w+:)?{name}>", str(values.get(name, uuid.uuid4())), path, count=1)
            for method in ("get", "post"):
                response = getattr(client, method)("/" + path)
                assert response.status_code < 500, f"{method} /{path} as {email}: {response.status_code}"


def _patterns(resolver, prefix=""):
    from django.urls import URLPattern, URLResolver

    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "accounts/")):
                continue
            yield from _patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern) and not route.startswith("^"):
            yield prefix + route
