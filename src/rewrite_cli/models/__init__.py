"""Model resolution: alias → hub id / local dir / GGUF / package-shipped weights → cache.

Engines call ``load_model(settings.model, device=settings.device)`` and get a ``LoadedModel``;
everything about where weights come from stays in this package.
"""

from rewrite_cli.models.load import LoadedModel, load_model, resolve_spec
from rewrite_cli.models.registry import ALIASES, DEFAULT_ALIAS, ModelEntry

__all__ = ["ALIASES", "DEFAULT_ALIAS", "LoadedModel", "ModelEntry", "load_model", "resolve_spec"]
