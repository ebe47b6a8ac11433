# The same UK formats as English (day first), whatever the interface language.
from caringcity.core.formats.en_GB.formats import *  # noqa: F403
