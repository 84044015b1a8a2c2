"""Log records as one logfmt line each: time=... level=... logger=... msg="..." key=value..."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def _quote(value: object) -> str:
    text = str(value)
    if text and not any(c in text for c in ' "=\n\t'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class RefusedHostFilter(logging.Filter):
    """A request naming a host the site does not serve (a scanner, a misconfigured proxy) is
    logged by Django at error level with a traceback: dozens of lines per probe, drowning real
    errors. It is a warning on one line; the message names the host."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields.update(
            {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}
        )
        if record.exc_info:
            fields["error"] = repr(record.exc_info[1])
            if record.levelno >= logging.ERROR:  # a 403 or 404 needs no traceback
                fields["traceback"] = self.formatException(record.exc_info)
        return " ".join(f"{key}={_quote(value)}" for key, value in fields.items())
