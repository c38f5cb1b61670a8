"""The API's reference page: the OpenAPI document laid out for people to read."""
from typing import Iterator
from urllib.parse import urlsplit

SCHEMA_PREFIX = "#/components/schemas/"


def type_label(schema: dict) -> str:
    """How a schema reads in a table: 'Unit | null', 'array[Document]', 'string (uri)'."""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(SCHEMA_PREFIX)
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in schema:
            return " | ".join(type_label(choice) for choice in schema[combined])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array[{type_label(schema['items'])}]"
    label = " | ".join(kind) if isinstance(kind, list) else kind
    if "format" in schema:
        label += f" ({schema['format']})"
    if "enum" in schema:
        label += ": " + ", ".join(schema["enum"])
    return label


def property_rows(schema: dict, prefix: str = "") -> Iterator[dict]:
    """One row per property, nested objects spelled out with dotted names ('flow.code')."""
    for name, item in schema.get("properties", {}).items():
        if "properties" in item:
            yield {"name": prefix + name, "type": "object", "description": item["description"]}
            yield from property_rows(item, prefix=f"{prefix}{name}.")
        else:
            yield {"name": prefix + name, "type": type_label(item),
                   "description": item.get("description", "")}


def resolve(document: dict, item: dict) -> dict:
    """The object a local `$ref` points at (components.responses …), else the item itself."""
    if "$ref" not in item:
        return item
    found = document
    for part in item["$ref"].removeprefix("#/").split("/"):
        found = found[part]
    return found


def _body(content: dict) -> tuple[str, str]:
    """(media type, type label) of the first media type of a body, or ('', '')."""
    media, body = next(iter((content or {}).items()), ("", {}))
    return media, type_label(body["schema"]) if body.get("schema") else ""


def _responses(document: dict, answers: dict) -> list[dict]:
    rows = []
    for status, answer in sorted(answers.items()):
        answer = resolve(document, answer)
        media, label = _body(answer.get("content"))
        rows.append({"status": status, "description": answer["description"], "media": media,
                     "type": label, "headers": sorted(answer.get("headers", {}))})
    return rows


def operations(document: dict) -> list[dict]:
    """Every operation of the document, with its full path, parameters and answers."""
    base = document["servers"][0]["url"]
    prefix = urlsplit(base).path
    rows = []
    for path, methods in document["paths"].items():
        for method, details in methods.items():
            rows.append({"method": method.upper(), "path": prefix + path, "url": base + path,
                         "anchor": details["operationId"], "summary": details["summary"],
                         "description": details["description"],
                         "parameters": details.get("parameters", []),
                         "security": bool(details.get("security")),
                         "body": _body(details.get("requestBody", {}).get("content")),
                         "responses": _responses(document, details["responses"])})
    return rows


def schema_tables(document: dict) -> list[dict]:
    """Every schema of the document, with its properties as rows."""
    return [{"name": name, "description": schema.get("description", ""),
             "rows": list(property_rows(schema))}
            for name, schema in document["components"]["schemas"].items()]
