"""Shared pieces of the framework model: agency types, ids, and the Thai-text rule."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

AgencyType = Literal["service", "policy", "provincial"]
# The framework states criteria for two kinds of agency; provincial units use the
# service-providing criteria (DECISIONS.md, "Agency types").
CriteriaType = Literal["service", "policy"]
AGENCY_TYPES: tuple[AgencyType, ...] = ("service", "policy", "provincial")

_THAI = re.compile(r"[\u0E00-\u0E7F]")


def require_thai(value: str) -> str:
    if not _THAI.search(value):
        raise ValueError("ต้องมีข้อความภาษาไทย (Thai text required)")
    return value.strip()


ThaiText = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]+$", min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThaiTextModel(Strict):
    """Base for models whose ``*_th`` and text fields must contain Thai."""

    @field_validator("name_th", "text", "definition", "help", "action", check_fields=False)
    @classmethod
    def _thai(cls, value: str | None) -> str | None:
        return None if value is None else require_thai(value)
