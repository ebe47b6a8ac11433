"""How apps extend core's commands without core importing them: each Caring City app may have a
module with a known name (``demo``, ``housekeeping``, ``links``), found here in INSTALLED_APPS order."""

from importlib import import_module

from django.apps import apps


def app_modules(name):
    """Yield ``caringcity.<app>.<name>`` for every installed Caring City app that has one."""
    for config in apps.get_app_configs():
        if not config.name.startswith("caringcity."):
            continue
        module_name = f"{config.name}.{name}"
        try:
            yield import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise


def commons_links(request, commons, membership):
    """[(url, label)] that apps offer on the commons home page. Each app's ``links.py`` has either
    a ``commons_links(request, commons, membership)`` that returns the links this person may use,
    or a ``LINKS`` list of such functions (one per part of the app, each appended in its own block)."""
    result = []
    for module in app_modules("links"):
        for links_of in module.LINKS if hasattr(module, "LINKS") else [module.commons_links]:
            result.extend(links_of(request, commons, membership))
    return result


# --- calendar sources (added with the circles' meetings) -----------------------------------------
# Apps above core add events to each person's private calendar feed (the visits app serves it)
# without the visits app knowing them: a source is ``fn(person, commons, start, end)`` returning a
# list of ``icalendar.Event``. Sources are registered once, at start-up (an app's ``hooks.py``).
_CALENDAR_SOURCES = []


def register_calendar_source(fn):
    """Add ``fn(person, commons, start, end) -> [icalendar.Event]`` to every person feed. Registering
    the same function twice adds it once. Returns ``fn`` (so it works as a decorator)."""
    if fn not in _CALENDAR_SOURCES:
        _CALENDAR_SOURCES.append(fn)
    return fn


def calendar_events(person, commons, start, end):
    """Every registered source's events for ``person`` in ``commons`` between ``start`` and ``end``."""
    events = []
    for fn in _CALENDAR_SOURCES:
        events.extend(fn(person, commons, start, end))
    return events
