"""The result stored with a finished assessment, as the official saw it.

Written from ``scoring.AssessmentResult.to_dict()``; read through ``StoredResult`` so
every reader (chat, admin, exports, dashboard) sees the same typed fields. Unknown keys
are kept out of the model and results stored by older releases still read.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class StoredFigure(_Lenient):
    value: float | None = None
    level: int | None = None
    percent: float | None = None
    answered: int = 0
    total: int = 0


class StoredOverall(StoredFigure):
    stage_en: str | None = None
    stage_th: str | None = None


class StoredIssue(_Lenient):
    status: str = "unanswered"
    level: int | None = None
    value: float | None = None


class StoredRecommendation(_Lenient):
    issue: str
    band: str
    text: str


class StoredNextStep(_Lenient):
    issue: str
    pillar: str
    from_level: int
    to_level: int
    gain: float | None = None
    criteria_to_add: int = 1
    actions: list[str] = Field(default_factory=list)


class StoredResult(_Lenient):
    framework_year: int
    agency_type: str
    scope: list[str] = Field(default_factory=list)
    complete: bool = True
    overall: StoredOverall = Field(default_factory=StoredOverall)
    pillars: dict[str, StoredFigure] = Field(default_factory=dict)
    sub_pillars: dict[str, StoredFigure] = Field(default_factory=dict)
    issues: dict[str, StoredIssue] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    not_covered: list[str] = Field(default_factory=list)
    recommendations: list[StoredRecommendation] = Field(default_factory=list)
    next_steps: list[StoredNextStep] = Field(default_factory=list)

    @classmethod
    def read(cls, stored: dict[str, Any] | None) -> StoredResult | None:
        return None if stored is None else cls.model_validate(stored)
