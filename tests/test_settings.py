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


def test_a_password_in_a_wrong_config_value_is_never_printed(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('api_base = ["http://reader:hunter2pw@127.0.0.1:8000/v1", 5]\n',
                   encoding="utf-8")
    with pytest.raises(UsageError, match="api_base") as caught:
        load_config(cfg)
    assert "hunter2pw" not in str(caught.value) and "127.0.0.1" in str(caught.value)


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('sources = "BBC"', 'sources must be a list of names, e.g. ["BBC", "Reuters"]'
                            " (got the string 'BBC')"),
        ("sources = 5", "sources must be a list of names"),
        ("sources = [1, {a=1}]", "sources must be a list of names"),
        ('sources = ["BBC", ""]', "sources must be a list of names"),
        ("disclaimer = 42", "disclaimer must be a string with {sources} and {treatment}"),
        ('seed = "abc"', "seed must be a whole number, at least 0 (got the string 'abc')"),
        ("seed = true", "seed must be a whole number"),
        ('sentences = "three"', "sentences must be a whole number, at least 1"),
        ("sentences = 2.5", "sentences must be a whole number"),
        ('mode = "poem"', 'mode must be one of "rewrite", "summary"'),
        ('device = "tpu"', 'device must be one of "auto", "cpu", "cuda"'),
        ('strict = "yes"', "strict must be true or false"),
        ("max_words = 0", "max_words must be a whole number, at least 1"),
        ('model = ["a"]', "model must be a model name or path"),
    ],
)
def test_config_values_are_checked_against_the_schema(
    tmp_path: Path, line: str, needle: str
) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_config(cfg)
    message = str(caught.value)
    assert message.startswith(f"config file {cfg}: ")
    assert needle in message and "\n" not in message


def test_every_settings_key_of_a_good_config_is_typed(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        'mode = "summary"\nsentences = 3\nsources = ["BBC", " Reuters "]\nengine = "extractive"\n'
        'model = "m"\ndevice = "cpu"\nseed = 7\nformat = "json"\n'
        'disclaimer = "{sources} {treatment}"\nposition = "bottom"\nstrict = true\n'
        "max_words = 500\n",
        encoding="utf-8",
    )
    s = build_settings({}, config=load_config(cfg))
    assert (s.mode, s.sentences, s.sources, s.engine, s.model, s.device, s.seed) == (
        "summary", 3, ("BBC", "Reuters"), "extractive", "m", "cpu", 7)
    assert (s.output_format, s.disclaimer_template, s.disclaimer_position, s.strict,
            s.max_words) == ("json", "{sources} {treatment}", "bottom", True, 500)


def test_unknown_keys_are_refused_with_the_known_ones_listed(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('souces = ["BBC"]\n', encoding="utf-8")
    with pytest.raises(UsageError, match=r"unknown key\(s\) in config file .*: souces \(known: "
                                         r"mode, .*sources"):
        load_config(cfg)


def test_a_named_config_file_must_exist_and_be_a_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REWRITE_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(UsageError, match=r"missing\.toml does not exist"):
        load_config()
    monkeypatch.setenv("REWRITE_CONFIG", str(tmp_path))
    with pytest.raises(UsageError, match="is a folder"):
        load_config()
    monkeypatch.delenv("REWRITE_CONFIG")
    monkeypatch.setattr("rewrite_cli.settings.user_config_dir", lambda _: str(tmp_path / "none"))
    assert load_config() == {}  # only the default location may be absent
