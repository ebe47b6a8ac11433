"""Fixtures every app's tests share: fast hashing, personas in two commons, a client per persona."""

import pytest
from django.test import Client

from caringcity.core.tests.factories import CommonsFactory
from caringcity.people.models import Membership, Proxy
from caringcity.people.tests.factories import PersonFactory, MembershipFactory, member_with_login


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # Tests never fetch map tiles: the places map draws on a plain background (docs/networks-places.md).
    settings.MAP_TILES_URL = ""



@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts in the site's default language. The locale middleware switches the
    thread's language for a request and leaves it so, which would carry a Turkish or Bengali
    page's language into the next test on the same worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def commons(db):
    return CommonsFactory(name="Clapton Test Commons", slug="clapton-test")


@pytest.fixture
def other_commons(db):
    return CommonsFactory(name="Other Commons", slug="other")


class Personas(dict):
    """role -> Membership (None for anonymous). ``owner`` is the person whose records are at stake
    (in later apps, the team owner); ``proxy`` acts for ``owner``; ``paper`` has no login."""

    def user(self, role):
        m = self.get(role)
        return m.person.user if m else None


@pytest.fixture
def personas(commons, other_commons):
    p = Personas()
    p["anonymous"] = None
    p["outsider"] = member_with_login(other_commons, Membership.Role.ORGANISER, name="Olu Outsider")
    p["member"] = member_with_login(commons, name="Mo Member")
    p["owner"] = member_with_login(commons, name="Olive Owner")
    p["proxy"] = member_with_login(commons, name="Pat Proxy")
    p["organiser"] = member_with_login(commons, Membership.Role.ORGANISER, name="Orla Organiser")
    p["admin"] = member_with_login(commons, Membership.Role.ADMIN, name="Ada Admin")
    p["paper"] = MembershipFactory(commons=commons, person=PersonFactory(name="Percy Paper", email=""))
    Proxy.objects.create(commons=commons, principal=p["owner"].person, proxy=p["proxy"].person, how_agreed="In person.")
    return p


@pytest.fixture
def clients(personas):
    """One logged-in test client per persona in ``ROLES`` (anonymous is logged out)."""
    from caringcity.core.testing import ROLES

    result = {}
    for role in ROLES:
        client = Client()
        user = personas.user(role)
        if user is not None:
            client.force_login(user)
        result[role] = client
    return result
