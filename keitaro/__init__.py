"""Async client for the Keitaro tracker's Admin API v1 and its incoming-postback URL.

Self-contained: imports nothing from the rest of the project and nothing of aiogram.
"""

from keitaro.client import HOST_RECHECK_SECONDS, ConnectionCheck, KeitaroClient
from keitaro.envelope import EnvelopeError, EnvelopeRequest, OperationEnvelope
from keitaro.errors import (
    AuthError,
    BadRequestError,
    ConnectionRefused,
    DnsError,
    EditionError,
    ForbiddenError,
    InvalidUrlError,
    KeitaroError,
    KeitaroTimeout,
    NetworkError,
    NotFoundError,
    NotJsonError,
    PrivateAddressError,
    RequestInfo,
    ServerError,
    TlsError,
    TransportError,
    UnexpectedResponseError,
    UnexpectedStatusError,
    ValidationError,
)
from keitaro.masking import mask_in_text, mask_secret
from keitaro.models import (
    Campaign,
    CampaignState,
    CampaignType,
    CostType,
    KeitaroModel,
    KeitaroUser,
    UserPreferences,
    UserType,
)
from keitaro.netguard import ensure_public_host, is_public_ip
from keitaro.pool import ClientPool
from keitaro.postback import PostbackOutcome, PostbackParams, PostbackResult
from keitaro.reports import (
    DateRange,
    Filter,
    FilterOperator,
    LogQuery,
    RangePreset,
    ReportDialect,
    ReportQuery,
    Sort,
    SortOrder,
)
from keitaro.resources import OperationSpec, Resource
from keitaro.resources.campaigns import CampaignsResource
from keitaro.resources.users import UsersResource
from keitaro.retry import RetryPolicy
from keitaro.urls import PostbackUrl, api_base_from_admin_url, normalize_admin_url, parse_postback_url

__all__ = [
    "HOST_RECHECK_SECONDS",
    "AuthError",
    "BadRequestError",
    "Campaign",
    "CampaignState",
    "CampaignType",
    "CampaignsResource",
    "ClientPool",
    "ConnectionCheck",
    "ConnectionRefused",
    "CostType",
    "DateRange",
    "DnsError",
    "EditionError",
    "EnvelopeError",
    "EnvelopeRequest",
    "Filter",
    "FilterOperator",
    "ForbiddenError",
    "InvalidUrlError",
    "KeitaroClient",
    "KeitaroError",
    "KeitaroModel",
    "KeitaroTimeout",
    "KeitaroUser",
    "LogQuery",
    "NetworkError",
    "NotFoundError",
    "NotJsonError",
    "OperationEnvelope",
    "OperationSpec",
    "PostbackOutcome",
    "PostbackParams",
    "PostbackResult",
    "PostbackUrl",
    "PrivateAddressError",
    "RangePreset",
    "ReportDialect",
    "ReportQuery",
    "RequestInfo",
    "Resource",
    "RetryPolicy",
    "ServerError",
    "Sort",
    "SortOrder",
    "TlsError",
    "TransportError",
    "UnexpectedResponseError",
    "UnexpectedStatusError",
    "UserPreferences",
    "UserType",
    "UsersResource",
    "ValidationError",
    "api_base_from_admin_url",
    "ensure_public_host",
    "is_public_ip",
    "mask_in_text",
    "mask_secret",
    "normalize_admin_url",
    "parse_postback_url",
]
