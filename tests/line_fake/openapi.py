"""LINE's OpenAPI files as request validators, with the discriminators the files rely on.

LINE's schemas model subtypes as ``allOf`` + a ``discriminator`` on the base schema
(``Message`` → ``TextMessage``, ``FlexComponent`` → ``FlexBox`` …). openapi-schema-validator
ignores a discriminator that has no ``oneOf``/``anyOf``/``allOf`` beside it, so validating
against ``Message`` alone would check nothing but ``type``. Here the discriminator becomes a
keyword that dispatches to the mapped subtype; each subtype inherits a copy of its base
without the discriminator (so the dispatch does not loop) and pins the discriminating
value. Objects are closed to the properties their schema chain declares, which catches
misspelt fields ("warp" for "wrap") that LINE would reject or silently drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

# LINE's OpenAPI files (Apache-2.0, github.com/line/line-openapi at the commit in SOURCE),
# kept with the tests so a fresh clone can run them.
SPEC_DIR = Path(__file__).resolve().parent / "line-openapi"
SCHEMA_PREFIX = "#/components/schemas/"
INHERITED_SUFFIX = "__inherited"
KNOWN_PROPERTIES = "x-known-properties"


@dataclass(frozen=True)
class Problem:
    where: str  # a JSON path in LINE's error style: messages[0].contents.body.type
    why: str


def json_path(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(body)"


def _dispatch_discriminator(
    validator: Any, discriminator: Mapping[str, Any], instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if any(key in schema for key in ("allOf", "anyOf", "oneOf")):
        return  # openapi-schema-validator handles a discriminator beside a combinator
    if not validator.is_type(instance, "object"):
        return  # the schema's own "type" reports it
    name = discriminator["propertyName"]
    mapping = discriminator.get("mapping", {})
    value = instance.get(name)
    if value not in mapping:
        found = "is missing" if value is None else f"{value!r} is unknown"
        yield ValidationError(f"{name} {found}; expected one of {', '.join(mapping)}", path=[name])
        return
    yield from validator.descend(instance, {"$ref": mapping[value]})


def _reject_unknown_properties(
    validator: Any, known: list[str], instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "object"):
        for key in instance:
            if key not in known:
                message = f"unknown property {key!r} (not in LINE's schema)"
                yield ValidationError(message, path=[key])


LineValidator = extend(
    OAS30Validator,
    {"discriminator": _dispatch_discriminator, KNOWN_PROPERTIES: _reject_unknown_properties},
)


def _schema_name(ref: str) -> str:
    return ref.removeprefix(SCHEMA_PREFIX)


def _inherit_discriminators(schemas: dict[str, Any]) -> None:
    """Subtypes inherit their base without its discriminator and pin their type value."""
    for base_name, base in list(schemas.items()):
        discriminator = base.get("discriminator")
        if not discriminator:
            continue
        inherited = f"{base_name}{INHERITED_SUFFIX}"
        schemas[inherited] = {key: value for key, value in base.items() if key != "discriminator"}
        values_by_target: dict[str, list[str]] = {}
        for value, target in discriminator["mapping"].items():
            values_by_target.setdefault(_schema_name(target), []).append(value)
        for target_name, values in values_by_target.items():
            parts = schemas[target_name].setdefault("allOf", [])
            for part in parts:
                if part.get("$ref") == SCHEMA_PREFIX + base_name:
                    part["$ref"] = SCHEMA_PREFIX + inherited
            parts.append({"properties": {discriminator["propertyName"]: {"enum": values}}})


def _declared_properties(schema: Mapping[str, Any], schemas: Mapping[str, Any]) -> set[str]:
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        target = schemas[_schema_name(part["$ref"])] if "$ref" in part else part
        names |= _declared_properties(target, schemas)
    return names


def _close_inline_objects(schema: dict[str, Any]) -> None:
    """Closes object schemas written inline under properties/items (not allOf parts)."""
    for part in schema.get("allOf", []):
        _close_inline_objects(part)
    nested = list(schema.get("properties", {}).values())
    if isinstance(schema.get("items"), dict):
        nested.append(schema["items"])
    for child in nested:
        if "$ref" in child:
            continue
        if "properties" in child and not {"allOf", "additionalProperties"} & child.keys():
            child[KNOWN_PROPERTIES] = sorted(child["properties"])
        _close_inline_objects(child)


def _close_objects(schemas: dict[str, Any]) -> None:
    """Every object schema that is not a base of another lists the properties it allows."""
    bases = {
        _schema_name(part["$ref"])
        for schema in schemas.values()
        for part in schema.get("allOf", [])
        if "$ref" in part
    }
    for name, schema in schemas.items():
        _close_inline_objects(schema)
        closable = "properties" in schema or "allOf" in schema
        if name in bases or not closable or "discriminator" in schema:
            continue
        if "additionalProperties" not in schema:
            schema[KNOWN_PROPERTIES] = sorted(_declared_properties(schema, schemas))


def _short_message(error: ValidationError) -> str:
    instance, limit = error.instance, error.validator_value
    if error.validator in ("maxItems", "minItems") and isinstance(instance, list):
        bound = "at most" if error.validator == "maxItems" else "at least"
        return f"has {len(instance)} items; LINE allows {bound} {limit}"
    if error.validator in ("maxLength", "minLength") and isinstance(instance, str):
        bound = "at most" if error.validator == "maxLength" else "at least"
        return f"has {len(instance)} characters; LINE allows {bound} {limit}"
    return error.message if len(error.message) <= 200 else error.message[:197] + "..."


def _reading_order(problem: Problem) -> list[str | int]:
    parts = re.split(r"(\d+)", problem.where)  # so items[2] comes before items[10]
    return [int(part) if part.isdigit() else part for part in parts] + [problem.why]


def load_yaml(path: Path) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's loader when available
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


class OpenApiDocument:
    """One of LINE's OpenAPI files, ready to validate instances of its component schemas."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(
                f"{path} is missing: the LINE OpenAPI files belong in tests/line_fake/line-openapi"
            )
        self.path = path
        self.document = load_yaml(path)
        schemas = self.document["components"]["schemas"]
        self.subtypes = {
            name: dict(schema["discriminator"]["mapping"])
            for name, schema in schemas.items()
            if "discriminator" in schema
        }
        _inherit_discriminators(schemas)
        _close_objects(schemas)
        self._uri = f"urn:line-openapi:{path.stem}"
        resource = Resource.from_contents(self.document, default_specification=DRAFT4)
        self._registry = Registry().with_resource(self._uri, resource)
        self._operations = self._read_operations()

    def problems(self, schema_name: str, instance: Any) -> list[Problem]:
        if schema_name not in self.document["components"]["schemas"]:
            raise KeyError(f"{schema_name} is not a schema in {self.path.name}")
        validator = LineValidator(
            {"$ref": f"{self._uri}{SCHEMA_PREFIX}{schema_name}"},
            registry=self._registry,
            format_checker=LineValidator.FORMAT_CHECKER,
        )
        found = {
            Problem(json_path(error.absolute_path), _short_message(error))
            for error in validator.iter_errors(instance)
        }
        return sorted(found, key=_reading_order)

    def operations(self) -> dict[str, dict[str, Any]]:
        """operationId → {method, path, data_host, request_schema} from the file's paths."""
        return self._operations

    def _read_operations(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                if not isinstance(operation, dict) or "operationId" not in operation:
                    continue
                servers = operation.get("servers") or [{"url": ""}]
                content = operation.get("requestBody", {}).get("content", {})
                ref = content.get("application/json", {}).get("schema", {}).get("$ref")
                found[operation["operationId"]] = {
                    "method": method.upper(),
                    "path": path,
                    "data_host": "api-data" in servers[0]["url"],
                    "request_schema": _schema_name(ref) if ref else None,
                }
        return found


@cache
def messaging_api() -> OpenApiDocument:
    return OpenApiDocument(SPEC_DIR / "messaging-api.yml")


@cache
def webhook() -> OpenApiDocument:
    return OpenApiDocument(SPEC_DIR / "webhook.yml")
