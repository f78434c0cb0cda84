"""Resource groups of the Admin API, declared as operations.

A resource group is a :class:`Resource` subclass whose class attributes are operation
descriptors; each descriptor knows its HTTP method, path template and model, so a group is a
few lines::

    class CampaignsResource(Resource):
        name = "campaigns"
        list = ListOp(Campaign, "/campaigns")
        get = GetOp(Campaign, "/campaigns/{id}")

On an instance, ``resource.get`` is a bound operation: ``await resource.get(5)`` returns the
model (or raises a typed error) and ``await resource.get.envelope(5)`` returns the
:class:`~keitaro.envelope.OperationEnvelope` instead (never raises a ``KeitaroError``).
:meth:`Resource.operations` lists the declared :class:`OperationSpec` s, for contract tests and
for generic browsers.

The machinery lives in :mod:`keitaro.resources.base` (the requester protocol, operation specs,
parsing) and :mod:`keitaro.resources.operations` (descriptors, bound operations, the
:class:`Resource` base); new operation kinds are new descriptor classes there, each a few lines on
top of :class:`BoundOperation`. This package only re-exports them.
"""

from keitaro.resources.base import OperationSpec, Requester, entity_id, parse_list, parse_one
from keitaro.resources.operations import (
    BoundCall,
    BoundGet,
    BoundList,
    BoundOperation,
    GetOp,
    ListOp,
    Op,
    OperationDescriptor,
    Resource,
)

__all__ = [
    "BoundCall",
    "BoundGet",
    "BoundList",
    "BoundOperation",
    "GetOp",
    "ListOp",
    "Op",
    "OperationDescriptor",
    "OperationSpec",
    "Requester",
    "Resource",
    "entity_id",
    "parse_list",
    "parse_one",
]
