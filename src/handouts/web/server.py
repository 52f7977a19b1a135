"""Running the app under uvicorn: one event loop, quiet logs that never carry form data.

The access log names the method, path and status only: no client address and no query or
body (a patient's name travels only in a POST body, which nothing here logs).
"""

from __future__ import annotations

from pathlib import Path

from handouts.web.app import create_app
from handouts.web.pool import RenderPool
from handouts.web.site import Site, describe

LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s", "use_colors": None},
        "access": {"()": "uvicorn.logging.AccessFormatter", "fmt": '%(levelprefix)s "%(request_line)s" %(status_code)s',
                   "use_colors": None},
    },
    "handlers": {
        "default": {"formatter": "default", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "handouts": {"handlers": ["default"], "level": "INFO", "propagate": False},
    },
}


def serve(
    *, host: str, port: int, clinics: list[Path] | None, content: Path | None,
    workers: int | None = None, queue: int | None = None,
) -> None:
    import logging
    import logging.config

    import uvicorn

    logging.config.dictConfig(LOG_CONFIG)
    site = Site.load(content, clinics)
    pool = RenderPool(workers, queue)
    logging.getLogger("handouts.web").info(
        "serving %s; %d render workers, %d more may wait", describe(site), pool.workers, pool.capacity - pool.workers
    )
    uvicorn.run(
        create_app(site, pool=pool), host=host, port=port, log_config=LOG_CONFIG,
        server_header=False, date_header=True, proxy_headers=False, timeout_graceful_shutdown=10,
    )
