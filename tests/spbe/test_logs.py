"""spbe.logs: structured lines, and no query strings in access logs."""

from __future__ import annotations

import logging

import orjson

from spbe.logs import AccessLogFilter, JsonFormatter, TextFormatter


def _record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("spbe.test", logging.INFO, __file__, 1, message, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_json_lines_carry_the_extra_fields() -> None:
    line = JsonFormatter().format(_record("listening on %d", 4001, event="http.listen", service="identity"))
    entry = orjson.loads(line)
    assert entry["message"] == "listening on 4001"
    assert (entry["level"], entry["logger"]) == ("INFO", "spbe.test")
    assert (entry["event"], entry["service"]) == ("http.listen", "identity")
    assert entry["time"].endswith("Z")


def test_text_lines_end_with_key_values() -> None:
    line = TextFormatter().format(_record("applied migration", migration="001_create_regions.sql"))
    assert " INFO    spbe.test applied migration migration=001_create_regions.sql" in line


def test_access_log_loses_the_query_string() -> None:
    record = _record(
        '%s - "%s %s HTTP/%s" %d',
        "127.0.0.1:5000",
        "GET",
        "/graphql?query=%7Bcitizen(nik:%223171014708900001%22)%7D",
        "1.1",
        200,
    )
    assert AccessLogFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /graphql HTTP/1.1" 200'
    assert "3171014708900001" not in TextFormatter().format(record)
