"""``make bench`` (``python -m bench.run``): how fast the rota plans a year for 200 teams, and how
fast matching ranks a city's worth of workers.

Builds a fresh SQLite database (migrated) under ``bench/results/``, generates 2,000 people with
Giving Support profiles plus one team and its match request (``bench.data``), then times:

- baseline: fetching the 2,000 profiles with their people (one plain query), measured in the same
  run so the ratio means something on any machine;
- ``matching.rank(request)``: the whole ranking, including its two queries;
- scoring only: ``rank`` over profiles already in memory (one query, for postcode centroids).

Each is the median of ``--runs`` runs after a warm-up. The target (issue 3) is 200 ms for the
whole ranking. Results go to ``bench/results/matching-<time>.json`` and ``matching-latest.txt``.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_MS = 200.0


def setup_django(database_url=None):
    """Point Django at a fresh database and migrate it. Returns the database description."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        db_file = RESULTS / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{db_file}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django.db import connection

    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def measure(fn, runs):
    """(wall, cpu) milliseconds of each run, after one warm-up run. CPU time is this process only
    (SQLite runs in it too), so it shows the cost even when other programs share the machine."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def summary(measured):
    wall, cpu = measured
    ordered = sorted(wall)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "min_ms": round(ordered[0], 2),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "runs": len(ordered),
    }


def bench_matching(workers, runs, seed):
    from django.db import connection

    from bench.data import build_matching_world
    from caringcity.people.models import GivingSupportProfile
    from caringcity.teams import matching

    started = time.perf_counter()
    world = build_matching_world(workers=workers, seed=seed)
    build_s = time.perf_counter() - started

    with CaptureQueriesContext(connection) as ctx:
        ranked, excluded = matching.rank(world.request)
    queries = len(ctx.captured_queries)

    def baseline():
        list(GivingSupportProfile.objects.filter(commons=world.commons).select_related("person"))

    profiles = matching.candidate_rows(world.team)

    results = {
        "baseline": summary(measure(baseline, runs)),
        "rank": summary(measure(lambda: matching.rank(world.request), runs)),
        "scoring": summary(measure(lambda: matching.rank(world.request, profiles=profiles), runs)),
    }
    base = results["baseline"]["median_ms"] or 1e-9
    for item in results.values():
        item["ratio"] = round(item["median_ms"] / base, 2)
    return {
        "workers": workers,
        "candidates": len(profiles),
        "ranked": len(ranked),
        "excluded": len(excluded),
        "queries": queries,
        "build_seconds": round(build_s, 1),
        "target_ms": TARGET_MS,
        "within_target": results["rank"]["median_ms"] <= TARGET_MS,
        "results": results,
    }


ROTA_TARGET_S = 10.0


def bench_rota(teams, seed):
    """Issue 4: a year of rota for ``teams`` teams, through the real planning service. Each team
    gets a daily morning visit and a twice-weekly afternoon visit for a year (about 470 visits).
    The baseline is one bulk insert of the same number of visits, measured in the same run."""
    import random
    from datetime import time as clock, timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from bench.data import load_districts, make_commons, make_team
    from caringcity.visits.models import Frequency, Visit
    from caringcity.visits.services.rota import rota_plan

    rng = random.Random(seed)
    commons = make_commons(slug="rota-bench", name="Rota Bench Commons")
    districts = load_districts()
    built = [make_team(commons, rng, districts, name=f"Rota team {i}") for i in range(teams)]
    start = timezone.localdate() + timedelta(days=1)
    common = {"title": "", "place": "home", "place_detail": "", "people_needed": 1, "interval": 1,
              "until": start + timedelta(days=364), "count": None, "start_date": start}
    plans = [dict(common, purpose="personal_care", paid=True, frequency=Frequency.DAILY, weekdays=[],
                  start_time=clock(8, 30), duration_minutes=45),
             dict(common, purpose="companionship", paid=False, frequency=Frequency.WEEKLY, weekdays=[1, 3],
                  start_time=clock(15, 0), duration_minutes=60)]
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        with transaction.atomic():
            for team in built:
                for data in plans:
                    rota_plan(actor=None, team=team, data=data)
    generate_s = time.perf_counter() - started
    made = Visit.objects.filter(team__commons=commons).count()

    template = Visit.objects.filter(team__commons=commons).first()
    started = time.perf_counter()
    with transaction.atomic():
        Visit.objects.bulk_create([Visit(team=template.team, starts=template.starts, ends=template.ends)
                                   for _ in range(made)], batch_size=500)
        transaction.set_rollback(True)
    baseline_s = time.perf_counter() - started
    return {"teams": teams, "visits": made, "queries": len(ctx.captured_queries),
            "generate_seconds": round(generate_s, 2), "baseline_seconds": round(baseline_s, 2),
            "ratio": round(generate_s / (baseline_s or 1e-9), 2), "target_seconds": ROTA_TARGET_S,
            "within_target": generate_s <= ROTA_TARGET_S}


def rota_table(report):
    verdict = "OK, under %.0f s" % ROTA_TARGET_S if report["within_target"] else "OVER %.0f s" % ROTA_TARGET_S
    return "\n".join([
        f"Rota benchmark: a year of visits for {report['teams']} teams = {report['visits']} visits, {report['queries']} queries",
        f"  generate through rota_plan: {report['generate_seconds']:.2f} s  ({verdict})",
        f"  baseline, one bulk insert of as many visits: {report['baseline_seconds']:.2f} s  (ratio {report['ratio']:.2f})",
    ])


def table(report):
    r = report["results"]
    rows = [
        ("Baseline: fetch all profiles", r["baseline"], ""),
        ("matching.rank (whole ranking)", r["rank"],
         "OK, under %.0f ms" % TARGET_MS if report["within_target"] else "OVER %.0f ms" % TARGET_MS),
        ("Scoring only (profiles in memory)", r["scoring"], ""),
    ]
    lines = [
        f"Matching benchmark: {report['workers']} workers, {report['candidates']} open to matching, "
        f"{report['ranked']} ranked, {report['excluded']} not shown (hard filters), {report['queries']} queries",
        "",
        f"{'What':<36} {'median ms':>10} {'min ms':>8} {'p90 ms':>8} {'cpu ms':>8} {'x baseline':>11}  target",
        "-" * 99,
    ]
    for name, item, note in rows:
        lines.append(f"{name:<36} {item['median_ms']:>10.1f} {item['min_ms']:>8.1f} {item['p90_ms']:>8.1f} {item['cpu_median_ms']:>8.1f} {item['ratio']:>11.2f}  {note}")
    lines += ["", f"Times are medians of {r['rank']['runs']} runs (wall clock; cpu = this process only). "
              f"Load average when measured: {report['load']}."]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2000, help="people with Giving Support profiles (default 2000)")
    parser.add_argument("--runs", type=int, default=21, help="timed runs per measurement; the median is reported (default 21)")
    parser.add_argument("--seed", type=int, default=20260101, help="random seed for the generated data")
    parser.add_argument("--database-url", default=None,
                        help="use this (empty) database instead of a fresh SQLite file under bench/results/")
    parser.add_argument("--teams", type=int, default=200, help="teams for the rota benchmark (default 200)")
    parser.add_argument("--only", choices=["matching", "rota"], default=None, help="run one benchmark only")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when the ranking is over the target")
    args = parser.parse_args(argv)

    database = setup_django(args.database_url)
    failed = False
    if args.only in (None, "rota"):
        rota = bench_rota(args.teams, args.seed)
        rota.update({"benchmark": "rota", "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                     "python": platform.python_version(), "database": database.split(" ")[0]})
        rota_text = rota_table(rota)
        print(rota_text + "\n")
        (RESULTS / "rota-latest.json").write_text(json.dumps(rota, indent=2) + "\n", encoding="utf-8")
        (RESULTS / "rota-latest.txt").write_text(rota_text + "\n", encoding="utf-8")
        failed = not rota["within_target"]
        if args.only == "rota":
            return 1 if args.strict and failed else 0
    report = bench_matching(args.workers, args.runs, args.seed)
    report.update({
        "benchmark": "matching",
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "database": database.split(" ")[0],
        "seed": args.seed,
        "load": ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown",
    })
    text = table(report)
    print(text)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"matching-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "matching-latest.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "matching-latest.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\nResults written to {RESULTS.relative_to(ROOT)}/matching-{stamp}.json")
    return 1 if args.strict and (failed or not report["within_target"]) else 0


if __name__ == "__main__":
    sys.exit(main())
