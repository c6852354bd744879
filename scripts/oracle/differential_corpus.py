#!/usr/bin/env python3
"""Builds the differential-test corpus for ocppspec's schema validator.

For every action of every OCPP version, and for its request and its response, this script makes
valid payloads from the official OCA schema (the one shipped in the PyPI package `ocpp`) and then
mutates them systematically: a required field removed, a value of the wrong type, an enum value one
letter off, a string one character too long, an extra property, a number below its minimum or
above its maximum, a malformed date-time, null for an optional field, too few or too many items,
an integral number written as 1.0, and so on. Each payload is judged by the reference Python
`jsonschema` validator (with format checking) against the official schema file, and written as one
JSON line:

    {"ocpp": "2.0.1", "action": "BootNotification", "message": "request",
     "mutation": "...", "payload": "<json text>", "valid": true}

The Swift test `SchemaDifferentialTests` validates every line with ocppspec and demands the same
verdict. One deliberate deviation from stock jsonschema is made here, and documented in
SchemaValidator: `multipleOf` is decided in exact decimal arithmetic (so 0.3 is a multiple of 0.1).

    python3 differential_corpus.py --out corpus.jsonl [--versions 1.6,2.0.1,2.1]
"""
import argparse
import copy
import decimal
import json
import multiprocessing
import os
import sys

import jsonschema
import ocpp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import catalog_facts  # noqa: E402

DATE = "2024-05-06T10:20:30Z"


def exact_multiple_of(validator, factor, instance, schema):
    if not validator.is_type(instance, "number"):
        return
    quotient = decimal.Decimal(repr(instance)) / decimal.Decimal(repr(factor))
    if quotient != quotient.to_integral_value():
        yield jsonschema.ValidationError(f"{instance!r} is not a multiple of {factor}")


def make_validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    cls = jsonschema.validators.extend(cls, {"multipleOf": exact_multiple_of})
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def resolve(node, root):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"][len("#/definitions/"):]
        node = root["definitions"][name]
    return node


def types_of(node):
    t = node.get("type")
    if t is None:
        if "properties" in node:
            return ["object"]
        if "enum" in node:
            return ["string"]
        return []
    return t if isinstance(t, list) else [t]


def sample(node, root, variant, depth=0):
    """A valid value for a schema node. variant 0 = minimal, 1 = full, 2 = full with other choices."""
    node = resolve(node, root)
    if "enum" in node:
        values = node["enum"]
        return values[(variant * 7 + depth) % len(values)] if variant else values[0]
    kinds = types_of(node)
    kind = kinds[0] if kinds else "string"
    if kind == "object":
        out = {}
        required = node.get("required", [])
        for name, child in node.get("properties", {}).items():
            if name in required or (variant > 0 and depth < 6):
                out[name] = sample(child, root, variant, depth + 1)
        return out
    if kind == "array":
        n = max(node.get("minItems", 0), 1 if variant else node.get("minItems", 0))
        if variant == 2:
            n = max(n, min(node.get("maxItems", 3), 3))
        return [sample(node.get("items", {}), root, variant, depth + 1) for _ in range(n)]
    if kind == "string":
        if node.get("format") == "date-time":
            return ["2024-05-06T10:20:30Z", "2024-02-29T23:59:59.123+02:00", "2030-12-31t00:00:00z"][variant % 3]
        limit = node.get("maxLength", 12)
        if variant == 2:
            return "é" * limit  # multi-byte characters: length counts code points, not bytes
        return ("s" * min(limit, 8)) if variant == 0 else ("x" * limit)
    if kind == "integer":
        low = node.get("minimum", 0)
        high = node.get("maximum", low + 100)
        return int(low if variant == 0 else (high if variant == 2 else (low + high) // 2))
    if kind == "number":
        if "multipleOf" in node:
            return [0.3, 2.1, 12.5][variant % 3]
        low = node.get("minimum", 0)
        high = node.get("maximum", low + 1000)
        return [float(low) + 0.5 if low + 0.5 <= high else float(low), float(high), 3.25][variant % 3]
    if kind == "boolean":
        return variant != 1
    return None


def wrong_types(node):
    kinds = types_of(node)
    candidates = {"string": "text", "integer": 7, "number": 2.5, "boolean": True, "object": {}, "array": []}
    return [v for k, v in candidates.items() if k not in kinds and not (k == "number" and "integer" in kinds)]


def mutate(value, node, root, path):
    """Yields (name, mutated-value-at-path) for one location."""
    node = resolve(node, root)
    kinds = types_of(node)
    for wrong in wrong_types(node):
        yield f"{path}: type {type(wrong).__name__}", wrong
    yield f"{path}: null", None
    if "enum" in node and isinstance(value, str) and value:
        yield f"{path}: enum off by one letter", value[:-1] + ("X" if value[-1] != "X" else "Y")
        yield f"{path}: enum lower case", value.lower()
    if isinstance(value, str):
        if "maxLength" in node:
            yield f"{path}: maxLength+1", "y" * (node["maxLength"] + 1)
            yield f"{path}: maxLength exactly, astral", "\U0001F600" * node["maxLength"]
        if node.get("format") == "date-time":
            for bad in ["2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-05-06 10:20:30Z",
                        "2024-05-06T10:20:30", "2024-05-06T24:00:00Z", "2024-05-06T10:20:30.Z",
                        "2024-05-06T10:20:30+0200", "0000-01-01T00:00:00Z", "yesterday"]:
                yield f"{path}: date-time {bad}", bad
            yield f"{path}: date-time with offset", "2024-05-06T10:20:30.5-11:30"
    if "integer" in kinds:
        yield f"{path}: integer as 1.0", float(value if isinstance(value, int) and not isinstance(value, bool) else 1)
        yield f"{path}: integer as 1.5", 1.5
    if ("integer" in kinds or "number" in kinds):
        if "minimum" in node:
            yield f"{path}: minimum-1", node["minimum"] - 1
            yield f"{path}: minimum exactly", node["minimum"]
        if "maximum" in node:
            yield f"{path}: maximum+1", node["maximum"] + 1
        if "multipleOf" in node:
            yield f"{path}: not a multiple", 2.35
            yield f"{path}: decimal multiple", 0.7
    if isinstance(value, list):
        if node.get("minItems", 0) > 0:
            yield f"{path}: too few items", []
        if "maxItems" in node:
            item = value[0] if value else sample(node.get("items", {}), root, 1)
            yield f"{path}: too many items", [copy.deepcopy(item) for _ in range(node["maxItems"] + 1)]
    if isinstance(value, dict):
        yield f"{path}: extra property", dict(value, unexpectedExtra=1)
        for name in node.get("required", []):
            if name in value:
                reduced = dict(value)
                del reduced[name]
                yield f"{path}: missing {name}", reduced


def locations(value, node, root, path=""):
    """Every (path, value, schema node) inside a valid payload."""
    node = resolve(node, root)
    yield path, value, node
    if isinstance(value, dict):
        for name, child in value.items():
            child_node = node.get("properties", {}).get(name)
            if child_node is not None:
                yield from locations(child, child_node, root, f"{path}/{name}")
    elif isinstance(value, list) and value and "items" in node:
        yield from locations(value[0], node["items"], root, f"{path}/0")


def set_at(doc, path, new):
    """A copy of doc with the value at path replaced; only the containers on the path are copied."""
    if path == "":
        return new
    parts = path.strip("/").split("/")

    def replace(node, i):
        key = int(parts[i]) if isinstance(node, list) else parts[i]
        copied = list(node) if isinstance(node, list) else dict(node)
        copied[key] = new if i == len(parts) - 1 else replace(node[key], i + 1)
        return copied

    return replace(doc, 0)


# 2.1 has three times the schema nodes of 2.0.1; two base variants keep its corpus well above the
# 5,000 payloads asked for while keeping the run short.
VARIANTS = {"1.6": (0, 1, 2), "2.0.1": (0, 1, 2), "2.1": (0, 1)}


def rows_for(task):
    version, action = task
    folder, _ = catalog_facts.VERSIONS[version]
    schema_dir = os.path.join(os.path.dirname(ocpp.__file__), folder, "schemas")
    request_file, response_file = catalog_facts.schema_files(schema_dir, action)
    rows = []
    for message, name in (("request", request_file), ("response", response_file)):
        if name is None:
            continue
        with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
            schema = json.load(f)
        validator = make_validator(schema)
        seen = set()
        for variant in VARIANTS[version]:
            base = sample(schema, schema, variant)
            cases = [(f"base variant {variant}", base)]
            for path, value, node in locations(base, schema, schema):
                for label, new in mutate(value, node, schema, path):
                    cases.append((label, set_at(base, path, new)))
            for label, payload in cases:
                text = json.dumps(payload, ensure_ascii=False)
                if text in seen:
                    continue
                seen.add(text)
                rows.append({"ocpp": version, "action": action, "message": message, "mutation": label,
                             "payload": text, "valid": validator.is_valid(payload)})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--versions", default="1.6,2.0.1,2.1")
    args = parser.parse_args()
    tasks = [(v, a) for v in args.versions.split(",") for a in sorted(catalog_facts.VERSIONS[v][1])]
    counts = {}
    with multiprocessing.Pool(max(1, min(os.cpu_count() or 1, 4))) as pool, \
            open(args.out, "w", encoding="utf-8") as out:
        for rows in pool.imap(rows_for, tasks, chunksize=4):
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                valid, invalid = counts.get(row["ocpp"], (0, 0))
                counts[row["ocpp"]] = (valid + row["valid"], invalid + (not row["valid"]))
    for version, (v, i) in counts.items():
        print(f"OCPP {version}: {v + i} payloads ({v} valid, {i} invalid)")


if __name__ == "__main__":
    main()
