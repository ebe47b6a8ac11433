"""REFI-QDA: the exchange format of qualitative research tools (.qdpx projects and .qdc codebooks).

Pure Python: the stories app builds the dataclasses of ``model`` from what may leave (never closed
or taken-down material) and calls the writers; uploads go through the readers. See
``docs/stories-refiqda.md``."""

from caringcity.stories.refiqda.model import (
    Audio, Code, Project, RefiQdaError, Segment, Set, Source, SyncPoint, User,
)
from caringcity.stories.refiqda.reader import read_qdc, read_qdpx
from caringcity.stories.refiqda.writer import check_project, write_qdc, write_qde, write_qdpx

__all__ = [
    "Audio", "Code", "Project", "RefiQdaError", "Segment", "Set", "Source", "SyncPoint", "User",
    "check_project", "read_qdc", "read_qdpx", "write_qdc", "write_qde", "write_qdpx",
]
