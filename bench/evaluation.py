"""``make bench-evaluation`` (``python -m bench.evaluation``): a full indicator refresh at city scale.

Builds a fresh SQLite database (migrated) under ``bench/results/`` (or uses ``--database-url``),
then generates, seeded, with ``bulk_create``: ``--teams`` care teams (200) each with an owner, a
Team Starter, family, friends, volunteers and paid care workers (some of whom leave during the
year), a year of visits (four a week per team, with one or two people joined, some cancelled, some
with nobody), hats worn and handed over, stage changes (half the teams become independent), a
circle with participants and proposals (concerns, objections, decisions), and a neighbourhood map
(an actor per team, local groups, active and inactive connections). Then it times:

- ``indicators_refresh`` for the commons: every metric, every team and circle, months, quarters and
  years, written in one transaction (the issue's target: under 10 s);
- the set-based visit metrics alone (continuity, cover rate, gifted hours: ``metrics.compute``);
- a naive per-team baseline for the same three metrics, in the same run: for each team, fetch its
  visits with their people and its members, and count in Python (three queries per team). The
  baseline's numbers are checked against the set-based ones, so the ratio compares equal work.

Results go to ``bench/results/evaluation-<time>.json`` and ``evaluation-latest.txt``.
"""

import argparse
import datetime
import json
import os
import platform
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from django.test.utils import CaptureQueriesContext

from bench.run import RESULTS, ROOT, setup_django

TARGET_S = 10.0
BATCH = 1000


def generate(teams=200, seed=20260101, visits_per_week=4):
    """The bench city. Returns (commons, counts)."""
    from django.utils import timezone

    from bench.data import make_commons, make_people
    from caringcity.circles.models import (
        Circle, CircleKind, ConsentAnswer, Decision, DecisionKind, Participant, Proposal, ProposalStage, ProposalVersion,
        Response, Round, RoundKind, Stakeholder,
    )
    from caringcity.networks.models import Actor, ActorKind, Connection, ConnectionStatus
    from caringcity.teams.models import Hat, HatKind, HatTerm, MemberKind, MemberStatus, Stage, StageChange, Team, TeamMember, TermStatus
    from caringcity.visits.models import Signup, SignupStatus, Visit, VisitStatus

    rng = random.Random(seed)
    commons = make_commons(slug="evaluation-bench", name="Evaluation Bench Commons")
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    year_ago = now - datetime.timedelta(days=365)
    kinds = [MemberKind.STARTER, MemberKind.FAMILY, MemberKind.FRIEND, MemberKind.VOLUNTEER, MemberKind.VOLUNTEER,
             MemberKind.WORKER_EMPLOYED, MemberKind.WORKER_SELF]
    owners = make_people(commons, teams, rng, prefix="Owner")
    helpers = make_people(commons, teams * len(kinds), rng, prefix="Helper")
    team_rows = []
    for i, owner in enumerate(owners):
        created = year_ago - datetime.timedelta(days=rng.randint(0, 90))
        team_rows.append(Team(commons=commons, owner=owner, name=f"Bench team {i:03d}", created=created,
                              stage=rng.choice([Stage.ORGANISING, Stage.INDEPENDENT])))
    built = Team.objects.bulk_create(team_rows, batch_size=BATCH)
    members, changes, hats, visits, crew = [], [], [], [], {}
    for t, team in enumerate(built):
        people = helpers[t * len(kinds):(t + 1) * len(kinds)]
        crew[team.pk] = []
        for person, kind in zip(people, kinds):
            joined = team.created + datetime.timedelta(days=rng.randint(1, 60))
            ended = joined + datetime.timedelta(days=rng.randint(60, 300)) if rng.random() < 0.2 else None
            members.append(TeamMember(team=team, person=person, kind=kind, joined=joined, ended=ended,
                                      status=MemberStatus.LEFT if ended else MemberStatus.ACTIVE))
            if kind != MemberKind.STARTER:
                crew[team.pk].append(person)
        changes.append(StageChange(team=team, to_stage=Stage.FIRST_CONTACT, created=team.created))
        if team.stage == Stage.INDEPENDENT:
            changes.append(StageChange(team=team, from_stage=Stage.STEPPING_BACK, to_stage=Stage.INDEPENDENT,
                                       created=team.created + datetime.timedelta(days=rng.randint(90, 300))))
        for kind in (HatKind.PROFILE_HOLDER, HatKind.ROTA_HOLDER, HatKind.CHECKIN_FACILITATOR, HatKind.WELCOMER):
            hats.append((Hat(team=team, kind=kind), people[0], rng.choice(people[1:]), team.created))
        day = max(team.created, year_ago)
        while day < now + datetime.timedelta(days=28):
            for slot in rng.sample(range(7), visits_per_week):
                starts = day + datetime.timedelta(days=slot, hours=rng.choice([9, 11, 15, 18]))
                status = VisitStatus.CANCELLED if rng.random() < 0.04 else VisitStatus.PLANNED
                who = [] if rng.random() < 0.05 else rng.sample(crew[team.pk], rng.choice([1, 1, 1, 2]))
                visits.append((Visit(team=team, starts=starts, ends=starts + datetime.timedelta(minutes=rng.choice([45, 60, 90])),
                                     status=status, joined_count=len(who)), who))
            day += datetime.timedelta(days=7)
    TeamMember.objects.bulk_create(members, batch_size=BATCH)
    StageChange.objects.bulk_create(changes, batch_size=BATCH)
    made_hats = Hat.objects.bulk_create([h for h, *_rest in hats], batch_size=BATCH)
    terms = []
    for hat, (_h, starter, other, created) in zip(made_hats, hats):
        handover = created + datetime.timedelta(days=rng.randint(60, 200))
        terms.append(HatTerm(hat=hat, holder=starter, status=TermStatus.ENDED, starts=created.date(), ended_at=handover))
        terms.append(HatTerm(hat=hat, holder=other, status=TermStatus.HELD, starts=handover.date()))
    HatTerm.objects.bulk_create(terms, batch_size=BATCH)
    made_visits = Visit.objects.bulk_create([v for v, _who in visits], batch_size=BATCH)
    Signup.objects.bulk_create([Signup(visit=v, person=p, status=SignupStatus.JOINED)
                                for v, (_v, who) in zip(made_visits, visits) for p in who], batch_size=BATCH)
    # a circle with participants and proposals
    circle = Circle.objects.create(commons=commons, kind=CircleKind.LOCAL, name="Bench circle", aim="Bench", domain="Bench")
    Participant.objects.bulk_create([Participant(circle=circle, person=p, stakeholder=Stakeholder.VOLUNTEER,
                                                 joined=(year_ago - datetime.timedelta(days=30)).date(),
                                                 left=(year_ago + datetime.timedelta(days=rng.randint(30, 330))).date()
                                                 if rng.random() < 0.2 else None) for p in helpers[:40]])
    for n in range(60):
        by = rng.choice(helpers[:40])
        decided = rng.random() < 0.7
        proposal = Proposal.objects.create(circle=circle, title=f"Proposal {n}", brought_by=by,
                                           stage=ProposalStage.ADOPTED if decided else ProposalStage.CONSENT)
        version = ProposalVersion.objects.create(proposal=proposal, number=1, driver="Bench", text="Bench",
                                                 review_on=(now + datetime.timedelta(days=365)).date())
        rnd = Round.objects.create(proposal=proposal, version=version, kind=RoundKind.CONSENT, number=1)
        answers = [Response(round=rnd, person=p, answer=rng.choice([ConsentAnswer.CONSENT] * 4 + [ConsentAnswer.CONCERN, ConsentAnswer.OBJECT]),
                            created=year_ago + datetime.timedelta(days=rng.randint(0, 364))) for p in rng.sample(helpers[:40], 8)]
        Response.objects.bulk_create(answers)
        if decided:
            Decision.objects.create(circle=circle, number=n + 1, kind=DecisionKind.CONSENT, proposal=proposal)
    # the neighbourhood map
    team_actors = Actor.objects.bulk_create([Actor(commons=commons, name=f"Care team {i}", kind=ActorKind.TEAM, team=team,
                                                   since=team.created.date()) for i, team in enumerate(built)], batch_size=BATCH)
    groups = Actor.objects.bulk_create([Actor(commons=commons, name=f"Group {i}", kind=ActorKind.GRASSROOTS,
                                              since=year_ago.date()) for i in range(100)], batch_size=BATCH)
    connections = []
    for actor in team_actors:
        for group in rng.sample(groups, rng.randint(2, 8)):
            connections.append(Connection(commons=commons, source=actor, target=group,
                                          status=ConnectionStatus.INACTIVE if rng.random() < 0.15 else ConnectionStatus.ENGAGED,
                                          since=(year_ago + datetime.timedelta(days=rng.randint(0, 300))).date()))
    Connection.objects.bulk_create(connections, batch_size=BATCH)
    return commons, {"teams": len(built), "visits": len(made_visits), "signups": sum(len(w) for _v, w in visits),
                     "members": len(members), "hat_terms": len(terms), "proposals": 60, "connections": len(connections)}


def naive_visit_metrics(commons, now):
    """The baseline: team by team, its visits with their people and its members (three queries per
    team), counted in Python. Returns {(team_id, month): (done, known, planned, gifted_s, all_s)}."""
    from django.db.models import Prefetch

    from caringcity.teams.models import PAID_KINDS, Team, TeamMember
    from caringcity.visits.models import Signup, SignupStatus, VisitStatus
    from django.utils import timezone

    paid = {str(k) for k in PAID_KINDS}
    out = {}
    for team in Team.objects.filter(commons=commons):
        kinds = defaultdict(set)
        for person_id, kind in TeamMember.objects.filter(team=team).values_list("person_id", "kind"):
            kinds[person_id].add(kind)
        joined = Prefetch("signups", queryset=Signup.objects.filter(status=SignupStatus.JOINED), to_attr="joined")
        seen, counts = set(), defaultdict(Counter)
        for visit in team.visits.filter(status=VisitStatus.PLANNED, ends__lte=now).prefetch_related(joined).order_by("starts", "pk"):
            month = timezone.localtime(visit.starts).date().replace(day=1)
            c = counts[month]
            c["planned"] += 1
            people = [s.person_id for s in visit.joined]
            if not people:
                continue
            c["done"] += 1
            c["known"] += all(kinds[p] & {"family", "friend"} or p in seen for p in people)
            secs = (visit.ends - visit.starts).total_seconds()
            for p in people:
                seen.add(p)
                c["all"] += secs
                c["gifted"] += 0 if kinds[p] & paid else secs
        for month, c in counts.items():
            out[team.pk, month] = (c["done"], c["known"], c["planned"], c["gifted"], c["all"])
    return out


def set_based_visit_metrics(commons, now):
    from caringcity.evaluation import keys, metrics

    rows = metrics.compute(commons, now, metrics=[metrics.get(k) for k in (keys.CONTINUITY, keys.COVER_RATE, keys.GIFTED_SHARE)])
    out = defaultdict(dict)
    for r in rows:
        if r.scope == "team" and r.period_end.month == r.period_start.month and r.period_end.year == r.period_start.year:
            out[r.team_id, r.period_start][r.metric] = r
    return out


def agree(naive, set_based):
    from caringcity.evaluation import keys

    for key, (done, known, planned, gifted, all_s) in naive.items():
        got = set_based.get(key, {})
        if planned and (got[keys.COVER_RATE].numerator, got[keys.COVER_RATE].denominator) != (done, planned):
            return f"cover rate differs for {key}"
        if done and (got[keys.CONTINUITY].numerator, got[keys.CONTINUITY].denominator) != (known, done):
            return f"continuity differs for {key}"
        if done and abs(got[keys.GIFTED_SHARE].numerator - gifted / 3600) > 1e-6:
            return f"gifted hours differ for {key}"
    return "yes"


def timed(fn):
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return result, wall, cpu, len(ctx.captured_queries)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.evaluation", description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--runs", type=int, default=3, help="refresh runs; the median is reported (default 3)")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file in bench/results/")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when the refresh is over the target")
    args = parser.parse_args(argv)

    url = args.database_url
    if url is None:  # a file of its own, so it never trips over another benchmark's database
        RESULTS.mkdir(parents=True, exist_ok=True)
        db_file = RESULTS / "evaluation.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
    database = setup_django(url)
    import statistics

    from django.db import transaction
    from django.utils import timezone

    from caringcity.evaluation.services.indicators import indicators_refresh

    started = time.perf_counter()
    with transaction.atomic():
        commons, counts = generate(args.teams, args.seed)
    generate_s = time.perf_counter() - started
    print(f"Generated {counts} in {generate_s:.1f} s", flush=True)

    refreshes = [timed(lambda: indicators_refresh(commons=commons)) for _ in range(args.runs)]
    walls = [wall for _r, wall, _c, _q in refreshes]
    refresh, wall, cpu, queries = sorted(refreshes, key=lambda r: r[1])[len(refreshes) // 2]
    now = timezone.now()
    set_based, sb_wall, sb_cpu, sb_queries = timed(lambda: set_based_visit_metrics(commons, now))
    naive, nv_wall, nv_cpu, nv_queries = timed(lambda: naive_visit_metrics(commons, now))
    report = {
        "benchmark": "evaluation-indicators", "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "database": database, "seed": args.seed, **counts, "generate_s": round(generate_s, 1),
        "refresh_s": round(statistics.median(walls), 3), "refresh_runs_s": [round(w, 3) for w in walls],
        "refresh_cpu_s": round(cpu, 3), "refresh_queries": queries, "values_written": refresh.values_written,
        "visit_metrics_set_based_s": round(sb_wall, 3), "visit_metrics_set_based_queries": sb_queries,
        "visit_metrics_naive_s": round(nv_wall, 3), "visit_metrics_naive_queries": nv_queries,
        "ratio_naive_over_set_based": round(nv_wall / (sb_wall or 1e-9), 2),
        "same_answers": agree(naive, set_based),
        "target_s": TARGET_S, "within_target": statistics.median(walls) <= TARGET_S,
        "python": platform.python_version(), "machine": f"{platform.system()} {platform.machine()}", "cpus": os.cpu_count(),
        "load": ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown",
    }
    verdict = f"OK, under {TARGET_S:.0f} s" if report["within_target"] else f"OVER {TARGET_S:.0f} s"
    text = "\n".join([
        f"Evaluation indicators benchmark ({database}): {counts['teams']} teams, {counts['visits']:,} visits "
        f"({counts['signups']:,} people joined), {counts['members']:,} memberships, {counts['hat_terms']:,} hat terms, "
        f"{counts['proposals']} proposals, {counts['connections']:,} connections",
        "",
        f"Full indicators_refresh: {report['refresh_s']:.2f} s wall (median of {args.runs}: "
        f"{', '.join(f'{w:.2f}' for w in walls)}), {report['refresh_cpu_s']:.2f} s cpu, {queries} queries, "
        f"{refresh.values_written:,} values written ({verdict}).",
        f"Visit metrics (continuity, cover rate, gifted hours), set-based: {sb_wall:.2f} s, {sb_queries} queries.",
        f"The same, naive team by team (baseline): {nv_wall:.2f} s, {nv_queries} queries; "
        f"naive / set-based = {report['ratio_naive_over_set_based']:.1f} x. Same answers: {report['same_answers']}.",
        f"Python {report['python']}, {report['machine']}, {report['cpus']} CPUs, load average {report['load']}.",
    ])
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"evaluation-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "evaluation-latest.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\nResults written to {RESULTS.relative_to(ROOT)}/evaluation-{stamp}.json")
    return 1 if args.strict and not report["within_target"] else 0


if __name__ == "__main__":
    sys.exit(main())
