"""Writes for the commons' own questionnaires: create, change, copy, lock; questions and factors
(add, change, remove, move); and the starter social climate survey. A questionnaire used by a
survey round is locked: every change is refused with a reason, and "Make a copy to change" gives
an unlocked copy. Audit events record who did what to which questionnaire, never the wording."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.evaluation.models import Factor, ItemKind, OwnInstrument, OwnItem

SCALE_LOWEST, SCALE_HIGHEST = 0, 10


def locked_reason():
    return _("This questionnaire is used by a survey round, so its questions can't change (answers must mean "
             "the same thing every time). Make a copy to change it.")


def _audit(actor, action, obj, commons):
    audit_record(actor=actor, action=f"evaluation.{action}", obj=obj, commons=commons)


def _fresh(instrument):
    """The questionnaire again, with a row lock, refused if it is locked."""
    row = OwnInstrument.objects.select_for_update(of=("self",)).get(pk=instrument.pk)
    if row.locked:
        raise ValidationError(locked_reason())
    return row


def _unique_key(wanted, taken, fallback):
    base = (slugify(wanted)[:34].strip("-") or fallback).replace("-", "_")
    key, number = base, 2
    while key in taken:
        key = f"{base}_{number}"
        number += 1
    return key


def _next_order(queryset):
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


# --- the questionnaire ---------------------------------------------------------------------------------


@transaction.atomic
def own_instrument_create(*, actor, commons, name, introduction=""):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the questionnaire a name.")})
    instrument = OwnInstrument.objects.create(commons=commons, name=name, introduction=introduction.strip(), created_by=actor)
    _audit(actor, "own_instrument.create", instrument, commons)
    return instrument


@transaction.atomic
def own_instrument_update(*, actor, instrument, name, introduction=""):
    row = _fresh(instrument)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the questionnaire a name.")})
    row.name, row.introduction = name, (introduction or "").strip()
    row.save(update_fields=["name", "introduction", "updated"])
    _audit(actor, "own_instrument.update", row, row.commons)
    return row


@transaction.atomic
def own_instrument_delete(*, actor, instrument):
    row = _fresh(instrument)
    _audit(actor, "own_instrument.delete", row, row.commons)
    row.delete()


@transaction.atomic
def own_instrument_lock(*, instrument, actor=None):
    """Fix the questions for good (a survey round uses them). Safe to call again."""
    row = OwnInstrument.objects.select_for_update(of=("self",)).get(pk=instrument.pk)
    if not row.locked:
        row.locked = True
        row.save(update_fields=["locked", "updated"])
        _audit(actor, "own_instrument.lock", row, row.commons)
    instrument.locked = True
    return row


@transaction.atomic
def own_instrument_copy(*, actor, instrument, name=None):
    """An unlocked copy with the same factors and questions, to change."""
    source = OwnInstrument.objects.get(pk=instrument.pk)
    copy = OwnInstrument.objects.create(
        commons=source.commons, name=(name or _("%(name)s (copy)") % {"name": source.name})[:200],
        introduction=source.introduction, created_by=actor)
    factors = {}
    for factor in source.factors.all():
        factors[factor.pk] = Factor.objects.create(instrument=copy, key=factor.key, name=factor.name,
                                                   description=factor.description, order=factor.order)
    OwnItem.objects.bulk_create([
        OwnItem(instrument=copy, key=item.key, text=item.text, kind=item.kind, scale_min=item.scale_min,
                scale_max=item.scale_max, min_label=item.min_label, max_label=item.max_label, choices=list(item.choices or []),
                reverse=item.reverse, factor=factors.get(item.factor_id), order=item.order)
        for item in source.items.all()])
    _audit(actor, "own_instrument.copy", copy, copy.commons)
    return copy


# --- questions -------------------------------------------------------------------------------------------


def _clean_item(instrument, *, text, kind, scale_min, scale_max, min_label, max_label, choices, reverse, factor):
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the question.")
    if kind not in ItemKind.values:
        errors["kind"] = _("Choose the type of question.")
    choices = [str(choice).strip() for choice in (choices or []) if str(choice).strip()]
    if kind == ItemKind.SCALE:
        if scale_min is None or scale_max is None or not SCALE_LOWEST <= scale_min < scale_max <= SCALE_HIGHEST:
            errors["scale_max"] = _("The highest answer must be more than the lowest, both from 0 to 10.")
        choices = []
    else:
        scale_min, scale_max, min_label, max_label = 1, 5, "", ""
        if reverse:
            errors["reverse"] = _("Only scale questions can be reverse scored.")
        if factor is not None:
            errors["factor"] = _("Only scale questions count towards a part of the questionnaire.")
    if kind == ItemKind.CHOICE:
        if len(choices) < 2:
            errors["choices"] = _("Give at least two answers to choose from, one on each line.")
        elif len(set(choices)) != len(choices):
            errors["choices"] = _("Each answer to choose from must be different.")
    elif kind == ItemKind.TEXT:
        choices = []
    if factor is not None and factor.instrument_id != instrument.pk:
        errors["factor"] = _("Choose a part of this questionnaire.")
    if errors:
        raise ValidationError(errors)
    return {"text": text, "kind": kind, "scale_min": scale_min, "scale_max": scale_max,
            "min_label": (min_label or "").strip(), "max_label": (max_label or "").strip(), "choices": choices,
            "reverse": bool(reverse), "factor": factor}


@transaction.atomic
def own_item_add(*, actor, instrument, text, kind=ItemKind.SCALE, scale_min=1, scale_max=5, min_label="", max_label="",
                 choices=(), reverse=False, factor=None, key=""):
    row = _fresh(instrument)
    fields = _clean_item(row, text=text, kind=kind, scale_min=scale_min, scale_max=scale_max, min_label=min_label,
                         max_label=max_label, choices=choices, reverse=reverse, factor=factor)
    taken = set(row.items.values_list("key", flat=True))
    if key and key in taken:
        raise ValidationError({"key": _("Another question already has this short name.")})
    item = OwnItem.objects.create(instrument=row, key=key or _unique_key(text, taken, "question"),
                                  order=_next_order(row.items), **fields)
    _audit(actor, "own_item.add", row, row.commons)
    return item


@transaction.atomic
def own_item_update(*, actor, item, text, kind, scale_min=1, scale_max=5, min_label="", max_label="", choices=(),
                    reverse=False, factor=None):
    row = _fresh(item.instrument)
    fields = _clean_item(row, text=text, kind=kind, scale_min=scale_min, scale_max=scale_max, min_label=min_label,
                         max_label=max_label, choices=choices, reverse=reverse, factor=factor)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    _audit(actor, "own_item.update", row, row.commons)
    return item


@transaction.atomic
def own_item_remove(*, actor, item):
    row = _fresh(item.instrument)
    item.delete()
    _audit(actor, "own_item.remove", row, row.commons)


def _move(queryset, obj, direction):
    rows = list(queryset.order_by("order", "pk"))
    index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    for order, row in enumerate(rows, start=1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order", "updated"])
    return True


@transaction.atomic
def own_item_move(*, actor, item, direction):
    """Move a question one place "up" or "down" (nothing happens at either end)."""
    row = _fresh(item.instrument)
    if _move(row.items.all(), item, direction):
        _audit(actor, "own_item.move", row, row.commons)


# --- factors (parts of the questionnaire scored together) -------------------------------------------------------


def _clean_factor(instrument, *, key, name, factor=None):
    errors = {}
    name = (name or "").strip()
    key = (key or "").strip() or slugify(name)[:40].replace("-", "_")
    if not name:
        errors["name"] = _("Give this part a name.")
    if not key or slugify(key).replace("-", "_") != key.replace("-", "_") or len(key) > 40:
        errors["key"] = _("Use only small letters, numbers, - and _ (up to 40).")
    elif instrument.factors.filter(key=key).exclude(pk=getattr(factor, "pk", None)).exists():
        errors["key"] = _("Another part already has this short name.")
    if errors:
        raise ValidationError(errors)
    return key, name


@transaction.atomic
def factor_add(*, actor, instrument, name, key="", description=""):
    row = _fresh(instrument)
    key, name = _clean_factor(row, key=key, name=name)
    factor = Factor.objects.create(instrument=row, key=key, name=name, description=(description or "").strip(),
                                   order=_next_order(row.factors))
    _audit(actor, "own_factor.add", row, row.commons)
    return factor


@transaction.atomic
def factor_update(*, actor, factor, name, key="", description=""):
    row = _fresh(factor.instrument)
    factor.key, factor.name = _clean_factor(row, key=key or factor.key, name=name, factor=factor)
    factor.description = (description or "").strip()
    factor.save()
    _audit(actor, "own_factor.update", row, row.commons)
    return factor


@transaction.atomic
def factor_remove(*, actor, factor):
    """Remove a part; its questions stay, counting towards no part."""
    row = _fresh(factor.instrument)
    factor.delete()
    _audit(actor, "own_factor.remove", row, row.commons)


@transaction.atomic
def factor_move(*, actor, factor, direction):
    row = _fresh(factor.instrument)
    if _move(row.factors.all(), factor, direction):
        _audit(actor, "own_factor.move", row, row.commons)


# --- the starter social climate survey ---------------------------------------------------------------------

STARTER_FACTOR_KEYS = ("wellbeing", "caregiving", "unity", "belonging", "inclusion")


def _starter():
    """(factor key, name, description, [(text, reverse)]) in plain words. Answers 1-5."""
    return [
        ("wellbeing", _("Well-being"), _("How people feel in themselves."), [
            (_("I feel good about my life these days."), False),
            (_("I have enough energy for the things I want to do."), False),
            (_("I often feel worn out or low."), True),
        ]),
        ("caregiving", _("Caregiving relationships"), _("How care is given and received between people."), [
            (_("The people who help me know what matters to me."), False),
            (_("I can say what I need, and people listen."), False),
            (_("Giving or getting care here often feels rushed."), True),
        ]),
        ("unity", _("Group unity and cohesion"), _("How well the group pulls together."), [
            (_("People in our group help each other out."), False),
            (_("We sort out disagreements in a fair way."), False),
            (_("I feel some people in our group work against each other."), True),
        ]),
        ("belonging", _("Community connection and belonging"), _("Feeling part of the neighbourhood and its people."), [
            (_("I feel I belong in this community."), False),
            (_("I know people nearby I could ask for help."), False),
            (_("I often feel like an outsider here."), True),
        ]),
        ("inclusion", _("Inclusive decision-making"), _("Whether everyone has a say in decisions."), [
            (_("My views are taken into account when decisions are made."), False),
            (_("Decisions are explained in words I understand."), False),
            (_("Decisions are made by a few people without asking the rest of us."), True),
        ]),
    ]


def starter_climate_find(commons):
    """The commons' starter social climate survey (the first with all five starter parts), or None."""
    queryset = OwnInstrument.objects.filter(commons=commons)
    for key in STARTER_FACTOR_KEYS:
        queryset = queryset.filter(factors__key=key)
    return queryset.order_by("created", "pk").first()


@transaction.atomic
def starter_climate_ensure(*, actor, commons):
    """Create (once) the commons' "Social climate survey": five parts, three 1-5 agree/disagree
    questions each, one of each three reverse scored, and one free-text question at the end.
    Returns it (existing or new)."""
    from caringcity.core.models import Commons

    Commons.objects.select_for_update(of=("self",)).filter(pk=commons.pk).first()  # one at a time per commons
    existing = starter_climate_find(commons)
    if existing:
        return existing
    instrument = OwnInstrument.objects.create(
        commons=commons, name=_("Social climate survey"), created_by=actor,
        introduction=_("These questions are about how things feel in our teams, circles and neighbourhood. There are no "
                       "right or wrong answers. Say how much you agree with each sentence. You can skip any question."))
    order = 0
    for factor_order, (key, name, description, questions) in enumerate(_starter(), start=1):
        factor = Factor.objects.create(instrument=instrument, key=key, name=name, description=description, order=factor_order)
        for number, (text, reverse) in enumerate(questions, start=1):
            order += 1
            OwnItem.objects.create(instrument=instrument, key=f"{key}_{number}", text=text, kind=ItemKind.SCALE,
                                   scale_min=1, scale_max=5, min_label=_("Strongly disagree"),
                                   max_label=_("Strongly agree"), reverse=reverse, factor=factor, order=order)
    # One question in people's own words (its answers may become quotes, if the writer allows it).
    OwnItem.objects.create(instrument=instrument, key="helps_most", kind=ItemKind.TEXT, order=order + 1,
                           text=_("What helps you most here? You can leave this blank."))
    _audit(actor, "own_instrument.starter", instrument, commons)
    return instrument
