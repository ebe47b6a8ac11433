"""Getting Support and Giving Support profiles: who may see, write, share and print them, over
every persona; every look recorded; forms that keep what was typed; constant query counts."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.people import privacy, profiles, selectors, services
from caringcity.people.models import (
    AccessGrant,
    GettingSupportProfile,
    GivingSupportProfile,
    Membership,
    Qualification,
)
from caringcity.people.tests.factories import MembershipFactory, member_with_login

pytestmark = pytest.mark.django_db
OK, REDIR, NF = 200, 302, 404
LOGIN = {"anonymous": REDIR}
MEMBERS_OK = {**LOGIN, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
WRITERS_OK = {**LOGIN, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": NF, "admin": NF}
OWNER_OK = {**LOGIN, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": NF, "admin": NF}

SECRET = {  # words that must only ever show to those allowed
    "about_me": "Drove the number 38 bus",
    "wellbeing": "Arthritis in both knees",
    "key_contacts": "Call Janet first",
}


def url(name, *args):
    return reverse(f"people:{name}", args=args)


def _user(personas, role):
    return personas.user(role) or AnonymousUser()


@pytest.fixture
def owner_profile(personas, commons):
    return GettingSupportProfile.objects.create(
        commons=commons, person=personas["owner"].person, about_me=SECRET["about_me"], wellbeing=SECRET["wellbeing"],
        key_contacts=SECRET["key_contacts"], approach_1=2, approach_6=5, age_band="80+", gender="Woman",
    )


@pytest.fixture
def extra_writer(personas):
    """A later app's hook (like the teams app's Profile Holder) that lets Mo Member write Olive's profile."""
    def writer(user, commons, person):
        return user.email == personas.user("member").email and person == personas["owner"].person

    privacy.register_profile_writer(writer)
    yield writer
    privacy._PROFILE_WRITERS.remove(writer)


def _grant(commons, grantor, grantee, key):
    return AccessGrant.objects.create(commons=commons, grantor=grantor, grantee=grantee, part=profiles.section_part(key))


# --- role matrix ------------------------------------------------------------------------------
def test_getting_profile_pages_role_matrix(clients, personas, commons, owner_profile):
    base = (commons.slug, personas["owner"].person.uuid)
    assert_matrix(clients, url("getting_profile", *base), MEMBERS_OK)
    assert_matrix(clients, url("getting_profile_print", *base), MEMBERS_OK)
    for section in ["about_me", "essentials", "approach", "demographics", "written_with"]:
        assert_matrix(clients, url("getting_profile_edit", *base, section), WRITERS_OK)
    assert_matrix(clients, url("profile_sharing", *base), OWNER_OK)
    assert clients["owner"].get(url("getting_profile_edit", *base, "no-such-part")).status_code == NF
    # Organisers write the profile of someone who has no login (for example from a paper form).
    paper = (commons.slug, personas["paper"].person.uuid)
    assert_matrix(clients, url("getting_profile_edit", *paper, "about_me"),
                  {**LOGIN, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK})


def test_giving_profile_pages_role_matrix(clients, personas, commons):
    owner, paper = personas["owner"].person, personas["paper"].person
    base = (commons.slug, owner.uuid)
    # No profile yet: only those who may write it (or organisers) can open the empty page.
    assert_matrix(clients, url("giving_profile", *base), {**LOGIN, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK})
    profile = GivingSupportProfile.objects.create(commons=commons, person=owner, skills="cooking", open_to_matching=True)
    for name in ["giving_profile", "giving_profile_print"]:
        assert_matrix(clients, url(name, *base), MEMBERS_OK)
    profile.open_to_matching = False
    profile.save()
    for name in ["giving_profile", "giving_profile_print"]:
        assert_matrix(clients, url(name, *base), {**LOGIN, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK})
    # Writing: the person and their proxy; organisers only for someone without a login.
    for step in profiles.GIVING_STEP_KEYS:
        assert_matrix(clients, url("giving_profile_edit", *base, step), {**OWNER_OK})
    assert_matrix(clients, url("qualification_list", *base), OWNER_OK)
    paper_base = (commons.slug, paper.uuid)
    assert_matrix(clients, url("giving_profile_edit", *paper_base, "about"),
                  {**LOGIN, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK})
    assert_matrix(clients, url("giving_profile_list", commons.slug), MEMBERS_OK)
    assert clients["owner"].get(url("giving_profile_edit", *base, "nope")).status_code == NF


def test_profile_rules_role_matrix(personas, commons, extra_writer):
    target = personas["owner"]
    expected = {
        "people.view_profile": {"anonymous": False, "outsider": False, "member": True, "owner": True, "proxy": True, "organiser": True, "admin": True},
        # Mo Member may write through the registered hook (see ``extra_writer``).
        # Organisers write only for someone without a login (see test below); the owner has one.
        "people.change_profile": {"anonymous": False, "outsider": False, "member": True, "owner": True, "proxy": True, "organiser": False, "admin": False},
        "people.share_profile": {"anonymous": False, "outsider": False, "member": False, "owner": True, "proxy": True, "organiser": False, "admin": False},
        "people.change_giving_profile": {"anonymous": False, "outsider": False, "member": False, "owner": True, "proxy": True, "organiser": False, "admin": False},
    }
    for perm, want in expected.items():
        assert {role: _user(personas, role).has_perm(perm, target) for role in ROLES} == want, perm
    paper = personas["paper"]
    for perm in ("people.change_giving_profile", "people.change_profile"):
        got = {role: _user(personas, role).has_perm(perm, paper) for role in ROLES}
        want = {"anonymous": False, "outsider": False, "member": False, "owner": False,
                "proxy": False, "organiser": True, "admin": True}
        assert got == want, perm


def test_without_the_hook_a_member_cannot_write(personas):
    assert not personas.user("member").has_perm("people.change_profile", personas["owner"])


# --- denied writes change nothing -------------------------------------------------------------
def test_denied_posts_change_nothing(clients, personas, commons, owner_profile):
    owner = personas["owner"].person
    base = (commons.slug, owner.uuid)
    before = AuditEvent.objects.exclude(action="view").count()
    for role in ["member", "outsider", "anonymous"]:
        r = clients[role].post(url("getting_profile_edit", *base, "about_me"), {"about_me": "Hacked"})
        assert r.status_code in (NF, REDIR)
        r = clients[role].post(url("profile_sharing", *base), {"row": str(personas["member"].person.uuid),
                                                              "share": f"{personas['member'].person.uuid}|profile.wellbeing"})
        assert r.status_code in (NF, REDIR)
    for role in ["member", "organiser", "admin"]:
        assert clients[role].post(url("profile_sharing", *base), {}).status_code == NF
    owner_profile.refresh_from_db()
    assert owner_profile.about_me == SECRET["about_me"]
    assert not AccessGrant.objects.exists()
    # Giving Support: an organiser may not write for someone who has a login; a member may not remove qualifications.
    giving = GivingSupportProfile.objects.create(commons=commons, person=owner, skills="cooking")
    q = Qualification.objects.create(profile=giving, name="Care Certificate")
    assert clients["organiser"].post(url("giving_profile_edit", *base, "about"), {"skills": "hacking"}).status_code == NF
    assert clients["member"].post(url("qualification_remove", *base, q.uuid)).status_code == NF
    assert clients["member"].post(url("qualification_list", *base), {"name": "Fake"}).status_code == NF
    giving.refresh_from_db()
    assert giving.skills == "cooking" and list(giving.qualifications.values_list("name", flat=True)) == ["Care Certificate"]
    assert AuditEvent.objects.exclude(action="view").count() == before


# --- seeing sections, and every look recorded -------------------------------------------------
def test_sections_show_only_to_those_allowed(clients, personas, commons, owner_profile):
    owner, member = personas["owner"].person, personas["member"].person
    page = url("getting_profile", commons.slug, owner.uuid)
    html = clients["member"].get(page).content.decode()
    assert not any(words in html for words in SECRET.values())
    assert html.count("Private") >= len(profiles.SECTION_KEYS)
    assert "Woman" not in html  # demographics: organisers only
    _grant(commons, owner, member, "about_me")
    html = clients["member"].get(page).content.decode()
    assert SECRET["about_me"] in html and SECRET["wellbeing"] not in html and SECRET["key_contacts"] not in html
    # Only the one section shown was recorded, with why they could see it.
    views = AuditEvent.objects.filter(subject=owner.uuid, action="view", actor=personas.user("member"))
    assert list(views.values_list("part", "basis")) == [("profile.about_me", "grant")]
    # The owner and their proxy see everything. Organisers see only what the owner shared (she has
    # a login and writes her own profile), plus the demographics, by role; both recorded.
    for role in ["owner", "proxy"]:
        html = clients[role].get(page).content.decode()
        assert all(words in html for words in SECRET.values()), role
    html = clients["organiser"].get(page).content.decode()
    assert not any(words in html for words in SECRET.values())
    organiser_views = AuditEvent.objects.filter(subject=owner.uuid, action="view", actor=personas.user("organiser"))
    assert set(organiser_views.values_list("basis", flat=True)) == {"role"}  # demographics only
    # Looking at your own profile is not recorded.
    n = AuditEvent.objects.filter(action="view").count()
    clients["owner"].get(page)
    assert AuditEvent.objects.filter(action="view").count() == n


def test_each_look_shows_on_the_owners_access_log(clients, personas, commons, owner_profile):
    owner, member = personas["owner"].person, personas["member"].person
    _grant(commons, owner, member, "wellbeing")
    clients["member"].get(url("getting_profile", commons.slug, owner.uuid))
    clients["member"].get(url("getting_profile_print", commons.slug, owner.uuid))
    log = clients["owner"].get(url("access_log", commons.slug, owner.uuid)).content.decode()
    assert "Mo Member" in log and "Physical and mental wellbeing" in log
    assert "Looked at: Physical and mental wellbeing" in log and "Printed: Physical and mental wellbeing" in log
    assert SECRET["wellbeing"] not in log


def test_registered_writer_may_write_and_read_and_it_is_recorded(clients, personas, commons, owner_profile, extra_writer):
    owner = personas["owner"].person
    edit = url("getting_profile_edit", commons.slug, owner.uuid, "wellbeing")
    r = clients["member"].get(edit)
    assert r.status_code == OK and SECRET["wellbeing"] in r.content.decode()
    assert AuditEvent.objects.filter(subject=owner.uuid, action="view", part="profile.wellbeing", basis="writer").exists()
    r = clients["member"].post(edit, {"wellbeing": "Better since the new knee."})
    assert r.status_code == REDIR
    owner_profile.refresh_from_db()
    assert owner_profile.wellbeing == "Better since the new knee."
    event = AuditEvent.objects.get(action="update", subject=owner.uuid)
    assert event.acting_for == owner.uuid and event.reason == "wellbeing" and event.part == "profile.wellbeing"


def test_proxy_writes_a_section_recorded_as_acting_for_never_the_words(clients, personas, commons):
    owner = personas["owner"].person
    r = clients["proxy"].post(url("getting_profile_edit", commons.slug, owner.uuid, "essentials"), {
        "advance_decisions": "", "communication_needs": "Face me and speak clearly.",
        "medication_record_location": "Green folder in the kitchen", "powers_of_attorney": "", "next": "1"})
    assert r.status_code == REDIR and r["Location"].endswith("/getting-support/change/contacts/")
    profile = GettingSupportProfile.objects.get(person=owner)  # created on the first change
    assert profile.medication_record_location == "Green folder in the kitchen"
    event = AuditEvent.objects.get(subject=owner.uuid, action="create")
    assert event.actor == personas.user("proxy") and event.acting_for == owner.uuid
    assert event.reason == "communication_needs, medication_record_location" and event.part == "profile.essentials"
    assert "Green folder" not in str(list(AuditEvent.objects.values_list()))
    # Saving again without changes writes nothing.
    clients["proxy"].post(url("getting_profile_edit", commons.slug, owner.uuid, "essentials"), {
        "communication_needs": "Face me and speak clearly.", "medication_record_location": "Green folder in the kitchen"})
    assert AuditEvent.objects.filter(subject=owner.uuid, action__in=["create", "update"]).count() == 1


def test_approach_scales_as_radio_groups_and_in_words(clients, personas, commons):
    owner = personas["owner"].person
    edit = url("getting_profile_edit", commons.slug, owner.uuid, "approach")
    html = clients["owner"].get(edit).content.decode()
    assert html.count('type="radio"') == 6 * 6 and "<legend" in html and "1 – Quiet and calm" in html
    r = clients["owner"].post(edit, {"approach_1": "2", "approach_3": "5", "approach_2": ""})
    assert r.status_code == REDIR
    profile = GettingSupportProfile.objects.get(person=owner)
    assert (profile.approach_1, profile.approach_2, profile.approach_3) == (2, None, 5)
    html = clients["owner"].get(url("getting_profile", commons.slug, owner.uuid)).content.decode()
    assert "2 of 5" in html and "Closer to “Quiet and calm”" in html and "scale__box--chosen" in html
    assert clients["owner"].post(edit, {"approach_1": "9"}).status_code == 400
    profile.refresh_from_db()
    assert profile.approach_1 == 2


def test_demographics_on_their_own_page(clients, personas, commons):
    owner = personas["owner"].person
    edit = url("getting_profile_edit", commons.slug, owner.uuid, "demographics")
    html = clients["owner"].get(edit).content.decode()
    assert "Prefer not to say" in html
    assert clients["owner"].post(edit, {"age_band": "65-79", "gender": "", "ethnic_group": "Turkish Cypriot"}).status_code == REDIR
    profile = GettingSupportProfile.objects.get(person=owner)
    assert profile.age_band == "65-79" and profile.ethnic_group == "Turkish Cypriot"
    assert AuditEvent.objects.filter(subject=owner.uuid, part="demographics").exists()
    assert "Turkish Cypriot" in clients["organiser"].get(url("getting_profile", commons.slug, owner.uuid)).content.decode()
    assert "Turkish Cypriot" not in clients["member"].get(url("getting_profile", commons.slug, owner.uuid)).content.decode()


# --- sharing ----------------------------------------------------------------------------------
def test_sharing_a_section_shows_exactly_it_to_exactly_that_person_and_revoking_is_immediate(clients, personas, commons, owner_profile):
    owner, member, admin = personas["owner"].person, personas["member"].person, personas["admin"].person
    contact = AccessGrant.objects.create(commons=commons, grantor=owner, grantee=admin, part="contact")
    share = url("profile_sharing", commons.slug, owner.uuid)
    page = url("getting_profile", commons.slug, owner.uuid)
    # The teams app links here with its members; the table then has a row for each.
    html = clients["owner"].get(share + f"?people={member.uuid},not-a-uuid,{personas['outsider'].person.uuid}").content.decode()
    assert "Mo Member" in html and "Olu Outsider" not in html
    assert "Let Mo Member see Physical and mental wellbeing" in html and 'scope="row"' in html
    r = clients["owner"].post(share, {"row": [str(member.uuid), str(admin.uuid)],
                                      "share": [f"{member.uuid}|profile.wellbeing", f"{member.uuid}|no.such.part"]})
    assert r.status_code == REDIR and str(member.uuid) in r["Location"]
    assert set(AccessGrant.objects.current().filter(grantor=owner).values_list("grantee__name", "part")) == {
        ("Mo Member", "profile.wellbeing"), ("Ada Admin", "contact")}
    html = clients["member"].get(page).content.decode()
    assert SECRET["wellbeing"] in html and SECRET["about_me"] not in html
    # Nobody else got it: another member still sees it as private.
    from django.test import Client

    other = Client()
    other.force_login(member_with_login(commons, name="Nia Neighbour").person.user)
    assert SECRET["wellbeing"] not in other.get(page).content.decode()
    # The box is ticked on the next visit; unticking takes it back at once.
    html = clients["owner"].get(r["Location"]).content.decode()
    assert re.search(rf'value="{member.uuid}\|profile.wellbeing" id="share-\d+-\d+" checked', html)
    assert not re.search(rf'value="{member.uuid}\|profile.about_me" id="share-\d+-\d+" checked', html)
    r = clients["owner"].post(share, {"row": [str(member.uuid)]})
    assert r.status_code == REDIR
    assert SECRET["wellbeing"] not in clients["member"].get(page).content.decode()
    contact.refresh_from_db()
    assert contact.ended_at is None  # other permissions are left alone
    assert AuditEvent.objects.filter(subject=owner.uuid, action="revoke", part="profile.wellbeing").exists()


def test_proxy_shares_for_the_owner_and_it_is_recorded_as_acting_for(clients, personas, commons):
    owner, member = personas["owner"].person, personas["member"].person
    clients["proxy"].post(url("profile_sharing", commons.slug, owner.uuid),
                          {"row": [str(member.uuid)], "share": [f"{member.uuid}|trust_assessment"]})
    grant = AccessGrant.objects.get(grantor=owner, grantee=member)
    assert grant.part == "trust_assessment"
    assert AuditEvent.objects.get(action="grant", subject=owner.uuid).acting_for == owner.uuid


def test_sharing_service_is_all_or_nothing(personas, commons):
    from django.core.exceptions import ValidationError

    owner, member = personas["owner"].person, personas["member"].person
    with pytest.raises(ValidationError):
        services.profile_sharing_update(actor=personas.user("owner"), commons=commons, person=owner,
                                        wanted={(member, "profile.about_me"), (personas["outsider"].person, "profile.wellbeing")})
    assert not AccessGrant.objects.exists()


def test_add_a_person_row_with_javascript_off(clients, personas, commons):
    owner, member, admin = personas["owner"].person, personas["member"].person, personas["admin"].person
    share = url("profile_sharing", commons.slug, owner.uuid)
    html = clients["owner"].get(share).content.decode()
    assert "Nobody else can see the profile yet" in html and f'value="{member.uuid}"' in html
    html = clients["owner"].get(share, {"people": str(member.uuid), "add": str(admin.uuid)}).content.decode()
    assert "Let Mo Member see About me" in html and "Let Ada Admin see About me" in html


# --- print ------------------------------------------------------------------------------------
def test_print_has_only_permitted_sections_large_type_and_is_recorded(clients, personas, commons, owner_profile):
    owner, member = personas["owner"].person, personas["member"].person
    _grant(commons, owner, member, "contacts")
    r = clients["member"].get(url("getting_profile_print", commons.slug, owner.uuid))
    html = r.content.decode()
    assert SECRET["key_contacts"] in html and SECRET["about_me"] not in html and SECRET["wellbeing"] not in html
    assert "print-large" in html and "keep it safe" in html and "Olive Owner" in html
    assert 'class="site-nav"' not in html and " style=" not in html
    assert "<script" not in html.replace('<script src=', '')
    event = AuditEvent.objects.get(subject=owner.uuid, actor=personas.user("member"))
    assert (event.action, event.part, event.reason) == ("export", "profile.contacts", "printed")
    html = clients["owner"].get(url("getting_profile_print", commons.slug, owner.uuid)).content.decode()
    assert all(words in html for words in SECRET.values())


def test_giving_print(clients, personas, commons):
    owner = personas["owner"].person
    GivingSupportProfile.objects.create(commons=commons, person=owner, introduction="I love a chat.", area_postcode="E5 8AA")
    html = clients["member"].get(url("giving_profile_print", commons.slug, owner.uuid)).content.decode()
    assert "I love a chat." in html and "print-large" in html and "E5 8AA" not in html and "E5" in html


# --- Giving Support forms ---------------------------------------------------------------------
def test_giving_travel_refuses_a_bad_postcode_and_keeps_what_was_typed(clients, personas, commons):
    owner = personas["owner"].person
    edit = url("giving_profile_edit", commons.slug, owner.uuid, "travel")
    r = clients["owner"].post(edit, {"travel": "bus", "area_postcode": "NOT A CODE", "area_km": "4"})
    assert r.status_code == 400
    html = r.content.decode()
    assert 'href="#id_area_postcode"' in html and "Enter a real postcode" in html and 'id="id_area_postcode-error"' in html
    assert 'value="NOT A CODE"' in html and 'value="bus"' in html
    assert not GivingSupportProfile.objects.exists()
    r = clients["owner"].post(edit, {"travel": "bus", "area_postcode": "e58aa", "area_km": "4", "next": "1"})
    assert r.status_code == REDIR and r["Location"].endswith("/giving-support/change/availability/")
    profile = GivingSupportProfile.objects.get(person=owner)
    assert profile.area_postcode == "E5 8AA" and str(profile.area_km) == "4.0"
    event = AuditEvent.objects.get(subject=owner.uuid, action="create")
    assert event.reason == "travel, area_postcode, area_km" and event.part == "giving_profile"


@pytest.mark.parametrize("rate,ok", [("12.50", 1250), ("£9", 900), ("abc", None), ("12.505", None), ("-3", None), ("", None)])
def test_giving_rate_typed_in_pounds(clients, personas, commons, rate, ok):
    owner = personas["owner"].person
    edit = url("giving_profile_edit", commons.slug, owner.uuid, "paid")
    r = clients["owner"].post(edit, {"independent": "on", "rate": rate, "minimum_minutes": "60"})
    if ok:
        assert r.status_code == REDIR
        profile = GivingSupportProfile.objects.get(person=owner)
        assert profile.rate_pence == ok and profile.minimum_minutes == 60 and profile.independent
        shown = "£%d.%02d an hour" % divmod(ok, 100)
        assert shown in clients["member"].get(url("giving_profile_list", commons.slug)).content.decode()
    else:
        assert r.status_code == 400
        html = r.content.decode()
        assert 'href="#id_rate"' in html and 'id="id_rate-error"' in html
        if rate:
            assert f'value="{rate}"' in html
        assert not GivingSupportProfile.objects.exists()


def test_availability_grid(clients, personas, commons):
    owner = personas["owner"].person
    edit = url("giving_profile_edit", commons.slug, owner.uuid, "availability")
    html = clients["owner"].get(edit).content.decode()
    assert html.count('type="checkbox" name="availability"') == 28 and "Monday morning" in html and 'scope="row"' in html
    r = clients["owner"].post(edit, {"availability": ["sun-night", "mon-am", "wed-eve"]})
    assert r.status_code == REDIR
    assert GivingSupportProfile.objects.get(person=owner).availability == ["mon-am", "wed-eve", "sun-night"]
    html = clients["owner"].get(edit).content.decode()
    assert 'value="wed-eve" id="slot-wed-eve" checked' in html
    assert clients["owner"].post(edit, {"availability": ["mon-am", "someday"]}).status_code == 400
    assert GivingSupportProfile.objects.get(person=owner).availability == ["mon-am", "wed-eve", "sun-night"]


def test_qualifications_add_refuse_bad_dates_and_remove(clients, personas, commons):
    owner = personas["owner"].person
    page = url("qualification_list", commons.slug, owner.uuid)
    r = clients["owner"].post(page, {"name": "First Aid", "obtained_on": "01/03/2024", "expires_on": "01/03/2023"})
    assert r.status_code == 400
    html = r.content.decode()
    assert 'href="#id_expires_on"' in html and "must be after the date you gained it" in html
    assert 'value="01/03/2023"' in html and 'value="First Aid"' in html
    assert not Qualification.objects.exists()
    r = clients["owner"].post(page, {"name": "First Aid", "obtained_on": "31/02/2024"})
    assert r.status_code == 400 and 'href="#id_obtained_on"' in r.content.decode()
    r = clients["owner"].post(page, {"name": "First Aid", "obtained_on": "01/03/2024", "expires_on": "01/03/2027"})
    assert r.status_code == REDIR
    q = Qualification.objects.get()
    assert q.obtained_on == datetime.date(2024, 3, 1) and q.expires_on == datetime.date(2027, 3, 1)
    html = clients["member"].get(url("giving_profile", commons.slug, owner.uuid)).content.decode()
    assert "First Aid" in html and "01/03/2027" in html
    assert clients["owner"].post(url("qualification_remove", commons.slug, owner.uuid, q.uuid)).status_code == REDIR
    assert not Qualification.objects.exists()
    assert AuditEvent.objects.filter(subject=owner.uuid, action="delete", object_type="people.qualification").exists()


def test_organiser_writes_for_someone_without_a_login(clients, personas, commons):
    paper = personas["paper"].person
    r = clients["organiser"].post(url("giving_profile_edit", commons.slug, paper.uuid, "matching"), {"gender": "Man", "open_to_matching": "on"})
    assert r.status_code == REDIR
    profile = GivingSupportProfile.objects.get(person=paper)
    assert profile.open_to_matching and profile.gender == "Man"
    assert AuditEvent.objects.get(subject=paper.uuid, action="create").acting_for == paper.uuid


def test_giving_list_search_and_hidden_profiles(clients, personas, commons):
    owner, member = personas["owner"].person, personas["member"].person
    owner.languages = "English, Turkish"
    owner.save()
    GivingSupportProfile.objects.create(commons=commons, person=owner, skills="cooking, gardening")
    GivingSupportProfile.objects.create(commons=commons, person=member, skills="driving", open_to_matching=False)
    listing = url("giving_profile_list", commons.slug)
    html = clients["admin"].get(listing, {"q": "turkish"}).content.decode()
    assert "Olive Owner" in html and "Mo Member" not in html
    html = clients["admin"].get(listing, {"q": "garden"}).content.decode()
    assert "Olive Owner" in html
    # Not shown in matches: only the person (and proxies and organisers) see it listed.
    assert "Mo Member" not in clients["owner"].get(listing).content.decode()
    assert "Mo Member" in clients["member"].get(listing).content.decode()
    assert "Mo Member" in clients["organiser"].get(listing).content.decode()


def test_giving_rule_agrees_with_its_queryset_twin(personas, commons, other_commons):
    owner, member, paper = personas["owner"], personas["member"], personas["paper"]
    GivingSupportProfile.objects.create(commons=commons, person=owner.person, open_to_matching=False)
    GivingSupportProfile.objects.create(commons=commons, person=member.person, open_to_matching=True)
    GivingSupportProfile.objects.create(commons=commons, person=paper.person, open_to_matching=False)
    gone = MembershipFactory(commons=commons)
    GivingSupportProfile.objects.create(commons=commons, person=gone.person, open_to_matching=True)
    gone.status = Membership.Status.LEFT
    gone.save()
    GivingSupportProfile.objects.create(commons=other_commons, person=personas["outsider"].person)
    everything = list(GivingSupportProfile.objects.all())
    for role in ROLES:
        user = _user(personas, role)
        for c in (commons, other_commons):
            visible = set(selectors.giving_profiles_visible_to(user, c))
            for profile in everything:
                if profile.commons != c:
                    assert profile not in visible
                    continue
                assert user.has_perm("people.view_giving_profile", profile) == (profile in visible), (role, profile.person.name)
    assert set(selectors.giving_profiles_visible_to(personas.user("member"), commons)) == {member.person.giving_support_profiles.get()}


def test_access_bases_agree_with_access_basis(personas, commons):
    owner, member = personas["owner"].person, personas["member"].person
    _grant(commons, owner, member, "about_me")
    AccessGrant.objects.create(commons=commons, grantor=personas["paper"].person, grantee=member, part=privacy.ALL_PARTS)
    parts = [profiles.section_part(k) for k in profiles.SECTION_KEYS] + ["demographics", "contact", "trust_assessment"]
    for role in ROLES:
        user = _user(personas, role)
        for person in [owner, personas["paper"].person, personas["outsider"].person]:
            bases = selectors.access_bases(user, commons, person, parts)
            assert bases == {p: selectors.access_basis(user, commons, person, p) for p in parts}, (role, person.name)


def test_profile_links_from_person_page_and_commons_home(clients, personas, commons):
    owner = personas["owner"].person
    html = clients["owner"].get(url("person_detail", commons.slug, owner.uuid)).content.decode()
    assert "Getting Support profile" in html and "Giving Support profile" in html and "Share my profile" in html
    html = clients["member"].get(url("person_detail", commons.slug, owner.uuid)).content.decode()
    assert "Getting Support profile" in html and "Share my profile" not in html and "Giving Support profile" not in html
    html = clients["proxy"].get(url("commons", commons.slug)).content.decode()
    assert url("getting_profile", commons.slug, owner.uuid) in html and url("giving_profile_list", commons.slug) in html


# --- query counts -----------------------------------------------------------------------------
def test_profile_pages_query_count_constant(clients, personas, commons, owner_profile):
    owner = personas["owner"].person
    giving = GivingSupportProfile.objects.create(commons=commons, person=owner, skills="cooking", availability=["mon-am"])

    def grow():
        for _ in range(5):
            other = MembershipFactory(commons=commons).person
            _grant(commons, owner, other, "about_me")
            AccessGrant.objects.create(commons=commons, grantor=owner, grantee=other, part="contact")
            Qualification.objects.create(profile=giving, name="Care Certificate", obtained_on=datetime.date(2020, 1, 1))
            profile = GivingSupportProfile.objects.create(commons=commons, person=other, skills="cooking, shopping")
            Qualification.objects.create(profile=profile, name="First Aid")

    assert_queries_constant(clients["owner"], url("getting_profile", commons.slug, owner.uuid), grow)
    assert_queries_constant(clients["organiser"], url("getting_profile", commons.slug, owner.uuid), grow)
    assert_queries_constant(clients["owner"], url("profile_sharing", commons.slug, owner.uuid), grow)
    assert_queries_constant(clients["member"], url("giving_profile", commons.slug, owner.uuid), grow)
    assert_queries_constant(clients["member"], url("giving_profile_list", commons.slug), grow)
    assert_queries_constant(clients["member"], url("giving_profile_list", commons.slug) + "?q=cook", grow)


# --- demo -------------------------------------------------------------------------------------
def test_demo_profiles_are_full_idempotent_and_shared_with_rosa():
    from django.core.management import call_command
    from django.test import Client

    from caringcity.core.models import PostcodeCentroid, User
    from caringcity.people.models import Person

    call_command("demo", stdout=open("/dev/null", "w"))
    counts = lambda: [GivingSupportProfile.objects.count(), Qualification.objects.count(), GettingSupportProfile.objects.count(),
                      PostcodeCentroid.objects.count(), AccessGrant.objects.count(), Person.objects.count()]
    first = counts()
    call_command("demo", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert GivingSupportProfile.objects.filter(commons__slug="clapton").count() >= 8
    assert PostcodeCentroid.objects.filter(postcode="E5").exists()
    languages = " ".join(GivingSupportProfile.objects.values_list("person__languages", flat=True))
    for language in ["Turkish", "Bengali", "Yoruba", "Polish", "English"]:
        assert language in languages
    assert GivingSupportProfile.objects.filter(independent=True, rate_pence__isnull=False).count() >= 2
    arthur = Person.objects.get(name="Arthur Price")
    profile = GettingSupportProfile.objects.get(person=arthur)
    assert all(getattr(profile, f) for key in profiles.SECTION_KEYS for f in profiles.SECTIONS[key]["fields"])
    rosa = Person.objects.get(user__email="rosa@example.org")
    shared = set(AccessGrant.objects.current().filter(grantor=arthur, grantee=rosa).values_list("part", flat=True))
    assert {profiles.section_part(k) for k in ["about_me", "approach"]} <= shared
    assert profiles.section_part("wellbeing") not in shared
    ayse = Client()
    ayse.force_login(User.objects.get(email="ayse@example.org"))
    html = ayse.get(url("getting_profile", "clapton", arthur.uuid)).content.decode()
    assert "number 38 bus" not in html and "Arthritis" not in html and "Private" in html
    assert "Turkish" in ayse.get(url("giving_profile_list", "clapton")).content.decode()
