"""The web app the builder's tests share (tests/conftest.py loads this as a plugin): the shipped
site and a client with one render worker, made once per test module."""

import warnings

import pytest

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from handouts.web import Site, create_app
from handouts.web.pool import RenderPool


@pytest.fixture(scope="module")
def site():
    return Site.load()


@pytest.fixture(scope="module")
def client(site):
    with TestClient(create_app(site, pool=RenderPool(workers=1, queue=2))) as test_client:
        yield test_client
