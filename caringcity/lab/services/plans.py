"""Writes of the plans part (see docs/lab-plans.md): plans, demands, policies and their divergent
views, importing a plan from a CSV or spreadsheet, and the glossary.

Organisers keep all of it (``lab.keep`` on the commons). Every write is audited as
``lab.<thing>.<verb>``: who, what and when, never the words of a policy or a view.

Importing checks every row first. Every bad row is reported (row number as the spreadsheet shows
it, the column, what to fix) and nothing is written unless all rows are good; each try is kept as a
``PlanImport`` with its errors. A good file adds or updates the plan's demands and policies in one
transaction."""

import csv
import io
import re
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.core.services import audit_record
from caringcity.core.validators import sniff
from caringcity.lab.models import Demand, DivergentView, GlossaryTerm, Plan, PlanImport, Policy
from caringcity.people.models import Organisation

KEEP = "lab.keep"
RESERVED_SLUGS = {"new"}  # plans/new/ starts a plan


def _require(actor, commons):
    if not actor.has_perm(KEEP, commons):
        raise PermissionDenied


def _text(value):
    return (value or "").strip()


# --- plans -----------------------------------------------------------------------------------------

def _clean_plan(commons, *, title, slug, partial, partial_note, plan=None):
    title = _text(title)
    if not title:
        raise ValidationError({"title": _("Give the plan a title.")})
    slug = slugify(_text(slug) or title)[:60].strip("-")
    if not slug:
        raise ValidationError({"slug": _("Use letters or numbers in the short name, for example recovery-plan.")})
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This short name is used by the pages themselves. Choose another.")})
    taken = Plan.objects.filter(commons=commons, slug=slug)
    if plan is not None:
        taken = taken.exclude(pk=plan.pk)
    if taken.exists():
        raise ValidationError({"slug": _("Another plan already has this short name. Choose another.")})
    if partial and not _text(partial_note):
        raise ValidationError({"partial_note": _("Say what is missing, so readers know what is not here yet.")})
    return title, slug


@transaction.atomic
def plan_create(*, actor, commons, title, slug="", summary="", published_on=None, public=False, partial=False, partial_note=""):
    _require(actor, commons)
    title, slug = _clean_plan(commons, title=title, slug=slug, partial=partial, partial_note=partial_note)
    plan = Plan.objects.create(commons=commons, title=title, slug=slug, summary=_text(summary), published_on=published_on,
                               public=bool(public), partial=bool(partial), partial_note=_text(partial_note) if partial else "")
    audit_record(actor=actor, action="lab.plan.create", obj=plan, commons=commons, reason="public" if plan.public else "members only")
    return plan


@transaction.atomic
def plan_update(*, actor, plan, title, slug="", summary="", published_on=None, public=False, partial=False, partial_note=""):
    commons = plan.commons
    _require(actor, commons)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    title, slug = _clean_plan(commons, title=title, slug=slug, partial=partial, partial_note=partial_note, plan=plan)
    plan.title, plan.slug, plan.summary, plan.published_on = title, slug, _text(summary), published_on
    plan.public, plan.partial, plan.partial_note = bool(public), bool(partial), _text(partial_note) if partial else ""
    plan.save()
    audit_record(actor=actor, action="lab.plan.update", obj=plan, commons=commons, reason="public" if plan.public else "members only")
    return plan


@transaction.atomic
def plan_delete(*, actor, plan):
    commons = plan.commons
    _require(actor, commons)
    audit_record(actor=actor, action="lab.plan.delete", obj=plan, commons=commons)
    plan.delete()


# --- demands ---------------------------------------------------------------------------------------

def _clean_number(number, field="number"):
    if number is None or number < 1:
        raise ValidationError({field: _("Use a whole number from 1 up.")})
    return number


@transaction.atomic
def demand_save(*, actor, plan, number, title, summary="", demand=None):
    """Add a demand to the plan, or change ``demand``."""
    _require(actor, plan.commons)
    _clean_number(number)
    if not _text(title):
        raise ValidationError({"title": _("Give the demand a title.")})
    taken = Demand.objects.filter(plan=plan, number=number)
    if demand is not None:
        taken = taken.exclude(pk=demand.pk)
    if taken.exists():
        raise ValidationError({"number": _("Another demand already has this number.")})
    if demand is None:
        demand = Demand(plan=plan)
    demand.number, demand.title, demand.summary = number, _text(title), _text(summary)
    verb = "update" if demand.pk else "create"
    demand.save()
    audit_record(actor=actor, action=f"lab.demand.{verb}", obj=demand, commons=plan.commons)
    return demand


@transaction.atomic
def demand_delete(*, actor, demand):
    """Remove a demand; its policies stay in the plan, under no demand."""
    commons = demand.plan.commons
    _require(actor, commons)
    audit_record(actor=actor, action="lab.demand.delete", obj=demand, commons=commons)
    demand.delete()


# --- policies --------------------------------------------------------------------------------------

def _clean_policy(plan, *, number, title, summary, demand, shaped_by, policy=None):
    _clean_number(number)
    errors = {}
    if not _text(title):
        errors["title"] = _("Give the policy a title.")
    if not _text(summary):
        errors["summary"] = _("Say what the policy means in plain words. Every policy needs this.")
    taken = Policy.objects.filter(plan=plan, number=number)
    if policy is not None:
        taken = taken.exclude(pk=policy.pk)
    if taken.exists():
        errors["number"] = _("Another policy of this plan already has this number.")
    if demand is not None and demand.plan_id != plan.pk:
        errors["demand"] = _("Choose a demand of this plan.")
    if any(group.commons_id != plan.commons_id for group in shaped_by or []):
        errors["shaped_by"] = _("Choose groups of this network.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def policy_create(*, actor, plan, number, title, summary, full_text="", demand=None, shaped_by=(), shaped_by_note=""):
    _require(actor, plan.commons)
    _clean_policy(plan, number=number, title=title, summary=summary, demand=demand, shaped_by=shaped_by)
    policy = Policy.objects.create(plan=plan, demand=demand, number=number, title=_text(title), summary=_text(summary),
                                   full_text=_text(full_text), shaped_by_note=_text(shaped_by_note))
    policy.shaped_by.set(list(shaped_by or []))
    audit_record(actor=actor, action="lab.policy.create", obj=policy, commons=plan.commons, reason=f"policy {number}")
    return policy


@transaction.atomic
def policy_update(*, actor, policy, number, title, summary, full_text="", demand=None, shaped_by=(), shaped_by_note=""):
    plan = policy.plan
    _require(actor, plan.commons)
    _clean_policy(plan, number=number, title=title, summary=summary, demand=demand, shaped_by=shaped_by, policy=policy)
    policy.number, policy.title, policy.summary, policy.full_text = number, _text(title), _text(summary), _text(full_text)
    policy.demand, policy.shaped_by_note = demand, _text(shaped_by_note)
    policy.save()
    policy.shaped_by.set(list(shaped_by or []))
    audit_record(actor=actor, action="lab.policy.update", obj=policy, commons=plan.commons, reason=f"policy {number}")
    return policy


@transaction.atomic
def policy_delete(*, actor, policy):
    commons = policy.plan.commons
    _require(actor, commons)
    audit_record(actor=actor, action="lab.policy.delete", obj=policy, commons=commons, reason=f"policy {policy.number}")
    policy.delete()


@transaction.atomic
def divergent_view_add(*, actor, policy, held_by, view):
    """A view some hold, kept beside the majority view. Never hidden: it shows wherever the policy does."""
    commons = policy.plan.commons
    _require(actor, commons)
    errors = {}
    if not _text(held_by):
        errors["held_by"] = _("Say who holds this view (a group, or “some members”).")
    if not _text(view):
        errors["view"] = _("Write the view in their words.")
    if errors:
        raise ValidationError(errors)
    divergent = DivergentView.objects.create(policy=policy, held_by=_text(held_by)[:300], view=_text(view))
    audit_record(actor=actor, action="lab.divergent_view.add", obj=divergent, commons=commons, reason=f"policy {policy.number}")
    return divergent


@transaction.atomic
def divergent_view_remove(*, actor, divergent):
    """Only to correct a mistake (for example a view recorded on the wrong policy): the audit says who."""
    commons = divergent.policy.plan.commons
    _require(actor, commons)
    audit_record(actor=actor, action="lab.divergent_view.remove", obj=divergent, commons=commons,
                 reason=f"policy {divergent.policy.number}")
    divergent.delete()


# --- import from CSV or spreadsheet ----------------------------------------------------------------

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
MAX_COLUMNS = 40
MAX_CELL = 20000  # characters in one cell
MAX_ERRORS = 300  # kept on the PlanImport; the rest are counted

# column -> (required, what it holds, an example): the order of the template file
COLUMNS = {
    "demand_number": (False, gettext_lazy("The number of the demand (or chapter) the policy is under."), "1"),
    "demand_title": (False, gettext_lazy("The demand's title. Needed the first time a demand number appears."), "A caring city"),
    "demand_summary": (False, gettext_lazy("What the demand means, in plain words."), "Care for people and places comes first."),
    "policy_number": (True, gettext_lazy("The policy's number in the plan: a whole number, each used once."), "3"),
    "policy_title": (True, gettext_lazy("The policy's title."), "Community-led care hubs in every neighbourhood"),
    "policy_summary": (True, gettext_lazy("What the policy means, in words a 12-year-old understands."), "Every neighbourhood has a place, run by local people, where care starts."),
    "full_text": (False, gettext_lazy("The policy's full text."), ""),
    "shaped_by": (False, gettext_lazy("Groups of the network that shaped it, by name, separated by ;"), "Clapton Care Commons; Homerton Food Hub"),
    "shaped_by_note": (False, gettext_lazy("Other groups that shaped it, in words."), ""),
    "divergent_view": (False, gettext_lazy("A view some hold that differs from the majority view."), ""),
    "divergent_view_held_by": (False, gettext_lazy("Who holds that view."), ""),
}
LIMITS = {"demand_title": 200, "policy_title": 300, "shaped_by_note": 500, "divergent_view_held_by": 300}


class ImportProblem(Exception):
    """The file as a whole cannot be read (no row-by-row report possible)."""


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportProblem(_("The file is not saved as UTF-8 text. In your spreadsheet, choose “Save as” and "
                              "“CSV UTF-8”, then try again.")) from exc
    if "\x00" in text:
        raise ImportProblem(_("This does not look like a CSV file or a spreadsheet. Use a .csv or .xlsx file."))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = []
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except csv.Error as exc:
        raise ImportProblem(_("The CSV file could not be read near row %(row)s: a cell may be far too long or a "
                              "quote mark may be missing.") % {"row": reader.line_num}) from exc


def _read_xlsx(data):
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for broken or foreign zips
        raise ImportProblem(_("The spreadsheet could not be opened. Save it again as .xlsx (or as CSV UTF-8) and try again.")) from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception as exc:
        raise ImportProblem(_("The spreadsheet could not be read. Save it again as .xlsx (or as CSV UTF-8) and try again.")) from exc
    finally:
        book.close()


def read_table(data):
    """The rows of an uploaded file (bytes) as lists of text, or ImportProblem in plain words."""
    if not data:
        raise ImportProblem(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportProblem(_("The file is too big: at most %(mb)s MB.") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})
    kind = sniff(data[:16])
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportProblem(_("This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8 and try again."))
    if kind == "zip":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportProblem(_("The spreadsheet could not be opened. Save it again as .xlsx (or as CSV UTF-8) and try again."))
        return _read_xlsx(data)
    if kind == "text" or kind is None:
        return _read_csv(data)
    raise ImportProblem(_("This does not look like a CSV file or a spreadsheet. Use a .csv or .xlsx file."))


def _header_key(text):
    return re.sub(r"[^a-z0-9]+", "_", (text or "").strip().lower()).strip("_")


def _problem(row, column, message):
    return {"row": row, "field": column, "message": str(message)}


def check_rows(plan, rows):
    """(good rows as dicts, errors). Row numbers count the heading row as 1, as a spreadsheet does."""
    errors = []
    while rows and not any(_text(cell) for cell in rows[-1]):
        rows = rows[:-1]
    if not rows:
        return [], [_problem(1, "", _("The file is empty."))]
    header = [_header_key(cell) for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        return [], [_problem(1, "", _("The file has too many columns. Use the template's columns."))]
    known = set(COLUMNS)
    for position, key in enumerate(header):
        if key and key not in known:
            errors.append(_problem(1, rows[0][position].strip()[:80],
                                   _("We do not know this column. Use the columns of the template: %(columns)s.")
                                   % {"columns": ", ".join(COLUMNS)}))
        elif not key:
            errors.append(_problem(1, "", _("Column %(n)s has no heading. Give it one of the template's headings, or remove it.")
                                   % {"n": position + 1}))
    seen = set()
    for key in header:
        if key in seen and key:
            errors.append(_problem(1, key, _("This column appears twice. Keep one.")))
        seen.add(key)
    missing = [name for name, (required, _what, _eg) in COLUMNS.items() if required and name not in header]
    for name in missing:
        errors.append(_problem(1, name, _("This column is missing. Add it: every policy needs it.")))
    if errors:
        return [], errors
    body = rows[1:]
    if len(body) > MAX_ROWS:
        return [], [_problem(1, "", _("The file has more than %(n)s rows. Split it into smaller files.") % {"n": MAX_ROWS})]
    if not any(any(_text(cell) for cell in row) for row in body):
        return [], [_problem(2, "", _("There are no policies under the headings."))]

    groups = {group.name.strip().lower(): group for group in Organisation.objects.filter(commons=plan.commons)}
    existing_demands = {demand.number: demand for demand in plan.demands.all()}
    demand_rows = {}  # number -> (row, title, summary)
    policy_rows = {}  # number -> row
    good = []
    for index, raw in enumerate(body, start=2):
        if not any(_text(cell) for cell in raw):
            continue  # an empty row between policies
        cells = {key: (raw[position] if position < len(raw) else "") for position, key in enumerate(header)}
        row_errors, flagged = [], set()

        def bad(column, message, _row=index, _errors=row_errors, _flagged=flagged):
            _errors.append(_problem(_row, column, message))
            _flagged.add(column)

        values = {}
        for key, value in cells.items():
            value = (value or "").strip()
            if value.startswith("'"):
                value = value[1:]  # the apostrophe spreadsheets use to keep text as text
            elif value.startswith("="):
                bad(key, _("This cell holds a formula. Type the words or number themselves."))
                value = ""
            if len(value) > MAX_CELL:
                bad(key, _("This cell is too long: at most %(n)s characters.") % {"n": MAX_CELL})
                value = ""
            elif key in LIMITS and len(value) > LIMITS[key]:
                bad(key, _("This cell is too long: at most %(n)s characters.") % {"n": LIMITS[key]})
            values[key] = value
        for position in range(len(header), len(raw)):
            if _text(raw[position]):
                bad("", _("Column %(n)s has something in it but no heading. Move it to a column with a heading.") % {"n": position + 1})
                break

        number = None
        if "policy_number" in flagged:
            pass
        elif not values.get("policy_number"):
            bad("policy_number", _("The policy number is missing."))
        elif not values["policy_number"].isdigit() or int(values["policy_number"]) < 1:
            bad("policy_number", _("The policy number must be a whole number from 1 up, like 3."))
        else:
            number = int(values["policy_number"])
            if number in policy_rows:
                bad("policy_number", _("Policy %(number)s is already in row %(row)s. Each policy number can be used once.")
                    % {"number": number, "row": policy_rows[number]})
            else:
                policy_rows[number] = index
        if not values.get("policy_title") and "policy_title" not in flagged:
            bad("policy_title", _("The policy title is missing."))
        if not values.get("policy_summary") and "policy_summary" not in flagged:
            bad("policy_summary", _("The plain-words summary is missing. Every policy needs one: what it means, in words a 12-year-old understands."))

        demand_number = None
        if values.get("demand_number"):
            if not values["demand_number"].isdigit() or int(values["demand_number"]) < 1:
                bad("demand_number", _("The demand number must be a whole number from 1 up, like 2."))
            else:
                demand_number = int(values["demand_number"])
                title, summary = values.get("demand_title", ""), values.get("demand_summary", "")
                if demand_number in demand_rows:
                    first_row, first_title, _first_summary = demand_rows[demand_number]
                    if title and first_title and title != first_title:
                        bad("demand_title", _("Demand %(number)s has another title in row %(row)s. Use the same title, or leave it empty here.")
                            % {"number": demand_number, "row": first_row})
                    if title and not first_title:
                        demand_rows[demand_number] = (first_row, title, summary or _first_summary)
                else:
                    if not title and demand_number not in existing_demands:
                        bad("demand_title", _("Demand %(number)s is new: give its title the first time it appears.") % {"number": demand_number})
                    demand_rows[demand_number] = (index, title, summary)
        elif values.get("demand_title") or values.get("demand_summary"):
            bad("demand_number", _("Give the demand a number, or leave its title and summary empty."))

        shaped = []
        if values.get("shaped_by"):
            names = [name.strip() for name in values["shaped_by"].split(";") if name.strip()]
            unknown = [name for name in names if name.lower() not in groups]
            if unknown:
                bad("shaped_by", _("We do not know these groups: %(names)s. Use the names of the network's groups, separated by ;")
                    % {"names": ", ".join(unknown)})
            shaped = [groups[name.lower()] for name in names if name.lower() in groups]
        if bool(values.get("divergent_view")) != bool(values.get("divergent_view_held_by")):
            if values.get("divergent_view"):
                bad("divergent_view_held_by", _("Say who holds the divergent view."))
            else:
                bad("divergent_view", _("Write the divergent view, or leave who holds it empty."))

        errors.extend(row_errors)
        if not row_errors:
            good.append({"row": index, "number": number, "values": values, "demand_number": demand_number, "shaped": shaped,
                         "has_shaped": "shaped_by" in header})
    demands = {number: (title, summary) for number, (_row, title, summary) in demand_rows.items()}
    return {"policies": good, "demands": demands}, errors


def _apply(plan, checked):
    demands = {demand.number: demand for demand in plan.demands.all()}
    for number, (title, summary) in sorted(checked["demands"].items()):
        demand = demands.get(number)
        if demand is None:
            demands[number] = Demand.objects.create(plan=plan, number=number, title=title, summary=summary)
        elif title or summary:
            demand.title, demand.summary = title or demand.title, summary or demand.summary
            demand.save()
    policies = {policy.number: policy for policy in plan.policies.prefetch_related("divergent_views")}
    added = changed = 0
    for item in checked["policies"]:
        values = item["values"]
        policy = policies.get(item["number"])
        if policy is None:
            policy = Policy(plan=plan, number=item["number"])
            added += 1
        else:
            changed += 1
        policy.title, policy.summary = values["policy_title"], values["policy_summary"]
        if "full_text" in values:
            policy.full_text = values["full_text"]
        if "shaped_by_note" in values:
            policy.shaped_by_note = values["shaped_by_note"]
        if item["demand_number"] is not None:
            policy.demand = demands[item["demand_number"]]
        policy.save()
        if item["has_shaped"]:
            policy.shaped_by.set(item["shaped"])
        view, held_by = values.get("divergent_view"), values.get("divergent_view_held_by")
        known = policy.divergent_views.all() if item["number"] in policies else []
        if view and not any(d.view == view and d.held_by == held_by for d in known):
            DivergentView.objects.create(policy=policy, held_by=held_by, view=view)
    return added, changed


def plan_import(*, actor, plan, filename, data):
    """Check the file and, if every row is good, add or update the plan's demands and policies in one
    transaction. Returns the ``PlanImport`` (with ``errors`` and ``applied_at``)."""
    commons = plan.commons
    _require(actor, commons)
    filename = (filename or "plan.csv").replace("\\", "/").rsplit("/", 1)[-1][:200]
    rows_count = 0
    try:
        rows = read_table(data)
        rows_count = max(len(rows) - 1, 0)
        checked, errors = check_rows(plan, rows)
    except ImportProblem as problem:
        checked, errors = None, [_problem(None, "", str(problem))]
    kept = errors[:MAX_ERRORS]
    if len(errors) > MAX_ERRORS:
        kept.append(_problem(None, "", _("And %(n)s more problems. Fix these first, then try again.") % {"n": len(errors) - MAX_ERRORS}))
    person = getattr(actor, "person", None)
    with transaction.atomic():
        record = PlanImport.objects.create(plan=plan, filename=filename, rows=rows_count, errors=kept, made_by=person)
        if errors:
            audit_record(actor=actor, action="lab.plan_import.refuse", obj=record, commons=commons,
                         reason=f"{len(errors)} problems in {rows_count} rows")
            return record
    with transaction.atomic():
        added, changed = _apply(plan, checked)
        record.applied_at = timezone.now()
        record.save(update_fields=["applied_at"])
        audit_record(actor=actor, action="lab.plan_import.apply", obj=record, commons=commons,
                     reason=f"{added} policies added, {changed} changed")
    record.added, record.changed = added, changed
    return record


def template_csv():
    """The template file: the headings, then one example row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(COLUMNS))
    writer.writerow([example for _required, _what, example in COLUMNS.values()])
    return "\ufeff" + out.getvalue()


# --- glossary --------------------------------------------------------------------------------------

def _clean_term(commons, *, term, meaning, instance=None):
    errors = {}
    if not _text(term):
        errors["term"] = _("Write the word or phrase.")
    if not _text(meaning):
        errors["meaning"] = _("Say what it means, in plain words.")
    taken = GlossaryTerm.objects.filter(commons=commons, term__iexact=_text(term))
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if _text(term) and taken.exists():
        errors["term"] = _("This word is already in the glossary. Change that one instead.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def term_create(*, actor, commons, term, meaning, also=""):
    _require(actor, commons)
    _clean_term(commons, term=term, meaning=meaning)
    row = GlossaryTerm.objects.create(commons=commons, term=_text(term), also=_text(also), meaning=_text(meaning))
    audit_record(actor=actor, action="lab.glossary.create", obj=row, commons=commons)
    return row


@transaction.atomic
def term_update(*, actor, entry, term, meaning, also=""):
    commons = entry.commons
    _require(actor, commons)
    _clean_term(commons, term=term, meaning=meaning, instance=entry)
    entry.term, entry.also, entry.meaning = _text(term), _text(also), _text(meaning)
    entry.save()
    audit_record(actor=actor, action="lab.glossary.update", obj=entry, commons=commons)
    return entry


@transaction.atomic
def term_delete(*, actor, entry):
    _require(actor, entry.commons)
    audit_record(actor=actor, action="lab.glossary.delete", obj=entry, commons=entry.commons)
    entry.delete()


@transaction.atomic
def glossary_add_starter(*, actor, commons):
    """Add the starter words the commons does not have yet (by word, whatever the case): safe to
    press twice, and words an organiser has changed are left as they are. Returns how many were added."""
    _require(actor, commons)
    have = {term.lower() for term in GlossaryTerm.objects.filter(commons=commons).values_list("term", flat=True)}
    new = [GlossaryTerm(commons=commons, term=str(term), also=also, meaning=str(meaning))
           for term, also, meaning in STARTER if str(term).lower() not in have]
    GlossaryTerm.objects.bulk_create(new)
    audit_record(actor=actor, action="lab.glossary.starter", commons=commons, object_type="lab.glossaryterm",
                 reason=f"{len(new)} words added")
    return len(new)


# (word, other ways of writing it, what it means): planning and care words in plain language
STARTER = [
    (gettext_lazy("London Plan"), "",
     gettext_lazy("The Mayor of London's plan for how land in the whole city is used: homes, jobs, transport, green "
                  "spaces. Every borough's own plan has to fit with it.")),
    (gettext_lazy("Local plan"), "local development plan, borough plan",
     gettext_lazy("A council's plan for how land in its borough is used for the next 15 years or so. Decisions on "
                  "planning applications have to follow it.")),
    (gettext_lazy("Section 106"), "S106, section 106 agreement",
     gettext_lazy("An agreement a developer signs with the council to get planning permission: for example to build "
                  "some affordable homes, or pay for a play area or a health centre.")),
    (gettext_lazy("Community Infrastructure Levy"), "CIL",
     gettext_lazy("A charge the council takes on most new buildings. The money pays for things an area needs, like "
                  "schools, parks and health centres. Part of it is for the neighbourhood to decide on.")),
    (gettext_lazy("Commissioning"), "commissioned, commissioner",
     gettext_lazy("How a council or the NHS decides which services people need, and then chooses and pays someone "
                  "to provide them.")),
    (gettext_lazy("Co-production"), "co-produced, coproduction",
     gettext_lazy("Local people and groups working with councils and services as equal partners: deciding together, "
                  "sharing power, being open, and with support and resources so everyone can take part.")),
    (gettext_lazy("Social prescribing"), "social prescriber, link worker",
     gettext_lazy("When a doctor or nurse connects someone to local activities and support, such as a lunch club, a "
                  "walking group or advice, not only to medicine.")),
    (gettext_lazy("Integrated care board"), "ICB",
     gettext_lazy("The NHS body that plans and pays for most health services in an area, working with the councils "
                  "there.")),
    (gettext_lazy("Place-based"), "place based",
     gettext_lazy("Starting from a neighbourhood and the people, groups and places in it, rather than from one service "
                  "or one problem.")),
    (gettext_lazy("Health inequalities"), "health inequality",
     gettext_lazy("Unfair differences in health between groups of people: for example, people in poorer areas often "
                  "live shorter lives and are ill for longer.")),
    (gettext_lazy("Neighbourhood forum"), "",
     gettext_lazy("A group of local people and businesses allowed to write a neighbourhood plan for their area.")),
    (gettext_lazy("Consultation"), "consult, consulted",
     gettext_lazy("When a council or other body asks people what they think before it decides. It does not have to "
                  "do what people say, but it should listen and explain its decision.")),
    (gettext_lazy("Adult social care"), "social care",
     gettext_lazy("Help for adults who need support to live their lives, for example with washing, dressing, eating "
                  "or getting out, because of age, illness or disability. Councils arrange it.")),
    (gettext_lazy("Care Act assessment"), "needs assessment, care needs assessment",
     gettext_lazy("A conversation with the council about what help someone needs. Under the Care Act 2014 anyone who "
                  "seems to need care and support has the right to one, and so do carers.")),
    (gettext_lazy("Asset of community value"), "ACV",
     gettext_lazy("A building or piece of land, such as a pub, market or community hall, listed by the council because "
                  "it matters to local people. If it is sold, the community gets time to bid for it.")),
    (gettext_lazy("Community-led"), "community led",
     gettext_lazy("Started and steered by local people and groups themselves, not by a council or a company.")),
]
