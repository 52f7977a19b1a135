"""The web app the builder's tests share (tests/conftest.py loads this as a plugin): the shipped
site and a client with one render worker, made once per test module."""

import warnings

import pytest

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from handouts.web import Site, create_app
from handouts.web.pool import RenderPool


class ColdPool(RenderPool):
    """A render pool without the start-up warm-up: its worker starts with the first PDF a test
    asks for, and a test that asks for none starts no worker at all.

    The warm-up (every worker renders a four-exercise programme before the app takes a request)
    is the server's promise to the first physiotherapist after a start; `test_web.py` tests it
    on a pool of two, and the browser tests run the real `handouts serve`. Elsewhere it is a
    programme rendered for nobody (about a second of CPU) and, for a test of pages only, a worker
    started for nothing (WeasyPrint imported, fonts and stylesheets parsed: two more)."""

    def warm_up(self, page=None, *, timeout=None, rounds=4) -> bool:
        return True


@pytest.fixture(scope="module")
def site():
    return Site.load()


@pytest.fixture(scope="module")
def client(site):
    with TestClient(create_app(site, pool=ColdPool(workers=1, queue=2))) as test_client:
        yield test_client
