"""Demo personal care maps for the demo owners of care teams (all people fictional). Each map is
made through the services, by the person or by whoever acts for them, so the audit trail looks
as it would in real use. Safe to run twice: a map that exists is left as it is.

- Arthur Price (no login; his daughter Janet keeps it as his proxy): shared with his care team.
- Gloria Mensah: private, and she named Kemal (an organiser) on her privacy page.
- Doreen Clarke: shared with her care team.
- Mr Rahman (no login; Nasreen keeps it as his proxy): private.
Each has second-level ties (who supports the supporters), at least one stressful and one weak tie,
and a group. ``ctx["care_maps"]`` is {key: CareMap}."""

from caringcity.networks.models import CareMap, MapVisibility
from caringcity.networks.services import caremaps as services
from caringcity.people.models import AccessGrant

ME = None  # the person at the centre

# key of the owner in ctx["people"], key of who keeps it, visibility,
# nodes: (key, name, ring, group, person key or None),
# ties: (from, to, kind, direction, strength, stressful, flows, how often)
MAPS = [
    ("paper", "proxy", MapVisibility.TEAM, [
        ("janet", "Janet (daughter)", 1, False, "proxy"),
        ("tom", "Tom (grandson)", 1, False, None),
        ("rosa", "Rosa from the commons", 2, False, "member"),
        ("okoro", "Mrs Okoro next door", 2, False, None),
        ("lunch", "Lea Bridge lunch club", 2, True, None),
        ("sid", "Sid, my brother in Margate", 3, False, None),
        ("gp", "Dr Hale, the GP", 3, False, None),
        ("dev", "Dev (Janet's husband)", 3, False, None),
        ("pat", "Pat from the pub quiz", 3, False, None),
        ("church", "St Barnabas coffee morning", 3, True, None),
        ("market", "Chatsworth Road Market stallholders", 3, True, None),
    ], [
        ("janet", ME, "family", "both", "strong", False, ["practical", "emotional", "company"], "daily"),
        ("tom", ME, "family", "one_way", "ordinary", False, ["company"], "weekly"),
        ("rosa", ME, "volunteer", "one_way", "ordinary", False, ["company", "practical"], "weekly"),
        ("okoro", ME, "neighbour", "both", "ordinary", False, ["practical", "company"], "weekly"),
        ("lunch", ME, "group", "one_way", "ordinary", False, ["company", "practical"], "weekly"),
        ("sid", ME, "family", "both", "weak", True, ["money"], "less"),
        ("gp", ME, "professional", "one_way", "ordinary", False, ["information"], "monthly"),
        ("pat", ME, "friend", "both", "weak", False, ["company"], "monthly"),
        ("church", ME, "group", "one_way", "weak", False, ["company"], "monthly"),
        ("market", ME, "group", "one_way", "weak", False, ["company"], "weekly"),
        (ME, "tom", "family", "one_way", "ordinary", False, ["money", "information"], "monthly"),
        # who supports the supporters
        ("dev", "janet", "family", "both", "strong", False, ["emotional", "practical"], "daily"),
        ("okoro", "janet", "neighbour", "one_way", "ordinary", False, ["information"], "weekly"),
        ("sid", "janet", "family", "both", "weak", True, ["money"], "less"),
        ("lunch", "rosa", "group", "one_way", "ordinary", False, ["information"], "weekly"),
    ]),
    ("gloria", "gloria", MapVisibility.PRIVATE, [
        ("kwame", "Kwame, my son", 1, False, None),
        ("zeynep", "Zeynep", 1, False, "zeynep"),
        ("efua", "Efua, my sister in Kumasi", 2, False, None),
        ("chloe", "Chloe", 2, False, "chloe"),
        ("bello", "Mrs Bello upstairs", 2, False, None),
        ("choir", "Ghanaian church choir", 2, True, None),
        ("ama", "Ama (Kwame's wife)", 3, False, None),
        ("council", "Hackney Adult Social Care", 3, True, None),
        ("foodhub", "Homerton Food Hub", 3, True, None),
        ("kofi", "Kofi, my grandson", 3, False, None),
    ], [
        ("kwame", ME, "family", "one_way", "strong", False, ["practical", "money", "emotional"], "weekly"),
        ("zeynep", ME, "friend", "both", "strong", False, ["company", "emotional"], "weekly"),
        ("efua", ME, "family", "both", "ordinary", False, ["emotional"], "weekly"),
        ("chloe", ME, "volunteer", "both", "ordinary", False, ["company", "information"], "weekly"),
        ("bello", ME, "neighbour", "both", "weak", False, ["company"], "monthly"),
        ("choir", ME, "group", "both", "ordinary", False, ["company", "emotional"], "weekly"),
        ("council", ME, "professional", "one_way", "weak", True, ["information"], "less"),
        ("foodhub", ME, "group", "one_way", "weak", False, ["practical"], "weekly"),
        (ME, "kofi", "family", "one_way", "ordinary", False, ["company", "information"], "weekly"),
        ("ama", "kwame", "family", "both", "strong", False, ["emotional", "practical"], "daily"),
        ("kwame", "efua", "family", "one_way", "weak", True, ["money"], "monthly"),
        ("choir", "zeynep", "group", "one_way", "ordinary", False, ["company"], "weekly"),
    ]),
    ("doreen", "doreen", MapVisibility.TEAM, [
        ("lorna", "Lorna, my old colleague", 1, False, None),
        ("paul", "Paul (nephew)", 2, False, None),
        ("bridge", "The bridge club", 2, True, None),
        ("library", "Clapton library reading group", 3, True, None),
        ("vic", "Vic at the corner shop", 3, False, None),
        ("jean", "Jean (Paul's partner)", 3, False, None),
        ("carer", "The agency carer", 2, False, None),
        ("dn", "District nurse", 3, False, None),
    ], [
        ("lorna", ME, "friend", "both", "strong", False, ["company", "emotional"], "weekly"),
        ("paul", ME, "family", "one_way", "ordinary", False, ["practical", "money"], "monthly"),
        ("bridge", ME, "group", "both", "ordinary", False, ["company"], "weekly"),
        ("library", ME, "group", "one_way", "weak", False, ["company", "information"], "monthly"),
        ("vic", ME, "neighbour", "one_way", "weak", False, ["practical"], "weekly"),
        ("carer", ME, "paid_care", "one_way", "ordinary", True, ["practical"], "daily"),
        ("dn", ME, "professional", "one_way", "ordinary", False, ["practical", "information"], "monthly"),
        ("jean", "paul", "family", "both", "strong", False, ["emotional"], "daily"),
        (ME, "lorna", "friend", "one_way", "ordinary", False, ["emotional"], "weekly"),
    ]),
    ("hamid", "bengali", MapVisibility.PRIVATE, [
        ("shirin", "Shirin (daughter-in-law)", 1, False, None),
        ("rafiq", "Rafiq (son)", 1, False, None),
        ("nasreen", "Nasreen", 1, False, "bengali"),
        ("mosque", "The mosque lunch", 2, True, None),
        ("abdul", "Abdul, old friend from the factory", 2, False, None),
        ("grandkids", "The grandchildren", 2, False, None),
        ("sylhet", "Cousins in Sylhet", 3, False, None),
        ("pharmacy", "The pharmacist", 3, False, None),
    ], [
        ("shirin", ME, "family", "one_way", "strong", False, ["practical", "company"], "daily"),
        ("rafiq", ME, "family", "both", "ordinary", True, ["money", "practical"], "weekly"),
        ("nasreen", ME, "friend", "one_way", "strong", False, ["information", "company"], "weekly"),
        ("mosque", ME, "group", "one_way", "ordinary", False, ["company", "practical"], "weekly"),
        ("abdul", ME, "friend", "both", "weak", False, ["company"], "monthly"),
        ("grandkids", ME, "family", "both", "ordinary", False, ["company"], "weekly"),
        ("sylhet", ME, "family", "both", "weak", False, ["emotional"], "less"),
        ("pharmacy", ME, "professional", "one_way", "ordinary", False, ["information"], "monthly"),
        ("rafiq", "shirin", "family", "both", "strong", False, ["emotional", "practical"], "daily"),
        ("nasreen", "shirin", "friend", "one_way", "ordinary", False, ["information"], "weekly"),
    ]),
]


def _build_map(commons, people, owner_key, keeper_key, visibility, node_specs, tie_specs):
    owner, actor = people[owner_key], people[keeper_key].user
    existing = CareMap.objects.filter(commons=commons, owner=owner).first()
    if existing is not None:
        return existing
    care_map = services.care_map_start(actor=actor, commons=commons, owner=owner)
    nodes = {}
    for key, name, ring, group, person_key in node_specs:
        nodes[key] = services.node_add(actor=actor, care_map=care_map, data={
            "name": name, "ring": ring, "is_group": group, "person": people[person_key] if person_key else None, "note": ""})
    for source, target, kind, direction, strength, stressful, flows, how_often in tie_specs:
        services.tie_add(actor=actor, care_map=care_map, data={
            "source": nodes[source] if source else None, "target": nodes[target] if target else None, "kind": kind,
            "direction": direction, "strength": strength, "stressful": stressful, "flows": flows, "how_often": how_often})
    return services.care_map_settings(actor=actor, care_map=care_map, visibility=visibility, show_team=True)


def build(ctx):
    commons = ctx["commons"]["clapton"]
    people = ctx["people"]
    maps = {}
    for owner_key, keeper_key, visibility, node_specs, tie_specs in MAPS:
        maps[owner_key] = _build_map(commons, people, owner_key, keeper_key, visibility, node_specs, tie_specs)
    # Gloria named Kemal (an organiser) on her privacy page: he may see her map, nothing more.
    gloria, kemal = people["gloria"], people["organiser"]
    if not AccessGrant.objects.current().filter(commons=commons, grantor=gloria, grantee=kemal, part="care_map").exists():
        AccessGrant.objects.create(commons=commons, grantor=gloria, grantee=kemal, part="care_map")
    ctx["care_maps"] = maps
    ctx.setdefault("notes", []).append(
        "Care maps: Arthur's (kept by Janet, shared with his care team), Gloria's (private; she named Kemal), "
        "Doreen's (shared with her care team), Mr Rahman's (private; kept by Nasreen).")
