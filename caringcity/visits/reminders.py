"""How visit reminders reach people: a small registry of channels.

A channel is a key, a label people choose on their reminder settings page, and a ``send``
function::

    send(person, visits, *, commons) -> bool

``visits`` are the person's visits (in one commons) that are due a reminder now, soonest first.
``send`` returns True when the reminder went out (or was queued), False when this person cannot
be reached on this channel (then nothing is recorded, and the next run tries again). It runs inside
the transaction that records the reminder, so anything it writes (an outbox row) is kept or
dropped with that record. It must never put health or care details, nor the name of the person
getting care, in the message.

E-mail is registered below. To add SMS (see docs/calendar-and-reminders.md):

1. write ``send_sms(person, visits, *, commons)`` that puts a message in an SMS outbox and sends it
   from a background task once the transaction commits (as ``core.services.email_queue`` does),
   and returns False when the person has no mobile number;
2. call ``register_channel("sms", _("Text message (SMS)"), send_sms)`` from the app that holds it
   (for example in its ``apps.py`` ``ready()``);
3. it then appears on everyone's reminder settings page. Keys are at most 10 characters.
"""

from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

NONE = "none"


@dataclass(frozen=True)
class Channel:
    key: str
    label: object
    send: Callable


_CHANNELS: dict[str, Channel] = {}


def register_channel(key, label, send):
    """Add (or replace) a reminder channel."""
    if not key or len(key) > 10 or key == NONE:
        raise ValueError("A channel key is 1 to 10 characters and not 'none'.")
    _CHANNELS[key] = Channel(key, label, send)


def get_channel(key):
    return _CHANNELS.get(key)


def channel_choices():
    """[(key, label)] for the settings form: every channel, then "no reminders"."""
    return [(c.key, c.label) for c in _CHANNELS.values()] + [(NONE, _("No reminders"))]


# --- e-mail -------------------------------------------------------------------------------------
def _week_link(commons, visit):
    from caringcity.visits.recurrence import local_date
    from caringcity.visits.selectors.rota import week_start

    monday = week_start(local_date(visit.starts))
    return settings.SITE_URL + reverse("visits:my_week_print", args=[commons.slug]) + f"?week={monday.isoformat()}"


def send_email(person, visits, *, commons):
    """One e-mail listing the visits: date and time (London time), the commons, a link. No team
    name (it names the person getting care), no purpose, no place, no notes."""
    from caringcity.core.services import email_queue
    from caringcity.visits.recurrence import LONDON

    user = person.user
    address = (user.email if user is not None else "") or person.email
    if not address:
        return False
    tz = LONDON
    language = (getattr(user, "language", "") or settings.LANGUAGE_CODE) if user is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        times = [v.starts.astimezone(tz) for v in visits]
        subject = translation.gettext("Reminder: you have a visit on %(when)s") % {"when": _when(times[0])}
        email_queue(
            to=address,
            subject=subject,
            template="visits/feeds/email/reminder",
            context={
                "name": person.display_name,
                "commons_name": commons.name,
                "times": [_when(t) for t in times],
                "link": _week_link(commons, visits[0]),
                "settings_link": settings.SITE_URL + reverse("visits:reminder_settings", args=[commons.slug]),
            },
        )
    return True


def _when(local):
    from django.utils.formats import date_format

    return f"{date_format(local, 'l j F')}, {date_format(local, 'H:i')}"


register_channel("email", _("E-mail"), send_email)
