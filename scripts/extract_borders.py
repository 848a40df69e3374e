"""Cut the shipped country borders (src/helpers/charts/maps/*.geojson) from Natural Earth, once, by hand.

A one-off data-preparation script, not part of the runtime package. Run from the repository root:

    .venv/bin/python scripts/extract_borders.py path/to/world-atlas/countries-110m.json

It keeps the countries with a ring inside ``helpers.charts.borders.REGION`` and writes them as a compact
GeoJSON to ``helpers.charts.borders.BORDERS`` (see docs/codebook.md, "Places and coordinates").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from helpers.charts.borders import BORDERS, REGION


def _decode_arc(arc: list[list[int]], transform: dict[str, Any] | None) -> list[tuple[float, float]]:
    """A TopoJSON arc to absolute coordinates (delta-decoded when the topology is quantised)."""
    if not transform:
        return [(float(x), float(y)) for x, y, *_ in arc]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0
    out = []
    for dx, dy, *_ in arc:
        x, y = x + dx, y + dy
        out.append((x * sx + tx, y * sy + ty))
    return out


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join the arcs of one ring; a negative index ~i means arc i reversed."""
    ring: list[tuple[float, float]] = []
    for k, i in enumerate(indexes):
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(pts if k == 0 else pts[1:])
    return ring


def topojson_features(topology: dict[str, Any], layer: str = "countries") -> list[dict[str, Any]]:
    """The GeoJSON features of one TopoJSON object (Polygon and MultiPolygon geometries)."""
    arcs = [_decode_arc(a, topology.get("transform")) for a in topology["arcs"]]
    features = []
    for geom in topology["objects"][layer]["geometries"]:
        if geom.get("type") == "Polygon":
            polys = [[_ring(r, arcs) for r in geom["arcs"]]]
        elif geom.get("type") == "MultiPolygon":
            polys = [[_ring(r, arcs) for r in poly] for poly in geom["arcs"]]
        else:
            continue
        features.append({"type": "Feature", "properties": dict(geom.get("properties", {})), "polygons": polys})
    return features


def _touches(ring: list[tuple[float, float]], region: tuple[float, float, float, float]) -> bool:
    w, s, e, n = region
    return any(w <= x <= e and s <= y <= n for x, y in ring)


def extract(topojson_path: Path, out: Path, region: tuple[float, float, float, float] = REGION) -> int:
    """Write the countries with a ring inside `region` as a compact GeoJSON; returns how many were kept."""
    topology = json.loads(Path(topojson_path).read_text(encoding="utf-8"))
    kept = []
    for f in topojson_features(topology):
        polys = [p for p in f["polygons"] if _touches(p[0], region)]
        if not polys:
            continue
        coords = [[[[round(x, 2), round(y, 2)] for x, y in ring] for ring in poly] for poly in polys]
        kept.append(
            {
                "type": "Feature",
                "properties": {"name": f["properties"].get("name", "")},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    kept.sort(key=lambda f: f["properties"]["name"])
    collection = {
        "type": "FeatureCollection",
        "name": "Natural Earth 1:110m admin-0 countries around Kazakhstan",
        "source": "Natural Earth 4.1.0 (public domain) via the npm package world-atlas 2.0.2, countries-110m.json",
        "features": kept,
    }
    Path(out).write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(kept)


if __name__ == "__main__":  # pragma: no cover - run once by hand to refresh the shipped file
    n = extract(Path(sys.argv[1]), BORDERS)
    print(f"wrote {n} countries to {BORDERS}")
