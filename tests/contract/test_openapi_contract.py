"""Every request the client can send validates against Keitaro's own OpenAPI description.

* every operation in the spec is exposed by the client (by method and path);
* each client operation, run against the emulator through its registered example, sends
  requests whose method, path, required query parameters and JSON body match the spec.
The coverage line is printed at the end of the run.
"""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

from keitaro import KeitaroClient, KeitaroError
from tests.contract import registry
from tests.fakes.keitaro import KeitaroEmulator

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "keitaro" / "openapi-v1-2022.json"
METHODS = ("get", "post", "put", "delete", "patch")
ADMIN = "contractAdminKey0123456789"

for _module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if _module.name.startswith("examples_"):
        importlib.import_module(f"tests.contract.{_module.name}")

COVERED: set[str] = set()


def _spec() -> dict[str, Any]:
    if not SPEC_PATH.exists():
        pytest.skip(f"the Keitaro OpenAPI file is not at {SPEC_PATH} (../shared/keitaro/ beside the clone)")
    data: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return data


def _spec_operations(spec: dict[str, Any]) -> set[tuple[str, str]]:
    return {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops if m in METHODS}


def _client_operations() -> dict[tuple[str, str], str]:
    return {(s.method, s.path): f"{s.resource}.{s.operation}" for s in KeitaroClient.operations()}


def test_every_operation_in_the_spec_is_exposed_by_the_client() -> None:
    spec_ops = _spec_operations(_spec())
    client_ops = _client_operations()
    missing = sorted(spec_ops - set(client_ops))
    extra = sorted(set(client_ops) - spec_ops)
    assert not missing, f"{len(missing)} spec operations have no client method: {missing}"
    assert not extra, f"client operations not in the spec: {extra}"
    assert len(spec_ops) == 107


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(template)) + "$")


def _match(spec: dict[str, Any], method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """The spec path template for a concrete request; literal segments win over placeholders."""
    candidates = []
    for template, ops in spec["paths"].items():
        if method.lower() in ops and _template_regex(template).match(path):
            candidates.append((template.count("{"), template, ops[method.lower()]))
    if not candidates:
        return None
    _, template, operation = min(candidates)
    return template, operation


def _validate_body(spec: dict[str, Any], template: str, method: str, body: Any) -> list[str]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    operation = spec["paths"][template][method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return [] if body is None else [f"{method} {template} takes no JSON body, got {body!r}"]
    if body is None:
        required = operation["requestBody"].get("required", False)
        return [f"{method} {template} needs a JSON body"] if required else []
    pointer = "/".join(
        p.replace("~", "~0").replace("/", "~1")
        for p in ("paths", template, method.lower(), "requestBody", "content", "application/json", "schema")
    )
    registry_ = Registry().with_resource(
        "urn:keitaro-spec",
        Resource.from_contents(spec, default_specification=DRAFT202012),
    )
    validator = Draft202012Validator({"$ref": f"urn:keitaro-spec#/{pointer}"}, registry=registry_)
    return [
        f"{method} {template}: body {'/'.join(map(str, e.path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(body)
    ]


def _client_keys() -> list[str]:
    return sorted(_client_operations().values())


@pytest.mark.parametrize("key", _client_keys())
async def test_request_matches_the_spec(key: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("keitaro", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    spec = _spec()
    run = registry.EXAMPLES.get(key)
    assert run is not None, f"no contract example registered for {key} (tests/contract/examples_*.py)"
    declared = {v: k for k, v in _client_operations().items()}[key]
    emulator = KeitaroEmulator(api_keys={ADMIN: "admin"})
    await emulator.start()
    try:
        async with KeitaroClient(emulator.url, ADMIN, allow_private=True) as client:
            try:
                await run(client, emulator)
            except KeitaroError as exc:
                pytest.fail(
                    f"{key}: the emulator refused the example: {exc.code} {exc.message} {exc.response_data!r}"
                )
    finally:
        await emulator.stop()
    requests = [r for r in emulator.requests if r.path.startswith("/admin_api/v1/")]
    assert requests, f"{key}: the example sent nothing to the Admin API"
    problems: list[str] = []
    for r in requests:
        path = r.path.removeprefix("/admin_api/v1")
        found = _match(spec, r.method, path)
        if found is None:
            problems.append(f"{r.method} {path} is not in the spec")
            continue
        template, operation = found
        if (r.method, template) != declared:
            problems.append(f"{r.method} {path} matched {template}, expected {declared[1]}")
        for param in operation.get("parameters", []):
            if param.get("in") == "query" and param.get("required") and param["name"] not in r.query:
                problems.append(f"{r.method} {template}: required query parameter {param['name']!r} missing")
        problems += _validate_body(spec, template, r.method, r.json)
    assert not problems, "\n".join(problems)
    # a full client run at DEBUG, library loggers included, never logs the key
    assert caplog.records, "nothing was logged at DEBUG"
    assert ADMIN not in caplog.text
    COVERED.add(key)
