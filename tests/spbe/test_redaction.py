"""spbe.redaction: a database password never reaches a log line or a printed error, whatever
form its DSN takes (docs/operations.md "Logs")."""

from __future__ import annotations

import logging
import sys

import orjson
import pytest

import spbe.cli
from spbe.database import redact as redact_url
from spbe.logs import JsonFormatter, TextFormatter
from spbe.redaction import MASK, redact

SECRET = "S3cr3t-pw"

#: Every form a DSN (or a line holding one) takes, with the secret in it.
FORMS = [
    f"postgresql://app:{SECRET}@db:5432/spbe",
    f"postgres://app:{SECRET}@db/spbe?sslmode=require",
    f"postgresql://:{SECRET}@db/spbe",
    f"postgresql://app@db:5432/spbe?password={SECRET}",
    f"postgresql://app@db/spbe?sslmode=require&password={SECRET}&application_name=x",
    f"postgresql://app@db/spbe?PASSWORD={SECRET}",
    f"postgresql://app@db/spbe?sslpassword={SECRET}",
    f"postgresql:///spbe?host=/run/postgresql&user=app&password={SECRET}",
    f"postgresql://app@db/spbe?pass%77ord={SECRET}",  # a percent-encoded key
    f"host=db port=5432 user=app password={SECRET} dbname=spbe",
    f"host=db password = {SECRET} dbname=spbe",
    f"host=db password='{SECRET} with spaces \\' and a quote' dbname=spbe",
    f"password={SECRET}",
    f"PGPASSWORD={SECRET} psql",
    f"connecting to postgresql://app:{SECRET}@db/spbe failed",
    f"access_dsn='postgresql://app:{SECRET}@db/spbe', other=1",
]


@pytest.mark.parametrize("text", FORMS)
def test_every_form_loses_its_password(text: str) -> None:
    masked = redact(text)
    assert SECRET not in masked
    assert MASK in masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgresql://app:S3cr3t@db:5432/spbe", "postgresql://app:***@db:5432/spbe"),
        ("postgresql://app:p%40ss%2Fw@db/spbe", "postgresql://app:***@db/spbe"),  # URL-encoded
        ("postgresql://app:p@ss@db/spbe", "postgresql://app:***@db/spbe"),  # an unencoded @
        ("postgresql://app@db/x?password=p%26q&sslmode=require", "postgresql://app@db/x?password=***&sslmode=require"),
        ("host=db password=secret dbname=x", "host=db password=*** dbname=x"),
        ("host=db password='a b\\'c' dbname=x", "host=db password=*** dbname=x"),
    ],
)
def test_only_the_password_is_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://postgres@127.0.0.1:5432/postgres",
        "postgresql://db:5432/spbe?sslmode=require",
        "postgresql://postgres:@/postgres?host=/srv/data/postgres",
        "host=db user=app dbname=spbe",
        "listening event=http.listen server=identity port=4001",
        "password_hash=abc is not a password",  # not the key itself
    ],
)
def test_text_without_a_password_is_unchanged(text: str) -> None:
    assert redact(text) == text


def test_the_database_helper_is_the_same_helper() -> None:
    url = f"postgresql://app@db/spbe?password={SECRET}"
    assert redact_url(url) == redact(url) == "postgresql://app@db/spbe?password=***"


def _record(message: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("spbe.test", logging.ERROR, __file__, 1, message, None, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


class _Url:
    def __str__(self) -> str:
        return f"postgresql://app@db/spbe?password={SECRET}"


@pytest.mark.parametrize("form", FORMS)
def test_log_lines_never_carry_a_password(form: str) -> None:
    try:
        raise ConnectionError(f"cannot reach {form}")
    except ConnectionError:
        exc_info = sys.exc_info()
    record = _record(f"using {form}", url=form, target=_Url())
    record.exc_info = exc_info
    text = TextFormatter().format(record)
    json_line = JsonFormatter().format(record)
    assert SECRET not in text
    assert SECRET not in json_line
    entry = orjson.loads(json_line)  # still one valid JSON object
    assert MASK in entry["message"] and MASK in entry["url"] and MASK in entry["target"]


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://postgres@127.0.0.1:1/postgres?password={SECRET}",
        f"postgresql://postgres:{SECRET}@127.0.0.1:1/postgres",
        f"host=127.0.0.1 port=1 user=postgres password={SECRET} dbname=postgres",
    ],
)
def test_the_command_line_prints_and_logs_no_password(
    url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(spbe.cli, "configure_logging", lambda *args: None)  # keep pytest's handlers
    caplog.set_level(logging.INFO)
    status = spbe.cli.main(["migrate", "identity"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err.startswith("spbe: error: ")
    lines = captured.out + captured.err + "\n".join(TextFormatter().format(r) for r in caplog.records)
    assert SECRET not in lines
    assert "using PostgreSQL server" in lines
