"""Writes of the coding part (see docs/stories-coding.md): themes, codebook import, coded passages
and the quote bank. Only the project's research team (``stories.research``) writes here. Audit
events say who did what to which record, never the words."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record
from caringcity.stories import refiqda
from caringcity.stories.refiqda.model import normal_color
from caringcity.stories.models import Code, Passage, ReviewHow, StoryQuote, SummaryState
from caringcity.stories.selectors import coding as selectors
from caringcity.stories.selectors.interviews import material_interviews

NAME_MAX = 120


def _require(actor, project):
    if not actor.has_perm("stories.research", project):
        raise PermissionDenied


def _person(actor, project):
    from caringcity.stories.access import project_standing

    return project_standing(actor, project).person


def _audit(actor, action, obj, project, reason=""):
    audit_record(actor=actor, action=action, obj=obj, commons=project.commons, reason=reason)


# --- themes -------------------------------------------------------------------------------------------

def _clean_code(project, *, name, colour, parent, code=None):
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the theme a name.")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("Keep the name under %(count)s letters.") % {"count": NAME_MAX}})
    if parent is not None:
        if parent.project_id != project.pk:
            raise ValidationError({"parent": _("Choose a theme of this project.")})
        if code is not None:
            codes = list(Code.objects.filter(project=project))
            if parent.pk == code.pk or parent.pk in selectors.descendants(code, codes):
                raise ValidationError({"parent": _("A theme cannot go under itself or under a theme inside it.")})
    siblings = Code.objects.filter(project=project, parent=parent, name__iexact=name)
    if code is not None:
        siblings = siblings.exclude(pk=code.pk)
    if siblings.exists():
        raise ValidationError({"name": _("There is already a theme with this name here.")})
    colour = (colour or "").strip()
    try:
        colour = normal_color(colour) or "#1D70B8"
    except refiqda.RefiQdaError as error:
        raise ValidationError({"colour": _("Choose a colour from the list.")}) from error
    return name, colour.lower()


@transaction.atomic
def code_create(*, actor, project, name, colour="", description="", parent=None):
    _require(actor, project)
    name, colour = _clean_code(project, name=name, colour=colour, parent=parent)
    last = Code.objects.filter(project=project, parent=parent).aggregate(last=Max("order"))["last"]
    code = Code.objects.create(project=project, parent=parent, name=name, colour=colour,
                               description=(description or "").strip(), order=0 if last is None else last + 1)
    _audit(actor, "stories.code.create", code, project)
    return code


@transaction.atomic
def code_update(*, actor, code, name, colour="", description="", parent=None):
    project = code.project
    _require(actor, project)
    name, colour = _clean_code(project, name=name, colour=colour, parent=parent, code=code)
    if parent != code.parent:
        last = Code.objects.filter(project=project, parent=parent).aggregate(last=Max("order"))["last"]
        code.order = 0 if last is None else last + 1
    code.name, code.colour, code.description, code.parent = name, colour, (description or "").strip(), parent
    code.save()
    _audit(actor, "stories.code.update", code, project)
    return code


@transaction.atomic
def code_move(*, actor, code, direction):
    """Move a theme up or down among the themes beside it (same parent)."""
    project = code.project
    _require(actor, project)
    siblings = [c for c, _depth in selectors.code_tree(list(Code.objects.filter(project=project, parent=code.parent_id)))]
    index = next(i for i, c in enumerate(siblings) if c.pk == code.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        raise ValidationError(_("This theme cannot move further that way."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for number, sibling in enumerate(siblings):
        if sibling.order != number:
            Code.objects.filter(pk=sibling.pk).update(order=number)
    _audit(actor, "stories.code.move", code, project)


def code_remove_problem(code):
    """Why the theme cannot simply be removed (None: it can)."""
    if code.children.exists():
        return _("Other themes are inside it. Move or remove them first.")
    count = code.passages.count()
    if count:
        return _("%(count)s coded passages use it. Move them to another theme first, or keep the theme.") % {"count": count}
    return None


@transaction.atomic
def code_remove(*, actor, code, move_to=None):
    """Remove a theme. Refused while themes are inside it; refused while passages use it unless
    ``move_to`` (another theme of the project) takes them."""
    project = code.project
    _require(actor, project)
    if code.children.exists():
        raise ValidationError(_("Other themes are inside it. Move or remove them first."))
    if move_to is not None:
        if move_to.project_id != project.pk or move_to.pk == code.pk:
            raise ValidationError({"move_to": _("Choose another theme of this project.")})
        for passage in code.passages.all():
            passage.codes.add(move_to)
    elif code.passages.exists():
        raise ValidationError({"move_to": _("%(count)s coded passages use it. Choose a theme to move them to.")
                               % {"count": code.passages.count()}})
    _audit(actor, "stories.code.remove", code, project, reason="moved" if move_to is not None else "")
    code.delete()


@transaction.atomic
def codebook_import(*, actor, project, data):
    """Add the themes of a .qdc codebook (nested, with colours and descriptions). A theme whose
    guid is already one of this project's is updated. Any problem: nothing is imported and the
    problem is named. Returns how many themes were added and updated."""
    _require(actor, project)
    try:
        codes = refiqda.read_qdc(data)
    except refiqda.RefiQdaError as error:
        raise ValidationError({"file": str(error)}) from error
    if not codes:
        raise ValidationError({"file": _("The codebook has no themes.")})
    existing = {code.uuid: code for code in Code.objects.filter(project=project)}
    taken = set(Code.objects.filter(uuid__in=[c.guid for top in codes for c in top.walk()])
                .exclude(project=project).values_list("uuid", flat=True))
    counts = {"added": 0, "updated": 0}

    def place(items, parent):
        names = set()
        for order, item in enumerate(items):
            name = " ".join((item.name or "").split())
            if not name:
                raise ValidationError({"file": _("A theme in the codebook has no name.")})
            if len(name) > NAME_MAX:
                raise ValidationError({"file": _("The theme “%(name)s…” has a name longer than %(count)s letters.")
                                       % {"name": name[:40], "count": NAME_MAX}})
            if name.lower() in names:
                raise ValidationError({"file": _("The codebook has the theme “%(name)s” twice in one place.") % {"name": name}})
            names.add(name.lower())
            code = existing.get(item.guid)
            fields = {"name": name, "colour": (item.color or "#1D70B8").lower(), "description": item.description or "",
                      "parent": parent}
            if code is not None:
                for key, value in fields.items():
                    setattr(code, key, value)
                code.save()
                counts["updated"] += 1
            else:
                clash = Code.objects.filter(project=project, parent=parent, name__iexact=name).first()
                if clash is not None:
                    code = clash
                    code.colour, code.description = fields["colour"], fields["description"] or code.description
                    code.save()
                    counts["updated"] += 1
                else:
                    code = Code(project=project, order=order, **fields)
                    if item.guid not in taken:
                        code.uuid = item.guid
                    code.save()
                    counts["added"] += 1
            place(item.children, code)

    last = Code.objects.filter(project=project, parent=None).aggregate(last=Max("order"))["last"]
    place(codes, None)
    if last is not None:  # new top themes go after the ones already there
        for code in Code.objects.filter(project=project, parent=None, order__lte=last).exclude(uuid__in=existing):
            code.order = code.order + last + 1
            code.save(update_fields=["order"])
    _audit(actor, "stories.codebook.import", project, project, reason=f"added {counts['added']}, updated {counts['updated']}")
    return counts


# --- coded passages -------------------------------------------------------------------------------------

def _locate(text, words, occurrence=None, start=None, end=None):
    """(start, end) of ``words`` in ``text``: the given offsets when they hold exactly these words,
    else the ``occurrence``-th time they appear (the first by default)."""
    if start is not None and end is not None and 0 <= start < end <= len(text) and text[start:end] == words:
        return start, end
    if start is not None and end is not None and 0 <= start < end <= len(text) and text[start:end].strip() == words:
        inner = text[start:end]
        begin = start + (len(inner) - len(inner.lstrip()))
        return begin, begin + len(words)
    positions, at = [], text.find(words)
    while at != -1:
        positions.append(at)
        at = text.find(words, at + 1)
    if not positions:
        raise ValidationError({"words": _("These words are not in the text. Copy them exactly as they are written.")})
    number = occurrence or 1
    if number < 1 or number > len(positions):
        raise ValidationError({"occurrence": _("These words appear %(count)s times. Choose a number from 1 to %(count)s.")
                               % {"count": len(positions)}})
    return positions[number - 1], positions[number - 1] + len(words)


@transaction.atomic
def passage_create(*, actor, interview, codes, words, turn=None, summary_version=None, occurrence=None,
                   start=None, end=None, memo=""):
    """Code the ``words`` of one turn (or of the approved summary version) with ``codes``."""
    project = interview.project
    _require(actor, project)
    if not material_interviews(project).filter(pk=interview.pk).exists():
        raise ValidationError(_("This interview cannot be coded now."))
    if (turn is None) == (summary_version is None):
        raise ValidationError(_("Choose a turn or the summary to code."))
    if turn is not None:
        if turn.transcript.interview_id != interview.pk:
            raise ValidationError(_("Choose a turn of this interview."))
        text = turn.text
    else:
        summary = summary_version.summary
        if (summary.interview_id != interview.pk or summary.state != SummaryState.APPROVED
                or summary.approved_version_id != summary_version.pk):
            raise ValidationError(_("Only the approved summary can be coded."))
        text = summary_version.text
    codes = _clean_codes(project, codes)
    words = (words or "").strip()
    if not words:
        raise ValidationError({"words": _("Copy the words you want to code.")})
    begin, finish = _locate(text, words, occurrence, start, end)
    passage = Passage.objects.create(interview=interview, turn=turn, summary_version=summary_version, start=begin,
                                     end=finish, text=text[begin:finish], memo=(memo or "").strip(),
                                     coded_by=_person(actor, project))
    passage.codes.set(codes)
    _audit(actor, "stories.passage.code", passage, project)
    return passage


def _clean_codes(project, codes):
    codes = list(codes or [])
    if not codes:
        raise ValidationError({"codes": _("Choose at least one theme.")})
    if any(code.project_id != project.pk for code in codes):
        raise ValidationError({"codes": _("Choose themes of this project.")})
    return codes


@transaction.atomic
def passage_update(*, actor, passage, codes, memo=""):
    """Change the themes and the note of a coded passage (its words stay: remove it and code again)."""
    project = passage.interview.project
    _require(actor, project)
    codes = _clean_codes(project, codes)
    before = set(passage.codes.values_list("pk", flat=True))
    passage.memo = (memo or "").strip()
    passage.save(update_fields=["memo", "updated"])
    passage.codes.set(codes)
    after = {code.pk for code in codes}
    _audit(actor, "stories.passage.update", passage, project,
           f"{len(after - before)} themes added, {len(before - after)} taken off")
    return passage


@transaction.atomic
def passage_remove(*, actor, passage):
    """Remove a coding. Refused while a quote in the bank uses it (withdraw the quote first)."""
    project = passage.interview.project
    _require(actor, project)
    if passage.quotes.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError(_("A quote in the quote bank uses these words. Withdraw the quote first."))
    _audit(actor, "stories.passage.remove", passage, project)
    passage.delete()


# --- the quote bank ---------------------------------------------------------------------------------------

def _name_parts(person):
    parts = {person.name, getattr(person, "preferred_name", "") or ""}
    parts.update(person.name.split())
    return {part.lower() for part in parts if len(part) >= 3}


@transaction.atomic
def quote_create(*, actor, passage, use, attribution="", words=""):
    """Put a coded passage (or part of it) in the quote bank, to be used ``use`` (named or
    anonymised) as the interview's agreement allows. Named: said by the person's name. Anonymised:
    a description that never holds their name. A quote from their approved summary counts as
    approved by that approval; any other waits for the person's approval."""
    interview = passage.interview
    project = interview.project
    _require(actor, project)
    if not material_interviews(project).filter(pk=interview.pk).exists():
        raise ValidationError(_("This interview cannot be used now."))
    agreement = selectors.current_agreements([interview.pk]).get(interview.pk)
    if use not in selectors.USE_NEEDS:
        raise ValidationError({"use": _("Choose how the quote may be used.")})
    if agreement is None or not agreement.allows(selectors.USE_NEEDS[use]):
        raise ValidationError({"use": _("Their agreement does not allow this use.")})
    words = " ".join((words or "").split()) or " ".join(passage.text.split())
    if words not in " ".join(passage.text.split()):
        raise ValidationError({"words": _("A quote can only use words of the passage.")})
    respondent = interview.respondent
    if use == StoryQuote.QuoteUse.NAMED:
        attribution = respondent.name  # a named quote says who said it: their name, as agreed
    else:
        attribution = " ".join((attribution or "").split())
        if not attribution:
            raise ValidationError({"attribution": _("Say who said it without their name, for example “A market trader”.")})
        if any(part in attribution.lower() for part in _name_parts(respondent)):
            raise ValidationError({"attribution": _("An anonymised quote must not carry their name.")})
    if len(attribution) > 200:
        raise ValidationError({"attribution": _("Keep it under 200 letters.")})
    quote = StoryQuote(interview=interview, passage=passage, text=words, use=use, attribution=attribution)
    version = passage.summary_version
    if version is not None:
        summary = version.summary
        if summary.state == SummaryState.APPROVED and summary.approved_version_id == version.pk:
            quote.approved_at = summary.approved_at or timezone.now()
            quote.approved_how = summary.approved_how if summary.approved_how in ReviewHow.values else ""
            quote.approved_by = summary.approval_recorded_by
    quote.save()
    _audit(actor, "stories.quote.create", quote, project, reason=use)
    return quote


@transaction.atomic
def quote_approve(*, actor, quote, how, recorded_by=None):
    """Record that the person approved the quote, how (``ReviewHow``) and who recorded it."""
    project = quote.interview.project
    _require(actor, project)
    if quote.withdrawn_at is not None:
        raise ValidationError(_("This quote was withdrawn."))
    if how not in ReviewHow.values:
        raise ValidationError({"how": _("Choose how they approved it.")})
    if recorded_by is not None and not project.researchers.filter(person=recorded_by).exists():
        raise ValidationError({"recorded_by": _("Choose someone on the research team.")})
    quote.approved_at = timezone.now()
    quote.approved_how = how
    quote.approved_by = recorded_by or _person(actor, project)
    quote.save()
    _audit(actor, "stories.quote.approve", quote, project, reason=how)
    return quote


@transaction.atomic
def quote_withdraw(*, actor, quote):
    """Withdraw a quote: it leaves the bank's usable list and every report at once."""
    project = quote.interview.project
    _require(actor, project)
    if quote.withdrawn_at is not None:
        raise ValidationError(_("This quote was already withdrawn."))
    quote.withdrawn_at = timezone.now()
    quote.save()
    _audit(actor, "stories.quote.withdraw", quote, project)
    return quote
