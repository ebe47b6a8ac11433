"""Pages of the events part (see docs/lab-events.md).

Members (``/c/<commons>/lab/``): the events, an event's page; organisers also create, change and
cancel events, see registrations with the needs to plan for, take attendance (at the door or
afterwards, one form that works without JavaScript), write notes and outcomes, record payments
(totals, CSV, 360Giving) and enter the benchmarks. Every member sees who was around the table
(``lab:table``), as counts of at least ``LAB_SMALL_GROUP`` people.

Anyone (``/lab/<commons>/``): public events and their pages (with schema.org Event JSON-LD), signing
up, the private manage link, the iCalendar feed and one event's .ics, and the open data."""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.lab import giving360, table
from caringcity.lab.forms import events as forms
from caringcity.lab.models import Benchmark, Payment, Registration
from caringcity.lab.selectors import events as selectors
from caringcity.lab.services import events as services
from caringcity.lab.views.base import (
    L, PUBLIC, _act, _submit, member_commons, public_commons, register_public_tab, register_section, register_tab, render_lab,
    render_public,
)

KEEP = "lab.keep_events"

register_tab(50, gettext_lazy("Events"), "events")
register_tab(55, gettext_lazy("Around the table"), "table")
register_tab(56, gettext_lazy("Payments"), "payments", KEEP)
register_public_tab(50, gettext_lazy("Events"), "public_events")


def _crumb(commons, event=None):
    if event is not None:
        return {"crumb_url": reverse("lab:event", args=[commons.slug, event.uuid]), "crumb_label": event.title}
    return {"crumb_url": reverse("lab:events", args=[commons.slug]), "crumb_label": _("Events")}


def _form(request, commons, form, *, title, cancel_url, submit_label=None, template="lab/events/form.html", **extra):
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label, **extra}
    return render_lab(request, template, commons, ctx, status=status)


def _confirm(request, commons, *, title, explanation, confirm_label, cancel_url, **extra):
    ctx = {"title": title, "explanation": explanation, "confirm_label": confirm_label, "cancel_url": cancel_url, "danger": True, **extra}
    return render_lab(request, "lab/confirm.html", commons, ctx)


def _download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas: make them plain text."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


_LD_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld(data):
    """JSON for a ``<script type="application/ld+json">``, escaped as ``json_script`` does so no
    text can close the script element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_LD_ESCAPES))


def _event_ctx(request, commons, event, *, public):
    per_table = selectors.event_table(event, selectors.benchmarks_for(commons)) if event.starts_at <= timezone.now() else None
    return {"event": event, "places_left": selectors.places_left(event), "is_over": event.ends_at < timezone.now(),
            "mine": selectors.my_registration(request.user, event), "around": per_table, "public_page": public,
            "may_register": services.may_register(request.user, event)}


# --- members' pages ----------------------------------------------------------------------------------

@login_required
def events(request, slug):
    commons = member_commons(request, slug)
    coming, past = selectors.split_events(list(selectors.events_for(commons, public_only=False)))
    return render_lab(request, "lab/events/list.html", commons,
                      {"coming": coming, "past": past, "can_keep": request.user.has_perm(KEEP, commons)})


def _event_form(request, commons, event=None):
    initial = {"kind": "workshop", "public": True}
    if event is not None:
        initial = {name: getattr(event, name) for name in services.FIELDS}
        initial["starts_at"] = timezone.localtime(event.starts_at)
        initial["ends_at"] = timezone.localtime(event.ends_at)
        initial["policies"] = list(event.policies.all())
        initial["proposals"] = list(event.proposals or [])
    return forms.EventForm(request.POST or None, commons=commons, user=request.user, initial=initial)


@login_required
def event_create(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = _event_form(request, commons)
    made = {}

    def call(data):
        made["event"] = services.event_create(actor=request.user, commons=commons, **data)

    if _submit(request, form, call, _("The event is saved.")):
        return redirect("lab:event", commons.slug, made["event"].uuid)
    return _form(request, commons, form, title=_("Plan an event"), cancel_url=reverse("lab:events", args=[commons.slug]),
                 submit_label=_("Save the event"), **_crumb(commons))


def _event(request, slug, uuid, perm="lab.view"):
    commons = member_commons(request, slug, perm)
    return commons, selectors.get_event(commons, uuid, public_only=False)


@login_required
def event(request, slug, uuid):
    commons, ev = _event(request, slug, uuid)
    ctx = _event_ctx(request, commons, ev, public=False)
    can_keep = request.user.has_perm(KEEP, commons)
    ctx.update({"can_keep": can_keep, "proposals": selectors.proposals_shown(ev, request.user), **_crumb(commons)})
    if can_keep:
        ctx["needs"] = selectors.needs_summary(selectors.registrations_for(ev))
    return render_lab(request, "lab/events/event.html", commons, ctx)


@login_required
def event_edit(request, slug, uuid):
    commons, ev = _event(request, slug, uuid, KEEP)
    form = _event_form(request, commons, ev)
    if _submit(request, form, lambda data: services.event_update(actor=request.user, event=ev, **data), _("The event is saved.")):
        return redirect("lab:event", commons.slug, ev.uuid)
    return _form(request, commons, form, title=_("Change the event"), cancel_url=reverse("lab:event", args=[commons.slug, ev.uuid]),
                 submit_label=_("Save the event"), **_crumb(commons, ev))


@login_required
def event_cancel(request, slug, uuid):
    commons, ev = _event(request, slug, uuid, KEEP)
    if request.method == "POST":
        if _act(request, lambda: services.event_cancel(actor=request.user, event=ev), _("The event is cancelled.")):
            return redirect("lab:event", commons.slug, ev.uuid)
    return _confirm(request, commons, title=_("Cancel “%(title)s”?") % {"title": ev.title},
                    explanation=_("It stays listed, marked as cancelled, and calendars that follow our feed show it as cancelled. "
                                  "Tell the people who signed up: their contact details are on the sign-ups page."),
                    confirm_label=_("Cancel the event"), cancel_url=reverse("lab:event", args=[commons.slug, ev.uuid]),
                    refusal=_("This event is already cancelled.") if ev.cancelled_at else None, **_crumb(commons, ev))


@login_required
def event_registrations(request, slug, uuid):
    commons, ev = _event(request, slug, uuid, KEEP)
    regs = selectors.registrations_for(ev)
    ctx = {"event": ev, "registrations": regs, "needs": selectors.needs_summary(regs), **_crumb(commons, ev)}
    return render_lab(request, "lab/events/registrations.html", commons, ctx)


@login_required
def event_attendance(request, slug, uuid):
    """Attendance at the door or afterwards: one form, a checkbox for each person."""
    commons, ev = _event(request, slug, uuid, KEEP)
    regs = selectors.registrations_for(ev)
    walk_in = forms.WalkInForm(commons=commons)
    if request.method == "POST":
        present = request.POST.getlist("present")
        if _act(request, lambda: services.attendance_record(actor=request.user, event=ev, present=present),
                _("Attendance is saved.")):
            return redirect("lab:event_attendance", commons.slug, ev.uuid)
    return _attendance_page(request, commons, ev, regs, walk_in)


def _attendance_page(request, commons, ev, regs, walk_in, status=200):
    too_early = timezone.localdate(ev.starts_at) > timezone.localdate()
    ctx = {"event": ev, "registrations": regs, "walk_in": walk_in, "too_early": too_early,
           "taken": any(r.attended is not None for r in regs), "present_count": sum(1 for r in regs if r.attended),
           **_crumb(commons, ev)}
    return render_lab(request, "lab/events/attendance.html", commons, ctx, status=status)


@login_required
@require_POST
def event_walk_in(request, slug, uuid):
    commons, ev = _event(request, slug, uuid, KEEP)
    form = forms.WalkInForm(request.POST, commons=commons)
    if _submit(request, form, lambda data: services.walk_in_add(actor=request.user, event=ev, **data),
               _("They are added as there.")):
        return redirect("lab:event_attendance", commons.slug, ev.uuid)
    return _attendance_page(request, commons, ev, selectors.registrations_for(ev), form, status=400)


@login_required
def event_outcomes(request, slug, uuid):
    commons, ev = _event(request, slug, uuid, KEEP)
    form = forms.OutcomesForm(request.POST or None, initial={"notes": ev.notes, "outcomes": ev.outcomes})
    if _submit(request, form, lambda data: services.event_outcomes_set(actor=request.user, event=ev, **data),
               _("The notes and outcomes are saved.")):
        return redirect("lab:event", commons.slug, ev.uuid)
    return _form(request, commons, form, title=_("Notes and outcomes of “%(title)s”") % {"title": ev.title},
                 cancel_url=reverse("lab:event", args=[commons.slug, ev.uuid]), **_crumb(commons, ev))


# --- payments -------------------------------------------------------------------------------------------

@login_required
def payments(request, slug):
    commons = member_commons(request, slug, KEEP)
    items = selectors.payments_for(commons)
    ctx = {"payments": items, "totals": selectors.payment_totals(items), "prefix": giving360.prefix(commons)}
    return render_lab(request, "lab/events/payments.html", commons, ctx)


def _payment_form(request, ev, payment=None):
    initial = {"paid_on": timezone.localdate(), "kind": Payment.Kind.VOUCHER}
    if payment is not None:
        initial = {"registration": payment.registration, "recipient_label": "" if payment.registration_id else payment.recipient_label,
                   "kind": payment.kind, "amount": payment.amount_pence / 100, "paid_on": payment.paid_on,
                   "funder": payment.funder, "grant_reference": payment.grant_reference, "note": payment.note}
    return forms.PaymentForm(request.POST or None, event=ev, initial=initial)


@login_required
def payment_create(request, slug, uuid):
    commons, ev = _event(request, slug, uuid, KEEP)
    form = _payment_form(request, ev)
    if _submit(request, form, lambda data: services.payment_create(actor=request.user, event=ev, **data), _("The payment is saved.")):
        return redirect("lab:event", commons.slug, ev.uuid)
    return _form(request, commons, form, title=_("Record a payment, voucher or expenses"),
                 cancel_url=reverse("lab:event", args=[commons.slug, ev.uuid]), submit_label=_("Save the payment"), **_crumb(commons, ev))


def _payment(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    try:
        payment = Payment.objects.select_related("event", "event__commons").get(uuid=uuid, event__commons=commons)
    except (Payment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return commons, payment


@login_required
def payment_edit(request, slug, uuid):
    commons, payment = _payment(request, slug, uuid)
    form = _payment_form(request, payment.event, payment)
    if _submit(request, form, lambda data: services.payment_update(actor=request.user, payment=payment, **data),
               _("The payment is saved.")):
        return redirect("lab:payments", commons.slug)
    return _form(request, commons, form, title=_("Change a payment"), cancel_url=reverse("lab:payments", args=[commons.slug]),
                 remove_url=reverse("lab:payment_delete", args=[commons.slug, payment.uuid]),
                 crumb_url=reverse("lab:payments", args=[commons.slug]), crumb_label=_("Payments"))


@login_required
def payment_delete(request, slug, uuid):
    commons, payment = _payment(request, slug, uuid)
    if request.method == "POST":
        if _act(request, lambda: services.payment_delete(actor=request.user, payment=payment), _("The payment is removed.")):
            return redirect("lab:payments", commons.slug)
    return _confirm(request, commons, title=_("Remove this payment?"),
                    explanation=_("Totals and exports will no longer count it."), confirm_label=_("Remove the payment"),
                    cancel_url=reverse("lab:payments", args=[commons.slug]),
                    crumb_url=reverse("lab:payments", args=[commons.slug]), crumb_label=_("Payments"))


@login_required
def payments_csv(request, slug):
    """Every payment for the organisers' own books (names included: only organisers download it)."""
    commons = member_commons(request, slug, KEEP)
    response = _download("", "text/csv; charset=utf-8", f"{commons.slug}-payments.csv")
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(["id", "event", "event_date", "paid_to", "kind", "amount_gbp", "paid_on", "funder", "grant_reference", "note"])
    for p in selectors.payments_for(commons):
        writer.writerow([_cell(v) for v in [p.uuid, p.event.title, timezone.localtime(p.event.starts_at).date().isoformat(),
                                            p.recipient_label, p.get_kind_display(), f"{p.amount_pence / 100:.2f}",
                                            p.paid_on.isoformat(), p.funder.name if p.funder else "", p.grant_reference, p.note]])
    return response


@login_required
def payments_360_json(request, slug):
    commons = member_commons(request, slug, KEEP)
    data = giving360.package(selectors.payments_for(commons), commons)
    response = _download(json.dumps(data, ensure_ascii=False, indent=2), "application/json; charset=utf-8",
                         f"{commons.slug}-360giving.json")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def payments_360_csv(request, slug):
    commons = member_commons(request, slug, KEEP)
    response = _download("", "text/csv; charset=utf-8", f"{commons.slug}-360giving.csv")
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(giving360.CSV_COLUMNS)
    for row in giving360.rows(selectors.payments_for(commons), commons):
        writer.writerow([_cell(v) for v in row])
    return response


# --- who was around the table ------------------------------------------------------------------------

@login_required
def around_table(request, slug):
    commons = member_commons(request, slug)
    per_event, by_quarter = selectors.commons_tables(commons)
    quarters = [(selectors.quarter_label(year, q), count, t) for (year, q), count, t in by_quarter]
    ctx = {"per_event": per_event, "quarters": quarters, "benchmarks": selectors.benchmarks_for(commons),
           "can_keep": request.user.has_perm(KEEP, commons), "small": table.small_group()}
    return render_lab(request, "lab/events/table.html", commons, ctx)


@login_required
def benchmarks(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = forms.BenchmarkForm(request.POST or None)
    if _submit(request, form, lambda data: services.benchmark_save(actor=request.user, commons=commons, **data),
               _("The figure is saved.")):
        return redirect("lab:benchmarks", commons.slug)
    rows = [(b, table.SHORT.get(b.characteristic, b.characteristic), table.value_label(b.characteristic, b.value))
            for b in selectors.benchmarks_for(commons) if b.characteristic in table.CHARACTERISTICS]
    ctx = {"form": form, "rows": rows, "crumb_url": reverse("lab:table", args=[commons.slug]), "crumb_label": _("Around the table")}
    return render_lab(request, "lab/events/benchmarks.html", commons, ctx, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def benchmark_delete(request, slug, uuid):
    commons = member_commons(request, slug, KEEP)
    try:
        bench = Benchmark.objects.get(commons=commons, uuid=uuid)
    except (Benchmark.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    _act(request, lambda: services.benchmark_delete(actor=request.user, benchmark=bench), _("The figure is removed."))
    return redirect("lab:benchmarks", commons.slug)


# --- public pages ------------------------------------------------------------------------------------

def public_events(request, slug):
    commons = public_commons(slug)
    coming, past = selectors.split_events(list(selectors.events_for(commons, public_only=True)))
    return render_public(request, "lab/events/public_list.html", commons, {"coming": coming, "past": past})


def public_event(request, slug, uuid):
    commons = public_commons(slug)
    ev = selectors.get_event(commons, uuid, public_only=True)
    ctx = _event_ctx(request, commons, ev, public=True)
    ctx.update({"jsonld": jsonld(selectors.event_jsonld(ev)),
                "crumb_url": reverse("lab:public_events", args=[commons.slug]), "crumb_label": _("Events")})
    return render_public(request, "lab/events/public_event.html", commons, ctx)


def _registrable(request, slug, uuid):
    commons = public_commons(slug)
    ev = selectors.get_event(commons, uuid, public_only=False)
    if not services.may_register(request.user, ev):
        raise Http404
    return commons, ev


def _reg_page(request, commons, ev, form, *, title, submit_label, status=None, **extra):
    ctx = {"event": ev, "form": form, "title": title, "submit_label": submit_label,
           "small": table.small_group(), "places_left": selectors.places_left(ev),
           "event_url": _event_url(commons, ev), "crumb_url": _event_url(commons, ev), "crumb_label": ev.title, **extra}
    status = status or (400 if form.is_bound and form.errors else 200)
    return render_public(request, "lab/events/register.html", commons, ctx, status=status)


def _event_url(commons, ev):
    return reverse("lab:public_event" if ev.public else "lab:event", args=[commons.slug, ev.uuid])


def event_register(request, slug, uuid):
    """Sign up, signed in or not. A signed-out person is sent on to their private manage link."""
    commons, ev = _registrable(request, slug, uuid)
    mine = selectors.my_registration(request.user, ev)
    if mine is not None:
        return redirect("lab:my_registration", commons.slug, ev.uuid)
    initial = {"childcare": 0}
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is not None:
        initial.update({"name": person.name, "email": person.email})
    form = forms.RegistrationForm(request.POST or None, commons=commons, initial=initial)
    made = {}

    def call(data):
        made["registration"], made["token"] = services.registration_create(actor=request.user, event=ev, **data)

    closed = None
    if ev.cancelled_at:
        closed = _("This event is cancelled.")
    elif ev.ends_at < timezone.now():
        closed = _("This event is over.")
    if not closed and _submit(request, form, call):
        registration = made["registration"]
        waiting = registration.state == Registration.State.WAITING
        messages.success(request, _("You are on the waiting list. We will move you up if a place comes free.") if waiting
                         else _("You are signed up. Thank you!"))
        if made["token"]:
            return redirect("lab:registration_manage", commons.slug, ev.uuid, made["token"])
        return redirect("lab:my_registration", commons.slug, ev.uuid)
    return _reg_page(request, commons, ev, form, title=_("Sign up for “%(title)s”") % {"title": ev.title},
                     submit_label=_("Join the waiting list") if selectors.places_left(ev) == 0 else _("Sign up"), closed=closed)


def _manage(request, slug, uuid, token=None):
    commons = public_commons(slug)
    ev = selectors.get_event(commons, uuid, public_only=False)
    if token is not None:
        registration = services.registration_by_token(ev, token)
    else:
        if not request.user.is_authenticated:
            raise Http404
        registration = selectors.my_registration(request.user, ev)
    if registration is None or not services.may_manage(request.user, registration, token):
        raise Http404
    return commons, ev, registration


def registration_manage(request, slug, uuid, token=None):
    """Change a sign-up (the person themself: signed in, or with their manage link)."""
    commons, ev, registration = _manage(request, slug, uuid, token)
    form = forms.RegistrationForm(request.POST or None, commons=commons, initial=forms.registration_initial(registration))
    if _submit(request, form, lambda data: services.registration_update(actor=request.user, registration=registration, token=token, **data),
               _("Your sign-up is saved.")):
        return redirect(request.path)
    cancel_url = (reverse("lab:registration_cancel", args=[commons.slug, ev.uuid, token]) if token
                  else reverse("lab:my_registration_cancel", args=[commons.slug, ev.uuid]))
    ahead = None
    if registration.state == Registration.State.WAITING:
        ahead = ev.registrations.filter(state=Registration.State.WAITING, created__lt=registration.created).count()
    response = _reg_page(request, commons, ev, form, title=_("Your place at “%(title)s”") % {"title": ev.title},
                         submit_label=_("Save the changes"), registration=registration, manage=True,
                         manage_url=request.build_absolute_uri(request.path) if token else None,
                         cancel_registration_url=cancel_url, ahead=ahead)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def registration_cancel(request, slug, uuid, token=None):
    commons, ev, registration = _manage(request, slug, uuid, token)
    back = (reverse("lab:registration_manage", args=[commons.slug, ev.uuid, token]) if token
            else reverse("lab:my_registration", args=[commons.slug, ev.uuid]))
    if request.method == "POST":
        try:
            services.registration_cancel(actor=request.user, registration=registration, token=token)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("Your sign-up is cancelled. Thank you for letting us know."))
        return redirect(_event_url(commons, ev))
    ctx = {"title": _("Cancel your place at “%(title)s”?") % {"title": ev.title},
           "explanation": _("Your place goes to the next person on the waiting list, if there is one."),
           "confirm_label": _("Cancel my place"), "cancel_url": back, "danger": True, "crumb_url": back, "crumb_label": ev.title}
    response = render_public(request, "lab/events/public_confirm.html", commons, ctx)
    response["Referrer-Policy"] = "no-referrer"
    return response


def events_ics(request, slug):
    commons = public_commons(slug)
    body = selectors.calendar(selectors.events_for(commons, public_only=True).select_related("commons").order_by("starts_at"),
                              name=_("Events of %(name)s") % {"name": commons.name})
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{commons.slug}-events.ics"'
    return response


def event_ics(request, slug, uuid):
    commons = public_commons(slug)
    ev = selectors.get_event(commons, uuid, public_only=True)
    return _download(selectors.calendar([ev], name=ev.title), "text/calendar; charset=utf-8", "event.ics")


def events_csv(request, slug):
    commons = public_commons(slug)
    response = _download("", "text/csv; charset=utf-8", f"{commons.slug}-events.csv")
    writer = csv.writer(response)
    writer.writerow(selectors.OPEN_COLUMNS)
    for row in selectors.open_data(commons):
        row["policies"] = " ".join(row["policies"])
        writer.writerow([_cell(row[c]) for c in selectors.OPEN_COLUMNS])
    return response


def events_json(request, slug):
    commons = public_commons(slug)
    response = JsonResponse({"commons": commons.name, "events": selectors.open_data(commons)}, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{commons.slug}-events.json"'
    return response


# --- sections on other parts' pages ------------------------------------------------------------------

def _next_members(request, commons, _obj):
    coming = selectors.upcoming(commons, public_only=False)
    return {"coming": coming, "public": False} if coming else None


def _next_public(request, commons, _obj):
    coming = selectors.upcoming(commons, public_only=True)
    return {"coming": coming, "public": True} if coming else None


def _partnership_table(request, commons, partnership):
    events_, around = selectors.partnership_table(partnership)
    if not events_:
        return None
    return {"partnership_events": events_, "around": around, "small": table.small_group()}


register_section("home", 50, "lab/events/_next.html", _next_members)
register_section("public_home", 50, "lab/events/_next.html", _next_public)
register_section("partnership", 50, "lab/events/_partnership_table.html", _partnership_table)


E = L + "events/<uuid:uuid>/"
P = PUBLIC + "events/<uuid:uuid>/"

urlpatterns = [
    path(L + "events/", events, name="events"),
    path(L + "events/new/", event_create, name="event_create"),
    path(E, event, name="event"),
    path(E + "change/", event_edit, name="event_edit"),
    path(E + "cancel/", event_cancel, name="event_cancel"),
    path(E + "sign-ups/", event_registrations, name="event_registrations"),
    path(E + "attendance/", event_attendance, name="event_attendance"),
    path(E + "attendance/walk-in/", event_walk_in, name="event_walk_in"),
    path(E + "outcomes/", event_outcomes, name="event_outcomes"),
    path(E + "payments/new/", payment_create, name="payment_create"),
    path(L + "payments/", payments, name="payments"),
    path(L + "payments/payments.csv", payments_csv, name="payments_csv"),
    path(L + "payments/360giving.json", payments_360_json, name="payments_360_json"),
    path(L + "payments/360giving.csv", payments_360_csv, name="payments_360_csv"),
    path(L + "payments/<uuid:uuid>/", payment_edit, name="payment_edit"),
    path(L + "payments/<uuid:uuid>/remove/", payment_delete, name="payment_delete"),
    path(L + "around-the-table/", around_table, name="table"),
    path(L + "around-the-table/figures/", benchmarks, name="benchmarks"),
    path(L + "around-the-table/figures/<uuid:uuid>/remove/", benchmark_delete, name="benchmark_delete"),
    path(PUBLIC + "events/", public_events, name="public_events"),
    path(PUBLIC + "events.ics", events_ics, name="events_ics"),
    path(PUBLIC + "data/events.csv", events_csv, name="events_csv"),
    path(PUBLIC + "data/events.json", events_json, name="events_json"),
    path(P, public_event, name="public_event"),
    path(P + "event.ics", event_ics, name="event_ics"),
    path(P + "sign-up/", event_register, name="event_register"),
    path(P + "my-place/", registration_manage, name="my_registration"),
    path(P + "my-place/cancel/", registration_cancel, name="my_registration_cancel"),
    path(P + "manage/<str:token>/", registration_manage, name="registration_manage"),
    path(P + "manage/<str:token>/cancel/", registration_cancel, name="registration_cancel"),
]
