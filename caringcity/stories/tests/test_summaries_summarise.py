"""The first drafts: the built-in extractive summary, and the language-model client tested against a
real HTTP server started here (http.server in a thread), including every way it can fail."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from caringcity.stories import summarise
from caringcity.stories.tests.factories import GLORIA_TURNS

# --- the extractive summary ------------------------------------------------------------------------


def _words(text):
    return len(text.split())


def test_sentences_split_on_their_ends_but_not_on_titles():
    assert summarise.split_sentences('I came in 1985. Mrs. Patel said "stay." Then I stayed! Why? 3 kids.') == [
        "I came in 1985.", 'Mrs. Patel said "stay."', "Then I stayed!", "Why?", "3 kids."]
    assert summarise.split_sentences("  ") == []


def test_the_person_is_found_by_name_else_by_who_spoke_most():
    turns = [("Interviewer", "A long question " * 40), ("Gloria B", "Short answer.")]
    assert summarise.person_speaker(turns, ["Gloria Baptiste"]) == "Gloria B"
    assert summarise.person_speaker(turns, ["Somebody Else"]) == "Interviewer"
    assert summarise.person_speaker([("", "no speakers")]) is None


def test_it_keeps_only_the_persons_own_sentences_word_for_word():
    text = summarise.extractive_summary(GLORIA_TURNS, names=["Gloria Baptiste"], target_words=400)
    said = " ".join(t for s, t in GLORIA_TURNS if s == "Gloria")
    for sentence in summarise.split_sentences(text):
        assert sentence in said  # word for word
    assert "Thank you for talking" not in text  # never the interviewer's words
    assert "Yes." not in summarise.split_sentences(text) and "Mm." not in summarise.split_sentences(text)  # no fillers


def test_it_keeps_the_order_they_were_said_in():
    text = summarise.extractive_summary(GLORIA_TURNS, names=["Gloria"], target_words=60)
    said = " ".join(t for s, t in GLORIA_TURNS if s == "Gloria")
    positions = [said.index(sentence) for sentence in summarise.split_sentences(text)]
    assert positions == sorted(positions) and len(positions) >= 2


@pytest.mark.parametrize("target", [15, 30, 60, 1000])
def test_it_respects_the_length_target(target):
    text = summarise.extractive_summary(GLORIA_TURNS, names=["Gloria"], target_words=target)
    assert 0 < _words(text) <= target or (target < 15 and text == "")
    if target == 1000:  # room for everything: every sentence of hers with content is kept
        assert _words(text) > 80


def test_it_chooses_the_central_sentences():
    # The market is what she keeps coming back to: the sentences about it outrank a one-off remark.
    text = summarise.extractive_summary(GLORIA_TURNS, names=["Gloria"], target_words=40)
    assert "market" in text
    assert "forms" not in text


def test_it_is_deterministic_and_paragraphs_follow_turns():
    first = summarise.extractive_summary(GLORIA_TURNS, names=["Gloria"], target_words=80)
    assert all(summarise.extractive_summary(GLORIA_TURNS, names=["Gloria"], target_words=80) == first for _ in range(5))
    assert "\n\n" in first  # sentences from different turns are in different paragraphs


def test_nothing_to_summarise_gives_nothing():
    assert summarise.extractive_summary([]) == ""
    assert summarise.extractive_summary([("A", "   ")]) == ""


def test_a_long_interview_is_quick():
    turns = [("Gloria", " ".join(f"Sentence {i} about the market and the care team number {i % 7}." for i in range(k * 10, k * 10 + 10)))
             for k in range(100)]
    started = time.perf_counter()
    text = summarise.extractive_summary(turns, names=["Gloria"], target_words=250)
    assert time.perf_counter() - started < 3
    assert 0 < _words(text) <= 250


# --- the language-model client against a real local server ---------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet (and never print what was sent)
        pass

    def do_POST(self):  # noqa: N802 - the http.server name
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        self.server.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        mode = self.server.mode
        if mode == "slow":
            time.sleep(1.0)
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"boom")
            return
        if mode == "garbage":
            payload = b"<html>not json</html>"
        elif mode == "empty":
            payload = json.dumps({"choices": [{"message": {"content": "  "}}]}).encode()
        else:
            payload = json.dumps({"choices": [{"message": {"role": "assistant",
                                                            "content": "<think>hmm</think>Gloria came to Clapton in 1979."}}]}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up waiting (the timeout test)
            pass


@pytest.fixture
def service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.mode, server.seen = "ok", []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def test_the_client_calls_chat_completions_and_reads_the_answer(service):
    text = summarise.language_model_summary(GLORIA_TURNS, url=service.url, model="llama-3", key="sekret", target_words=120)
    assert text == "Gloria came to Clapton in 1979."  # the model's <think> part is dropped
    call = service.seen[0]
    assert call["path"] == "/v1/chat/completions"
    assert call["auth"] == "Bearer sekret"
    assert call["body"]["model"] == "llama-3" and call["body"]["temperature"] == 0
    assert "120 words" in call["body"]["messages"][0]["content"]
    assert "Gloria: I came to Clapton in 1979" in call["body"]["messages"][1]["content"]


def test_the_address_may_be_a_base_a_v1_base_or_the_full_address(service):
    for url in (service.url + "/", service.url + "/v1", service.url + "/v1/chat/completions"):
        summarise.language_model_summary(GLORIA_TURNS, url=url)
    assert [c["path"] for c in service.seen] == ["/v1/chat/completions"] * 3
    assert service.seen[0]["auth"] is None  # no key, no header


@pytest.mark.parametrize("mode, words", [("error", "error (500)"), ("garbage", "cannot read"), ("empty", "empty")])
def test_a_bad_answer_raises_a_plain_error(service, mode, words):
    service.mode = mode
    with pytest.raises(summarise.SummaryServiceError) as caught:
        summarise.language_model_summary(GLORIA_TURNS, url=service.url)
    assert words in str(caught.value)
    assert "Clapton" not in str(caught.value)  # never the words


def test_a_slow_service_times_out(service):
    service.mode = "slow"
    with pytest.raises(summarise.SummaryServiceError, match="in time"):
        summarise.language_model_summary(GLORIA_TURNS, url=service.url, timeout=0.3)


def test_no_server_or_a_strange_address_raises_a_plain_error(service):
    port = service.server_address[1]
    service.shutdown()
    service.server_close()
    with pytest.raises(summarise.SummaryServiceError, match="reached"):
        summarise.language_model_summary(GLORIA_TURNS, url=f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(summarise.SummaryServiceError, match="http"):
        summarise.language_model_summary(GLORIA_TURNS, url="file:///etc/passwd")
    service.shutdown = service.server_close = lambda: None  # already done
