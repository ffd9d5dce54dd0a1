from __future__ import annotations

from pathlib import Path

import pytest

from rewrite_cli.errors import UsageError
from rewrite_cli.settings import Settings, build_settings, load_config


def test_defaults() -> None:
    s = build_settings({}, config={})
    assert (s.mode, s.engine, s.disclaimer_position, s.output_format) == (
        "rewrite", "auto", "top", None,
    )


def test_priority_config_then_env_then_cli(tmp_path: Path, monkeypatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('mode = "summary"\nmodel = "from-config"\nsources = ["BBC"]\n'
                   'disclaimer = "N: {sources}. {treatment}"\n', encoding="utf-8")
    config = load_config(cfg)
    monkeypatch.setenv("REWRITE_MODEL", "from-env")
    s = build_settings({"mode": None, "sources": ()}, config=config)
    assert (s.mode, s.model, s.sources) == ("summary", "from-env", ("BBC",))
    assert s.disclaimer_template == "N: {sources}. {treatment}"
    s = build_settings({"model": "from-cli", "mode": "rewrite"}, config=config)
    assert (s.mode, s.model) == ("rewrite", "from-cli")


def test_bad_values_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--mode"):
        Settings(mode="poem")
    with pytest.raises(UsageError, match="--sentences"):
        Settings(sentences=0)
    cfg = tmp_path / "c.toml"
    cfg.write_text("colour = 1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="unknown key"):
        load_config(cfg)
    cfg.write_text("mode = [\n", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot read config"):
        load_config(cfg)
