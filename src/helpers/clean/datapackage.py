"""The Frictionless Data Package descriptor (datapackage.json) for the processed tables, with their hashes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from helpers.data import schemas
from helpers.data.schemas import Table

__all__ = ["describe", "datapackage", "dumps"]


def describe(texts: dict[str, str], sources: list[dict[str, Any]]) -> str:
    """datapackage.json text for the processed CSV texts: types, constraints, keys and sha256 hashes."""
    hashes = {n: hashlib.sha256(texts[f"{n}.csv"].encode()).hexdigest() for n in schemas.PROCESSED}
    src_meta = [{"title": f"{s['source_id']}: {s['title']}"} for s in sorted(sources, key=lambda s: s["source_id"])]
    return dumps(datapackage(schemas.PROCESSED, src_meta, hashes))


def datapackage(tables: dict[str, Table], sources: list[dict[str, str]], hashes: dict[str, str]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor for the processed tables."""
    resources = []
    for t in tables.values():
        schema: dict[str, Any] = {
            "fields": [],
            "primaryKey": [t.primary_key],
            "missingValues": [""],
        }
        for f in t.fields:
            fd: dict[str, Any] = {"name": f.name, "type": f.type}
            if f.description:
                fd["description"] = f.description
            cons: dict[str, Any] = {}
            if f.required:
                cons["required"] = True
            if f.unique:
                cons["unique"] = True
            if f.enum:
                cons["enum"] = list(f.enum)
            if f.pattern:
                cons["pattern"] = f.pattern
            if f.minimum is not None:
                cons["minimum"] = f.minimum
            if f.maximum is not None:
                cons["maximum"] = f.maximum
            if cons:
                fd["constraints"] = cons
            schema["fields"].append(fd)
        if t.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": [col],
                    "reference": {
                        "resource": "" if ref.split(".")[0] == t.name else ref.split(".")[0],
                        "fields": [ref.split(".")[1]],
                    },
                }
                for col, ref in t.foreign_keys.items()
            ]
        resources.append(
            {
                "name": t.name.replace("_", "-"),
                "path": f"{t.name}.csv",
                "title": t.title,
                "description": t.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": f"sha256:{hashes[t.name]}",
                "schema": schema,
            }
        )
    # foreign keys name resources by their resource name
    for r in resources:
        for fk in r["schema"].get("foreignKeys", []):
            fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
    return {
        "profile": "tabular-data-package",
        "name": "kazakhstan-unrest-2022",
        "title": "Kazakhstan unrest, January 2022: claims hand-coded from news reports",
        "description": "Figures, events, measures, deployments and statements coded from news "
        "reports, each row with a verbatim evidence quote. See docs/codebook.md.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "sources": sources,
        "resources": resources,
    }


def dumps(descriptor: dict[str, Any]) -> str:
    """Deterministic JSON text for a descriptor."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
