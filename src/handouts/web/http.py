"""HTTP details the app gets right once: security headers, the body limit, ETags, file names.

The two middlewares are plain ASGI (no BaseHTTPMiddleware), so they also cover error pages,
304s and streamed responses, and the body limit answers 413 before any form is parsed.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from handouts.limits import MAX_BODY_BYTES

# Inline SVG (drawings, QR codes) needs nothing extra; there is no inline style or script,
# the brand colours come from /<clinic>/brand.css, the fonts from /-/fonts/ and the builder's
# one script from /-/builder.js, which fetches only this server's template export (connect-src).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the security headers to every response, whatever produced it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """HEAD is answered for every GET route: the GET response's status and headers, no body.

    FastAPI routes answer only the methods they list, so HEAD (link checkers, monitors, curl
    -I) got 405 everywhere.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413, before the app reads any of it.

    A declared Content-Length over the limit is refused at once; a body sent without one
    (chunked) is read up to the limit and refused when it goes beyond.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _plain(send, 400, b"Bad Content-Length")
                return
            if int(declared) > self.max_bytes:
                await _plain(send, 413, b"Request body too large")
                return
        chunks: list[bytes] = []
        size = 0
        if scope["method"] in ("POST", "PUT", "PATCH"):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > self.max_bytes:
                    await _plain(send, 413, b"Request body too large")
                    return
                if not message.get("more_body"):
                    break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _plain(send: Send, status: int, text: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(text)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text})


def etag_for(key: str) -> str:
    return f'"{key[:40]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison: ``*`` or any listed tag equal to ours, with or without W/."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')
MAX_FILE_NAME_CHARS = 100


def content_disposition(filename: str, fallback: str, disposition: str = "attachment") -> str:
    """RFC 6266 with RFC 5987: ``filename*=UTF-8''Ondt%20i%20l%C3%A6nden.pdf`` plus an ASCII name.

    Old clients read ``filename`` (the ASCII fallback, e.g. the slug); every current browser
    prefers ``filename*``. Characters a file system or the header itself cannot take are
    dropped, and a long title is cut (file names over ~255 bytes fail on most systems).
    """
    stem, dot, suffix = unicodedata.normalize("NFC", filename).rpartition(".")
    stem = " ".join(_UNSAFE_IN_NAME.sub(" ", stem if dot else suffix).split())[:MAX_FILE_NAME_CHARS].strip()
    name = f"{stem}.{suffix}" if dot and stem else fallback
    ascii_name = _UNSAFE_IN_NAME.sub("", fallback).encode("ascii", "ignore").decode() or "handout.pdf"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
