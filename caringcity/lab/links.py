"""Links the lab offers on the commons home page (``core.extensions.commons_links``). Each part
appends a function to ``LINKS`` in its own block."""

LINKS = []

# --- plans -------------------------------------------------------------------------------------

# --- events ------------------------------------------------------------------------------------
