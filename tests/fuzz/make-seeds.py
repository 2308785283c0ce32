#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of the fuzz targets from the project's own data
and test fixtures (run from the project root):

    tests/fuzz/make-seeds.py OUTDIR

OUTDIR/shapefile: each bundled layer (and the towns fixture) under 64 KB in
fuzz-shapefile's container; OUTDIR/prj: every distinct .prj; OUTDIR/history:
the history files and the broken-history fixture, joined by FF FE FD FC;
OUTDIR/geojson: the bundled GeoJSON sources under 64 KB, the bad-input
catalogue's GeoJSON cases and one small document per geometry type;
OUTDIR/cli: option sets from the documentation's examples."""
import glob
import hashlib
import os
import struct
import sys

out = sys.argv[1]
SEP = b"\xff\xfe\xfd\xfc"


def write(kind, data):
    d = os.path.join(out, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


for shp in sorted(glob.glob("geodata/*.shp") + glob.glob("tests/data/geodata/*.shp")):
    base = shp[:-4]
    parts = [read(base + "." + ext) for ext in ("shp", "shx", "dbf", "prj", "cpg")]
    if sum(len(p) for p in parts if p) > 64 * 1024 and parts[2] is not None:
        # Keep the geometry; a .dbf cut to its header and first records.
        hlen = struct.unpack("<H", parts[2][8:10])[0]
        rlen = struct.unpack("<H", parts[2][10:12])[0]
        parts[2] = parts[2][: hlen + 20 * rlen]
    if sum(len(p) for p in parts if p) > 64 * 1024:
        continue
    header = b"".join(struct.pack("<I", len(p) if p is not None else 0xFFFFFFFF) for p in parts)
    write("shapefile", header + b"".join(p for p in parts if p))
    if parts[3]:
        write("prj", parts[3])

for d in ("data/history", "tests/data/history-broken"):
    files = [read(os.path.join(d, n)) or b"" for n in ("documents.ini", "events.ini", "towns.ini")]
    write("history", SEP.join(files))
    # Each file alone, too: smaller inputs run faster.
    for i, f in enumerate(files):
        if f:
            parts = [b"", b"", b""]
            parts[i] = f
            write("history", SEP.join(parts))

for path in sorted(glob.glob("geodata/src/*.geojson") + glob.glob("tests/data/bad/geojson-*/x.geojson")):
    data = read(path)
    if data is not None and len(data) <= 64 * 1024:
        write("geojson", data)
for geometry in (
    '{"type":"Point","coordinates":[25.28,54.69]}',
    '{"type":"MultiPoint","coordinates":[[25.28,54.69],[23.9,54.9]]}',
    '{"type":"LineString","coordinates":[[23.0,54.0],[24.0,55.0],[25.0,54.5]]}',
    '{"type":"MultiLineString","coordinates":[[[23,54],[24,55]],[[25,54],[26,55]]]}',
    '{"type":"Polygon","coordinates":[[[24,54],[25,54],[25,55],[24,54]],[[24.2,54.2],[24.4,54.2],[24.3,54.4],[24.2,54.2]]]}',
    '{"type":"MultiPolygon","coordinates":[[[[24,54],[25,54],[25,55],[24,54]]],[[[26,54],[27,54],[27,55],[26,54]]]]}',
    '{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[25,54]}]}',
    '{"type":"Feature","properties":{"name":"Sejny","certainty":"reconstructed","n":3,"o":{"a":[1]}},"geometry":{"type":"Point","coordinates":[23.35,54.11]}}',
    '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3346"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[500000,6000000],[510000,6010000]]}}]}',
):
    write("geojson", geometry.encode())

for args in (
    ["map.png"],
    ["slide.svg", "1920x1080", "", "", "lt"],
    ["vilnius.pdf", "", "", "vilnius", "", "24,54.3,26,55.2"],
    ["a.Svg", "4000x3000", " treaty_1920_line, towns ", "lida", "lt", "20.5, 52,30,57.25"],
    ["x.png", "0x0"],
    ["x.jpg"],
):
    write("cli", b"\0".join(a.encode() for a in args))
