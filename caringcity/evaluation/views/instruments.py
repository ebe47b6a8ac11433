"""instruments pages (see docs/evaluation-instruments.md): the Questionnaires tab lists the
published questionnaires, licensed ones (ready, or "needs a licence") and the commons' own; one
questionnaire's page shows its questions, how it is scored in plain words, its source and notice;
a preview shows it as the person would see it. Organisers build their own questionnaires here:
name and introduction, questions and parts (factors), in order. A questionnaire used by a round is
locked; "Make a copy to change" gives an unlocked copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.evaluation import keys
from caringcity.evaluation.forms import instruments as forms
from caringcity.evaluation.instruments import own, registry
from caringcity.evaluation.selectors import instruments as selectors
from caringcity.evaluation.services import instruments as services
from caringcity.evaluation.views.base import E, _act, _submit, member_commons, register_tab, render_evaluation

Q = E + "questionnaires/"
OWN = Q + "own/<uuid:uuid>/"

register_tab(30, gettext_lazy("Questionnaires"), "instruments", "evaluation.view_questionnaires")

VIEW, BUILD = "evaluation.view_questionnaires", "evaluation.build_questionnaires"


def _wording(instrument):
    """How the instrument's own wording is shown: its language, and whether to mark it as the
    official wording in another language than the page's."""
    if instrument.own:
        return {"wording_lang": "", "wording_marked": False, "wording_language": ""}
    page = (get_language() or "en").split("-")[0]
    language = instrument.language or "en"
    try:
        name = get_language_info(language)["name_translated"]
    except KeyError:
        name = language
    return {"wording_lang": language, "wording_marked": page not in instrument.official_languages, "wording_language": name}


def _own(commons, uuid):
    try:
        return selectors.own_instrument_for_editing(commons, uuid)
    except LookupError as exc:
        raise Http404 from exc


def _detail_url(commons, record):
    return reverse("evaluation:instrument", args=[commons.slug, record.key])


def _crumbs(commons, record=None):
    if record is None:
        return {"crumb_url": reverse("evaluation:instruments", args=[commons.slug]), "crumb_label": _("Questionnaires")}
    return {"crumb_url": _detail_url(commons, record), "crumb_label": record.name}


def _form(request, commons, form, *, title, intro="", submit_label=None, cancel_url, record=None):
    ctx = {"form": form, "title": title, "intro": intro, "submit_label": submit_label, "cancel_url": cancel_url,
           **_crumbs(commons, record)}
    status = 400 if form.is_bound and form.errors else 200
    return render_evaluation(request, "evaluation/instruments/form.html", commons, ctx, status=status)


def _confirm(request, commons, ctx):
    """The "are you sure?" page of a deletion or removal (always the red button)."""
    return render_evaluation(request, "evaluation/confirm.html", commons, {**ctx, "danger": True})


def _refuse_if_locked(request, commons, record):
    """On a locked questionnaire, editing pages say why and go back to it."""
    if record.locked:
        messages.error(request, services.locked_reason())
        return redirect(_detail_url(commons, record))
    return None


# --- the list, one questionnaire, the preview ------------------------------------------------------------


@login_required
def instruments(request, slug):
    commons = member_commons(request, slug, VIEW)
    entries = registry.listing(commons)
    ctx = {"published": [e for e in entries if e.kind == "published"],
           "licensed": [e for e in entries if e.kind == "licensed"],
           "own": [e for e in entries if e.kind == "own"],
           "can_build": request.user.has_perm(BUILD, commons)}
    return render_evaluation(request, "evaluation/instruments/list.html", commons, ctx)


def _instrument_and_record(commons, key):
    if keys.is_own(key):
        try:
            record = selectors.own_instrument_for_editing(commons, key[len(keys.OWN_PREFIX):])
        except LookupError as exc:
            raise Http404 from exc
        return own.build(record), record
    try:
        return registry.get(commons, key), None
    except LookupError as exc:
        raise Http404 from exc


def _numbered(instrument, record, factor_names):
    """[(number, Item, OwnItem or None, part name)] in order; the OwnItem (own questionnaires) gives
    the editing links."""
    by_key = {item.key: item for item in (record.items.all() if record else [])}
    return [(number, item, by_key.get(item.key), factor_names.get(item.factor, item.factor))
            for number, item in enumerate(instrument.items, start=1)]


@login_required
def instrument(request, slug, key):
    commons = member_commons(request, slug, VIEW)
    instrument_, record = _instrument_and_record(commons, key)
    can_build = record is not None and request.user.has_perm(BUILD, commons)
    factors = list(record.factors.all()) if record else []
    names = {factor.key: factor.name for factor in factors}
    ctx = {"instrument": instrument_, "record": record, "questions": _numbered(instrument_, record, names),
           "factors": factors, "can_build": can_build, "can_edit": can_build and not record.locked,
           "measures": [(measure, registry.bands(instrument_.key, measure.key)) for measure in instrument_.measures],
           **_wording(instrument_), **_crumbs(commons)}
    return render_evaluation(request, "evaluation/instruments/detail.html", commons, ctx)


@login_required
def instrument_preview(request, slug, key):
    commons = member_commons(request, slug, VIEW)
    instrument_, record = _instrument_and_record(commons, key)
    ctx = {"instrument": instrument_, "questions": list(enumerate(instrument_.items, start=1)),
           "crumb_url": reverse("evaluation:instrument", args=[commons.slug, instrument_.key]),
           "crumb_label": instrument_.name, **_wording(instrument_)}
    return render_evaluation(request, "evaluation/instruments/preview.html", commons, ctx)


# --- building own questionnaires ----------------------------------------------------------------------


@login_required
def own_create(request, slug):
    commons = member_commons(request, slug, BUILD)
    form = forms.OwnInstrumentForm(request.POST or None)
    made = {}

    def call(data):
        made["record"] = services.own_instrument_create(actor=request.user, commons=commons, **data)

    if _submit(request, form, call, _("Questionnaire made. Now add its questions.")):
        return redirect(_detail_url(commons, made["record"]))
    return _form(request, commons, form, title=_("New questionnaire"), submit_label=_("Make the questionnaire"),
                 intro=_("Give it a name and the words people see first. You add the questions next."),
                 cancel_url=reverse("evaluation:instruments", args=[commons.slug]))


@login_required
def own_edit(request, slug, uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    refused = _refuse_if_locked(request, commons, record)
    if refused:
        return refused
    form = forms.OwnInstrumentForm(request.POST or None, initial={"name": record.name, "introduction": record.introduction})
    if _submit(request, form, lambda data: services.own_instrument_update(actor=request.user, instrument=record, **data), _("Saved.")):
        return redirect(_detail_url(commons, record))
    return _form(request, commons, form, title=_("Change the name and introduction"), cancel_url=_detail_url(commons, record), record=record)


@login_required
@require_POST
def own_copy(request, slug, uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    made = {}

    def call():
        made["record"] = services.own_instrument_copy(actor=request.user, instrument=record)

    if _act(request, call, _("Copy made. You can change this copy.")):
        return redirect(_detail_url(commons, made["record"]))
    return redirect(_detail_url(commons, record))


@login_required
def own_delete(request, slug, uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    refused = _refuse_if_locked(request, commons, record)
    if refused:
        return refused
    if request.method == "POST":
        if _act(request, lambda: services.own_instrument_delete(actor=request.user, instrument=record), _("Questionnaire deleted.")):
            return redirect("evaluation:instruments", commons.slug)
        return redirect(_detail_url(commons, record))
    ctx = {"title": _("Delete “%(name)s”?") % {"name": record.name},
           "explanation": _("The questionnaire and its questions are deleted. No survey round has used it, so no answers are lost."),
           "confirm_label": _("Delete the questionnaire"), "cancel_url": _detail_url(commons, record), **_crumbs(commons, record)}
    return _confirm(request, commons, ctx)


def _item(record, item_uuid):
    item = next((item for item in record.items.all() if item.uuid == item_uuid), None)
    if item is None:
        raise Http404
    return item


def _factor(record, factor_uuid):
    factor = next((factor for factor in record.factors.all() if factor.uuid == factor_uuid), None)
    if factor is None:
        raise Http404
    return factor


def _item_data(data):
    return {"text": data["text"], "kind": data["kind"], "scale_min": data.get("scale_min"), "scale_max": data.get("scale_max"),
            "min_label": data.get("min_label", ""), "max_label": data.get("max_label", ""), "choices": data.get("choices") or [],
            "reverse": data.get("reverse", False), "factor": data.get("factor")}


@login_required
def item_add(request, slug, uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    refused = _refuse_if_locked(request, commons, record)
    if refused:
        return refused
    form = forms.OwnItemForm(request.POST or None, instrument=record)
    if _submit(request, form, lambda data: services.own_item_add(actor=request.user, instrument=record, **_item_data(data)), _("Question added.")):
        return redirect(_detail_url(commons, record) + "#questions")
    return _form(request, commons, form, title=_("Add a question"), submit_label=_("Add the question"),
                 cancel_url=_detail_url(commons, record), record=record)


@login_required
def item_edit(request, slug, uuid, item_uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    item = _item(record, item_uuid)
    refused = _refuse_if_locked(request, commons, record)
    if refused:
        return refused
    form = forms.OwnItemForm(request.POST or None, instrument=record, initial=forms.OwnItemForm.initial_for(item))
    if _submit(request, form, lambda data: services.own_item_update(actor=request.user, item=item, **_item_data(data)), _("Question saved.")):
        return redirect(_detail_url(commons, record) + "#questions")
    return _form(request, commons, form, title=_("Change a question"), cancel_url=_detail_url(commons, record), record=record)


@login_required
def item_remove(request, slug, uuid, item_uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    item = _item(record, item_uuid)
    refused = _refuse_if_locked(request, commons, record)
    if refused:
        return refused
    if request.method == "POST":
        _act(request, lambda: services.own_item_remove(actor=request.user, item=item), _("Question removed."))
        return redirect(_detail_url(commons, record) + "#questions")
    ctx = {"title": _("Remove this question?"), "quote": item.text, "confirm_label": _("Remove the question"),
           "cancel_url": _detail_url(commons, record), **_crumbs(commons, record)}
    return _confirm(request, commons, ctx)


def _move(request, slug, uuid, pick, service, anchor):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    obj = pick(record)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise Http404
    _act(request, lambda: service(obj, direction), _("Moved."))
    return redirect(_detail_url(commons, record) + anchor)


@login_required
@require_POST
def item_move(request, slug, uuid, item_uuid):
    return _move(request, slug, uuid, lambda record: _item(record, item_uuid),
                 lambda item, direction: services.own_item_move(actor=request.user, item=item, direction=direction), "#questions")


@login_required
def factor_add(request, slug, uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    refused = _refuse_if_locked(request, commons, record)
    if refused:
        return refused
    form = forms.FactorForm(request.POST or None)
    if _submit(request, form, lambda data: services.factor_add(actor=request.user, instrument=record, **data), _("Part added.")):
        return redirect(_detail_url(commons, record) + "#parts")
    return _form(request, commons, form, title=_("Add a part"), submit_label=_("Add the part"), record=record,
                 intro=_("A part groups scale questions that are scored together, for example \"Group unity and cohesion\"."),
                 cancel_url=_detail_url(commons, record))


@login_required
def factor_edit(request, slug, uuid, factor_uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    factor = _factor(record, factor_uuid)
    refused = _refuse_if_locked(request, commons, record)
    if refused:
        return refused
    form = forms.FactorForm(request.POST or None, initial={"name": factor.name, "key": factor.key, "description": factor.description})
    if _submit(request, form, lambda data: services.factor_update(actor=request.user, factor=factor, **data), _("Part saved.")):
        return redirect(_detail_url(commons, record) + "#parts")
    return _form(request, commons, form, title=_("Change a part"), cancel_url=_detail_url(commons, record), record=record)


@login_required
def factor_remove(request, slug, uuid, factor_uuid):
    commons = member_commons(request, slug, BUILD)
    record = _own(commons, uuid)
    factor = _factor(record, factor_uuid)
    refused = _refuse_if_locked(request, commons, record)
    if refused:
        return refused
    if request.method == "POST":
        _act(request, lambda: services.factor_remove(actor=request.user, factor=factor), _("Part removed."))
        return redirect(_detail_url(commons, record) + "#parts")
    ctx = {"title": _("Remove the part “%(name)s”?") % {"name": factor.name},
           "explanation": _("Its questions stay in the questionnaire; they just no longer count towards a part."),
           "confirm_label": _("Remove the part"), "cancel_url": _detail_url(commons, record), **_crumbs(commons, record)}
    return _confirm(request, commons, ctx)


@login_required
@require_POST
def factor_move(request, slug, uuid, factor_uuid):
    return _move(request, slug, uuid, lambda record: _factor(record, factor_uuid),
                 lambda factor, direction: services.factor_move(actor=request.user, factor=factor, direction=direction), "#parts")


urlpatterns = [
    path(Q, instruments, name="instruments"),
    path(Q + "new/", own_create, name="instrument_new"),
    path(OWN + "edit/", own_edit, name="instrument_edit"),
    path(OWN + "copy/", own_copy, name="instrument_copy"),
    path(OWN + "delete/", own_delete, name="instrument_delete"),
    path(OWN + "questions/new/", item_add, name="instrument_item_add"),
    path(OWN + "questions/<uuid:item_uuid>/edit/", item_edit, name="instrument_item_edit"),
    path(OWN + "questions/<uuid:item_uuid>/remove/", item_remove, name="instrument_item_remove"),
    path(OWN + "questions/<uuid:item_uuid>/move/", item_move, name="instrument_item_move"),
    path(OWN + "parts/new/", factor_add, name="instrument_factor_add"),
    path(OWN + "parts/<uuid:factor_uuid>/edit/", factor_edit, name="instrument_factor_edit"),
    path(OWN + "parts/<uuid:factor_uuid>/remove/", factor_remove, name="instrument_factor_remove"),
    path(OWN + "parts/<uuid:factor_uuid>/move/", factor_move, name="instrument_factor_move"),
    path(Q + "<str:key>/", instrument, name="instrument"),
    path(Q + "<str:key>/preview/", instrument_preview, name="instrument_preview"),
]
