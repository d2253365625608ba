"""Operations (config/observability.py): /healthz, /metrics, the request id and log line."""

import json
import logging

import pytest

from config import observability


def test_healthz_reports_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("failing", ["database", "cache", "migrations"])
def test_healthz_is_503_when_a_check_fails(client, monkeypatch, failing):
    def broken():
        raise RuntimeError("simulated failure")

    monkeypatch.setitem(observability.CHECKS, failing, broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["checks"][failing].startswith("error: RuntimeError: simulated failure")
    assert all(v == "ok" for k, v in body["checks"].items() if k != failing)


def test_healthz_notices_unapplied_migrations(client, monkeypatch):
    class Executor:
        def __init__(self, connection):
            self.loader = type("Loader", (), {"graph": type("G", (), {"leaf_nodes": list})()})()

        def migration_plan(self, targets):
            return [("procedures", "9999_future")]

    monkeypatch.setattr(observability, "MigrationExecutor", Executor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "1 migrations not applied" in json.loads(response.content)["checks"]["migrations"]


def test_metrics_are_for_the_monitoring_host_only(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert b"django_http_requests_total_by_method_total" in response.content
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 403


def test_each_answer_carries_a_request_id(client):
    given = client.get("/", headers={"x-request-id": "abc-123"})
    assert given["X-Request-ID"] == "abc-123"
    # A value that could forge log lines is replaced by a fresh id.
    forged = client.get("/", headers={"x-request-id": "x\ny injected"})
    assert len(forged["X-Request-ID"]) == 32 and "\n" not in forged["X-Request-ID"]


def test_one_log_record_per_request_with_its_fields(client, settings, caplog):
    settings.CAMNANG_LOG_REQUESTS = True
    with caplog.at_level(logging.INFO, logger="camnang.requests"):
        client.get("/", headers={"x-request-id": "req-1"})
    (record,) = [r for r in caplog.records if r.name == "camnang.requests"]
    assert record.request_id == "req-1" and record.path == "/" and record.status == 200
    assert record.role == "anonymous" and record.duration_ms >= 0


def test_json_log_lines_hold_the_request_fields(settings):
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(
        **{k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    )
    record = logging.LogRecord(
        "camnang.requests", logging.INFO, __file__, 1, "GET / 200", None, None
    )
    record.request_id, record.status = "req-2", 200
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-2" and line["status"] == 200 and line["level"] == "INFO"
