"""A damaged cached model is noticed before it is used, and any load failure is one line.

Issue 14 item 7: a flipped byte in ``model.safetensors`` was used silently, and a corrupted
header escaped as a SafetensorError that ``--engine auto`` did not fall back from.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewrite_cli.engines import make_engine
from rewrite_cli.errors import ModelError
from rewrite_cli.models import cache
from rewrite_cli.models.commands import models_app
from rewrite_cli.models.load import load_model
from rewrite_cli.settings import Settings
from tiny_models import make_tiny_causal_lm, make_tiny_gguf


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tiny-models")
    return {"causal": make_tiny_causal_lm(root), "gguf": make_tiny_gguf(root)}


@pytest.fixture
def converted(tiny, tmp_path, monkeypatch) -> Path:
    """The tiny GGUF converted into a fresh cache (which ``REWRITE_CACHE_DIR`` points at)."""
    root = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(root))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    load_model(str(tiny["gguf"]), device="cpu", cache_dir=root)
    (entry,) = cache.cached_names(root)
    return root / entry


def _flip_last_byte(path: Path, *, keep_mtime: bool) -> None:
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01  # inside the last tensor's data: the header stays valid
    path.write_bytes(bytes(data))
    if keep_mtime:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _corrupt_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[8:16] = b"\xff" * 8  # the JSON header now starts with garbage, same size
    path.write_bytes(bytes(data))


def test_conversion_records_every_file(converted):
    meta = cache.read_metadata(converted)
    assert meta is not None
    assert "model.safetensors" in meta.files and "config.json" in meta.files
    record = meta.files["model.safetensors"]
    weights = converted / "model.safetensors"
    assert record.size == weights.stat().st_size
    assert record.sha256 == cache.file_sha256(weights)
    assert cache.damage(converted, meta, full=True) is None


def test_flipped_byte_in_cached_weights_is_refused_before_loading(tiny, converted):
    _flip_last_byte(converted / "model.safetensors", keep_mtime=False)
    with pytest.raises(ModelError, match=r"damaged .*model\.safetensors.*SHA-256"):
        load_model(str(tiny["gguf"]), device="cpu", cache_dir=converted.parent)


def test_models_verify_reads_every_byte(converted):
    runner = CliRunner()
    ok = runner.invoke(models_app, ["verify"])
    assert ok.exit_code == 0, ok.output
    assert f"{converted.name}: ok" in ok.output
    # Same size, same mtime: only the full check can tell.
    _flip_last_byte(converted / "model.safetensors", keep_mtime=True)
    meta = cache.read_metadata(converted)
    assert meta is not None and cache.damage(converted, meta) is None
    bad = runner.invoke(models_app, ["verify", converted.name])
    assert isinstance(bad.exception, ModelError) and bad.exception.exit_code == 4
    assert "DAMAGED: model.safetensors" in bad.output


def test_truncated_or_missing_cached_file_is_refused(tiny, converted):
    weights = converted / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-10])
    with pytest.raises(ModelError, match=r"model\.safetensors has"):
        load_model(str(tiny["gguf"]), device="cpu", cache_dir=converted.parent)
    weights.unlink()
    with pytest.raises(ModelError, match=r"model\.safetensors is missing"):
        load_model(str(tiny["gguf"]), device="cpu", cache_dir=converted.parent)


def test_cp_r_copy_of_the_cache_still_loads(tiny, converted, tmp_path):
    """New mtimes with the same content: hashed once, then accepted."""
    copy_root = tmp_path / "copied"
    shutil.copytree(converted.parent, copy_root, copy_function=shutil.copyfile)
    loaded = load_model(str(tiny["gguf"]), device="cpu", cache_dir=copy_root)
    assert loaded.path == copy_root / converted.name


@pytest.fixture
def broken_dir(tiny, tmp_path) -> Path:
    """A user's model folder (not in our cache, so no record) with a corrupted header."""
    broken = tmp_path / "broken-model"
    shutil.copytree(tiny["causal"], broken)
    _corrupt_header(broken / "model.safetensors")
    return broken


def test_corrupted_header_is_a_one_line_model_error(broken_dir):
    with pytest.raises(ModelError, match="cannot load the model in") as caught:
        load_model(str(broken_dir), device="cpu")
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 4


def test_engine_auto_falls_back_with_a_warning_when_loading_fails(broken_dir):
    warnings: list[str] = []
    engine = make_engine(
        Settings(engine="auto", model=str(broken_dir), device="cpu"),
        say=lambda _: None,
        warn=warnings.append,
    )
    assert engine.name == "extractive"
    assert len(warnings) == 1 and "cannot load the model" in warnings[0]
    with pytest.raises(ModelError):
        make_engine(
            Settings(engine="model", model=str(broken_dir), device="cpu"),
            say=lambda _: None,
            warn=warnings.append,
        )
