"""Tabs and page sections that the parts of an app register when their views module is imported,
so no part needs to know the others' urls or templates.

A ``TabRegistry`` holds one app's tabs: ``register(order, label, url_name, perm)``; ``for_request``
gives ``[(label, url, current)]`` of those the user may use (``perm`` checked against ``obj``, the
url reversed with ``args``). A ``SectionRegistry`` holds the sections other parts add to a page:
``register(page, order, template, context_fn)``; ``for_page(page, *args)`` calls each
``context_fn(*args)`` and keeps those that return a context (None leaves the section out)."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Tab:
    order: int
    label: object  # a lazy translated string
    url_name: str
    perm: str


class TabRegistry:
    def __init__(self, namespace, default_perm):
        self.namespace = namespace
        self.default_perm = default_perm
        self.tabs = []

    def __iter__(self):
        return iter(self.tabs)

    def register(self, order, label, url_name, perm=None):
        if not any(tab.url_name == url_name for tab in self.tabs):
            self.tabs.append(Tab(order, label, url_name, perm or self.default_perm))
            self.tabs.sort(key=lambda tab: tab.order)

    def for_request(self, request, obj, args):
        here = request.resolver_match.view_name if request.resolver_match else ""
        result = []
        for tab in self.tabs:
            if request.user.has_perm(tab.perm, obj):
                name = f"{self.namespace}:{tab.url_name}"
                result.append((tab.label, reverse(name, args=args), name == here))
        return result


@dataclass(frozen=True)
class Section:
    page: str
    order: int
    template: str
    context: object


class SectionRegistry:
    def __init__(self):
        self.sections = []

    def __iter__(self):
        return iter(self.sections)

    def register(self, page, order, template, context_fn):
        if not any(s.page == page and s.template == template for s in self.sections):
            self.sections.append(Section(page, order, template, context_fn))
            self.sections.sort(key=lambda s: (s.page, s.order))

    def for_page(self, page, *args, extra=None):
        """[(template, context)] of the sections of ``page`` that have something to show."""
        result = []
        for section in self.sections:
            if section.page == page:
                ctx = section.context(*args)
                if ctx is not None:
                    result.append((section.template, {**(extra or {}), **ctx}))
        return result
