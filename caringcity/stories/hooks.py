"""What stories registers with the apps below it at start-up (privacy parts, quote sources,
calendar sources). Each part adds its block."""

from django.utils.translation import gettext_lazy as _

from caringcity.people import privacy

# Looks at someone's interview material by anyone but them go on their "who looked" list.
INTERVIEW_PART = privacy.register_part(
    "interviews",
    _("My interviews"),
    _("Interviews you gave: recordings, transcripts and summaries. Only the research team sees them."),
    grantable=False,
)
privacy.register_basis("research", _("on the research team"))

# --- interviews --------------------------------------------------------------------------------

# --- transcripts -------------------------------------------------------------------------------

# --- summaries ---------------------------------------------------------------------------------

# --- coding ------------------------------------------------------------------------------------


def _quote_item(quote):
    from caringcity.evaluation.quotes import QuoteItem

    # The attribution is the person's name only for a named quote their agreement allows (checked by
    # usable_quotes); an anonymised quote carries a description. "where" is the project, never the
    # interview's title (which may name the person).
    return QuoteItem(source="stories", id=str(quote.uuid), text=quote.text, attribution=quote.attribution,
                     where=quote.interview.project.name, when=quote.interview.held_on)


def _stories_quotes(commons):
    from caringcity.stories.selectors.coding import usable_quotes

    return [_quote_item(quote) for quote in usable_quotes(commons)]


def _stories_quotes_get(commons, ids):
    from caringcity.stories.selectors.coding import parse_uuids, usable_quotes

    wanted = parse_uuids(ids)
    if not wanted:
        return {}
    return {str(quote.uuid): _quote_item(quote) for quote in usable_quotes(commons).filter(uuid__in=wanted)}


def _register_quotes():
    from caringcity.evaluation.quotes import register_quote_source

    register_quote_source("stories", _("Interviews"), _stories_quotes, _stories_quotes_get)


_register_quotes()
