"""Country borders for the places map: a small GeoJSON shipped with the project, never downloaded at run time.

The file ``maps/ne_110m_admin0_central_asia.geojson`` holds Natural Earth's 1:110m admin-0 countries
(public domain) around Kazakhstan. It was cut once, during development, from ``countries-110m.json`` in
the npm package ``world-atlas`` 2.0.2 (Natural Earth 4.1.0 as TopoJSON) with :func:`extract`; see
docs/codebook.md, "Places and coordinates".
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

BORDERS = Path(__file__).resolve().parent / "maps" / "ne_110m_admin0_central_asia.geojson"
#: The region kept in the shipped file (west, south, east, north, degrees): Kazakhstan and its neighbours,
#: wide enough for the CSTO members (Belarus, Armenia) and Moscow.
REGION = (18.0, 28.0, 110.0, 66.0)


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


@cache
def countries() -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Country name → polygons (each a list of rings of (longitude, latitude)) from the shipped file."""
    data = json.loads(BORDERS.read_text(encoding="utf-8"))
    out: dict[str, list[list[list[tuple[float, float]]]]] = {}
    for f in data["features"]:
        geom = f["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        out[f["properties"]["name"]] = [[[(x, y) for x, y in ring] for ring in poly] for poly in polys]
    return out


if __name__ == "__main__":  # pragma: no cover - run once by hand to refresh the shipped file
    import sys

    n = extract(Path(sys.argv[1]), BORDERS)
    print(f"wrote {n} countries to {BORDERS}")
