"""Operation descriptors and the :class:`Resource` base: a resource group is a :class:`Resource`
subclass whose class attributes are :class:`ListOp`, :class:`GetOp` or :class:`Op` declarations;
on an instance each one is a bound operation (:class:`BoundList`, :class:`BoundGet`,
:class:`BoundCall`) that sends the request and parses the answer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, overload

import pydantic
import pydantic_core

from keitaro.envelope import OperationEnvelope
from keitaro.models import KeitaroModel
from keitaro.resources.base import M, OperationSpec, Requester, entity_id, parse_list, parse_one

__all__ = [
    "BoundCall",
    "BoundGet",
    "BoundList",
    "BoundOperation",
    "GetOp",
    "ListOp",
    "Op",
    "OperationDescriptor",
    "Resource",
]

QueryValue = str | int | float | bool


# ---------------------------------------------------------------- bound operations


class BoundOperation:
    """An operation bound to a client. Subclasses add a typed ``__call__`` and ``envelope``."""

    def __init__(self, client: Requester, spec: OperationSpec) -> None:
        self._client = client
        self.spec = spec

    async def _send(self, path: str, *, params: Mapping[str, Any] | None = None, json: Any = None) -> Any:
        return await self._client.request(self.spec.method, path, params=params, json=json)

    async def _envelope(
        self, path: str, *, params: Mapping[str, Any] | None = None, json: Any = None
    ) -> OperationEnvelope:
        return await self._client.request_envelope(
            self.spec.method,
            path,
            resource=self.spec.resource,
            operation=self.spec.operation,
            params=params,
            json=json,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec.method} {self.spec.path}>"


class BoundList(BoundOperation, Generic[M]):
    def __init__(self, client: Requester, spec: OperationSpec, model: type[M]) -> None:
        super().__init__(client, spec)
        self.model = model

    async def __call__(self, **params: QueryValue) -> list[M]:
        data = await self._send(self.spec.path, params=params or None)
        return parse_list(self.model, data, self.spec)

    async def envelope(self, **params: QueryValue) -> OperationEnvelope:
        return await self._envelope(self.spec.path, params=params or None)


class BoundGet(BoundOperation, Generic[M]):
    def __init__(self, client: Requester, spec: OperationSpec, model: type[M]) -> None:
        super().__init__(client, spec)
        self.model = model

    def path_for(self, id: int) -> str:
        return self.spec.path.format(id=entity_id(id))

    async def __call__(self, id: int) -> M:
        data = await self._send(self.path_for(id))
        return parse_one(self.model, data, self.spec)

    async def envelope(self, id: int) -> OperationEnvelope:
        return await self._envelope(self.path_for(id))


# ---------------------------------------------------------------- descriptors


class OperationDescriptor:
    """Base of the declarations; ``__set_name__`` records the operation name."""

    def __init__(self, method: str, path: str) -> None:
        if not path.startswith("/"):
            raise ValueError("operation paths start with '/' (relative to /admin_api/v1)")
        self.method = method.upper()
        self.path = path
        self.name = ""
        self.resource = ""

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name
        self.resource = str(getattr(owner, "name", owner.__name__))

    def spec(self, owner: type[Any] | None = None) -> OperationSpec:
        resource = str(getattr(owner, "name", "") or self.resource) if owner is not None else self.resource
        return OperationSpec(resource=resource, operation=self.name, method=self.method, path=self.path)


class ListOp(OperationDescriptor, Generic[M]):
    """``GET <path>`` → ``list[model]`` (Keitaro lists are plain JSON arrays)."""

    def __init__(self, model: type[M], path: str, *, method: str = "GET") -> None:
        super().__init__(method, path)
        self.model = model

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> ListOp[M]: ...
    @overload
    def __get__(self, obj: Resource, owner: type[Any]) -> BoundList[M]: ...
    def __get__(self, obj: Resource | None, owner: type[Any]) -> ListOp[M] | BoundList[M]:
        if obj is None:
            return self
        return BoundList(obj.client, self.spec(type(obj)), self.model)


class GetOp(OperationDescriptor, Generic[M]):
    """``GET <path with {id}>`` → ``model``."""

    def __init__(self, model: type[M], path: str, *, method: str = "GET") -> None:
        if "{id}" not in path:
            raise ValueError("GetOp paths contain '{id}'")
        super().__init__(method, path)
        self.model = model

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> GetOp[M]: ...
    @overload
    def __get__(self, obj: Resource, owner: type[Any]) -> BoundGet[M]: ...
    def __get__(self, obj: Resource | None, owner: type[Any]) -> GetOp[M] | BoundGet[M]:
        if obj is None:
            return self
        return BoundGet(obj.client, self.spec(type(obj)), self.model)


class BoundCall(BoundOperation):
    """A general operation: path parameters positionally, ``json=`` body, query as keywords."""

    def __init__(self, client: Requester, spec: OperationSpec, op: Op) -> None:
        super().__init__(client, spec)
        self.op = op

    def path_for(self, *args: int | str) -> str:
        names = self.op.path_params
        if len(args) != len(names):
            raise TypeError(
                f"{self.spec.resource}.{self.spec.operation} takes {len(names)} path argument(s)"
                f" ({', '.join(names) or 'none'}), got {len(args)}"
            )
        values = {}
        for name, value in zip(names, args, strict=True):
            if name == "id" or name.endswith("_id"):
                values[name] = str(entity_id(value))  # type: ignore[arg-type]
            else:
                text = str(value)
                if not _SEGMENT.match(text):
                    raise ValueError(f"{name}={text!r} is not a valid path segment")
                values[name] = text
        return self.spec.path.format(**values)

    def _query(self, query: Mapping[str, Any]) -> dict[str, Any] | None:
        params = {k: v for k, v in query.items() if v is not None}
        missing = [name for name in self.op.required_query if name not in params]
        if missing:
            raise TypeError(
                f"{self.spec.resource}.{self.spec.operation} needs query parameter(s): {', '.join(missing)}"
            )
        params = {k: (int(v) if isinstance(v, bool) else v) for k, v in params.items()}
        return params or None

    def _body(self, json: Any) -> Any:
        if isinstance(json, pydantic.BaseModel):
            return json.model_dump(mode="json", exclude_none=True, by_alias=True)
        if isinstance(json, dict | list):  # models nested in a plain dict or list
            return pydantic_core.to_jsonable_python(json, exclude_none=True, by_alias=True)
        if json is None and self.op.body_required:
            raise TypeError(f"{self.spec.resource}.{self.spec.operation} needs a JSON body (json=...)")
        return json

    async def raw(self, *args: int | str, json: Any = None, **query: Any) -> Any:
        """The decoded answer without model parsing."""
        return await self._client.request(
            self.spec.method,
            self.path_for(*args),
            params=self._query(query),
            json=self._body(json),
            expect_json=self.op.expect_json,
            idempotent=self.op.idempotent,
        )

    async def __call__(self, *args: int | str, json: Any = None, **query: Any) -> Any:
        data = await self.raw(*args, json=json, **query)
        return self.op.parse(data, self.spec)

    async def envelope(self, *args: int | str, json: Any = None, **query: Any) -> OperationEnvelope:
        return await self._client.request_envelope(
            self.spec.method,
            self.path_for(*args),
            resource=self.spec.resource,
            operation=self.spec.operation,
            params=self._query(query),
            json=self._body(json),
            expect_json=self.op.expect_json,
        )


_SEGMENT = re.compile(r"^[A-Za-z0-9_.-]+$")
_PLACEHOLDER = re.compile(r"{(\w+)}")


class Op(OperationDescriptor):
    """Any Admin API operation, declared in one line::

        enable = Op("POST", "/campaigns/{id}/enable", returns=Campaign)
        deleted = Op("GET", "/campaigns/deleted", returns=[Campaign])
        types = Op("POST", "/logs/types")                       # raw JSON
        groups = Op("GET", "/groups", returns=[Group], required_query=("type",))

    Calling the bound operation: path parameters positionally in path order, the JSON body as
    ``json=`` (a dict or a pydantic model), query parameters as keywords. ``returns`` is a model
    (one object), ``[Model]`` (a JSON array) or ``None`` (the decoded JSON as it is).
    ``idempotent`` marks a POST that only reads (reports, logs) so transient failures are retried;
    by default only GET/HEAD are.
    """

    def __init__(
        self,
        method: str,
        path: str,
        *,
        returns: type[KeitaroModel] | list[type[KeitaroModel]] | None = None,
        body: bool = False,
        required_query: tuple[str, ...] = (),
        expect_json: bool = True,
        idempotent: bool | None = None,
    ) -> None:
        super().__init__(method, path)
        self.path_params = tuple(_PLACEHOLDER.findall(path))
        self.many = isinstance(returns, list)
        self.model: type[KeitaroModel] | None = returns[0] if isinstance(returns, list) else returns
        self.body_required = body
        self.required_query = required_query
        self.expect_json = expect_json
        self.idempotent = idempotent

    def parse(self, data: Any, spec: OperationSpec) -> Any:
        """Lenient about the shapes trackers really send: a ``{"data": {...}}`` wrapper, a
        one-element array where one object is documented, one object where an array is."""
        if self.model is None:
            return data
        if isinstance(data, dict) and set(data) == {"data"} and isinstance(data["data"], dict):
            data = data["data"]
        if self.many:
            if isinstance(data, dict) and "data" not in data:
                data = [data]
            return parse_list(self.model, data, spec)
        if isinstance(data, list) and len(data) == 1:
            data = data[0]
        return parse_one(self.model, data, spec)

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Op: ...
    @overload
    def __get__(self, obj: Resource, owner: type[Any]) -> BoundCall: ...
    def __get__(self, obj: Resource | None, owner: type[Any]) -> Op | BoundCall:
        if obj is None:
            return self
        return BoundCall(obj.client, self.spec(type(obj)), self)


# ---------------------------------------------------------------- resource base


class Resource:
    """A resource group; subclasses set ``name`` and declare operations."""

    name: ClassVar[str] = ""

    def __init__(self, client: Requester) -> None:
        self.client = client

    @classmethod
    def operations(cls) -> list[OperationSpec]:
        specs: dict[str, OperationSpec] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                if isinstance(value, OperationDescriptor):
                    specs[attr] = value.spec(cls)
        return list(specs.values())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
