"""Running the app under uvicorn: one event loop, quiet logs that never carry form data.

The access log names the method, path and status only: no client address and no query or
body (a patient's name travels only in a POST body, which nothing here logs); control
characters in a path are escaped. Slow clients are cut off: a request must arrive whole
within ``REQUEST_READ_SECONDS`` of its first byte (or of the connection), idle keep-alive
connections close after ``KEEP_ALIVE_SECONDS``, and at most ``MAX_CONNECTIONS`` are served at
once (more get 503). uvicorn's own answers to malformed requests carry the security headers.
"""

from __future__ import annotations

import asyncio
import logging
import logging.config
from pathlib import Path

import h11
import uvicorn
from uvicorn.logging import AccessFormatter
from uvicorn.protocols.http.h11_impl import H11Protocol

from handouts.errors import one_line
from handouts.limits import KEEP_ALIVE_SECONDS, MAX_CONNECTIONS, REQUEST_READ_SECONDS
from handouts.web.app import create_app
from handouts.web.http import SECURITY_HEADERS
from handouts.web.pool import RenderPool
from handouts.web.site import Site, describe


class OneLine(logging.Filter):
    """Every server log record as one line with its control characters escaped, whichever
    library wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = one_line(record.getMessage()), ()
        return True


class PathOnlyAccessFormatter(AccessFormatter):
    """uvicorn's access line without the query string, control characters escaped."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, version, status = record.args
            record.args = (client, method, one_line(str(path).split("?", 1)[0]), version, status)
        return super().formatMessage(record)


class GuardedProtocol(H11Protocol):
    """h11 as uvicorn runs it, plus a deadline for reading each request and security headers
    on the 400s that uvicorn sends without asking the app."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # uvicorn annotates BaseTransport
        super().connection_made(transport)
        self._start_deadline()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._start_deadline()  # the first bytes of the next request on this connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY:
            self._stop_deadline()  # the request is in (or the connection is ending)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_deadline()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close"), *SECURITY_HEADERS]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
        self.transport.write(self.conn.send(h11.Data(data=msg.encode("ascii"))))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()

    def _start_deadline(self) -> None:
        self._stop_deadline()
        self._deadline = asyncio.get_running_loop().call_later(REQUEST_READ_SECONDS, self._too_slow)

    def _stop_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.transport.close()


LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s", "use_colors": None},
        "access": {
            "()": "handouts.web.server.PathOnlyAccessFormatter",
            "fmt": '%(levelprefix)s "%(request_line)s" %(status_code)s',
            "use_colors": None,
        },
    },
    "filters": {"one_line": {"()": "handouts.web.server.OneLine"}},
    "handlers": {
        "default": {
            "formatter": "default",
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["one_line"],
        },
        "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "handouts": {"handlers": ["default"], "level": "INFO", "propagate": False},
        # A malformed form body is the client's mistake, answered 400: python-multipart's own
        # note on it goes through the server's log format, never raw to stderr.
        "python_multipart": {"handlers": ["default"], "level": "WARNING", "propagate": False},
        "multipart": {"handlers": ["default"], "level": "WARNING", "propagate": False},
    },
}


def own_address(host: str, port: int) -> str:
    """The address share links use when a clinic has no ``public_url``: the configured host
    (this machine's name when listening on every address), never a request's Host header."""
    import socket

    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(
    *,
    host: str,
    port: int,
    clinics: list[Path] | None,
    content: Path | None,
    workers: int | None = None,
    queue: int | None = None,
    proxy_headers: bool = False,
) -> None:
    logging.config.dictConfig(LOG_CONFIG)
    site = Site.load(content, clinics)
    pool = RenderPool(workers, queue)
    logging.getLogger("handouts.web").info(
        "serving %s; %d render workers, %d more may wait", describe(site), pool.workers, pool.capacity - pool.workers
    )
    uvicorn.run(
        create_app(site, pool=pool, address=own_address(host, port)),
        host=host,
        port=port,
        log_config=LOG_CONFIG,
        server_header=False,
        date_header=True,
        # Only a proxy on this machine is trusted (uvicorn's default forwarded_allow_ips).
        proxy_headers=proxy_headers,
        timeout_graceful_shutdown=10,
        http=GuardedProtocol,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        limit_concurrency=MAX_CONNECTIONS,
    )
