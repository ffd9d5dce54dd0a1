"""``rewrite models list | pull | info | verify | rm``: see, fetch and remove the models we use.

Mounted by the main CLI with ``app.add_typer(models_app, name="models")``. Failures a user can
fix raise ``ModelError``, which the main CLI prints as one line. Listings go to stdout; progress
of fetches and conversions goes to stderr so stdout stays clean for scripts.
"""

from __future__ import annotations

from pathlib import Path

import typer

from rewrite_cli.errors import ModelError
from rewrite_cli.models import cache
from rewrite_cli.models.load import ModelSpec, find_local, locate, resolve_spec
from rewrite_cli.models.registry import ALIASES, DEFAULT_ALIAS

models_app = typer.Typer(
    help="List, fetch, inspect and remove the models rewrite uses.",
    no_args_is_help=True,
    add_completion=False,
)

SPEC_HELP = (
    "An alias (see `rewrite models list`), a hub id org/name, a model directory or a .gguf file."
)


def _progress(message: str) -> None:
    typer.echo(message, err=True)


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit in ("B", "KB") else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


@models_app.command("list")
def list_models() -> None:
    """Show the known models, which is the default, and which are already on this machine."""
    root = cache.cache_root()
    rows = [("alias", "family", "params", "download", "hub id", "cached at")]
    for alias, entry in ALIASES.items():
        found = find_local(resolve_spec(alias), root)
        marker = " (default)" if alias == DEFAULT_ALIAS else ""
        marker += " (experimental)" if entry.experimental else ""
        rows.append(
            (
                alias + marker,
                entry.family,
                entry.params,
                entry.size,
                entry.hub_id,
                str(found or "-"),
            )
        )
    # Plain aligned columns, never truncated: ids and paths must stay copyable.
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        typer.echo("  ".join([*cells, row[-1]]).rstrip())
    for name in cache.cached_names(root):
        if name not in ALIASES:
            meta = cache.read_metadata(root / name)
            typer.echo(f"also cached: {name} (from {meta.source if meta else 'unknown source'})")
    typer.echo(f"cache: {root}")


@models_app.command("pull")
def pull(spec: str = typer.Argument(None, help=SPEC_HELP, show_default=False)) -> None:
    """Fetch (and convert, if needed) a model now, so later runs start at once."""
    resolved = resolve_spec(spec)
    root = cache.cache_root()
    found = find_local(resolved, root)
    if found is not None:
        _progress(f"{resolved.name} is already available")
    else:
        found = locate(resolved, progress=_progress)
    typer.echo(str(found))


@models_app.command("info")
def info(spec: str = typer.Argument(None, help=SPEC_HELP, show_default=False)) -> None:
    """Show where a model comes from, whether it is cached, and how it was converted."""
    resolved = resolve_spec(spec)
    for key, value in _describe(resolved, cache.cache_root()):
        typer.echo(f"{key + ':':<13}{value}")


def _describe(spec: ModelSpec, root: Path) -> list[tuple[str, str]]:
    rows = [("model", spec.name), ("kind", spec.kind)]
    entry = spec.entry
    if entry is not None:
        rows += [
            ("alias", entry.alias + (" (default)" if entry.alias == DEFAULT_ALIAS else "")),
            ("hub id", entry.hub_id),
            ("family", entry.family),
            ("parameters", entry.params),
            ("download", entry.size),
            ("license", entry.license),
            ("about", entry.description),
        ]
        if entry.experimental:
            rows.append(("status", "experimental: see docs/benchmarks.md for what it costs"))
        if entry.package is not None:
            rows.append(
                ("package", f"{entry.package.requirement} ({entry.package.size}, offline fallback)")
            )
            rows.append(("pkg license", entry.package.license))
    elif spec.hub_id is not None:
        rows.append(("hub id", spec.hub_id))
    found = find_local(spec, root)
    rows.append(("cached at", str(found) if found else "not on this machine"))
    if found is not None:
        rows.append(("disk size", _human_size(cache.dir_size(found))))
        meta = cache.read_metadata(found)
        if meta is not None:
            rows += [
                ("source", meta.source),
                ("sha256", meta.sha256),
                ("dtype", meta.dtype),
                ("created", meta.created),
                ("converter", meta.converter),
                ("files", _file_check(found, meta)),
            ]
    return rows


@models_app.command("verify")
def verify(
    spec: str = typer.Argument(
        None,
        help="An alias, a .gguf file, or a name shown by `rewrite models list` (default: every "
        "model in rewrite's cache).",
        show_default=False,
    ),
) -> None:
    """Check every file of cached models against the hashes recorded when they were converted.

    Runs already check sizes and modification times before loading; this reads every byte.
    Exits with 4 when a model is damaged.
    """
    root = cache.cache_root()
    if spec is None:
        names = cache.cached_names(root)
        if not names:
            typer.echo(f"no models in the cache {root}")
            return
    else:
        name = spec if cache.cached_model(root, spec) is not None else _cache_name(spec)
        if cache.cached_model(root, name) is None:
            raise ModelError(f"{spec} is not in the model cache {root}; nothing to verify")
        names = [name]
    damaged = []
    for name in names:
        model_dir = root / name
        meta = cache.read_metadata(model_dir)
        if meta is None or not meta.files:
            typer.echo(f"{name}: no hashes recorded (converted by an older version); re-pull it "
                       "to check it")
            continue
        problem = cache.damage(model_dir, meta, full=True)
        if problem is None:
            typer.echo(f"{name}: ok ({len(meta.files)} files)")
        else:
            typer.echo(f"{name}: DAMAGED: {problem}")
            damaged.append(name)
    if damaged:
        raise ModelError(cache.damaged_message(damaged[0], "see above") if len(damaged) == 1
                         else f"{len(damaged)} cached models are damaged: {', '.join(damaged)}; "
                         "remove them with `rewrite models rm NAME` and pull them again")


def _file_check(model_dir: Path, meta: cache.ModelMetadata) -> str:
    if not meta.files:
        return "no hashes recorded (converted by an older version)"
    problem = cache.damage(model_dir, meta)
    if problem is not None:
        return f"DAMAGED: {problem}"
    return f"{len(meta.files)}, sizes and times as recorded (`rewrite models verify` hashes them)"


@models_app.command("rm")
def remove(
    spec: str = typer.Argument(
        ..., help="An alias, a .gguf file, or a name shown by `rewrite models list`."
    ),
) -> None:
    """Delete a converted model from rewrite's cache (hub downloads are left alone)."""
    root = cache.cache_root()
    name = spec if cache.cached_model(root, spec) is not None else _cache_name(spec)
    if not cache.remove_cached(root, name):
        raise ModelError(f"{spec} is not in the model cache {root}; nothing removed")
    typer.echo(f"removed {root / name}")


def _cache_name(spec: str) -> str:
    resolved = resolve_spec(spec)
    if resolved.cache_name is not None:
        return resolved.cache_name
    if resolved.kind == "dir":
        raise ModelError(f"{spec} is your own directory, not part of the cache; not removing it")
    raise ModelError(
        f"{spec} is not in rewrite's cache; hub downloads live in the Hugging Face cache "
        "(remove them with `hf cache rm`)"
    )
