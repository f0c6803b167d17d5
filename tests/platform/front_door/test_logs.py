"""Quiet logs: a client's mistake is one INFO line without a traceback; a failure of ours is one
ERROR record with its traceback and the request id."""

from __future__ import annotations

import logging

import pytest

from gateway.customers import companies
from tests.helpers import COMPANY_CREATE


@pytest.fixture
def logged(caplog):  # noqa: ANN201
    caplog.set_level(logging.INFO)
    return caplog


def errors_and_tracebacks(caplog) -> tuple[list, list]:  # noqa: ANN001
    return ([r for r in caplog.records if r.levelno >= logging.ERROR], [r for r in caplog.records if r.exc_info])


@pytest.mark.parametrize("request_kwargs", [
    {"json": {"query": "{ shop { nope } }"}},  # does not validate
    {"json": {"query": "{ shop { name "}},  # does not parse
    {"json": {"query": "{ products(first: 1000) { nodes { id } } }"}},  # a ClientError
    {"content": b'{"query": "\xff"}', "headers": {"content-type": "application/json"}},  # a bad request
    {"json": {"query": "{ viewer { id } }"}, "headers": {"Authorization": "Bearer gwc_nope"}},  # a bad token
])
async def test_a_client_mistake_is_logged_at_info_without_a_traceback(client, logged, request_kwargs) -> None:
    response = await client.post("/graphql", **request_kwargs)
    assert response.status_code in (200, 400, 401)
    assert errors_and_tracebacks(logged) == ([], [])
    mine = [r for r in logged.records if r.request_id == response.headers["x-request-id"]]
    assert mine and all(r.levelno == logging.INFO for r in mine)


async def test_a_failure_of_ours_is_one_error_with_one_traceback(admin, logged, monkeypatch) -> None:
    async def broken(session, data):  # noqa: ANN001, ANN202
        raise RuntimeError("secret internals")

    monkeypatch.setattr(companies, "create", broken)
    response = await admin.post(COMPANY_CREATE, input={"company": {"name": "Acme"}})
    errors, tracebacks = errors_and_tracebacks(logged)
    assert len(errors) == 1 and tracebacks == errors
    assert errors[0].request_id == response.headers["x-request-id"]
    assert "secret internals" in str(errors[0].exc_info[1])


async def test_a_failure_before_graphql_runs_is_one_error_too(client, logged, monkeypatch) -> None:
    from gateway.auth import sessions

    async def broken(session, token):  # noqa: ANN001, ANN202
        raise KeyError("secret internals")

    monkeypatch.setattr(sessions, "resolve_request", broken)
    response = await client.post("/graphql", json={"query": "{ shop { name } }"}, headers={"Authorization": "Bearer x"})
    assert response.status_code == 500
    errors, tracebacks = errors_and_tracebacks(logged)
    assert len(errors) == 1 and tracebacks == errors
    assert errors[0].request_id == response.headers["x-request-id"]
