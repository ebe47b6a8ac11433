"""Who was around the table: who took part in an event (or a partnership's events, or a quarter's),
by kind of group and by each characteristic people chose to share, set against the communities
affected (``Benchmark``). See docs/lab-events.md.

The small-number rule (``settings.LAB_SMALL_GROUP``, 5):

1. If fewer than 5 people are counted at all, nothing is shown but "fewer than 5 people".
2. Any cell (a value of a characteristic, a kind of group, or "not shared") counting 1 to 4 people is
   hidden and shown as "fewer than 5".
3. If exactly one cell of a table is hidden, the total would give it away (total minus the others),
   so the smallest other non-zero cell is hidden too (complementary suppression).
4. Shares (%) are hidden with their counts.
5. Tables over many events (a quarter, a partnership) only add up what each event's own table
   shows (``combine``): a group hidden at any one event stays hidden in the sum, and events with
   fewer than 5 people are left out (the page says how many). So no figure over many events can be
   set against the single events' figures, or against another sum, to work out a small group.

Nobody's characteristics are ever shown one by one: only these counts, computed here.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not"

# key -> (question, explanation, [(value, label)]). Values are stored in Registration.characteristics
# only when someone chose one; "prefer not to say" stores nothing.
CHARACTERISTICS = {
    "age": (_("Your age"), "", [
        ("under_25", _("Under 25")), ("25_44", _("25 to 44")), ("45_64", _("45 to 64")), ("65_plus", _("65 or older")),
    ]),
    "ethnic_group": (_("Your ethnic group"), _("The five broad groups the 2021 Census used."), [
        ("asian", _("Asian or Asian British")),
        ("black", _("Black, Black British, Caribbean or African")),
        ("mixed", _("Mixed or multiple ethnic groups")),
        ("white", _("White")),
        ("other", _("Another ethnic group")),
    ]),
    "disability": (_("Are you disabled, or do you have a long-term health condition?"), "", [("yes", _("Yes")), ("no", _("No"))]),
    "carer": (_("Do you look after someone without being paid for it (an unpaid carer)?"), "", [("yes", _("Yes")), ("no", _("No"))]),
    "local": (_("Do you live in the area this event is about?"), "", [("yes", _("Yes")), ("no", _("No"))]),
}

# Short names for table headings.
SHORT = {"age": _("Age"), "ethnic_group": _("Ethnic group"), "disability": _("Disabled or long-term condition"),
         "carer": _("Unpaid carer"), "local": _("Lives in the area")}

# A registration's kind of group: an Organisation.Kind, or one of these.
RESIDENT = "resident"
NOT_SAID = ""


def characteristic_label(key):
    return CHARACTERISTICS[key][0]


def value_label(key, value):
    return dict(CHARACTERISTICS[key][2]).get(value, value)


def clean_characteristics(raw):
    """Only known keys with known values; anything else (and "prefer not to say") is dropped."""
    result = {}
    for key, (_q, _e, values) in CHARACTERISTICS.items():
        value = (raw or {}).get(key)
        if value in dict(values):
            result[key] = value
    return result


def small_group():
    return getattr(settings, "LAB_SMALL_GROUP", 5)


@dataclass
class Cell:
    key: str
    label: object
    count: int
    hidden: bool = False
    benchmark: object = None  # Benchmark or None
    share: object = None  # % of everyone counted, or None when hidden

    @property
    def shown(self):
        return not self.hidden


@dataclass
class Breakdown:
    key: str
    label: object
    cells: list = field(default_factory=list)
    hidden_any: bool = False


def suppress(counts, small=None):
    """[(key, count)] -> {key: hidden?} by the rule in the module docstring (2 and 3)."""
    small = small or small_group()
    hidden = {key: 0 < count < small for key, count in counts}
    if sum(hidden.values()) == 1:
        others = sorted(((count, i) for i, (key, count) in enumerate(counts) if not hidden[key] and count > 0))
        if others:
            hidden[counts[others[0][1]][0]] = True
    return hidden


def _breakdown(key, label, rows, total, small, benchmarks=None):
    """rows: [(value, label, count)] including a final "not shared" row."""
    hidden = suppress([(value, count) for value, _l, count in rows], small)
    cells = []
    for value, value_lbl, count in rows:
        is_hidden = hidden[value]
        share = None if is_hidden or not total else round(100 * count / total)
        cells.append(Cell(value, value_lbl, None if is_hidden else count, is_hidden,
                          (benchmarks or {}).get(value), share))
    return Breakdown(key, label, cells, any(hidden.values()))


@dataclass
class Table:
    total: int
    basis: str  # "attended" | "registered" | "mixed"
    too_few: bool
    kinds: object = None  # Breakdown
    characteristics: list = field(default_factory=list)  # [Breakdown]
    small: int = 5
    left_out: int = 0  # over many events: events left out because fewer than ``small`` people took part


def kind_label(kind):
    from caringcity.people.models import Organisation

    if kind == RESIDENT:
        return _("Residents (not for a group)")
    if kind == NOT_SAID:
        return _("Did not say")
    return dict(Organisation.Kind.choices).get(kind, kind)


def around_the_table(registrations, *, benchmarks=(), basis="attended"):
    """The table for ``registrations`` (already chosen: who took part). ``benchmarks`` are the
    commons' Benchmark rows."""
    from caringcity.people.models import Organisation

    small = small_group()
    people = list(registrations)
    total = len(people)
    if total < small:
        return Table(total=total, basis=basis, too_few=True, small=small)
    by_char = {}
    for bench in benchmarks:
        by_char.setdefault(bench.characteristic, {})[bench.value] = bench
    kinds = Counter(r.organisation_kind if r.organisation_kind in dict(Organisation.Kind.choices) or r.organisation_kind == RESIDENT
                    else NOT_SAID for r in people)
    kind_rows = [(k, label, kinds.get(k, 0)) for k, label in Organisation.Kind.choices]
    kind_rows += [(RESIDENT, kind_label(RESIDENT), kinds.get(RESIDENT, 0)), (NOT_SAID, kind_label(NOT_SAID), kinds.get(NOT_SAID, 0))]
    kind_rows = [row for row in kind_rows if row[2]]  # kinds nobody came from are left out
    table = Table(total=total, basis=basis, too_few=False, small=small,
                  kinds=_breakdown("kind", _("Kind of group"), kind_rows, total, small))
    for key, (question, _e, values) in CHARACTERISTICS.items():
        counts = Counter((r.characteristics or {}).get(key) for r in people)
        rows = [(value, label, counts.get(value, 0)) for value, label in values]
        shared = sum(count for _v, _l, count in rows)
        rows.append((PREFER_NOT, _("Chose not to say"), total - shared))
        table.characteristics.append(_breakdown(key, SHORT[key], rows, total, small, by_char.get(key)))
    return table


def took_part(registrations):
    """Who took part among an event's registrations, and on what basis: those marked as there when
    attendance was taken, else everyone booked (attendance not taken yet)."""
    regs = list(registrations)
    taken = any(r.attended is not None for r in regs)
    if taken:
        return [r for r in regs if r.attended], "attended"
    return [r for r in regs if r.state == "booked"], "registered"


def quarter_of(moment):
    return moment.year, (moment.month - 1) // 3 + 1


def _kind_order():
    from caringcity.people.models import Organisation

    return [key for key, _label in Organisation.Kind.choices] + [RESIDENT, NOT_SAID]


def _combine_breakdown(key, label, parts, order, total, benchmarks=None):
    """One breakdown over many events' breakdowns (``parts``, all with this key): a cell is the sum
    of the events' cells, shown only when every event showed its cell (rule 5)."""
    counts, hidden, labels = {}, set(), {}
    for part in parts:
        for cell in part.cells:
            labels.setdefault(cell.key, cell.label)
            if cell.hidden:
                hidden.add(cell.key)
            else:
                counts[cell.key] = counts.get(cell.key, 0) + cell.count
    cells = []
    for value in [v for v in order if v in labels]:
        if value in hidden:
            cells.append(Cell(value, labels[value], None, True, (benchmarks or {}).get(value), None))
        else:
            count = counts.get(value, 0)
            cells.append(Cell(value, labels[value], count, False, (benchmarks or {}).get(value),
                              round(100 * count / total) if total else None))
    return Breakdown(key, label, cells, bool(hidden))


def combine(tables, *, benchmarks=()):
    """The table over many events, from the events' own tables only (rule 5 in the module docstring)."""
    small = small_group()
    included = [t for t in tables if not t.too_few]
    left_out = len(tables) - len(included)
    total = sum(t.total for t in included)
    bases = {t.basis for t in included}
    basis = bases.pop() if len(bases) == 1 else ("mixed" if bases else "attended")
    if not included:
        return Table(total=total, basis=basis, too_few=True, small=small, left_out=left_out)
    by_char = {}
    for bench in benchmarks:
        by_char.setdefault(bench.characteristic, {})[bench.value] = bench
    result = Table(total=total, basis=basis, too_few=False, small=small, left_out=left_out,
                   kinds=_combine_breakdown("kind", _("Kind of group"), [t.kinds for t in included], _kind_order(), total))
    for index, (key, (_q, _e, values)) in enumerate(CHARACTERISTICS.items()):
        order = [value for value, _label in values] + [PREFER_NOT]
        result.characteristics.append(_combine_breakdown(key, SHORT[key], [t.characteristics[index] for t in included],
                                                         order, total, by_char.get(key)))
    return result
