"""Parsing uploaded XML safely: no DTDs, no entities, no external or network access (defusedxml),
after the size check. Every failure is an ``ImportProblems``."""

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from caringcity.networks.exchange import common
from caringcity.networks.exchange.common import ImportProblems


def parse(data, what):
    common.check_size(data)
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportProblems([_("The file declares a DTD or entities, which are not allowed for safety.")]) from None
    except (ParseError, ValueError, UnicodeError) as error:
        position = getattr(error, "position", None)
        where = _(" (line %(line)s)") % {"line": position[0]} if position else ""
        raise ImportProblems([_("This is not a %(what)s file: the XML could not be read%(where)s.") % {"what": what, "where": where}]) from None


def local(tag):
    """A tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag):
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def children(element, name):
    return [child for child in element if local(child.tag) == name]


def child(element, name):
    for item in element:
        if local(item.tag) == name:
            return item
    return None
