"""The agency register's fixed lists: the ministries (กระทรวง) and the 77 provinces
(จังหวัด), and which agency types belong to a province rather than to a ministry.

Officials type these, so matching is forgiving: spaces, a leading "กระทรวง"/"จังหวัด"/
"จ." and small typos do not matter (rapidfuzz over normalised names)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

REGISTER_DIR = Path(__file__).parent / "data" / "register"

# A typed ministry or province this close (0–100) to a known one is offered; a typed
# agency name this close to a registered one is asked about ("หมายถึง … ใช่ไหมครับ").
# Only an exact name is taken without asking.
POSSIBLE_MATCH = 72
SIMILAR_AGENCY = 80
SHORTEST_FUZZY = 4  # characters


class Place(BaseModel):
    """A ministry or a province."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=20)
    name_th: str = Field(min_length=2)
    name_en: str = Field(min_length=2)
    note: str | None = None  # what belongs here, where the name does not say
    # Abbreviations and everyday names ("มท.", "กทม."): matched only exactly.
    aliases: tuple[str, ...] = ()


class MinistriesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ministries: tuple[Place, ...]


class ProvincesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Agency types whose agencies belong to a province (the others to a ministry).
    provincial_agency_types: tuple[str, ...]
    provinces: tuple[Place, ...]


_PREFIXES = re.compile(r"^(กระทรวง|จังหวัด|จ\.|ministry of|province of)\s*")
# Spaces and punctuation (not Thai vowel and tone marks, which rapidfuzz's own
# default_process would drop).
_IGNORED = re.compile(r"[\s.,;:()\[\]{}'\"“”‘’/\\_\-–—]+")
_NUMBER = re.compile(r"\d+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def squashed(name: str) -> str:
    """An agency's name as compared: NFC, lower case, no spaces or punctuation."""
    return _IGNORED.sub("", unicodedata.normalize("NFC", name).casefold())


def numbers_in(name: str) -> tuple[int, ...]:
    """The numbers in a name, Thai digits read as Arabic ("เขต ๒" → (2,))."""
    return tuple(int(n) for n in _NUMBER.findall(name.translate(_THAI_DIGITS)))


def comparable(name: str) -> str:
    """A ministry's or province's name as compared: also without "กระทรวง"/"จังหวัด"."""
    return squashed(_PREFIXES.sub("", unicodedata.normalize("NFC", name).casefold().strip()))


@dataclass(frozen=True)
class Match:
    id: str
    name: str
    score: float


def closest(
    typed: str, names: dict[str, str], limit: int = 5, cutoff: float = SIMILAR_AGENCY
) -> list[Match]:
    """The known names nearest to ``typed`` (id → name), best first, with their scores
    (100: the same name but for spaces and case); only those at least ``cutoff`` close."""
    wanted = squashed(typed)
    if not wanted:
        return []
    choices = {key: squashed(name) for key, name in names.items()}
    # Names that differ in a number are different agencies ("… เขต 1" and "… เขต 2").
    numbers = numbers_in(typed)
    choices = {key: name for key, name in choices.items() if numbers_in(names[key]) == numbers}
    found = process.extract(wanted, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=cutoff)
    # WRatio rates a short name inside a long one highly ("กรม" in every department):
    # the plain ratio breaks ties in favour of the name of about the typed length.
    ranked = sorted(found, key=lambda f: (f[1], fuzz.ratio(wanted, f[0])), reverse=True)
    return [Match(key, names[key], score) for _, score, key in ranked]


@dataclass(frozen=True)
class Register:
    ministries: tuple[Place, ...]
    provinces: tuple[Place, ...]
    provincial_agency_types: frozenset[str]

    def belongs_to_province(self, agency_type: str) -> bool:
        return agency_type in self.provincial_agency_types

    def places_for(self, agency_type: str) -> tuple[Place, ...]:
        """Where an agency of this type belongs: the provinces or the ministries."""
        return self.provinces if self.belongs_to_province(agency_type) else self.ministries

    def place(self, place_id: str | None) -> Place | None:
        for place in (*self.ministries, *self.provinces):
            if place.id == place_id:
                return place
        return None

    def find(self, agency_type: str, typed: str, limit: int = 5) -> list[Match]:
        """Ministries or provinces (as the type needs) nearest to a typed name, matched on
        the Thai and the English name without their "กระทรวง"/"จังหวัด"."""
        places = self.places_for(agency_type)
        wanted = comparable(typed)
        if not wanted:
            return []
        # A few letters match parts of many names: only an exact name or alias counts.
        fuzzy = len(wanted) >= SHORTEST_FUZZY
        best: dict[str, Match] = {}
        for place in places:
            if wanted in {comparable(a) for a in place.aliases}:
                best[place.id] = Match(place.id, place.name_th, 100.0)
                continue
            for name in (place.name_th, place.name_en):
                known = comparable(name)
                if wanted == known:
                    score = 100.0
                elif fuzzy:
                    score = fuzz.WRatio(wanted, known)
                else:
                    continue
                if score >= POSSIBLE_MATCH and score > best.get(place.id, Match("", "", 0)).score:
                    best[place.id] = Match(place.id, place.name_th, score)
        ranked = sorted(
            best.values(),
            key=lambda m: (m.score, fuzz.ratio(wanted, comparable(m.name))),
            reverse=True,
        )
        return ranked[:limit]


def _read(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_register(folder: Path = REGISTER_DIR) -> Register:
    ministries = MinistriesFile.model_validate(_read(folder / "ministries.yaml"))
    provinces = ProvincesFile.model_validate(_read(folder / "provinces.yaml"))
    ids = [p.id for p in (*ministries.ministries, *provinces.provinces)]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{folder}: a ministry or province id is used twice")
    return Register(
        ministries.ministries, provinces.provinces, frozenset(provinces.provincial_agency_types)
    )


@lru_cache(maxsize=1)
def shipped_register() -> Register:
    return load_register()
