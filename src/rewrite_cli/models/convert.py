"""Converting a GGUF file once into a plain safetensors model directory.

transformers can read GGUF, but only by de-quantizing every tensor on each load (tens of
seconds for the default model). Doing that once and saving the floats lets every later run
load in a couple of seconds. The weights after de-quantization are plain floats, so the saved
copy computes exactly what the GGUF load computes.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from pathlib import Path

from rewrite_cli.errors import ModelError
from rewrite_cli.models.cache import (
    ModelMetadata,
    file_sha256,
    record_files,
    staging_dir,
    write_metadata,
)

Progress = Callable[[str], None]

SAVE_DTYPE = "bfloat16"  # the dtype SmolLM2 and Qwen2.5 were released in; half of float32 on disk


def gguf_architecture(path: Path) -> str:
    """The ``general.architecture`` a GGUF file declares, read from its header only.

    transformers' own header reader is used when present: ``gguf.GGUFReader`` parses the whole
    vocabulary first, which takes seconds on a 50k-token model.
    """
    try:
        try:
            from transformers.integrations.gguf.reader import read_gguf_metadata
        except ImportError:
            from gguf import GGUFReader

            field = GGUFReader(str(path)).fields["general.architecture"]
            return bytes(field.parts[field.data[0]]).decode("utf-8")
        return str(read_gguf_metadata(str(path))[0]["general.architecture"])
    except (KeyError, ValueError, IndexError, OSError, struct.error) as exc:
        raise ModelError(f"{path.name} is not a readable GGUF model file: {exc}") from None


def load_gguf(path: Path, dtype: str = SAVE_DTYPE):
    """Load a GGUF chat model and its tokenizer with transformers, de-quantized to ``dtype``.

    Returns ``(model, tokenizer)``. Only decoder-only (causal) architectures are accepted:
    those are the GGUF files transformers can turn back into a model we can generate with.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    architecture = gguf_architecture(path)
    try:
        tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
        # dequantize=True: plain dense weights, never packed GGUF blocks (which would need the
        # optional `kernels` package at run time and cannot be saved as safetensors).
        model = AutoModelForCausalLM.from_pretrained(
            path.parent,
            gguf_file=path.name,
            dtype=getattr(torch, dtype),
            quantization_config=GgufConfig(gguf_file=path.name, dequantize=True),
        )
    except (ValueError, KeyError, OSError, RuntimeError) as exc:
        raise ModelError(
            f"cannot load GGUF file {path.name} (architecture {architecture!r}): "
            f"{' '.join(str(exc).split())[:200]}"
        ) from None
    return model.eval(), tokenizer


def convert_gguf(
    gguf_path: Path,
    root: Path,
    name: str,
    *,
    source: str,
    sha256: str | None = None,
    dtype: str = SAVE_DTYPE,
    progress: Progress | None = None,
) -> Path:
    """Convert ``gguf_path`` into the cache as ``root/name`` and return that directory.

    ``source`` says where the file came from (shown by ``rewrite models info``); ``sha256`` is
    the file's hash if already known (it is computed otherwise).
    """
    import transformers

    progress = progress or (lambda _: None)
    started = time.perf_counter()
    progress(f"converting {gguf_path.name} to {dtype} safetensors (once; takes a little while)")
    model, tokenizer = load_gguf(gguf_path, dtype)
    sha256 = sha256 or file_sha256(gguf_path)
    if getattr(model, "hf_quantizer", None) is not None:
        raise ModelError(f"{gguf_path.name} stayed quantized after loading; cannot convert it")
    with staging_dir(root, name) as staging:
        model.save_pretrained(staging, safe_serialization=True)
        tokenizer.save_pretrained(staging)
        files = record_files(staging)
        write_metadata(
            staging,
            ModelMetadata(
                name=name,
                family="causal",
                source=source,
                sha256=sha256,
                dtype=dtype,
                created=ModelMetadata.now(),
                converter=f"transformers {transformers.__version__}",
                files=files,
            ),
        )
    progress(f"converted in {time.perf_counter() - started:.1f} s; cached at {root / name}")
    return root / name
