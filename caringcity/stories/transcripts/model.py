"""The shapes every reader returns and every writer takes: ``Turn``, ``Transcript``, ``TranscriptError``."""

from __future__ import annotations

from dataclasses import dataclass, field


class TranscriptError(ValueError):
    """A file we cannot read, said in plain English for the person who uploaded it.

    ``where`` names the place ("line 7", "cue 3", "paragraph 2") when there is one; the message
    already includes it, so ``str(error)`` is ready to show on the page.
    """

    def __init__(self, message: str, where: str | None = None):
        self.where = where
        self.plain = message
        super().__init__(f"{where[:1].upper()}{where[1:]}: {message}" if where else message)


@dataclass
class Turn:
    """One person speaking without interruption. Times are seconds from the start of the recording;
    ``None`` when the source has no times (plain text, most Word documents). ``speaker`` is ``""``
    when the source does not say who spoke."""

    speaker: str
    start: float | None
    end: float | None
    text: str


@dataclass(frozen=True)
class EngineInfo:
    """Which speech-to-text engine made a machine transcript, and with which model."""

    name: str
    model: str
    version: str


@dataclass
class Transcript:
    turns: list[Turn] = field(default_factory=list)
    language: str = ""
    source_format: str = ""  # "webvtt", "srt", "otter", "otr", "text", "docx" or "machine"
    engine: EngineInfo | None = None
    needs_review: bool = False  # every machine transcript starts True, until a person corrects it

    @property
    def speakers(self) -> list[str]:
        """The named speakers, in the order they first speak."""
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker:
                seen.setdefault(turn.speaker, None)
        return list(seen)

    @property
    def is_timed(self) -> bool:
        return bool(self.turns) and all(t.start is not None for t in self.turns)
