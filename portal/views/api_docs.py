"""The JSON API described: its OpenAPI 3.1 schema (``/api/schema``) and a page that reads it
(``/api/docs``).

``portal/openapi.json`` is kept by hand; ``tests/portal/test_openapi.py`` validates the real
answers of every endpoint against it, so a change to an answer must change the file too. It is
read once, when this module is imported.
"""

import json
import re
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "openapi.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# Served as it is kept (UTF-8, Vietnamese readable); the parsed copy feeds the docs page.
SCHEMA_BYTES = SCHEMA_PATH.read_bytes()


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """``node``, or what its local ``$ref`` (``#/components/...``) points to."""
    while "$ref" in node:
        target: Any = SCHEMA
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _text(value: str) -> SafeString:
    """A description as HTML: escaped, with its `backquoted` names as code."""
    return mark_safe(re.sub(r"`([^`<>]+)`", r"<code>\1</code>", str(escape(value))))


def _type_label(schema: dict[str, Any]) -> str:
    """A short name for a schema's type: ``string``, ``Level | null``, ``FaqItem[]``."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for combiner in ("anyOf", "oneOf"):
        if combiner in schema:
            return " | ".join(_type_label(part) for part in schema[combiner])
    if "const" in schema:
        return json.dumps(schema["const"])
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    labels = []
    for kind in kinds:
        if kind == "array":
            labels.append(f"{_type_label(schema.get('items', {}))}[]")
        elif kind == "string" and "format" in schema:
            labels.append(f"string ({schema['format']})")
        else:
            labels.append(kind)
    return " | ".join(labels)


def _limits(schema: dict[str, Any]) -> str:
    """What a parameter's schema allows, in a few symbols: ``1–200``, an enum, a pattern."""
    parts = []
    if "enum" in schema:
        parts.append(", ".join(str(value) for value in schema["enum"]))
    if "minimum" in schema or "maximum" in schema:
        parts.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    if "maxLength" in schema:
        parts.append(f"≤ {schema['maxLength']}")
    if "pattern" in schema:
        parts.append(schema["pattern"])
    return "; ".join(parts)


def _fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The top-level fields of a response schema: name, type, required, description."""
    schema = _resolve(schema)
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": _type_label(field),
            "required": name in required,
            "description": _text(
                field.get("description") or _resolve(field).get("description", "")
            ),
        }
        for name, field in schema.get("properties", {}).items()
    ]


def endpoints() -> list[dict[str, Any]]:
    """Each documented GET endpoint as the docs page shows it, in the schema's order."""
    found = []
    for path, item in SCHEMA["paths"].items():
        operation = item["get"]
        parameters = []
        for parameter in operation.get("parameters", []):
            parameter = _resolve(parameter)
            schema = parameter.get("schema", {})
            parameters.append(
                {
                    "name": parameter["name"],
                    "in": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _type_label(schema),
                    "limits": _limits(schema),
                    "default": schema.get("default"),
                    "description": _text(parameter.get("description", "")),
                }
            )
        responses = []
        fields: list[dict[str, Any]] = []
        for status, response in operation["responses"].items():
            response = _resolve(response)
            responses.append({"status": status, "description": _text(response["description"])})
            if status == "200":
                fields = _fields(response["content"]["application/json"]["schema"])
        found.append(
            {
                "path": path,
                "anchor": path.strip("/").replace("/", "-").replace("{", "").replace("}", ""),
                "summary": operation.get("summary", ""),
                "description": _text(operation.get("description", "")),
                "parameters": parameters,
                "fields": fields,
                "responses": responses,
            }
        )
    return found


# The page shows the same document every time: built once, with the schema.
ENDPOINTS = endpoints()


@require_safe
def api_schema(request):
    """``GET /api/schema``: the OpenAPI 3.1 document of the JSON API."""
    return HttpResponse(SCHEMA_BYTES, content_type="application/json")


@require_safe
def api_docs(request):
    """``GET /api/docs``: every endpoint, its parameters and its answer's fields, from the
    schema."""
    return render(
        request,
        "portal/api_docs.html",
        {"info": SCHEMA["info"], "endpoints": ENDPOINTS},
    )
