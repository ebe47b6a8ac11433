"""Demo care teams in Clapton: five teams at different stages, members of every kind, hats held
and nominated, people on trial, one owner on the waiting list, a published call-out. Fictional
people only. Safe to run again: everything is found by name before it is made."""

from django.utils import timezone

from caringcity.people.demo import _user
from caringcity.people.models import Membership, Person, Proxy
from caringcity.teams.models import (
    ChecklistTick,
    Hat,
    HatConsent,
    HatKind,
    HatTerm,
    MatchRequest,
    MemberKind,
    MemberStatus,
    Notice,
    Promise,
    Stage,
    StageChange,
    Team,
    TeamMember,
    TermStatus,
    TrustAssessment,
)
from caringcity.teams.services import STANDARD_HATS

# key, name, preferred, e-mail (None = no login), languages, postcode, who (for the sign-in list)
PEOPLE = [
    ("doreen", "Doreen Clarke", "Doreen", "doreen@example.org", "English", "E5 8HB", "Team owner who uses the site herself (finding a match)"),
    ("hamid", "Hamid Rahman", "Mr Rahman", None, "Bengali, Sylheti", "E5 0PT", None),
    ("gloria", "Gloria Mensah", "Gloria", "gloria@example.org", "English, Twi", "E9 6DU", "Team owner whose team runs by itself"),
    ("stan", "Stanisław Nowak", "Stan", None, "Polish, English", "E5 9JR", None),
    ("ayo", "Ayodele Adeyemi", "Ayo", "ayo@example.org", "English, Yoruba", "E8 2LN", "Self-employed care worker in two teams"),
    ("zeynep", "Zeynep Kaya", "Zeynep", "zeynep@example.org", "Turkish, English", "N16 7UJ", "Volunteer on trial in Doreen's team"),
    ("bilal", "Bilal Hussain", "Bilal", None, "Bengali, English", "E5 0RL", None),
    ("mark", "Mark Ellis", "Mark", None, "English", "E8 1DY", None),
    ("chloe", "Chloe Green", "Chloe", None, "English, French", "E5 8QA", None),
]


def _person(key, name, preferred, email, languages, postcode, commons):
    user = _user(email, name) if email else None
    person = Person.objects.filter(name=name).first() or Person(name=name)
    person.user = user or person.user
    person.preferred_name, person.languages, person.postcode = preferred, languages, postcode
    person.email = email or person.email
    person.save()
    Membership.objects.update_or_create(commons=commons, person=person, defaults={"status": Membership.Status.ACTIVE})
    return person


def _team(commons, owner, name, stage, by, waiting=False, rota=False):
    team, created = Team.objects.get_or_create(commons=commons, owner=owner, defaults={"name": name, "stage": stage, "created_by": by})
    team.name, team.stage, team.waiting, team.rota_running = name, stage, waiting, rota
    team.waiting_since = timezone.localdate() - timezone.timedelta(days=23) if waiting else None
    team.save()
    for kind in STANDARD_HATS:
        Hat.objects.get_or_create(team=team, kind=kind)
    if created:
        StageChange.objects.create(team=team, to_stage=Stage.FIRST_CONTACT, by=by, note="Team started")
        if stage != Stage.FIRST_CONTACT:
            StageChange.objects.create(team=team, from_stage=Stage.FIRST_CONTACT, to_stage=stage, by=by)
    return team


def _member(team, person, kind, status=MemberStatus.ACTIVE, by=None, trial=0, done=0, message=""):
    member = TeamMember.objects.filter(team=team, person=person).first() or TeamMember(team=team, person=person)
    member.kind, member.status, member.invited_by, member.message = kind, status, by, message
    member.trial_sessions, member.trial_done = trial, done
    if status in (MemberStatus.ACTIVE, MemberStatus.TRIAL, MemberStatus.LEAVING, MemberStatus.LEFT):
        member.joined = member.joined or timezone.now() - timezone.timedelta(days=60)
    if status == MemberStatus.LEFT:
        member.ended = member.ended or timezone.now() - timezone.timedelta(days=3)
    member.save()
    return member


def _hat(team, kind, holder, status=TermStatus.HELD, paid=False, check_in_days=30, consents=(), by=None):
    hat = Hat.objects.get(team=team, kind=kind)
    term = HatTerm.objects.filter(hat=hat, holder=holder).first() or HatTerm(hat=hat, holder=holder)
    term.status, term.paid, term.nominated_by = status, paid, by or holder
    today = timezone.localdate()
    if status == TermStatus.HELD:
        term.starts = term.starts or today - timezone.timedelta(days=40)
        term.ends = today + timezone.timedelta(days=320)
        term.check_in = today + timezone.timedelta(days=check_in_days)
    term.save()
    for person in consents:
        HatConsent.objects.get_or_create(term=term, person=person, defaults={"answer": HatConsent.Answer.CONSENT})
    return term


def build(ctx):
    commons = ctx["commons"]["clapton"]
    p = ctx["people"]
    kemal = p["organiser"].user
    for key, name, preferred, email, languages, postcode, who in PEOPLE:
        p[key] = _person(key, name, preferred, email, languages, postcode, commons)
        if email and who:
            ctx["signins"].append({"email": email, "who": who, "totp": ""})

    # 1. Arthur: getting organised. Family, volunteer, paid worker, a professional, the Team Starter.
    arthur = _team(commons, p["paper"], "Arthur's team", Stage.ORGANISING, kemal, rota=True)
    _member(arthur, p["proxy"], MemberKind.FAMILY, by=kemal)
    _member(arthur, p["member"], MemberKind.VOLUNTEER, by=kemal)
    _member(arthur, p["ayo"], MemberKind.WORKER_SELF, by=kemal)
    _member(arthur, p["mark"], MemberKind.PROFESSIONAL, by=kemal)
    _member(arthur, p["organiser"], MemberKind.STARTER, by=kemal)
    _member(arthur, p["bilal"], MemberKind.FRIEND, status=MemberStatus.LEFT, by=kemal)
    consenting = [p["paper"], p["proxy"], p["member"], p["ayo"]]
    _hat(arthur, HatKind.PROFILE_HOLDER, p["member"], consents=consenting)
    _hat(arthur, HatKind.ROTA_HOLDER, p["proxy"], consents=consenting, check_in_days=12)
    _hat(arthur, HatKind.CHECKIN_FACILITATOR, p["ayo"], paid=True, consents=consenting)
    _hat(arthur, HatKind.MAR_HOLDER, p["ayo"], status=TermStatus.NOMINATED, paid=True, consents=[p["ayo"], p["proxy"]], by=p["proxy"])
    garden, _ = Hat.objects.get_or_create(team=arthur, kind=HatKind.CUSTOM, name="Garden helper",
                                          defaults={"description": "Keeps the back garden tidy so Arthur can sit out."})
    HatTerm.objects.get_or_create(hat=garden, holder=p["member"], defaults={"status": TermStatus.HELD, "starts": timezone.localdate()})
    if not Promise.objects.filter(team=arthur).exists():
        Promise.objects.create(
            team=arthur, text="Arthur leads his team. We visit when we say we will, and tell Janet if plans change. "
            "The commons finds cover if a worker is ill.", agreed_on=timezone.localdate() - timezone.timedelta(days=50),
            how=Promise.How.SIGNED, agreed_by="Arthur Price, Janet Price (daughter), Kemal Aydın for the commons", recorded_by=kemal)
    TrustAssessment.objects.update_or_create(team=arthur, defaults={
        "home": "Steep front steps; rail on the left only.", "home_level": "care",
        "medication": "Blister pack in the kitchen drawer; prompting needed in the morning.", "medication_level": "support",
        "mobility": "Walks with a stick indoors.", "mobility_level": "care",
        "getting_out": "Loves the Sunday market if someone goes with him.", "getting_out_level": "ok",
        "boundaries": "Prefers people to ring the bell twice and wait.", "boundaries_level": "ok",
    })
    arthur.key_needs = "Face Arthur and speak clearly: he is hard of hearing. Large print for anything written."
    arthur.save(update_fields=["key_needs"])
    for item in ["go_hats", "go_rota"]:
        ChecklistTick.objects.get_or_create(team=arthur, item=item, defaults={"by": kemal})
    if not Notice.objects.filter(team=arthur).exists():
        Notice.objects.create(team=arthur, author=p["proxy"], text="Dad's hearing-aid batteries are in the hall drawer now.")
        Notice.objects.create(team=arthur, author=p["organiser"], acting_for=p["paper"], text="Arthur says thank you for the birthday cake!")
        Notice.objects.create(team=arthur, author=p["bilal"], text="Moving to Luton for work – it has been a joy. Bilal")

    # 2. Doreen: finding a match; a volunteer on trial; a match request with a call-out.
    doreen = _team(commons, p["doreen"], "Doreen's team", Stage.FINDING_MATCH, kemal)
    _member(doreen, p["organiser"], MemberKind.STARTER, by=kemal)
    _member(doreen, p["zeynep"], MemberKind.VOLUNTEER, status=MemberStatus.TRIAL, by=kemal, trial=2, done=1)
    MatchRequest.objects.get_or_create(team=doreen, closed=False, defaults={
        "postcode": "E5 8HB", "max_km": 4, "slots": ["tue-am", "thu-am", "sat-pm"], "skills": "cooking, shopping",
        "languages": "English", "paid": "", "approach_1": 4, "approach_3": 5, "approach_6": 4,
        "summary": "A retired teacher in Clapton who loves a chat would like help with shopping and cooking twice a week.",
        "published": True, "created_by": kemal,
    })

    # 3. Mr Rahman: building the team; Bengali speakers; one trial ended, one invited.
    hamid = _team(commons, p["hamid"], "Mr Rahman's team", Stage.BUILDING, kemal)
    _member(hamid, p["bengali"], MemberKind.FRIEND, by=kemal)
    _member(hamid, p["bilal"], MemberKind.VOLUNTEER, status=MemberStatus.TRIAL, by=kemal, trial=3, done=2)
    _member(hamid, p["chloe"], MemberKind.VOLUNTEER, status=MemberStatus.TRIAL_ENDED, by=kemal, trial=1, done=1)
    _member(hamid, p["ayo"], MemberKind.WORKER_SELF, status=MemberStatus.INVITED, by=kemal, message="Could you do Monday mornings?")
    _member(hamid, p["organiser"], MemberKind.STARTER, by=kemal)
    if not Proxy.objects.current().filter(commons=commons, principal=p["hamid"], proxy=p["bengali"]).exists():
        Proxy.objects.create(commons=commons, principal=p["hamid"], proxy=p["bengali"],
                             how_agreed="Mr Rahman agreed in Bengali at home on 9 June, with Kemal present.")

    # 4. Gloria: runs by itself; the Team Starter has stepped back.
    gloria = _team(commons, p["gloria"], "Gloria's team", Stage.INDEPENDENT, kemal, rota=True)
    _member(gloria, p["zeynep"], MemberKind.FRIEND, by=kemal)
    _member(gloria, p["ayo"], MemberKind.WORKER_SELF, by=kemal)
    _member(gloria, p["chloe"], MemberKind.PEER, by=kemal)
    _member(gloria, p["organiser"], MemberKind.STARTER, status=MemberStatus.LEFT, by=kemal)
    crew = [p["gloria"], p["zeynep"], p["ayo"], p["chloe"]]
    _hat(gloria, HatKind.PROFILE_HOLDER, p["chloe"], consents=crew)
    _hat(gloria, HatKind.ROTA_HOLDER, p["zeynep"], consents=crew)
    _hat(gloria, HatKind.CHECKIN_FACILITATOR, p["gloria"], consents=crew, check_in_days=5)
    _hat(gloria, HatKind.WELCOMER, p["chloe"], consents=crew)

    # 5. Stan: first contact, on the waiting list.
    _team(commons, p["stan"], "Stan's team", Stage.FIRST_CONTACT, kemal, waiting=True)

    ctx["teams"] = {"arthur": arthur, "doreen": doreen, "hamid": hamid, "gloria": gloria}
    ctx.setdefault("notes", []).append("Care teams: Arthur's (getting organised), Doreen's (finding a match), "
                                       "Mr Rahman's (building), Gloria's (runs by itself), Stan's (waiting list).")
