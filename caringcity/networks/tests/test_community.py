"""The neighbourhood map: services (validation, history, audit), the vocabulary of kinds of care,
and snapshots."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from caringcity.core.models import AuditEvent, PostcodeCentroid
from caringcity.networks.graph import Graph
from caringcity.networks.models import Actor, ActorKind, CareKind, Connection, ConnectionStatus, Direction, Snapshot
from caringcity.networks.selectors.graphs import community_graph
from caringcity.networks.services import community as services
from caringcity.networks.tests.factories import care_kinds, make_actor, make_connection
from caringcity.teams.models import Team

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def organiser(personas):
    return personas.user("organiser")


@pytest.fixture
def member(personas):
    return personas.user("member")


def _add(user, commons, name="Clapton Mutual Aid", kind=ActorKind.GRASSROOTS, **fields):
    return services.actor_add(actor=user, commons=commons, name=name, kind=kind, **fields)


# --- actors ----------------------------------------------------------------------------------------
def test_an_actor_is_placed_at_its_postcode_centroid_and_audited_without_content(commons, member):
    PostcodeCentroid.objects.create(postcode="E5 8QR", latitude=51.55938, longitude=-0.05722)
    actor = _add(member, commons, "Edna Lowe", ActorKind.RESIDENT, postcode=" e58qr ", description="Lives alone")
    assert (actor.postcode, actor.latitude, actor.longitude) == ("E5 8QR", 51.55938, -0.05722)
    assert actor.since == TODAY() and actor.created_by == member
    event = AuditEvent.objects.get(action="networks.actor.add")
    assert event.object_id == str(actor.uuid)
    assert not any("Edna" in str(value) or "alone" in str(value) for value in event.__dict__.values())


def test_a_postcode_that_cannot_be_placed_is_kept_without_a_point(commons, member):
    actor = _add(member, commons, postcode="SW1A 1AA")
    assert (actor.postcode, actor.latitude, actor.longitude) == ("SW1A 1AA", None, None)


def test_an_actor_needs_a_name_a_real_postcode_and_no_future_date(commons, member):
    with pytest.raises(ValidationError) as refusal:
        _add(member, commons, name="  ", postcode="not a postcode", since=TODAY() + DAY)
    assert set(refusal.value.error_dict) == {"name", "postcode", "since"}
    assert not Actor.objects.exists() and not AuditEvent.objects.filter(action__startswith="networks.").exists()


def test_a_team_link_needs_the_care_team_kind_a_team_of_this_commons_and_only_one_actor(commons, other_commons, organiser, personas):
    team = Team.objects.create(commons=commons, owner=personas["owner"].person, name="Olive's team")
    with pytest.raises(ValidationError) as refusal:
        _add(organiser, commons, "Care team: North", ActorKind.GRASSROOTS, team=team)
    assert set(refusal.value.error_dict) == {"team"}
    _add(organiser, commons, "Care team: North", ActorKind.TEAM, team=team)
    with pytest.raises(ValidationError):
        _add(organiser, commons, "Care team again", ActorKind.TEAM, team=team)
    elsewhere = Team.objects.create(commons=other_commons, owner=personas["outsider"].person, name="Elsewhere")
    with pytest.raises(ValidationError) as refusal:
        _add(organiser, commons, "Care team: far", ActorKind.TEAM, team=elsewhere)
    assert "team" in refusal.value.error_dict


def test_a_person_link_must_be_someone_in_this_commons(commons, organiser, personas):
    with pytest.raises(ValidationError) as refusal:
        _add(organiser, commons, "Olu", ActorKind.RESIDENT, person=personas["outsider"].person)
    assert set(refusal.value.error_dict) == {"person"}


def test_only_the_person_who_entered_it_or_an_organiser_changes_an_actor(commons, member, organiser, personas):
    actor = _add(member, commons)
    with pytest.raises(ValidationError):
        services.actor_change(actor=personas.user("owner"), row=actor, name="Taken over")
    services.actor_change(actor=member, row=actor, name="Clapton Mutual Aid Network")
    services.actor_change(actor=organiser, row=actor, description="Errands and check-ins")
    actor.refresh_from_db()
    assert (actor.name, actor.description) == ("Clapton Mutual Aid Network", "Errands and check-ins")


def test_leaving_the_map_keeps_history(commons, member):
    hub = _add(member, commons, "Hub", ActorKind.COMMUNITY_HUB, since=TODAY() - 30 * DAY)
    group = _add(member, commons, "Group", since=TODAY() - 30 * DAY)
    connection = services.connection_add(actor=member, commons=commons, source=hub, target=group, since=TODAY() - 20 * DAY)
    with pytest.raises(ValidationError) as refusal:
        services.actor_end(actor=member, row=group, ended=TODAY() - 40 * DAY)
    assert "ended" in refusal.value.error_dict
    services.actor_end(actor=member, row=group, ended=TODAY() - DAY)
    assert Connection.objects.filter(pk=connection.pk).exists()
    assert [node.label for node in community_graph(commons).nodes] == ["Hub"]
    earlier = community_graph(commons, at=TODAY() - 10 * DAY)
    assert {node.label for node in earlier.nodes} == {"Hub", "Group"} and len(earlier.edges) == 1
    with pytest.raises(ValidationError):
        services.actor_change(actor=member, row=group, name="Back")
    with pytest.raises(ValidationError):
        services.connection_add(actor=member, commons=commons, source=hub, target=group, status=ConnectionStatus.INACTIVE)


# --- connections -----------------------------------------------------------------------------------
def test_a_connection_joins_two_different_current_actors_of_the_same_commons(commons, other_commons, member, personas):
    a, b = _add(member, commons, "A"), _add(member, commons, "B")
    far = make_actor(other_commons, "Far away")
    for source, target, field in ((a, a, "target"), (a, far, "target"), (far, b, "source")):
        with pytest.raises(ValidationError) as refusal:
            services.connection_add(actor=member, commons=commons, source=source, target=target)
        assert field in refusal.value.error_dict
    with pytest.raises(ValidationError) as refusal:
        services.connection_add(actor=member, commons=commons, source=a, target=b, since=TODAY() + DAY)
    assert "since" in refusal.value.error_dict
    [foreign_kind] = care_kinds(other_commons, ["Food"])
    with pytest.raises(ValidationError) as refusal:
        services.connection_add(actor=member, commons=commons, source=a, target=b, care_kinds=[foreign_kind])
    assert "care_kinds" in refusal.value.error_dict
    assert not Connection.objects.exists()


def test_no_second_live_connection_between_the_same_pair(commons, member):
    a, b = _add(member, commons, "A"), _add(member, commons, "B")
    first = services.connection_add(actor=member, commons=commons, source=a, target=b, status=ConnectionStatus.GENERATIVE)
    with pytest.raises(ValidationError) as refusal:
        services.connection_add(actor=member, commons=commons, source=b, target=a)  # either way round
    assert "already connected" in str(refusal.value.error_dict["target"])
    services.connection_end(actor=member, row=first)
    first.refresh_from_db()
    assert first.status == ConnectionStatus.INACTIVE
    second = services.connection_add(actor=member, commons=commons, source=b, target=a)  # a new start
    with pytest.raises(ValidationError):  # waking the old one up would make two live ones
        services.connection_change(actor=member, row=first, status=ConnectionStatus.ENGAGED, direction=Direction.BOTH)
    assert second.status == ConnectionStatus.ENGAGED
    assert {e.attrs["active"] for e in community_graph(commons).edges} == {True, False}
    with pytest.raises(ValidationError):
        services.connection_end(actor=member, row=first)


def test_changing_a_connection_sets_its_kinds_and_only_its_author_or_an_organiser_may(commons, member, organiser, personas):
    food, company = care_kinds(commons, ["Food", "Company"])
    a, b = _add(member, commons, "A"), _add(member, commons, "B")
    row = services.connection_add(actor=member, commons=commons, source=a, target=b, care_kinds=[food])
    with pytest.raises(ValidationError):
        services.connection_change(actor=personas.user("owner"), row=row, status=ConnectionStatus.INACTIVE, direction=Direction.BOTH)
    with pytest.raises(ValidationError):
        services.connection_end(actor=personas.user("owner"), row=row)
    row.refresh_from_db()
    assert row.status == ConnectionStatus.ENGAGED
    services.connection_change(actor=organiser, row=row, status=ConnectionStatus.GENERATIVE, direction=Direction.ONE_WAY,
                               care_kinds=[company], note="Sunday lunch")
    row.refresh_from_db()
    assert (row.status, row.direction, row.note, list(row.care_kinds.all())) == ("generative", "one_way", "Sunday lunch", [company])
    assert AuditEvent.objects.filter(action="networks.connection.change", object_id=str(row.uuid)).count() == 1


# --- kinds of care ---------------------------------------------------------------------------------
def test_the_usual_kinds_of_care_are_seeded_once(commons):
    services.care_kinds_ensure(commons)
    keys = set(CareKind.objects.filter(commons=commons).values_list("key", flat=True))
    assert {"emotional-support", "social-connection", "recreation", "skills", "advocacy", "food", "practical-help", "information"} == keys
    CareKind.objects.filter(commons=commons, key="recreation").delete()
    services.care_kinds_ensure(commons)
    assert CareKind.objects.filter(commons=commons).count() == 7  # a commons that removed one keeps it removed


def test_organisers_keep_the_vocabulary_and_a_kind_in_use_is_not_removed(commons, organiser, member):
    with pytest.raises(ValidationError):
        services.care_kind_add(actor=member, commons=commons, name="Gardening")
    kind = services.care_kind_add(actor=organiser, commons=commons, name="Gardening", description="Growing food together")
    assert kind.key == "gardening"
    with pytest.raises(ValidationError) as refusal:
        services.care_kind_add(actor=organiser, commons=commons, name="gardening")
    assert "name" in refusal.value.error_dict
    services.care_kind_change(actor=organiser, care_kind=kind, name="Growing food")
    kind.refresh_from_db()
    assert (kind.key, kind.name) == ("gardening", "Growing food")
    a, b = make_actor(commons, "A"), make_actor(commons, "B")
    connection = make_connection(a, b, kinds=[kind])
    with pytest.raises(ValidationError) as refusal:
        services.care_kind_retire(actor=organiser, care_kind=kind)
    assert "1 connection" in refusal.value.messages[0]
    connection.care_kinds.clear()
    services.care_kind_retire(actor=organiser, care_kind=kind)
    assert not CareKind.objects.filter(pk=kind.pk).exists()


# --- snapshots -------------------------------------------------------------------------------------
def test_a_snapshot_keeps_the_graph_and_its_counts(commons, organiser, member):
    old = make_actor(commons, "Old group", since=TODAY() - 400 * DAY)
    new = make_actor(commons, "New group", since=TODAY() - 10 * DAY)
    make_actor(commons, "Edna Lowe", ActorKind.RESIDENT, postcode="E5 8QR", since=TODAY() - 400 * DAY)
    make_connection(old, new, since=TODAY() - 10 * DAY)
    with pytest.raises(ValidationError):
        services.snapshot_take(actor=member, commons=commons, name="Mine")
    with pytest.raises(ValidationError) as refusal:
        services.snapshot_take(actor=organiser, commons=commons, name="", taken_on=TODAY() + DAY)
    assert set(refusal.value.error_dict) == {"name", "taken_on"}
    assert not Snapshot.objects.exists()
    now = services.snapshot_take(actor=organiser, commons=commons, name="Now")
    before = services.snapshot_take(actor=organiser, commons=commons, name="Last year", taken_on=TODAY() - 100 * DAY)
    assert Graph.from_dict(now.data) == community_graph(commons)
    assert (now.summary["nodes"], now.summary["edges"]) == (3, 1)
    assert (before.summary["nodes"], before.summary["edges"]) == (2, 0)
    assert "Edna" not in str(now.data)
    assert AuditEvent.objects.filter(action="networks.snapshot.take").count() == 2
