"""Settings: defaults.toml < user TOML file < EVENTWIRE_* environment < explicit overrides."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError

ENV_PREFIX = "EVENTWIRE_"
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
MAX_PARSER_CHARS = 1_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every tunable of the engine; see defaults.toml for what each means."""

    model: str
    max_story_chars: int
    max_sentence_chars: int
    historical_days: int
    min_confidence: float
    batch_size: int
    languages: str
    duplicate_similarity: float
    repeated_line_stories: int
    ingest_chunk_size: int
    store_batch_size: int
    partition_chars: int
    store_lock_timeout: float
    dedup_window_days: int
    dedup_min_similarity: float
    dedup_min_name_similarity: float
    prefilter: bool
    event_classifier: bool
    actor_dictionaries: tuple[str, ...] = ()

    @classmethod
    def load(
        cls,
        *,
        config_file: Path | None = None,
        environ: Mapping[str, str] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> Settings:
        """Merge the layers in order and validate every value."""
        values = _read_toml(resources.files("eventwire").joinpath("defaults.toml").read_text())
        if config_file is not None:
            values.update(_read_user_file(config_file, known=values))
        values.update(_read_environ(os.environ if environ is None else environ, known=values))
        for name, value in (overrides or {}).items():
            if value is not None:
                _check_known(name, values, origin="override")
                values[name] = value
        return _build(values)


def _read_toml(text: str) -> dict[str, Any]:
    return dict(tomllib.loads(text))


def _read_user_file(path: Path, *, known: Mapping[str, Any]) -> dict[str, Any]:
    try:
        values = _read_toml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist; pass an existing TOML file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc}") from exc
    for name in values:
        _check_known(name, known, origin=str(path))
    return values


def _read_environ(environ: Mapping[str, str], *, known: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX) or key == "EVENTWIRE_CONFIG":
            continue
        name = key[len(ENV_PREFIX) :].lower()
        _check_known(name, known, origin=key)
        values[name] = raw
    return values


def _check_known(name: str, known: Mapping[str, Any], *, origin: str) -> None:
    if name not in known:
        valid = ", ".join(sorted(known))
        raise ConfigError(f"unknown setting {name!r} (from {origin}); valid settings: {valid}")


def _build(values: Mapping[str, Any]) -> Settings:
    converted: dict[str, Any] = {}
    for spec in dataclasses.fields(Settings):
        converted[spec.name] = _convert(spec.name, values[spec.name], spec.type)
    settings = Settings(**converted)
    _validate(settings)
    return settings


def _convert(name: str, value: Any, type_name: object) -> Any:
    if str(type_name) == "tuple[str, ...]":
        return _paths(name, value)
    if str(type_name) == "bool":
        return _boolean(name, value)
    kinds = {"int": int, "float": float, "str": str}
    kind = kinds[str(type_name)]
    wrong_shape = isinstance(value, list | dict | bool) or (
        kind is int and isinstance(value, float) and not value.is_integer()
    )
    if wrong_shape:
        raise ConfigError(f"setting {name!r} must be {type_name}, got {value!r}")
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r} must be {type_name}, got {value!r}") from exc


def _boolean(name: str, value: Any) -> bool:
    """A TOML boolean, or "true"/"false"/"1"/"0" from the environment."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in BOOLEANS:
        return BOOLEANS[value.strip().lower()]
    raise ConfigError(f"setting {name!r} must be true or false (or 1 or 0), got {value!r}")


def _paths(name: str, value: Any) -> tuple[str, ...]:
    """A list from TOML, a comma-separated string from the environment, or a sequence."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"setting {name!r} must be a list of paths, got {value!r}")


def _validate(settings: Settings) -> None:
    positive = (
        "max_story_chars",
        "max_sentence_chars",
        "batch_size",
        "ingest_chunk_size",
        "store_batch_size",
        "partition_chars",
    )
    for name in positive:
        if getattr(settings, name) <= 0:
            raise ConfigError(f"setting {name!r} must be a positive integer")
    if settings.max_story_chars > MAX_PARSER_CHARS:
        raise ConfigError(
            f"setting 'max_story_chars' must be at most {MAX_PARSER_CHARS}, "
            "the longest text the spaCy pipeline accepts"
        )
    if settings.historical_days < 0:
        raise ConfigError("setting 'historical_days' must be zero or more")
    if not 0.0 <= settings.min_confidence <= 1.0:
        raise ConfigError("setting 'min_confidence' must be between 0 and 1")
    if not 0.0 < settings.duplicate_similarity <= 1.0:
        raise ConfigError("setting 'duplicate_similarity' must be above 0 and at most 1")
    if settings.store_lock_timeout < 0 or settings.dedup_window_days < 0:
        raise ConfigError("settings 'store_lock_timeout' and 'dedup_window_days' must be 0 or more")
    for name in ("dedup_min_similarity", "dedup_min_name_similarity"):
        if not 0.0 <= getattr(settings, name) <= 1.0:
            raise ConfigError(f"setting {name!r} must be between 0 and 1")
    if settings.repeated_line_stories < 2:
        raise ConfigError("setting 'repeated_line_stories' must be 2 or more")
    if not any(code.strip() for code in settings.languages.split(",")):
        raise ConfigError(
            'setting \'languages\' must name languages, like "en" or "en,fr", or be "*"'
        )
