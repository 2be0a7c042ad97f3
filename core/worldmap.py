"""A world map drawn by the application, from the npm package world-atlas (ISC licence).

The TopoJSON in core/data/world-atlas/ is turned into SVG path data once per process, in
an equirectangular projection: x = longitude + 180, y = 90 - latitude, so markers need
no library. No tile server, no script.
"""

import json
from functools import cache
from pathlib import Path

ATLAS = Path(__file__).parent / "data" / "world-atlas" / "countries-110m.json"
# Antarctica is left out of the view: the map stops at 60° south.
VIEWBOX = "0 0 360 150"


def project(longitude, latitude):
    return float(longitude) + 180, 90 - float(latitude)


# The Europe inset: most of the Region's partners are there, too close for the world map, so
# it shows them again, larger, from the same drawing (the same coordinates, a smaller view box).
EUROPE = {"west": -11, "east": 41, "south": 33, "north": 62}
EUROPE_VIEWBOX = (
    f"{EUROPE['west'] + 180} {90 - EUROPE['north']} "
    f"{EUROPE['east'] - EUROPE['west']} {EUROPE['north'] - EUROPE['south']}"
)


def in_europe(longitude, latitude):
    longitude, latitude = float(longitude), float(latitude)
    return EUROPE["west"] <= longitude <= EUROPE["east"] and EUROPE["south"] <= latitude <= EUROPE["north"]


def europe_markers(markers):
    """The markers [(partner, x, y)] that the Europe inset shows."""
    return [(partner, x, y) for partner, x, y in markers if in_europe(partner.longitude, partner.latitude)]


def _decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    # A ring crossing the antimeridian (Russia, Fiji) goes on past the edge instead of
    # drawing a line across the whole map; the view box clips it.
    for i in range(1, len(points)):
        x, y = points[i]
        while x - points[i - 1][0] > 180:
            x -= 360
        while points[i - 1][0] - x > 180:
            x += 360
        points[i] = (x, y)
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"


@cache
def country_paths():
    """[(country name, SVG path data)] for every country of the atlas."""
    topology = json.loads(ATLAS.read_text())
    arcs = _decode_arcs(topology)
    paths = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        if geometry["properties"]["name"] == "Antarctica":
            continue
        data = "".join(_ring(arcs, ring) for polygon in polygons for ring in polygon)
        paths.append((geometry["properties"]["name"], data))
    return paths


# Degrees of longitude and latitude per dot: a dot (radius 1.2) is wider than a cell, so
# coarser cells would leave gaps and finer ones would only make the page heavier.
CELL = 2


def dots_of(cells):
    """The dots of the cells of CELL degrees that hold records: (x, y) indexes, x = round(longitude / CELL).

    The records are grouped into cells before (partners.tally), so the page carries at most a
    few thousand dots whatever the number of records.
    """
    return dots((x * CELL, y * CELL) for x, y in cells)


def dots(coordinates, radius=1):
    """SVG path data drawing one small circle per distinct place: one element for thousands."""
    # Places closer than half a degree share a dot: at the map's size they would overlap anyway.
    places = {(round(x * 2) / 2, round(y * 2) / 2) for x, y in (project(lon, lat) for lon, lat in coordinates)}
    arc = f"a{radius},{radius} 0 1,0 {2 * radius},0a{radius},{radius} 0 1,0 {-2 * radius},0"
    # The shortest numbers ("12", "12.5"): thousands of dots make the map page's weight.
    return "".join(f"M{x - radius:g},{y:g}{arc}" for x, y in sorted(places))
