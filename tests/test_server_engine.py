"""The server engine against scripted OpenAI-compatible servers on 127.0.0.1.

The stub plays a chat model whose answers the test decides: faithful rewrites, an
invented fact, garbage, nothing, throttling. The real llama.cpp server is exercised in
``test_server_llama.py`` (slow).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chat_stub import Reply, StubServer, chat_reply
from cli_errors import one_line_error
from rewrite_cli.cli import app
from rewrite_cli.engines.chat_client import (
    ChatClient,
    ServerError,
    ServerOptions,
    api_key_from_env,
)
from rewrite_cli.engines.prompts import clean_passage
from rewrite_cli.engines.protect import fill, join, protect_together, restore
from rewrite_cli.segment import split_sentences
from rewrite_cli.settings import build_settings, load_config

REPO = Path(__file__).resolve().parents[1]
BRIDGE = REPO / "samples" / "harbour-bridge.txt"
FERRY = REPO / "tests" / "fixtures" / "harbour-ferry.txt"
SECRET = "sk-test-5ecret-do-not-print"
RETRY_MARK = "does not say exactly"


# --- a scripted "model" -------------------------------------------------------------------


def scripted(rewrite: Callable[[str, bool], str]) -> Callable[[dict], Reply]:
    """A stub script that rewrites every sentence it is asked about with ``rewrite``.

    ``rewrite(sentence, retry)`` sees each masked source sentence; ``retry`` is True for
    the feedback request. Paragraphs of the passage stay apart by a blank line.
    """

    def script(body: dict) -> Reply:
        messages = body["messages"]
        users = [m["content"] for m in messages if m["role"] == "user"]
        retry = RETRY_MARK in users[-1]
        asked = users[0].split("\n", 1)[1]
        asked = "\n".join(ln for ln in asked.split("\n") if not ln.startswith("Copy each"))
        paragraphs = [p for p in asked.split("\n\n") if p.strip()]
        answer = "\n\n".join(
            " ".join(rewrite(s, retry) for s in split_sentences(p)) for p in paragraphs
        )
        return chat_reply("Here is the rewritten text:\n" + answer)

    return script


def attribution_first(sentence: str) -> str:
    """'X, the town council said.' -> 'The town council said X.' (a faithful rewrite)."""
    match = re.match(r"^(.*), (the [a-z ]+ said)\.$", sentence)
    if match:
        return f"{match.group(2)[0].upper()}{match.group(2)[1:]} that {match.group(1)}."
    match = re.match(r"^The council said (.*)\.$", sentence)
    if match:
        rest = match.group(1)
        return f"{rest[0].upper()}{rest[1:]}, the council said."
    return sentence


def invents_on_detour(sentence: str, retry: bool) -> str:
    """Faithful everywhere, except that the detour sentence gains a number, even on retry."""
    if "detour" in sentence:
        return sentence[:-1] + " and 3 other villages."
    return attribution_first(sentence)


def run_cli(*args: str, tmp_path: Path, env: dict[str, str] | None = None):
    (tmp_path / "none.toml").touch()  # an empty config: only the options count
    environment = {"NO_COLOR": "1", "REWRITE_CONFIG": str(tmp_path / "none.toml"),
                   "REWRITE_API_KEY": "", "OPENAI_API_KEY": "", **(env or {})}
    return CliRunner().invoke(app, list(args), env=environment)




# --- the engine through the CLI ----------------------------------------------------------


def test_invented_fact_publishes_the_source_sentence_with_the_finding(tmp_path: Path) -> None:
    with StubServer(scripted(invents_on_detour)) as stub:
        result = run_cli(str(BRIDGE), "--api-base", stub.url, "-f", "json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["engine"] == "server" and record["model"] == "stub-model"
    sentences = record["report"]["sentences"]
    detour = next(s for s in sentences if "detour" in s["text"])
    assert detour["text"] == (
        "Since then, drivers have taken a 12-mile detour through the village of Oakley."
    )
    assert detour["status"] == "kept"
    asked, retried = detour["requests"]
    assert not asked["retry"] and retried["retry"]
    assert "3 other villages" in asked["candidate"] and "3 other villages" in retried["candidate"]
    assert any("'3'" in f for f in asked["findings"])  # the invented number, named
    assert retried["findings"]
    # The feedback request carried the finding to the model.
    feedback = [r for r in stub.chat_requests() if RETRY_MARK in r.body["messages"][-1]["content"]]
    assert len(feedback) == 1
    assert "'3'" in feedback[0].body["messages"][-1]["content"]
    assert "3 other villages" not in result.stdout.split('"report"')[0]


def test_a_dropped_fact_is_asked_again_and_the_retry_published(tmp_path: Path) -> None:
    def drops_the_weight_first(sentence: str, retry: bool) -> str:
        if "weight limit" in sentence and not retry:
            return re.sub(r" of \[NUMBER_\d+\]", "", sentence)
        return attribution_first(sentence)

    with StubServer(scripted(drops_the_weight_first)) as stub:
        result = run_cli(str(BRIDGE), "--api-base", stub.url, "-f", "json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    sentences = json.loads(result.stdout)["report"]["sentences"]
    weight = next(s for s in sentences if "weight limit" in s["text"])
    assert weight["status"] == "rewritten"
    assert weight["text"] == ("A weight limit of 18 tonnes will stay in place until the final "
                              "inspection in June, the council said.")
    first, retry = weight["requests"]
    assert first["candidate"] is None  # a placeholder was lost: nothing to restore
    assert len(first["findings"]) == 1 and first["findings"][0].startswith("you left out [NUMBER_")
    assert retry["retry"] and retry["findings"] == [] and retry["candidate"] == weight["text"]
    (feedback,) = [r.body["messages"] for r in stub.chat_requests()
                   if RETRY_MARK in r.body["messages"][-1]["content"]]
    assert [m["role"] for m in feedback][-2:] == ["assistant", "user"]
    assert "you left out [NUMBER_" in feedback[-1]["content"]
    assert len(stub.chat_requests()) == 3  # passage, headline, one retry


def test_two_sentences_merged_by_the_model_are_checked_together(tmp_path: Path) -> None:
    def merge_the_weight_limit(body: dict) -> Reply:
        asked = body["messages"][-1]["content"].split("\n", 1)[1]
        answer = []
        for paragraph in asked.split("\n\n"):
            sentences = [s for s in split_sentences(paragraph) if not s.startswith("Copy each")]
            if len(sentences) == 2 and "weight limit" in sentences[0]:
                first = attribution_first(sentences[0])[:-1]
                answer.append(f"{first}, and {sentences[1][0].lower()}{sentences[1][1:]}")
            else:
                answer.append(" ".join(sentences))
        return chat_reply("\n\n".join(answer))

    with StubServer(merge_the_weight_limit) as stub:
        result = run_cli(str(BRIDGE), "--api-base", stub.url, "-f", "json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    sentences = json.loads(result.stdout)["report"]["sentences"]
    merged = next(s for s in sentences if "weight limit" in s["text"])
    assert merged["status"] == "rewritten"
    assert len(merged["source"]) == 2  # one published sentence standing for two
    assert merged["text"] == (
        "A weight limit of 18 tonnes will stay in place until the final inspection in June, "
        "the council said, and cyclists and pedestrians will share a new 3-metre path on the "
        "east side.")
    assert len(sentences) == 9 and not any("Cyclists" in s["text"] for s in sentences)


def test_faithful_rewrites_are_published_and_paragraphs_go_in_one_request(
    tmp_path: Path,
) -> None:
    with StubServer(scripted(lambda s, retry: attribution_first(s))) as stub:
        result = run_cli(str(BRIDGE), "--api-base", stub.url, "-f", "json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    published = [s for s in record["report"]["sentences"] if s["status"] == "rewritten"]
    texts = [s["text"] for s in published]
    assert "A weight limit of 18 tonnes will stay in place until the final inspection in June, " \
           "the council said." in texts
    for sentence in published:
        assert sentence["origin"] == "model"
        assert sentence["requests"][-1]["findings"] == []
    # The whole short article fits one passage: one request for the body, one for the title.
    assert len(stub.chat_requests()) == 2
    body = stub.chat_requests()
    seeds = {r.body.get("seed") for r in body}
    assert seeds == {0}
    assert all(r.body["temperature"] == pytest.approx(0.7) for r in body)


def test_sentence_mode_sends_one_request_per_sentence(tmp_path: Path) -> None:
    with StubServer(scripted(lambda s, retry: attribution_first(s))) as stub:
        result = run_cli(str(FERRY), "--api-base", stub.url, "--server-unit", "sentence",
                         "--seed", "7", "-f", "json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    n_sentences = len(record["report"]["sentences"])
    assert len(stub.chat_requests()) == n_sentences + 1  # + the headline
    assert {r.body.get("seed") for r in stub.chat_requests()} == {7}


def test_api_key_is_sent_but_never_printed(tmp_path: Path) -> None:
    def echo_key(body: dict) -> Reply:  # a careless server that echoes everything back
        return Reply(status=400, body=f"bad request from Bearer {SECRET}")

    with StubServer(scripted(invents_on_detour)) as stub:
        result = run_cli(str(BRIDGE), "--api-base", stub.url, "-f", "json", "--report", "-v",
                         tmp_path=tmp_path, env={"REWRITE_API_KEY": SECRET})
        assert result.exit_code == 0, result.output
        assert {r.headers.get("Authorization") for r in stub.seen} == {f"Bearer {SECRET}"}
    assert SECRET not in result.stdout and SECRET not in result.stderr

    with StubServer(echo_key) as stub:
        result = run_cli(str(BRIDGE), "--api-base", stub.url, tmp_path=tmp_path,
                         env={"OPENAI_API_KEY": SECRET})
    line = one_line_error(result, 4, "refused the request")
    assert SECRET not in line and "***" in line


def test_server_down_is_one_line_and_exit_4(tmp_path: Path) -> None:
    with StubServer(scripted(attribution_first)) as stub:
        url = stub.url  # a port that was just free, now closed
    result = run_cli(str(BRIDGE), "--api-base", url, tmp_path=tmp_path)
    one_line_error(result, 4, "cannot reach the model server")


def test_a_password_in_the_api_base_is_never_printed(tmp_path: Path) -> None:
    with StubServer(scripted(attribution_first)) as stub:
        url = stub.url.replace("http://", "http://reader:hunter2pw@")  # closed port next
    result = run_cli(str(BRIDGE), "--api-base", url, tmp_path=tmp_path)
    line = one_line_error(result, 4, "cannot reach the model server")
    assert "hunter2pw" not in line and "reader" not in line
    result = run_cli(str(BRIDGE), "--api-base", "http://reader:hunter2pw@[::1",
                     tmp_path=tmp_path)
    assert "hunter2pw" not in one_line_error(result, 2, "--api-base")


@pytest.mark.parametrize("base", ["http://", "http://[::1", "https:///v1"])
def test_an_api_base_without_a_usable_host_is_one_line(tmp_path: Path, base: str) -> None:
    result = run_cli(str(BRIDGE), "--api-base", base, tmp_path=tmp_path)
    one_line_error(result, 2, "--api-base must be an http(s) URL")


@pytest.mark.parametrize(
    ("reply", "needle"),
    [
        (Reply(body="<html>502 Bad Gateway</html>"), "not a chat completion"),
        (Reply(body={"choices": []}), "not a chat completion"),
        (Reply(body={"error": "oops"}), "not a chat completion"),
        (Reply(status=500, body="overloaded"), "failed after 4 attempts"),
        (Reply(body=b'{"choices": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"),
         "not a chat completion"),
        (Reply(body=b"\xff\xfe\x00\x1b[31mgarbage"), "not a chat completion"),
    ],
)
def test_garbage_answers_are_one_line_and_exit_4(tmp_path: Path, reply: Reply, needle: str
                                                 ) -> None:
    config = tmp_path / "config.toml"
    with StubServer(lambda body: reply) as stub:
        config.write_text(f'api_base = "{stub.url}"\n', encoding="utf-8")
        result = CliRunner().invoke(app, [str(BRIDGE)], env={
            "NO_COLOR": "1", "REWRITE_CONFIG": str(config), "REWRITE_API_KEY": "",
            "OPENAI_API_KEY": ""})
    line = one_line_error(result, 4, needle)
    assert line.isprintable()  # no NUL or terminal escape from the server reaches stderr


def test_empty_answers_keep_every_source_sentence(tmp_path: Path) -> None:
    with StubServer(lambda body: chat_reply("")) as stub:
        result = run_cli(str(FERRY), "--api-base", stub.url, "-f", "json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    for sentence in record["report"]["sentences"]:
        assert sentence["status"] in {"kept", "compressed"}
        assert sentence["requests"][0]["findings"] == ["the model left this sentence out"]
    assert "Gull Island" in record["title"]


def test_report_table_shows_requests(tmp_path: Path) -> None:
    with StubServer(scripted(invents_on_detour)) as stub:
        result = run_cli(str(BRIDGE), "--api-base", stub.url, "--report", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    assert "server requests" in result.stderr
    assert "retry:" in result.stderr and "request 1: passed" in result.stderr


def test_two_endpoints_share_the_work(tmp_path: Path) -> None:
    script = scripted(lambda s, retry: attribution_first(s))
    slow = lambda body: Reply(**{**vars(script(body)), "delay": 0.2})  # noqa: E731
    with StubServer(slow) as first, StubServer(slow) as second:
        result = run_cli(str(BRIDGE), "--api-base", first.url, "--api-base", second.url,
                         "--server-unit", "sentence", "--concurrency", "2", "-f", "json",
                         tmp_path=tmp_path)
        counts = (len(first.chat_requests()), len(second.chat_requests()))
    assert result.exit_code == 0, result.output
    assert sum(counts) == 11 and min(counts) >= 4, counts


# --- the client ------------------------------------------------------------------------


def client_for(url: str, **options) -> tuple[ChatClient, list[float]]:
    waits: list[float] = []
    values = {"api_bases": (url,), "retries": 3, "backoff": 0.01, **options}
    return ChatClient(ServerOptions(**values), sleep=waits.append), waits


def test_retry_after_is_honoured_on_429_and_500_is_retried() -> None:
    replies = [Reply(429, "slow down", {"Retry-After": "2"}), Reply(500, "oops"),
               chat_reply("Fine.")]
    with StubServer(lambda body: replies.pop(0)) as stub:
        client, waits = client_for(stub.url)
        done = client.complete([{"role": "user", "content": "hi"}], max_tokens=8)
    assert done.text == "Fine." and done.attempts == 3
    assert waits[0] == 2.0 and 0 <= waits[1] <= 0.02
    assert done.completion_tokens == 7


def test_retry_after_is_capped() -> None:
    replies = [Reply(503, "", {"Retry-After": "86400"}), chat_reply("Fine.")]
    with StubServer(lambda body: replies.pop(0)) as stub:
        client, waits = client_for(stub.url)
        client.complete([{"role": "user", "content": "hi"}], max_tokens=8)
    assert waits == [60.0]


def test_a_slow_answer_times_out_with_one_line() -> None:
    with StubServer(lambda body: Reply(body=chat_reply("late").body, delay=1.0)) as stub:
        client, _ = client_for(stub.url, read_timeout=0.2)
        with pytest.raises(ServerError, match="did not answer in time") as caught:
            client.complete([{"role": "user", "content": "hi"}], max_tokens=8)
    assert caught.value.exit_code == 4 and "\n" not in str(caught.value)


def test_client_error_is_not_retried() -> None:
    with StubServer(lambda body: Reply(400, "unknown model")) as stub:
        client, waits = client_for(stub.url)
        with pytest.raises(ServerError, match="HTTP 400 unknown model"):
            client.complete([{"role": "user", "content": "hi"}], max_tokens=8)
    assert waits == [] and len(stub.chat_requests()) == 1


def test_model_name_comes_from_the_server_unless_given() -> None:
    with StubServer(lambda body: chat_reply("x"), models=("qwen", "other")) as stub:
        assert client_for(stub.url)[0].model_name() == "qwen"
        assert client_for(stub.url, model="mine")[0].model_name() == "mine"


def test_key_comes_from_the_environment_and_stays_out_of_repr() -> None:
    assert api_key_from_env({"OPENAI_API_KEY": "b"}) == "b"
    assert api_key_from_env({"REWRITE_API_KEY": "a", "OPENAI_API_KEY": "b"}) == "a"
    assert api_key_from_env({}) is None
    assert SECRET not in repr(ServerOptions(api_bases=("http://x/v1",), api_key=SECRET))


# --- alignment, protection, cleanup ------------------------------------------------------


def test_protect_together_numbers_facts_once_and_join_restores_a_merge() -> None:
    first, second = protect_together(["The bridge cost 14.2 million pounds.",
                                      "Repairs took two years and cost 14.2 million pounds."])
    assert first.slots[0].key in second.masked  # the same fact, the same placeholder
    assert {s.key for s in first.slots} != {s.key for s in second.slots}
    both = join([first, second])
    key = first.slots[0].key
    merged = f"Repairs to the bridge took {second.slots[0].key} and cost {key}, and {key} in all."
    assert restore(merged, both).text is not None
    assert restore(merged.replace(second.slots[0].key, "five years"), both).text is None


def test_fill_puts_known_facts_back_for_reading_only() -> None:
    (item,) = protect_together(["The bridge cost 14.2 million pounds in 2024."])
    number, year = (slot.key for slot in item.slots)
    text = f"In {year} it cost {number}, or {number} [NAME_9]."
    assert fill(text, item) == (
        "In 2024 it cost 14.2 million pounds, or 14.2 million pounds [NAME_9].")
    assert restore(text, item).text is None  # publishing still needs every fact exactly once


def test_clean_passage_drops_preamble_numbers_and_a_cut_off_end() -> None:
    raw = ('Sure! Here is the rewritten text:\n\n1. **The bridge opened again.**\n'
           '2. Drivers took a detour.\n\nShops lost')
    assert clean_passage(raw) == ["The bridge opened again.", "Drivers took a detour."]
    assert clean_passage('"The bridge opened again."') == ["The bridge opened again."]
    assert clean_passage("") == []


# --- settings ------------------------------------------------------------------------------


def test_config_file_takes_one_api_base_or_a_list(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('api_base = "http://a:8080/v1"\nconcurrency = 8\n', encoding="utf-8")
    settings = build_settings({}, load_config(path))
    assert settings.api_bases == ("http://a:8080/v1",) and settings.concurrency == 8
    path.write_text('api_base = ["http://a/v1", "http://b/v1"]\nserver_unit = "sentence"\n',
                    encoding="utf-8")
    settings = build_settings({}, load_config(path))
    assert settings.api_bases == ("http://a/v1", "http://b/v1")
    assert settings.server_unit == "sentence"


def test_bad_server_options_are_usage_errors(tmp_path: Path) -> None:
    result = run_cli(str(BRIDGE), "--api-base", "localhost:8080", tmp_path=tmp_path)
    one_line_error(result, 2, "--api-base must be an http(s) URL")
    result = run_cli(str(BRIDGE), "--api-base", "http://127.0.0.1:9/v1", "--concurrency", "0",
                     tmp_path=tmp_path)
    one_line_error(result, 2, "--concurrency must be at least 1")
