"""`eventwire serve`: a thin command; loopback by default, a warning when exposed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What uvicorn.run was asked to serve (nothing is started)."""
    seen: dict[str, Any] = {}

    def run(web_app: Any, **options: Any) -> None:
        seen.update(options, app=web_app)

    monkeypatch.setattr(uvicorn, "run", run)
    return seen


def test_serve_binds_loopback_and_answers_loopback_names_only(
    web_db: Path, served: dict[str, Any]
) -> None:
    result = runner.invoke(app, ["serve", "--db", str(web_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1"
    assert served["port"] == 8123
    assert "warning" not in result.output
    with TestClient(served["app"], base_url="http://127.0.0.1:8123") as client:
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats", headers={"host": "evil.example"}).status_code == 400


def test_serve_warns_when_exposed(web_db: Path, served: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve", "--db", str(web_db), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "warning: serving on 0.0.0.0, reachable from other machines" in result.output
    with TestClient(served["app"], base_url="http://192.0.2.1") as client:
        assert client.get("/api/stats").status_code == 200


def test_serve_body_limit_option(web_db: Path, served: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve", "--db", str(web_db), "--max-body", "10"])
    assert result.exit_code == 0, result.output
    with TestClient(served["app"], base_url="http://127.0.0.1") as client:
        response = client.post("/api/code", json={"text": "more than ten bytes"})
    assert response.status_code == 413


def test_serve_missing_database_is_one_line_and_exit_2(
    tmp_path: Path, served: dict[str, Any]
) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "no such database" in result.output
    assert "app" not in served
