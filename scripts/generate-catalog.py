#!/usr/bin/env python3
"""Generates ocppspec's built-in message catalog from the official OCA JSON schemas.

Reads the schema files that the PyPI package `ocpp` ships (ocpp/v16|v201|v21/schemas) and writes
one Swift file per OCPP version under Sources/OCPPProtocol/Catalog/Generated/. Each holds a compact
JSON document of our own layout: the validation facts of every request and response schema (types,
properties, required, additionalProperties, enums, limits, formats), annotations dropped, and the
`definitions` of all files of the version merged into one table (a name that means two different
things gets a numbered suffix). Directions come from catalog_facts.py.

    python3 scripts/generate-catalog.py            # write the files
    python3 scripts/generate-catalog.py --check    # exit 1 if the committed files differ
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalog_facts  # noqa: E402

ANNOTATIONS = {"$id", "id", "title", "description", "comment", "$comment", "javaType", "default",
               "additionalItems", "definitions"}
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "OCPPProtocol",
                       "Catalog", "Generated")


def strip(node, rename):
    """A copy of a schema node with annotations removed and $refs renamed."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ANNOTATIONS:
                continue
            if key == "$ref":
                out[key] = "#/definitions/" + rename[value[len("#/definitions/"):]]
            elif key == "properties":
                out[key] = {k: strip(v, rename) for k, v in value.items()}
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                out[key] = strip(value, rename)
            else:
                out[key] = value
        return out
    return node


def build(version):
    import ocpp
    folder, directions = catalog_facts.VERSIONS[version]
    schema_dir = os.path.join(os.path.dirname(ocpp.__file__), folder, "schemas")
    definitions = {}
    actions = []
    for action in sorted(directions):
        request_file, response_file = catalog_facts.schema_files(schema_dir, action)
        if request_file is None:
            raise SystemExit(f"{version}: no schema file for {action} in {schema_dir}")
        is_send = action in catalog_facts.SEND.get(version, set())
        if response_file is None and not is_send:
            raise SystemExit(f"{version}: no response schema for {action}")
        entry = {"action": action, "from": directions[action]}
        if is_send:
            entry["send"] = True
        for key, name in (("request", request_file), ("response", response_file)):
            if name is None:
                continue
            with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
                doc = json.load(f)
            local = doc.get("definitions", {})
            rename = {name: name for name in local}
            # Names are shared across files only where the stripped content (with its own $refs
            # renamed) is the same; repeat until the renames settle, as renaming one definition
            # can change the content of those that refer to it.
            for _ in range(len(local) + 1):
                changed = False
                for def_name, def_node in local.items():
                    content = json.dumps(strip(def_node, rename), sort_keys=True)
                    candidate, n = def_name, 1
                    while candidate in definitions and definitions[candidate][1] != content:
                        n += 1
                        candidate = f"{def_name}_{n}"
                    if rename[def_name] != candidate:
                        rename[def_name] = candidate
                        changed = True
                if not changed:
                    break
            for def_name, def_node in local.items():
                node = strip(def_node, rename)
                definitions.setdefault(rename[def_name], (node, json.dumps(node, sort_keys=True)))
            schema = strip(doc, rename)
            schema["$schema"] = doc.get("$schema", "http://json-schema.org/draft-06/schema#")
            entry[key] = schema
        actions.append(entry)
    lines = ["{", f'"ocpp": {json.dumps(version)},', '"definitions": {']
    names = sorted(definitions)
    for i, name in enumerate(names):
        comma = "," if i < len(names) - 1 else ""
        lines.append(f"{json.dumps(name)}: {json.dumps(definitions[name][0], separators=(',', ':'), ensure_ascii=False)}{comma}")
    lines.append("},")
    lines.append('"actions": [')
    for i, entry in enumerate(actions):
        comma = "," if i < len(actions) - 1 else ""
        lines.append(json.dumps(entry, separators=(",", ":"), ensure_ascii=False) + comma)
    lines.append("]")
    lines.append("}")
    return "\n".join(lines), ocpp_version()


def ocpp_version():
    from importlib.metadata import version
    return version("ocpp")


def swift_file(version, body, package_version):
    ident = catalog_facts.VERSIONS[version][0]
    return (
        f"// Generated by scripts/generate-catalog.py from the OCA JSON schemas shipped in the PyPI\n"
        f"// package ocpp {package_version}. Do not edit: run the script again.\n\n"
        f"extension BuiltInSchemas {{\n"
        f"    /// The OCPP {version} message catalog in ocppspec's compact schema layout.\n"
        f"    static let {ident} = #\"\"\"\n{body}\n\"\"\"#\n}}\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args()
    os.makedirs(OUT_DIR, exist_ok=True)
    stale = []
    for version in catalog_facts.VERSIONS:
        body, package_version = build(version)
        text = swift_file(version, body, package_version)
        path = os.path.join(OUT_DIR, f"BuiltInSchemas+{catalog_facts.VERSIONS[version][0]}.swift")
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {os.path.relpath(path)} ({len(text)} bytes)")
    if stale:
        print("generated catalog is out of date; run scripts/generate-catalog.py:", *stale, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
