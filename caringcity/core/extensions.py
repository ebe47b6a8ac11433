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
    """[(url, label)] that apps offer on the commons home page: each app's ``links.py`` has a
    ``commons_links(request, commons, membership)`` that returns the links this person may use."""
    result = []
    for module in app_modules("links"):
        result.extend(module.commons_links(request, commons, membership))
    return result
