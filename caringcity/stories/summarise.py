"""First drafts of an interview's summary, for the research team to edit (docs/stories-summaries.md).

Two sources, no database here:

- ``extractive_summary``: built in, deterministic, no dependency. It keeps the person's own sentences,
  word for word and in the order they said them: the sentences are ranked with TextRank (a sentence
  is central when it shares words with many other central sentences; Mihalcea and Tarau, 2004) over
  the person's turns, and the best ones are kept until the length target is reached.
- ``language_model_summary``: an optional service the operator runs (``STORIES_SUMMARY_SERVICE_URL``,
  ``_MODEL``, ``_KEY``): any OpenAI-compatible ``/v1/chat/completions`` endpoint, for example a local
  llama.cpp or Ollama server. Called with urllib and a timeout. Any failure raises
  ``SummaryServiceError`` with a plain message (never the text); the caller falls back. Nothing here
  logs what people said.
"""

import heapq
import json
import math
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

DEFAULT_TARGET_WORDS = 250
MIN_SENTENCE_WORDS = 4  # "Yes.", "Mm, I see." carry nothing on their own
ITERATIONS = 100
TOLERANCE = 1e-6
NEIGHBOURS = 12  # links kept per sentence
DAMPING = 0.85

# Small words that say nothing about what a sentence is about (English; other languages simply
# count every word, which still ranks well enough for a first draft).
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own really same
she should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves yeah yes oh um uh er erm mm like know well got get go going
said say says one thing things lot also still even back much
""".split())

_SENTENCE_END = re.compile(r"(\S*?[.!?…]+[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_ABBREVIATIONS = frozenset({"mr.", "mrs.", "ms.", "dr.", "st.", "no.", "e.g.", "i.e.", "etc.", "vs."})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Sentence:
    turn: int  # the index of the turn it came from
    index: int  # its position among all the person's sentences
    text: str

    @property
    def words(self):
        return len(self.text.split())


def split_sentences(text):
    """Sentences of ``text``, in order: split after . ! ? … when a capital or digit follows."""
    text = " ".join((text or "").split())
    if not text:
        return []

    def mark(match):
        word = match.group(1)
        return word + (" " if word.lower().lstrip("\"'“‘([") in _ABBREVIATIONS else "\n")

    return [part.strip() for part in _SENTENCE_END.sub(mark, text).split("\n") if part.strip()]


def content_words(sentence):
    return [word for word in (w.lower().replace("’", "'") for w in _WORD.findall(sentence))
            if word not in STOPWORDS and len(word) > 1]


def _normalise_name(value):
    return " ".join(_WORD.findall((value or "").lower()))


def person_speaker(turns, names=()):
    """Which speaker label is the person interviewed? The label that matches one of ``names`` (their
    name, preferred name or first name), else the speaker who said the most words. ``turns`` are
    (speaker, text) pairs. None when no turn has a speaker."""
    words = {}
    for speaker, text in turns:
        if speaker:
            words[speaker] = words.get(speaker, 0) + len(text.split())
    if not words:
        return None
    wanted = {_normalise_name(name) for name in names if name and name.strip()}
    wanted |= {name.split()[0] for name in wanted if name}
    for speaker in sorted(words, key=lambda s: (-words[s], s)):
        label = _normalise_name(speaker)
        if label in wanted or (label.split() and label.split()[0] in wanted):
            return speaker
    return max(sorted(words), key=lambda s: words[s])


def person_sentences(turns, speaker=None):
    """The sentences of ``speaker``'s turns (all turns when ``speaker`` is None), in order."""
    result = []
    for number, (who, text) in enumerate(turns):
        if speaker is not None and who != speaker:
            continue
        for sentence in split_sentences(text):
            result.append(Sentence(number, len(result), sentence))
    return result


def rank_sentences(sentences):
    """TextRank scores, one per sentence (same order). Two sentences are alike by the words they
    share over the log of their lengths (TextRank's overlap). Each sentence links to its ``NEIGHBOURS``
    most similar sentences (so a long interview stays quick); the scores are iterated until they
    settle. Deterministic: no randomness, ties broken by position."""
    bags = [frozenset(content_words(s.text)) for s in sentences]
    count = len(sentences)
    if count == 0:
        return []
    index = {}
    for i, bag in enumerate(bags):
        for word in bag:
            index.setdefault(word, []).append(i)
    if count >= 20:  # a word in most sentences says little about any of them (a long interview's "care")
        common = {word for word, where in index.items() if len(where) > count // 2}
        bags = [bag - common for bag in bags]
        for word in common:
            del index[word]
    logs = [math.log(len(bag) + 1) for bag in bags]
    links = [dict() for _ in range(count)]
    for i, bag in enumerate(bags):
        candidates = {j for word in bag for j in index[word] if j != i}
        scored = ((len(bag & bags[j]) / (logs[i] + logs[j]), -j) for j in candidates)
        for weight, minus_j in heapq.nlargest(NEIGHBOURS, scored):
            links[i][-minus_j] = links[-minus_j][i] = weight
    totals = [sum(neighbours.values()) for neighbours in links]
    incoming = [[(j, weight / totals[j]) for j, weight in sorted(links[i].items())] for i in range(count)]
    scores = [1.0] * count
    for _ in range(ITERATIONS):
        new = [(1 - DAMPING) + DAMPING * sum(share * scores[j] for j, share in incoming[i]) for i in range(count)]
        settled = max(abs(a - b) for a, b in zip(new, scores)) < TOLERANCE
        scores = new
        if settled:
            break
    return scores


def extractive_summary(turns, *, names=(), target_words=DEFAULT_TARGET_WORDS):
    """A first draft from the transcript's ``turns`` ((speaker, text) pairs, in order): the person's
    most central sentences, word for word, in the order they said them, at most ``target_words``
    words in all (a sentence longer than what is left is skipped). Sentences from one turn stay in
    one paragraph. Empty when there is nothing to summarise."""
    turns = [(speaker or "", text or "") for speaker, text in turns]
    speaker = person_speaker(turns, names)
    sentences = [s for s in person_sentences(turns, speaker) if s.words >= MIN_SENTENCE_WORDS]
    if not sentences:
        sentences = person_sentences(turns, speaker)
    if not sentences:
        return ""
    scores = rank_sentences(sentences)
    order = sorted(range(len(sentences)), key=lambda i: (-round(scores[i], 9), i))
    chosen, used = [], 0
    for i in order:
        if used + sentences[i].words <= target_words:
            chosen.append(sentences[i])
            used += sentences[i].words
        if used >= target_words:
            break
    chosen.sort(key=lambda s: s.index)
    paragraphs, current, last_turn = [], [], None
    for sentence in chosen:
        if last_turn is not None and sentence.turn != last_turn:
            paragraphs.append(" ".join(current))
            current = []
        current.append(sentence.text)
        last_turn = sentence.turn
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


# --- the optional language-model service ---------------------------------------------------------

class SummaryServiceError(Exception):
    """The service could not give a draft. The message is plain words for the team, never the text."""


MAX_INPUT_CHARS = 60_000  # a long interview; more is cut (the model would not take it anyway)
MAX_ANSWER_BYTES = 1_000_000
TIMEOUT_SECONDS = 60

PROMPT = (
    "You help a community research team. Below is the transcript of an interview. Write a short "
    "summary of it, about {words} words, in plain words a 12-year-old understands, in the language "
    "the person spoke. Write only what the person said: add nothing, judge nothing, and leave out "
    "names of other people. The person will read this summary, change it and approve it. Answer "
    "with the summary only."
)


def endpoint(url):
    """The chat completions address for the operator's ``url`` (a base, a ``/v1`` base or the full
    address)."""
    url = (url or "").strip().rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    if url.endswith("/v1"):
        return url + "/chat/completions"
    return url + "/v1/chat/completions"


def transcript_text(turns):
    lines = [f"{speaker}: {text}" if speaker else text for speaker, text in turns if (text or "").strip()]
    return "\n".join(lines)[:MAX_INPUT_CHARS]


def _strip_thinking(text):
    # Some local models write their reasoning in <think>…</think> before the answer.
    return re.sub(r"<think>.*?</think>", "", text or "", flags=re.DOTALL).strip()


def language_model_summary(turns, *, url, model="", key="", target_words=DEFAULT_TARGET_WORDS, timeout=TIMEOUT_SECONDS):
    """A draft from the operator's service. Raises ``SummaryServiceError`` on any failure."""
    address = endpoint(url)
    if not address.startswith(("http://", "https://")):
        raise SummaryServiceError("The summary service address must start with http:// or https://.")
    text = transcript_text(turns)
    if not text:
        raise SummaryServiceError("There is no transcript to send.")
    payload = {
        "model": model or "default",
        "temperature": 0,
        "stream": False,
        "messages": [
            {"role": "system", "content": PROMPT.format(words=target_words)},
            {"role": "user", "content": text},
        ],
    }
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(address, data=json.dumps(payload).encode("utf-8"), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the operator's own address
            body = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SummaryServiceError(f"The summary service answered with an error ({exc.code}).") from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        raise SummaryServiceError("The summary service could not be reached in time.") from None
    if len(body) > MAX_ANSWER_BYTES:
        raise SummaryServiceError("The summary service gave an answer that is too long.")
    try:
        data = json.loads(body.decode("utf-8"))
        answer = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError, UnicodeDecodeError):
        raise SummaryServiceError("The summary service gave an answer this site cannot read.") from None
    answer = _strip_thinking(answer if isinstance(answer, str) else "")
    if not answer:
        raise SummaryServiceError("The summary service gave an empty answer.")
    return answer
