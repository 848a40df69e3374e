"""Country borders for the places map: a small GeoJSON shipped with the project, never downloaded at run time.

The file ``maps/ne_110m_admin0_central_asia.geojson`` holds Natural Earth's 1:110m admin-0 countries
(public domain) around Kazakhstan. It was cut once, during development, from ``countries-110m.json`` in
the npm package ``world-atlas`` 2.0.2 (Natural Earth 4.1.0 as TopoJSON) with ``scripts/extract_borders.py``
(not part of the runtime package); see docs/codebook.md, "Places and coordinates".
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

__all__ = ["BORDERS", "REGION", "countries"]

BORDERS = Path(__file__).resolve().parent / "maps" / "ne_110m_admin0_central_asia.geojson"
#: The region kept in the shipped file (west, south, east, north, degrees): Kazakhstan and its neighbours,
#: wide enough for the CSTO members (Belarus, Armenia) and Moscow.
REGION = (18.0, 28.0, 110.0, 66.0)


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
