"""``make bench-networks`` (``python -m bench.networks``): the neighbourhood-map analysis at city
scale, with python-igraph (what the app uses) against networkx on the same data in the same run.

Generates a city of ``--actors`` actors and ``--ties`` ties (seeded): neighbourhoods of 40 to 160
actors where most ties stay inside, some long ties across the city, one tie in ten inactive, a few
actors with no tie at all and some with just one (so there are cut points and bridges). Builds the
``graph.Graph`` the app passes around, then times:

- igraph: the whole ``analysis.findings(graph)`` (every finding the analysis page shows, words
  included), and each step on its own: reading the graph into igraph, isolated, cut points and
  bridges (with who would be cut off), betweenness (the Brandes-Pich estimate from
  ``analysis.SAMPLE_SOURCES`` sources), groups (Louvain), care from only one place;
- networkx, the same questions on the same active ties: building its graph, ``isolates``,
  ``articulation_points``, ``bridges``, ``betweenness_centrality(k=..., seed=...)`` and
  ``louvain_communities(seed=...)``.

Wall and CPU seconds for each step, and networkx / igraph for each. The target (issue 6): the
whole igraph analysis in under 5 s. Results go to ``bench/results/networks-<time>.json`` and
``networks-latest.txt``. No database is needed.
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

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_S = 5.0
CARE_KINDS = ("Emotional support", "Social connection", "Recreation", "Skills", "Advocacy", "Food")
KINDS = ("resident", "resident", "resident", "resident", "grassroots", "charity", "community_hub", "food_hub",
         "market", "statutory", "social_enterprise")


def setup_django():
    """The analysis speaks in translated words, so Django's settings must be loaded (no database)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate(actors=50_000, ties=200_000, seed=20260101):
    """A seeded city-scale neighbourhood map as a ``graph.Graph`` (no two ties join the same pair)."""
    import random

    from caringcity.networks.graph import Edge, Graph, Node

    rng = random.Random(seed)
    nodes = []
    for i in range(actors):
        kind = rng.choice(KINDS)
        nodes.append(Node(f"a{i}", f"Actor {i}", {"kind": kind, "postcode": "", "description": "", "since": "",
                                                  "individual": kind == "resident"}))
    # neighbourhoods of 40..160 consecutive actors
    hoods, start = [], 0
    while start < actors:
        size = rng.randint(40, 160)
        hoods.append((start, min(actors, start + size)))
        start += size
    hood_of = [0] * actors
    for h, (lo, hi) in enumerate(hoods):
        for i in range(lo, hi):
            hood_of[i] = h
    alone = set(rng.sample(range(actors), actors // 100))  # 1%: no tie at all
    single = set(rng.sample([i for i in range(actors) if i not in alone], actors // 20))  # 5%: one tie only
    busy = [i for i in range(actors) if i not in alone and i not in single]
    pairs, edges = set(), []

    def add(u, v):
        key = (u, v) if u < v else (v, u)
        if u == v or key in pairs:
            return False
        pairs.add(key)
        active = rng.random() >= 0.1
        directed = rng.random() < 0.3
        status = rng.choice(("generative", "engaged")) if active else "inactive"
        kinds = sorted(rng.sample(CARE_KINDS, rng.choice((1, 1, 2))))
        edges.append(Edge(f"t{len(edges)}", f"a{u}", f"a{v}", directed=directed,
                          attrs={"status": status, "care_kinds": kinds, "since": "", "active": active,
                                 "direction": "one_way" if directed else "both"}))
        return True

    for i in sorted(single):
        lo, hi = hoods[hood_of[i]]
        for _try in range(20):
            if add(i, _pick_busy(rng, lo, hi, alone, single, i)):
                break
        else:
            add(i, rng.choice(busy))
    while len(edges) < ties:
        u = rng.choice(busy)
        if rng.random() < 0.9:
            lo, hi = hoods[hood_of[u]]
            v = _pick_busy(rng, lo, hi, alone, single, u)
        else:
            v = rng.choice(busy)
        add(u, v)
    return Graph(name="Bench city", nodes=nodes, edges=edges, attrs={"kind": "community"})


def _pick_busy(rng, lo, hi, alone, single, not_this):
    for _ in range(50):
        v = rng.randrange(lo, hi)
        if v != not_this and v not in alone and v not in single:
            return v
    return rng.randrange(lo, hi)


def timed(fn, runs=1):
    """(result, wall seconds, cpu seconds): the median of ``runs`` runs."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def bench_igraph(graph, runs):
    from caringcity.networks import analysis

    steps = {}
    found, wall, cpu = timed(lambda: analysis.findings(graph), runs)
    steps["findings (whole analysis)"] = (wall, cpu)
    net, wall, cpu = timed(lambda: analysis.ActiveNet(graph), runs)
    steps["build"] = (wall, cpu)
    steps["isolated"] = timed(lambda: analysis.isolated(graph, net), runs)[1:]
    steps["cut points and bridges"] = timed(lambda: analysis.cut_points_and_bridges(graph, net=net), runs)[1:]
    net.simple()
    (scores, estimated), wall, cpu = timed(lambda: analysis.betweenness(graph, net), runs)
    steps["betweenness"] = (wall, cpu)
    groups, wall, cpu = timed(lambda: analysis.groups(graph, net), runs)
    steps["groups (Louvain)"] = (wall, cpu)
    steps["care from only one place"] = timed(
        lambda: analysis.only_helpers(graph, kinds_of=lambda edge: edge.attrs.get("care_kinds") or ()), runs)[1:]
    counts = {f.key: f.total for f in found}
    counts["groups (all sizes)"] = len(groups)
    return steps, counts, estimated


def bench_networkx(graph, k, seed):
    """``k`` sources for betweenness, or None for exact (as igraph did on this size)."""
    import networkx as nx

    steps = {}

    def build():
        g = nx.Graph()
        g.add_nodes_from(node.id for node in graph.nodes)
        g.add_edges_from((e.source, e.target) for e in graph.edges if e.attrs.get("active", True) and e.source != e.target)
        return g

    g, wall, cpu = timed(build)
    steps["build"] = (wall, cpu)
    alone, *steps["isolated"] = timed(lambda: list(nx.isolates(g)))
    cuts, *steps["articulation points"] = timed(lambda: list(nx.articulation_points(g)))
    bridges, *steps["bridges"] = timed(lambda: list(nx.bridges(g)))
    _scores, *steps["betweenness"] = timed(lambda: nx.betweenness_centrality(g, k=k, seed=seed, normalized=False))
    groups, *steps["groups (Louvain)"] = timed(lambda: nx.community.louvain_communities(g, seed=seed))
    steps = {key: tuple(value) for key, value in steps.items()}
    counts = {"isolated": len(alone), "cut_points": len(set(cuts)), "bridges": len(bridges), "groups (all sizes)": len(groups)}
    return steps, counts


# Which igraph step answers the same question as each networkx step
PAIRS = [
    ("build", "build", "build"),
    ("isolated", "isolated", "isolated"),
    ("cut points and bridges", "cut points and bridges", ("articulation points", "bridges")),
    ("betweenness", "betweenness", "betweenness"),
    ("groups (Louvain)", "groups (Louvain)", "groups (Louvain)"),
]


def report_text(report):
    lines = [
        f"Networks benchmark: {report['actors']:,} actors, {report['ties']:,} ties ({report['active_ties']:,} active), "
        f"seed {report['seed']}; betweenness "
        + (f"estimated from k={report['k']} sources" if report["betweenness_estimated"] else "exact"),
        "",
        f"{'What':<34} {'igraph s':>9} {'cpu s':>7} {'networkx s':>11} {'cpu s':>7} {'nx/ig wall':>11} {'nx/ig cpu':>10}",
        "-" * 96,
    ]
    for row in report["rows"]:
        nx_wall = f"{row['networkx_s']:.2f}" if row["networkx_s"] is not None else "-"
        nx_cpu = f"{row['networkx_cpu_s']:.2f}" if row["networkx_cpu_s"] is not None else "-"
        ratio = f"{row['ratio']:.1f}" if row["ratio"] is not None else "-"
        ratio_cpu = f"{row['ratio_cpu']:.1f}" if row["ratio_cpu"] is not None else "-"
        lines.append(f"{row['what']:<34} {row['igraph_s']:>9.2f} {row['igraph_cpu_s']:>7.2f} {nx_wall:>11} {nx_cpu:>7} "
                     f"{ratio:>11} {ratio_cpu:>10}")
    whole = report["whole_s"]
    verdict = f"OK, under {TARGET_S:.0f} s" if report["within_target"] else f"OVER {TARGET_S:.0f} s"
    lines += [
        "",
        f"Whole analysis with igraph (analysis.findings, every finding with its words): {whole:.2f} s wall, "
        f"{report['whole_cpu_s']:.2f} s cpu ({verdict}).",
        f"networkx, the same questions without the words: {report['networkx_total_s']:.2f} s wall, "
        f"{report['networkx_total_cpu_s']:.2f} s cpu ({report['ratio_whole']:.0f} x igraph's whole analysis by wall clock, "
        f"{report['ratio_whole_cpu']:.0f} x by cpu)."
        if report["networkx_total_s"] is not None else "networkx: not run (--no-networkx).",
        f"Found: {report['found']}",
        f"igraph times are medians of {report['runs']} runs; networkx ran once. Python {report['python']}, "
        f"igraph {report['igraph']}, networkx {report['networkx']}, {report['machine']}, {report['cpus']} CPUs, "
        f"load average {report['load']}.",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.networks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=50_000)
    parser.add_argument("--ties", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--runs", type=int, default=3, help="igraph runs per step; the median is reported (default 3)")
    parser.add_argument("--no-networkx", action="store_true", help="skip networkx (it takes minutes at full size)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when igraph is over the target")
    args = parser.parse_args(argv)

    setup_django()
    import igraph
    import networkx

    from caringcity.networks import analysis

    started = time.perf_counter()
    graph = generate(args.actors, args.ties, args.seed)
    generate_s = time.perf_counter() - started
    print(f"Generated {len(graph.nodes):,} actors and {len(graph.edges):,} ties in {generate_s:.1f} s", flush=True)

    ig_steps, found, estimated = bench_igraph(graph, args.runs)
    print("igraph done", flush=True)
    nx_steps, nx_found = ({}, {}) if args.no_networkx else bench_networkx(
        graph, analysis.SAMPLE_SOURCES if estimated else None, args.seed)
    rows = []
    for what, ig_key, nx_keys in PAIRS:
        nx_keys = nx_keys if isinstance(nx_keys, tuple) else (nx_keys,)
        ig_wall, ig_cpu = ig_steps[ig_key]
        if nx_steps:
            nx_wall = sum(nx_steps[key][0] for key in nx_keys)
            nx_cpu = sum(nx_steps[key][1] for key in nx_keys)
            ratio = nx_wall / ig_wall if ig_wall else None
            ratio_cpu = nx_cpu / ig_cpu if ig_cpu else None
        else:
            nx_wall = nx_cpu = ratio = ratio_cpu = None
        rows.append({"what": what, "igraph_s": round(ig_wall, 3), "igraph_cpu_s": round(ig_cpu, 3),
                     "networkx_s": None if nx_wall is None else round(nx_wall, 3),
                     "networkx_cpu_s": None if nx_cpu is None else round(nx_cpu, 3),
                     "ratio": None if ratio is None else round(ratio, 1),
                     "ratio_cpu": None if ratio_cpu is None else round(ratio_cpu, 1)})
    rows.append({"what": "care from only one place (no nx)", "igraph_s": round(ig_steps["care from only one place"][0], 3),
                 "igraph_cpu_s": round(ig_steps["care from only one place"][1], 3),
                 "networkx_s": None, "networkx_cpu_s": None, "ratio": None, "ratio_cpu": None})
    whole, whole_cpu = ig_steps["findings (whole analysis)"]
    nx_total = sum(wall for wall, _cpu in nx_steps.values()) if nx_steps else None
    nx_total_cpu = sum(cpu for _wall, cpu in nx_steps.values()) if nx_steps else None
    report = {
        "benchmark": "networks",
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "actors": len(graph.nodes), "ties": len(graph.edges),
        "active_ties": sum(1 for edge in graph.edges if edge.attrs["active"]),
        "seed": args.seed, "k": analysis.SAMPLE_SOURCES, "betweenness_estimated": estimated,
        "runs": args.runs, "generate_s": round(generate_s, 2),
        "whole_s": round(whole, 3), "whole_cpu_s": round(whole_cpu, 3),
        "networkx_total_s": None if nx_total is None else round(nx_total, 3),
        "networkx_total_cpu_s": None if nx_total_cpu is None else round(nx_total_cpu, 3),
        "ratio_whole": None if nx_total is None else round(nx_total / whole, 1),
        "ratio_whole_cpu": None if nx_total_cpu is None else round(nx_total_cpu / whole_cpu, 1),
        "target_s": TARGET_S, "within_target": whole <= TARGET_S,
        "rows": rows, "found": found, "networkx_found": nx_found,
        "python": platform.python_version(), "igraph": igraph.__version__, "networkx": networkx.__version__,
        "machine": f"{platform.system()} {platform.machine()}", "cpus": os.cpu_count(),
        "load": ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown",
    }
    text = report_text(report)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"networks-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "networks-latest.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "networks-latest.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\nResults written to {RESULTS.relative_to(ROOT)}/networks-{stamp}.json")
    return 1 if args.strict and not report["within_target"] else 0


if __name__ == "__main__":
    sys.exit(main())
