"""What each rule kind takes, as pydantic models that validate what a person typed: ranges, and
resolve thresholds on the right side of fire thresholds (hysteresis). Defaults are the templates'.

``for_seconds``: how long the fire condition must hold before the alert fires (0 = at once).
``per_campaign``: a metric rule without a campaign watches each campaign on its own (else their sum).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "CrBelowParams",
    "NoConversionsParams",
    "ObjectChangedParams",
    "Params",
    "PerCampaignParams",
    "PostbackProblemsParams",
    "RejectedShareParams",
    "RoiBelowParams",
    "TrackerDownParams",
    "TrafficDropParams",
    "TrafficParams",
    "TrafficSpikeParams",
    "WindowParams",
]


class Params(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    for_seconds: int = Field(0, ge=0, le=7 * 86400)  # the condition must hold this long to fire


class PerCampaignParams(Params):
    per_campaign: bool = True  # without a campaign: each campaign on its own (else their sum)


class TrackerDownParams(Params):
    failures: int = Field(3, ge=1, le=100)  # consecutive failed checks


class NoConversionsParams(PerCampaignParams):
    hours: int = Field(3, ge=1, le=72)
    baseline_days: int = Field(7, ge=0, le=28)  # the same hours of each of the previous N days
    baseline_weeks: int = Field(0, ge=0, le=4)  # … and/or of the same weekday N weeks back
    min_expected: float = Field(3.0, ge=3.0, le=10_000)  # λ guard: never below 3
    resolve_conversions: int = Field(1, ge=1, le=10_000)
    scale_by_clicks: bool = True  # λ = baseline conversions per click × clicks now

    @model_validator(mode="after")
    def _baseline(self) -> NoConversionsParams:
        if self.baseline_days == 0 and self.baseline_weeks == 0:
            raise ValueError("baseline_days or baseline_weeks must be at least 1")
        return self


class TrafficParams(PerCampaignParams):
    window_minutes: int = Field(60, ge=15, le=1440)
    weeks: int = Field(1, ge=1, le=4)  # 1 = the same window a week ago; more = their mean


class TrafficDropParams(TrafficParams):
    fire_ratio: float = Field(0.5, gt=0, lt=1)  # clicks now / baseline at or below → fire
    resolve_ratio: float = Field(0.7, gt=0, le=1)  # … at or above → resolved
    min_baseline_clicks: int = Field(100, ge=1, le=10_000_000)

    @model_validator(mode="after")
    def _hysteresis(self) -> TrafficDropParams:
        if self.resolve_ratio <= self.fire_ratio:
            raise ValueError("resolve_ratio must be above fire_ratio")
        return self


class TrafficSpikeParams(TrafficParams):
    fire_ratio: float = Field(2.0, gt=1, le=1000)  # clicks now / baseline at or above → fire
    resolve_ratio: float = Field(1.5, ge=1, le=1000)  # … at or below → resolved
    min_clicks: int = Field(100, ge=1, le=10_000_000)  # clicks now

    @model_validator(mode="after")
    def _hysteresis(self) -> TrafficSpikeParams:
        if self.resolve_ratio >= self.fire_ratio:
            raise ValueError("resolve_ratio must be below fire_ratio")
        return self


class WindowParams(PerCampaignParams):
    window_hours: int = Field(24, ge=1, le=168)


class RoiBelowParams(WindowParams):
    fire_below: float = Field(0.0, ge=-100, le=100_000)  # ROI % below → fire
    resolve_above: float = Field(10.0, ge=-100, le=100_000)  # ROI % at or above → resolved
    min_cost: float = Field(50.0, ge=0, le=1e9)

    @model_validator(mode="after")
    def _hysteresis(self) -> RoiBelowParams:
        if self.resolve_above <= self.fire_below:
            raise ValueError("resolve_above must be above fire_below")
        return self


class CrBelowParams(WindowParams):
    fire_below: float = Field(1.0, gt=0, le=100)  # CR % below → fire
    resolve_above: float = Field(1.5, gt=0, le=100)
    min_clicks: int = Field(500, ge=1, le=10_000_000)

    @model_validator(mode="after")
    def _hysteresis(self) -> CrBelowParams:
        if self.resolve_above <= self.fire_below:
            raise ValueError("resolve_above must be above fire_below")
        return self


class RejectedShareParams(WindowParams):
    fire_above: float = Field(50.0, gt=0, lt=100)  # rejected / all conversions, % above → fire
    resolve_below: float = Field(35.0, ge=0, lt=100)
    min_conversions: int = Field(20, ge=1, le=10_000_000)

    @model_validator(mode="after")
    def _hysteresis(self) -> RejectedShareParams:
        if self.resolve_below >= self.fire_above:
            raise ValueError("resolve_below must be below fire_above")
        return self


class PostbackProblemsParams(Params):
    window_minutes: int = Field(60, ge=5, le=1440)
    fire_at: int = Field(5, ge=1, le=100_000)  # bad lines in the window at or above → fire
    resolve_at: int = Field(0, ge=0, le=100_000)  # … at or below → resolved
    lines: int = Field(1000, ge=50, le=5000)  # newest log lines read per tick
    log_timezone: str | None = None  # zone of the log's times; None = the tracker's

    @field_validator("log_timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value.strip()

    @model_validator(mode="after")
    def _hysteresis(self) -> PostbackProblemsParams:
        if self.resolve_at >= self.fire_at:
            raise ValueError("resolve_at must be below fire_at")
        return self


class ObjectChangedParams(Params):
    campaigns: bool = True  # a campaign disabled or archived
    flows: bool = True  # a flow disabled or archived
    offer_caps: bool = True  # an offer reached its daily cap

    @model_validator(mode="after")
    def _something(self) -> ObjectChangedParams:
        if not (self.campaigns or self.flows or self.offer_caps):
            raise ValueError("watch at least one of campaigns, flows, offer_caps")
        return self
