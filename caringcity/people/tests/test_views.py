"""Pages and actions of the people app, as each persona, with JavaScript off (plain GET/POST)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix
from caringcity.people.models import AccessGrant, EmergencyContact, Invitation, Membership, Organisation, Person, Proxy

pytestmark = pytest.mark.django_db
OK, REDIR, NF = 200, 302, 404
LOGIN = {"anonymous": REDIR}


def url(name, *args):
    return reverse(f"people:{name}", args=args)


def test_commons_pages_role_matrix(clients, commons):
    member_pages = ["commons", "person_list", "organisation_list", "organisation_create"]
    for name in member_pages:
        assert_matrix(clients, url(name, commons.slug), {**LOGIN, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK})
    for name in ["person_create", "invitation_list"]:
        assert_matrix(clients, url(name, commons.slug), {**LOGIN, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK})


def test_person_pages_role_matrix(clients, personas, commons):
    owner = personas["owner"].person
    base = (commons.slug, owner.uuid)
    assert_matrix(clients, url("person_detail", *base), {**LOGIN, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK})
    assert_matrix(clients, url("person_edit", *base), {**LOGIN, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK})
    for name in ["privacy", "access_log", "grant_create", "emergency_contact_create"]:
        assert_matrix(clients, url(name, *base), {**LOGIN, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": NF, "admin": NF})
    assert_matrix(clients, url("person_role", *base), {**LOGIN, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": NF, "admin": OK})


def test_person_of_another_commons_is_not_found_even_for_its_organiser(clients, personas, commons, other_commons):
    outsider = personas["outsider"].person
    # Looking up someone from another commons through this commons' address is a 404 for everyone.
    assert clients["admin"].get(url("person_detail", commons.slug, outsider.uuid)).status_code == NF
    assert clients["outsider"].get(url("person_detail", other_commons.slug, personas["owner"].person.uuid)).status_code == NF


def test_contact_details_shown_only_to_those_allowed_and_each_look_is_logged(clients, personas, commons):
    owner = personas["owner"].person
    page = url("person_detail", commons.slug, owner.uuid)
    assert owner.phone not in clients["member"].get(page).content.decode()
    assert owner.phone in clients["organiser"].get(page).content.decode()
    assert owner.phone in clients["proxy"].get(page).content.decode()
    events = AuditEvent.objects.filter(subject=owner.uuid, action="view")
    assert {e.basis for e in events} == {"role", "proxy"}
    assert not events.filter(actor=personas.user("member")).exists()
    # The owner sees both looks on their log, with the organiser's name, and looking at your own
    # details is not logged.
    clients["owner"].get(page)
    log = clients["owner"].get(url("access_log", commons.slug, owner.uuid)).content.decode()
    assert "Orla Organiser" in log and "Pat Proxy" in log
    assert AuditEvent.objects.filter(subject=owner.uuid, action="view").count() == events.count()


def test_grant_gives_access_and_revoking_takes_it_away_at_once(clients, personas, commons):
    owner, member = personas["owner"].person, personas["member"].person
    page = url("person_detail", commons.slug, owner.uuid)
    r = clients["owner"].post(url("grant_create", commons.slug, owner.uuid), {"grantee": member.pk, "part": "contact", "until": ""})
    assert r.status_code == REDIR
    assert owner.phone in clients["member"].get(page).content.decode()
    grant = AccessGrant.objects.get(grantor=owner, grantee=member)
    r = clients["owner"].post(url("grant_revoke", commons.slug, owner.uuid, grant.uuid))
    assert r.status_code == REDIR
    assert owner.phone not in clients["member"].get(page).content.decode()
    assert AuditEvent.objects.filter(subject=owner.uuid, action="revoke", part="contact").exists()


def test_grant_form_keeps_input_and_names_the_field_to_fix(clients, personas, commons):
    owner, member = personas["owner"].person, personas["member"].person
    r = clients["owner"].post(url("grant_create", commons.slug, owner.uuid), {"grantee": member.pk, "part": "contact", "until": "01/01/2001"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "There is a problem" in html and 'href="#id_until"' in html and "must be in the future" in html
    assert 'value="01/01/2001"' in html and f'value="{member.pk}" selected' in html
    assert not AccessGrant.objects.exists()


def test_member_cannot_grant_for_someone_else_and_nothing_changes(clients, personas, commons):
    owner, member = personas["owner"].person, personas["member"].person
    r = clients["member"].post(url("grant_create", commons.slug, owner.uuid), {"grantee": member.pk, "part": "all"})
    assert r.status_code == NF
    assert not AccessGrant.objects.exists()


def test_proxy_write_is_recorded_as_acting_for(clients, personas, commons):
    owner = personas["owner"].person
    data = {f: getattr(owner, f) for f in ["name", "preferred_name", "pronouns", "languages", "communication_needs", "email", "phone", "address", "postcode"]}
    data["preferred_name"] = "Liv"
    r = clients["proxy"].post(url("person_edit", commons.slug, owner.uuid), data)
    assert r.status_code == REDIR
    event = AuditEvent.objects.get(action="update", subject=owner.uuid)
    assert event.actor == personas.user("proxy")
    assert event.acting_for == owner.uuid
    assert event.reason == "preferred_name"  # which field, never its value
    assert "Liv" not in str(AuditEvent.objects.values_list())


def test_member_cannot_edit_someone_else(clients, personas, commons):
    owner = personas["owner"].person
    r = clients["member"].post(url("person_edit", commons.slug, owner.uuid), {"name": "Hacked"})
    assert r.status_code == NF
    owner.refresh_from_db()
    assert owner.name == "Olive Owner"


def test_organiser_adds_person_without_login_then_gives_login_and_nothing_is_lost(clients, personas, commons, client, django_capture_on_commit_callbacks):
    r = clients["organiser"].post(url("person_create", commons.slug), {
        "name": "Winifred Hale", "preferred_name": "Win", "languages": "English", "communication_needs": "Large print",
        "phone": "020 7946 0123", "postcode": "e5 8aa", "role": "member",
    })
    assert r.status_code == REDIR
    person = Person.objects.get(name="Winifred Hale")
    assert person.user is None and person.postcode == "E5 8AA"
    assert Membership.objects.get(person=person).commons == commons
    AccessGrant.objects.create(commons=commons, grantor=person, grantee=personas["member"].person, part="contact")

    with django_capture_on_commit_callbacks(execute=True):
        r = clients["organiser"].post(url("person_give_login", commons.slug, person.uuid), {"email": "win@example.org"})
    assert r.status_code == REDIR
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["win@example.org"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invite/" in line).strip()
    path = link.split("127.0.0.1:8000")[-1]
    assert "Large print" not in mail.outbox[0].body

    from caringcity.core.tests.factories import UserFactory

    user = UserFactory(email="win@example.org", name="Win H")
    client.force_login(user)
    assert client.get(path).status_code == OK
    r = client.post(path)
    assert r.status_code == REDIR
    person.refresh_from_db()
    assert person.user == user and person.phone == "020 7946 0123"
    assert AccessGrant.objects.filter(grantor=person).count() == 1
    assert Person.objects.filter(name="Winifred Hale").count() == 1
    assert AuditEvent.objects.filter(action="link_login", subject=person.uuid).exists()
    # The link cannot be used twice.
    r = client.post(path, follow=True)
    assert "already been used" in r.content.decode()


def test_invitation_by_email_lets_a_new_person_join(clients, commons, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = clients["organiser"].post(url("invitation_list", commons.slug), {"email": "Newbie@Example.org", "role": "member"})
    assert r.status_code == REDIR
    invitation = Invitation.objects.get()
    assert invitation.email == "newbie@example.org"
    path = "/invite/" + mail.outbox[0].body.split("/invite/")[1].split("/")[0] + "/"
    # Not signed in: the page offers to sign in or create a login, and accepting needs a login.
    assert "Create a login" in client.get(path).content.decode()
    client.post(path)
    assert not Membership.objects.filter(person__user__email="newbie@example.org").exists()
    from caringcity.core.tests.factories import UserFactory

    client.force_login(UserFactory(email="newbie@example.org", name="Nia Newbie"))
    client.post(path)
    membership = Membership.objects.get(person__user__email="newbie@example.org")
    assert membership.commons == commons and membership.person.name == "Nia Newbie"


def test_invitation_errors_and_revoke(clients, personas, commons):
    r = clients["organiser"].post(url("invitation_list", commons.slug), {"email": "not-an-email", "role": "member"})
    assert r.status_code == 400 and 'value="not-an-email"' in r.content.decode()
    r = clients["organiser"].post(url("invitation_list", commons.slug), {"email": personas.user("member").email, "role": "member"})
    assert r.status_code == 400 and "already a member" in r.content.decode()
    assert not Invitation.objects.exists()
    clients["organiser"].post(url("invitation_list", commons.slug), {"email": "x@example.org", "role": "member"})
    invitation = Invitation.objects.get()
    assert clients["member"].post(url("invitation_revoke", commons.slug, invitation.uuid)).status_code == NF
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    clients["organiser"].post(url("invitation_revoke", commons.slug, invitation.uuid))
    invitation.refresh_from_db()
    assert invitation.status == "revoked"


def test_expired_or_unknown_invitation(client, clients, commons):
    assert client.get("/invite/nonsense/").status_code == NF


def test_admin_changes_role_but_not_the_last_admin(clients, personas, commons):
    member = personas["member"]
    r = clients["admin"].post(url("person_role", commons.slug, member.person.uuid), {"role": "organiser"})
    assert r.status_code == REDIR
    member.refresh_from_db()
    assert member.role == "organiser"
    # The only admin cannot be demoted (by another admin); the page says why.
    other = personas["organiser"]
    other.role = "admin"
    other.save()
    clients["admin"].post(url("person_role", commons.slug, other.person.uuid), {"role": "member"})
    other.refresh_from_db()
    assert other.role == "member"
    r = clients["organiser"].post(url("person_role", commons.slug, personas["admin"].person.uuid), {"role": "member"})
    assert r.status_code == NF


def test_last_admin_refused_with_reason(personas, commons):
    from django.core.exceptions import ValidationError

    from caringcity.people.services import membership_set_role

    with pytest.raises(ValidationError, match="at least one admin"):
        membership_set_role(actor=personas.user("admin"), membership=personas["admin"], role="member")
    personas["admin"].refresh_from_db()
    assert personas["admin"].role == "admin"


def test_emergency_access_flow(clients, personas, commons):
    owner, member = personas["owner"].person, personas["member"].person
    page = url("emergency_access", commons.slug, owner.uuid)
    assert clients["member"].get(page).status_code == NF  # not an emergency contact
    clients["owner"].post(url("emergency_contact_create", commons.slug, owner.uuid), {"holder": member.pk, "hours": 2})
    assert EmergencyContact.objects.filter(person=owner, holder=member).exists()
    r = clients["member"].post(page, {"reason": "short"})
    assert r.status_code == 400
    r = clients["member"].post(page, {"reason": "No answer at the door since this morning."})
    assert r.status_code == REDIR
    detail = clients["member"].get(url("person_detail", commons.slug, owner.uuid)).content.decode()
    assert owner.phone in detail
    log = clients["owner"].get(url("access_log", commons.slug, owner.uuid)).content.decode()
    assert "No answer at the door since this morning." in log and "Emergency" in log
    # Time runs out: the access ends by itself.
    from caringcity.people.models import EmergencyAccess

    EmergencyAccess.objects.update(until=timezone.now() - timezone.timedelta(minutes=1))
    assert owner.phone not in clients["member"].get(url("person_detail", commons.slug, owner.uuid)).content.decode()


def test_organiser_records_proxy(clients, personas, commons):
    paper, member = personas["paper"].person, personas["member"].person
    r = clients["organiser"].post(url("proxy_create", commons.slug, paper.uuid), {"proxy": member.pk, "how_agreed": ""})
    assert r.status_code == 400
    assert not Proxy.objects.filter(principal=paper).exists()
    r = clients["organiser"].post(url("proxy_create", commons.slug, paper.uuid), {"proxy": member.pk, "how_agreed": "Agreed by phone, 3 May."})
    assert r.status_code == REDIR
    assert clients["member"].get(url("privacy", commons.slug, paper.uuid)).status_code == OK


def test_organisations(clients, personas, commons):
    r = clients["member"].post(url("organisation_create", commons.slug), {"name": "", "kind": "market"})
    assert r.status_code == 400 and not Organisation.objects.exists()
    r = clients["member"].post(url("organisation_create", commons.slug), {"name": "Sunday Market", "kind": "market", "constituted": "on"})
    assert r.status_code == REDIR
    org = Organisation.objects.get()
    assert org.commons == commons and org.constituted
    add = url("organisation_member_add", commons.slug, org.uuid)
    assert clients["member"].post(add, {"person": personas["member"].person.pk}).status_code == NF
    assert not org.members.exists()
    clients["organiser"].post(add, {"person": personas["member"].person.pk, "role": "stallholder", "since": "01/05/2024"})
    link = org.members.get()
    assert link.role == "stallholder" and link.since.isoformat() == "2024-05-01"
    r = clients["organiser"].post(add, {"person": personas["outsider"].person.pk})
    assert r.status_code == 400  # not a member of this commons: not even offered
    assert clients["outsider"].get(url("organisation_detail", commons.slug, org.uuid)).status_code == NF


def test_search_people(clients, personas, commons):
    r = clients["member"].get(url("person_list", commons.slug), {"q": "olive"})
    html = r.content.decode()
    assert "Olive Owner" in html and "Pat Proxy" not in html
    r = clients["member"].get(url("person_list", commons.slug), {"q": "olive"}, HTTP_HX_REQUEST="true")
    assert "Olive Owner" in r.content.decode() and "<html" not in r.content.decode()
