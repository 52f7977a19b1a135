"""Rendering is locked down: WeasyPrint reads the project's own files and nothing else.

A real listener on loopback proves that no route a user controls (article text, raw HTML,
Markdown images, an SVG beside the article, a clinic's logo, CSS url()) makes a connection,
and that nothing from /etc/passwd reaches the PDF.
"""

from __future__ import annotations

import os
import socket
import threading
import urllib.request

import pytest

from conftest import invoke_cli
from helpers.images import png_bomb, png_bytes
from readback import pdf_text

PASSWD_MARKER = "root:"


class Listener:
    """A TCP socket on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, address = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(address)
            try:  # answer like a web server would, so a leak would also fetch data
                conn.settimeout(1)
                conn.recv(4096)
                conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: image/png\r\n\r\n" + png_bytes())
            except OSError:
                pass
            finally:
                conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_the_listener_does_see_a_real_fetch(listener):
    """The probe itself works: an ordinary request is recorded (else the tests below prove nothing)."""
    with urllib.request.urlopen(listener.url + "/probe.png", timeout=5) as response:
        assert response.read().startswith(b"\x89PNG")
    assert len(listener.connections) == 1


def test_article_and_clinic_cannot_reach_the_network_or_other_files(tmp_path, listener):
    url = listener.url
    content = tmp_path / "content"
    content.mkdir()
    (content / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">'
        f'<image href="{url}/svg-image.png" width="10" height="10"/>'
        '<image xlink:href="file:///etc/passwd" width="10" height="10"/>'
        f'<rect width="40" height="20" fill="url({url}/svg-fill)"/></svg>',
        "utf-8",
    )
    article = content / "netvaerk.md"
    article.write_text(
        f"""---
title: Netværk
---
Rå HTML: <img src="{url}/raw.png"> <link rel="stylesheet" href="{url}/raw.css">
<style>body {{ background: url({url}/style.png) }}</style>

Markdown-billede: ![fjernt]({url}/md.png) og ![passwd](file:///etc/passwd) og ![op](../../../../../etc/passwd)

Et lokalt SVG: ![Diagram](diagram.svg)

Et link: [klik]({url}/link) og <{url}/autolink>
""",
        "utf-8",
    )
    clinic_dir = tmp_path / "clinic"
    clinic_dir.mkdir()
    (clinic_dir / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
        f'<image href="{url}/logo-image.png" width="10" height="10"/>'
        '<image href="file:///etc/passwd" width="10" height="10"/>'
        f'<style>rect {{ fill: url({url}/logo-css) }}</style><rect width="100" height="40"/></svg>',
        "utf-8",
    )
    (clinic_dir / "clinic.toml").write_text('name = "Net Klinik"\nphone = "1"\nlogo = "logo.svg"\n', "utf-8")

    out = tmp_path / "out"
    result = invoke_cli(
        "article", "--all", "--content", str(content), "--clinic", str(clinic_dir / "clinic.toml"), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    pdf = out / "net-klinik" / "netvaerk.pdf"
    text = pdf_text(pdf)
    assert listener.connections == []
    assert PASSWD_MARKER not in text and b"root:x:" not in pdf.read_bytes()
    assert (
        "<img" not in text and "<link" not in text and "background" not in text
    )  # raw HTML: never markup, never fetched
    # Every refusal is a warning naming the article's file (not just its title) and the URL.
    name = str(article)
    warnings = result.stderr.splitlines()
    for refused in (f"{url}/svg-image.png", "file:///etc/passwd", f"{url}/logo-image.png"):
        assert any(line.startswith(f"warning: {name}: refused resource {refused} (") for line in warnings), refused
    for remote in ("raw.png", "md.png"):  # an HTML <img> is an image like a Markdown one
        assert (
            f"warning: {name}: image '{url}/{remote}' is an address, not a file; images are never fetched from the web"
            " – save the image next to the article and name the file" in warnings
        ), remote
    assert (
        f"warning: {name}: image '{url}/md.png' is an address, not a file; images are never fetched from the web"
        " – save the image next to the article and name the file" in warnings
    )


def test_a_logo_given_as_an_address_is_refused(tmp_path, listener):
    profile = tmp_path / "clinic.toml"
    profile.write_text(f'name = "Net"\nphone = "1"\nlogo = "{listener.url}/logo.png"\n', "utf-8")
    result = invoke_cli("article", "ondt", "--clinic", str(profile), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {profile}: logo: ")
    assert listener.connections == []


def test_css_url_from_no_user_route_but_the_fetcher_blocks_it_anyway(listener, writer):
    """Clinic colours are validated as #rrggbb, so no user text reaches CSS; HTML with every kind of
    url() rendered straight through PdfWriter proves the fetcher itself refuses them."""
    from handouts.render.html import RenderedHTML
    from handouts.resources import styles_dir

    url = listener.url
    html = f"""<!doctype html><html lang="da"><head><title>T</title>
<link rel="stylesheet" href="{url}/link.css">
<style>
  @import url("{url}/import.css");
  @font-face {{ font-family: Remote; src: url({url}/font.woff); }}
  body {{ background: url({url}/bg.png); font-family: Remote; }}
  h1::after {{ content: url({url}/after.png); }}
  ul {{ list-style-image: url("file:///etc/passwd"); }}
</style></head>
<body><h1>Overskrift</h1><ul><li>punkt</li></ul>
<img src="{url}/img.png" alt="a"><img src="file:///etc/passwd" alt="b">
<object data="{url}/object.png" type="image/png"></object><embed src="file:///etc/passwd">
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="{url}/svg.png" width="10" height="10"/></svg>
</body></html>"""
    rendered = RenderedHTML(html=html, title="T", asset_roots=[styles_dir()], source="direct.html")
    data, pages, warnings = writer.render(rendered)
    assert listener.connections == []
    assert pages == 1 and b"root:x:" not in data
    refused = [w for w in warnings if "refused resource" in w]
    for name in ("link.css", "import.css", "font.woff", "bg.png", "after.png", "img.png", "object.png", "svg.png"):
        assert f"direct.html: refused resource {url}/{name} (only the project's own files may be read)" in refused, name
    assert "direct.html: refused resource file:///etc/passwd (outside the allowed folders)" in refused


# --- the fetcher on its own ----------------------------------------------------------------


@pytest.fixture
def roots(tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p { color: black }")
    (tmp_path / "secret.txt").write_text("secret")
    (allowed / "link.txt").symlink_to(tmp_path / "secret.txt")
    logo_dir = tmp_path / "profile"
    logo_dir.mkdir()
    (logo_dir / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (logo_dir / "notes.txt").write_text("private notes beside the profile")
    return tmp_path, allowed, logo_dir / "logo.svg"


def _fetcher(*roots):
    from handouts.pdf.fetcher import LockedFetcher

    return LockedFetcher(list(roots))


def test_fetcher_serves_allowed_files(roots):
    _, allowed, logo = roots
    fetcher = _fetcher(allowed, logo)
    assert fetcher.fetch((allowed / "ok.css").as_uri()).read() == b"p { color: black }"
    assert fetcher.fetch(logo.as_uri()).content_type == "image/svg+xml"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "make_url, reason",
    [
        (lambda base, allowed, logo: "http://127.0.0.1:9/x.png", "only the project's own files may be read"),
        (lambda base, allowed, logo: "https://example.com/x.png", "only the project's own files may be read"),
        (lambda base, allowed, logo: "ftp://example.com/x", "only the project's own files may be read"),
        (lambda base, allowed, logo: "file:///etc/passwd", "outside the allowed folders"),
        (lambda base, allowed, logo: (base / "secret.txt").as_uri(), "outside the allowed folders"),
        (lambda base, allowed, logo: (allowed / "link.txt").as_uri(), "outside the allowed folders"),
        (lambda base, allowed, logo: allowed.as_uri() + "/..%2Fsecret.txt", "outside the allowed folders"),
        (lambda base, allowed, logo: allowed.as_uri() + "/../secret.txt", "outside the allowed folders"),
        (lambda base, allowed, logo: (logo.parent / "notes.txt").as_uri(), "outside the allowed folders"),
        (lambda base, allowed, logo: "file://otherhost" + str(allowed / "ok.css"), "file on another host"),
        (lambda base, allowed, logo: allowed.as_uri(), "not a file"),
        (lambda base, allowed, logo: (allowed / "missing.css").as_uri(), "no such file"),
        (lambda base, allowed, logo: "file:///dev/zero", "outside the allowed folders"),
    ],
)
def test_fetcher_refuses(roots, make_url, reason):
    from handouts.pdf.fetcher import RefusedResource

    base, allowed, logo = roots
    fetcher = _fetcher(allowed, logo)
    url = make_url(base, allowed, logo)
    with pytest.raises(RefusedResource, match=reason):
        fetcher.fetch(url)
    assert fetcher.refused == [f"{url} ({reason})"]


def test_fetcher_refuses_urllib_internals_too(roots):
    """Even a urllib Request handed to the opener goes through the same checks (no redirects)."""
    from handouts.pdf.fetcher import RefusedResource

    _, allowed, _ = roots
    fetcher = _fetcher(allowed)
    with pytest.raises(RefusedResource):
        fetcher.open(urllib.request.Request("http://127.0.0.1:9/redirected"))
    with pytest.raises(RefusedResource):
        fetcher.open("file:///etc/passwd")


def test_size_and_pixel_limits(tmp_path):
    from handouts.pdf.fetcher import MAX_RESOURCE_BYTES, RefusedResource

    big = tmp_path / "big.jpg"
    with big.open("wb") as handle:
        handle.truncate(MAX_RESOURCE_BYTES + 1)
    bomb = tmp_path / "bomb.png"
    png_bomb(bomb, 6000, 6000)  # 36 megapixels in a few kB
    fine = tmp_path / "fine.png"
    png_bomb(fine, 400, 300)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    fetcher = _fetcher(tmp_path)
    with pytest.raises(RefusedResource, match=r"5.0 MB; at most 5 MB"):
        fetcher.fetch(big.as_uri())
    with pytest.raises(RefusedResource, match=r"image is 6000 × 6000 pixels; at most 25 megapixels"):
        fetcher.fetch(bomb.as_uri())
    with pytest.raises(RefusedResource, match="not a readable image"):
        fetcher.fetch(broken.as_uri())
    with pytest.raises(RefusedResource, match="inline data too large"):
        fetcher.fetch("data:text/plain," + "a" * (MAX_RESOURCE_BYTES + 1))
    assert fetcher.fetch(fine.as_uri()).read().startswith(b"\x89PNG")
