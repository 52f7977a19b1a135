"""`handouts serve`: the web app for patients' online copies and the programme builder."""

from __future__ import annotations

from typing import Annotated

import typer

from handouts.cli.options import ClinicsOption, ContentOption


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    clinics: ClinicsOption = None,
    content: ContentOption = None,
    render_workers: Annotated[
        int | None,
        typer.Option(
            "--render-workers",
            min=1,
            max=32,
            help="PDF render processes [default: CPU cores, at most 4].",
            show_default=False,
        ),
    ] = None,
    queue: Annotated[
        int | None,
        typer.Option(
            "--queue",
            min=0,
            max=256,
            help="PDFs that may wait for a worker before requests get 503 [default: 2 per worker].",
            show_default=False,
        ),
    ] = None,
    proxy_headers: Annotated[
        bool,
        typer.Option(
            "--proxy-headers",
            help="Behind a reverse proxy on this machine: trust its X-Forwarded-Proto and X-Forwarded-For "
            "(the builder's cookie is then Secure over HTTPS).",
        ),
    ] = False,
) -> None:
    """Serve the clinics' leaflets online, their PDFs and the programme builder.

    Example: handouts serve --clinics clinics/ --port 8000
    """
    from handouts.web.server import serve as run  # deferred: fastapi, uvicorn and the model

    run(
        host=host,
        port=port,
        clinics=clinics,
        content=content,
        workers=render_workers,
        queue=queue,
        proxy_headers=proxy_headers,
    )
