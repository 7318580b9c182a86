"""Property-based checks of the published OpenAPI schema against the running server (bounded)."""
from __future__ import annotations

import pytest

from .conftest import Server

MAX_EXAMPLES = 12


def test_openapi_schema_holds(server: Server) -> None:
    schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: object) -> None:
            case.call_and_validate(base_url=server.url, checks=checks)  # type: ignore[attr-defined]

        check()
        tested += 1
    assert tested >= 8
