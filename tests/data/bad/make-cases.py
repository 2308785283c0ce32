#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the bad-input catalogue: one folder per case, each with the input
files, a `kind` (shapefile, prj, history or export), an optional `setup`
(things git cannot hold: FIFOs, links, sparse files, folders) and the
`expected` message (@DIR@ stands for the case's folder at test time).
The `expected` files are written by hand and checked by test-bad-inputs;
this script only (re)writes the inputs.  Run from the project root:

    tests/data/bad/make-cases.py

The base layer is geodata/curzon_line_1919 (2 lines, WGS84, UTF-8)."""
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = "geodata/curzon_line_1919"


def base(ext):
    with open(BASE + "." + ext, "rb") as f:
        return f.read()


def case(name, kind, files=None, setup=None, keep=("shp", "shx", "dbf", "prj", "cpg")):
    d = os.path.join(HERE, name)
    if os.path.isdir(d):
        for entry in os.listdir(d):
            if entry != "expected":
                os.unlink(os.path.join(d, entry))
    os.makedirs(d, exist_ok=True)
    out = {}
    if kind == "shapefile":
        out = {"x." + e: base(e) for e in keep}
    out.update(files or {})
    for fname, data in out.items():
        if data is None:
            continue
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
    with open(os.path.join(d, "kind"), "w") as f:
        f.write(kind + "\n")
    if setup:
        with open(os.path.join(d, "setup"), "w") as f:
            f.write("\n".join(setup) + "\n")


shp = base("shp")
shx = base("shx")
dbf = base("dbf")


def patch(data, offset, fmt, *values):
    b = bytearray(data)
    struct.pack_into(fmt, b, offset, *values)
    return bytes(b)


def all_points(data, value):
    """Every coordinate of every record set to @value."""
    b = bytearray(data)
    pos = 100
    while pos + 8 <= len(b):
        length = struct.unpack(">i", b[pos + 4:pos + 8])[0] * 2
        n_parts, n_points = struct.unpack("<ii", b[pos + 44:pos + 52])
        pts = pos + 52 + 4 * n_parts
        for i in range(2 * n_points):
            struct.pack_into("<d", b, pts + 8 * i, value)
        pos += 8 + length
    return bytes(b)


# --- shapefiles -----------------------------------------------------------
case("shp-01-missing", "shapefile", keep=())
case("shp-02-empty-shp", "shapefile", {"x.shp": b""})
case("shp-03-short-header", "shapefile", {"x.shp": shp[:50]})
case("shp-04-no-shx", "shapefile", keep=("shp", "dbf", "prj", "cpg"))
case("shp-05-empty-shx", "shapefile", {"x.shx": b""})
case("shp-06-unknown-type", "shapefile", {"x.shp": patch(shp, 32, "<i", 7), "x.shx": patch(shx, 32, "<i", 7)})
case("shp-07-multipatch", "shapefile", {"x.shp": patch(shp, 32, "<i", 31), "x.shx": patch(shx, 32, "<i", 31)})
case("shp-08-null-type", "shapefile", {"x.shp": patch(shp, 32, "<i", 0), "x.shx": patch(shx, 32, "<i", 0)})
case("shp-09-no-shapes", "shapefile",
     {"x.shp": patch(shp[:100], 24, ">i", 50), "x.shx": patch(shx[:100], 24, ">i", 50)})
case("shp-10-all-nan", "shapefile", {"x.shp": all_points(shp, float("nan"))})
case("shp-11-far-away", "shapefile", {"x.shp": all_points(shp, 1.0e7)})
case("shp-12-part-out-of-range", "shapefile", {"x.shp": patch(shp, 152, "<i", 1000)})
case("shp-13-no-dbf", "shapefile", keep=("shp", "shx", "prj", "cpg"))
case("shp-14-dbf-3-bytes", "shapefile", {"x.dbf": dbf[:3]})
case("shp-15-dbf-header-length", "shapefile", {"x.dbf": patch(dbf, 8, "<H", 60000)})
case("shp-16-dbf-one-record", "shapefile", {"x.dbf": patch(dbf[:289 + 870], 4, "<I", 1)})
case("shp-17-cpg-unknown", "shapefile", {"x.cpg": "KLINGON-42"})
case("shp-18-text-as-shp", "shapefile", {"x.shp": "This is not a shapefile.\n" * 8})
case("shp-19-shx-offset-past-end", "shapefile", {"x.shx": patch(shx, 100, ">i", 100000)})
case("shp-20-fifo-shp", "shapefile", keep=(), setup=["fifo x.shp"])
case("shp-21-fifo-shx", "shapefile", keep=("shp", "dbf", "prj", "cpg"), setup=["fifo x.shx"])
case("shp-22-fifo-shx-beside-SHX", "shapefile", {"x.SHX": shx}, keep=("shp", "dbf", "prj", "cpg"),
     setup=["fifo x.shx"])
case("shp-23-fifo-dbf", "shapefile", keep=("shp", "shx", "prj", "cpg"), setup=["fifo x.dbf"])
case("shp-24-fifo-cpg", "shapefile", keep=("shp", "shx", "dbf", "prj"), setup=["fifo x.cpg"])
case("shp-25-fifo-prj", "shapefile", keep=("shp", "shx", "dbf", "cpg"), setup=["fifo x.prj"])
case("shp-26-symlink-loop", "shapefile", keep=(), setup=["symlink x.shp x.shp"])
case("shp-27-dangling-symlink", "shapefile", keep=(), setup=["symlink x.shp nowhere.shp"])
case("shp-28-folder-as-shp", "shapefile", keep=(), setup=["mkdir x.shp"])
case("shp-29-device-as-shp", "shapefile", keep=("shx", "dbf", "prj", "cpg"), setup=["symlink x.shp /dev/zero"])
case("shp-30-prj-3GB", "shapefile", keep=("shp", "shx", "dbf", "cpg"), setup=["sparse x.prj 3221225472"])
case("shp-31-prj-2MB", "shapefile", {"x.prj": "GEOGCS[" + " " * (2 << 20) + "]"})
case("shp-32-prj-nadgrids", "shapefile", {"x.prj": "+proj=longlat +datum=WGS84 +nadgrids=/etc/passwd"})
case("shp-33-prj-extension-grids", "shapefile", {"x.prj": base("prj").decode()[:-1] +
     ',EXTENSION["PROJ4_GRIDS","/etc/passwd"]]'})
case("shp-34-dbf-fifo-shx-device", "shapefile", keep=("shp", "dbf"), setup=["symlink x.shx /dev/null"])
case("shp-35-point-in-line-layer", "shapefile", {"x.shp": patch(shp, 108, "<i", 1)})

# --- .prj ------------------------------------------------------------------
case("prj-01-empty", "prj", {"x.prj": "  \n"})
case("prj-02-nul-byte", "prj", {"x.prj": b"GEOGCS[\"x\"\0]"})
case("prj-03-latin1", "prj", {"x.prj": b"GEOGCS[\"Lietuvos koordina\xe8i\xf8 sistema\"]"})
case("prj-04-proj-string", "prj", {"x.prj": "+proj=utm +zone=35 +datum=WGS84"})
case("prj-05-init", "prj", {"x.prj": "+init=epsg:3346"})
case("prj-06-epsg-code", "prj", {"x.prj": "EPSG:3346"})
case("prj-07-wkt2", "prj", {"x.prj": 'GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",'
                            'ELLIPSOID["WGS 84",6378137,298.257223563]],CS[ellipsoidal,2],'
                            'AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433]]'})
case("prj-08-broken-wkt", "prj", {"x.prj": 'PROJCS["broken",GEOGCS['})
case("prj-09-geoidgrids", "prj", {"x.prj": base("prj").decode()[:-1] +
     ',EXTENSION["PROJ4","+proj=longlat +geoidgrids=/etc/passwd"]]'})
case("prj-10-fifo", "prj", setup=["fifo x.prj"])
case("prj-11-folder", "prj", setup=["mkdir x.prj"])
case("prj-12-missing", "prj")

# --- history ---------------------------------------------------------------
case("history-01-no-folder", "history", setup=["rmdir"])
case("history-02-empty-folder", "history")
case("history-03-events-latin1", "history", {"documents.ini": "", "towns.ini": "",
     "events.ini": b"[event:1920-07-12-treaty]\ntitle=Treaty of Moscow, signed in Moskva \xe0 12 July\n"})
case("history-04-fifo-documents", "history", {"events.ini": "", "towns.ini": ""},
     setup=["fifo documents.ini"])
case("history-05-nul-byte", "history", {"documents.ini": "", "towns.ini": "",
     "events.ini": b"[event:1920-07-12-treaty]\ndate=1920-07-12\ntitle=Treaty\x00 of Moscow\n"})
case("history-06-events-folder", "history", {"documents.ini": "", "towns.ini": ""},
     setup=["mkdir events.ini"])

# --- GeoJSON (a user's "Open Layer…") ---------------------------------------
LINE = '{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"LineString","coordinates":[[23.5,54.1],[24.5,54.9]]}}'
case("geojson-01-missing", "geojson")
case("geojson-02-empty", "geojson", {"x.geojson": b""})
case("geojson-03-not-json", "geojson", {"x.geojson": "this is not JSON\n"})
case("geojson-04-truncated", "geojson", {"x.geojson": '{"type":"FeatureCollection","features":[' + LINE[:60]})
case("geojson-05-array", "geojson", {"x.geojson": "[1, 2, 3]"})
case("geojson-06-no-type", "geojson", {"x.geojson": '{"features":[]}'})
case("geojson-07-no-features-list", "geojson", {"x.geojson": '{"type":"FeatureCollection","features":{}}'})
case("geojson-08-no-features", "geojson", {"x.geojson": '{"type":"FeatureCollection","features":[]}'})
case("geojson-09-mixed-geometries", "geojson", {"x.geojson": '{"type":"FeatureCollection","features":[' + LINE +
     ',{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[25,54]}}]}'})
case("geojson-10-longitude-out-of-range", "geojson", {"x.geojson":
     '{"type":"LineString","coordinates":[[23.5,54.1],[240.5,54.9]]}'})
case("geojson-11-coordinate-not-number", "geojson", {"x.geojson":
     '{"type":"LineString","coordinates":[[23.5,54.1],["24.5",54.9]]}'})
case("geojson-12-too-deep", "geojson", {"x.geojson": '{"type":"Point","coordinates":' + "[" * 5000 + "]" * 5000 + "}"})
case("geojson-13-latin1", "geojson", {"x.geojson":
     b'{"type":"Feature","properties":{"name":"Suwa\xb3ki"},"geometry":{"type":"Point","coordinates":[22.9,54.1]}}'})
case("geojson-14-nul-byte", "geojson", {"x.geojson": b'{"type":"Point",\x00"coordinates":[25,54]}'})
case("geojson-15-null-geometries", "geojson", {"x.geojson":
     '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}'})
case("geojson-16-unknown-crs", "geojson", {"x.geojson":
     '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::999999"}},"features":[' + LINE + ']}'})
case("geojson-17-crs-names-a-file", "geojson", {"x.geojson":
     '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"+proj=longlat +nadgrids=/etc/passwd"}},"features":[' + LINE + ']}'})
case("geojson-18-short-line-skipped", "geojson", {"x.geojson": '{"type":"FeatureCollection","features":[' + LINE +
     ',{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[25,54]]}}]}'})
case("geojson-19-fifo", "geojson", setup=["fifo x.geojson"])
case("geojson-20-folder", "geojson", setup=["mkdir x.geojson"])
case("geojson-21-unknown-geometry-type", "geojson", {"x.geojson": '{"type":"Circle","coordinates":[25,54]}'})

# --- export targets (one line per option: export, size, layers, town, lang,
# bbox; "-" = not given) -------------------------------------------------------
def export(name, export_, size="-", layers="-", town="-", lang="-", bbox="-"):
    case(name, "export", {"args": "\n".join([export_, size, layers, town, lang, bbox]) + "\n"})


export("export-01-missing-folder", "@DIR@/no/such/folder/map.png")
export("export-02-folder-target", "@DIR@/")
export("export-03-unknown-format", "@DIR@/map.jpg")
export("export-04-size-zero", "@DIR@/map.png", size="0x0")
export("export-05-size-huge", "@DIR@/map.png", size="40000x30000")
export("export-06-size-words", "@DIR@/map.png", size="big")
export("export-07-bbox-words", "@DIR@/map.png", bbox="west,south,east,north")
export("export-08-bbox-reversed", "@DIR@/map.png", bbox="30,57,20,52")
export("export-09-bbox-off-map", "@DIR@/map.png", size="320x240", bbox="150,-50,170,-40")
export("export-10-lang", "@DIR@/map.png", lang="xx")
export("export-11-layers-empty", "@DIR@/map.png", layers=",,")
export("export-12-layers-unknown", "@DIR@/map.png", size="320x240", layers="towns,atlantis")
export("export-13-town-unknown", "@DIR@/map.png", size="320x240", town="atlantis")
case("export-14-target-is-folder", "export",
     {"args": "@DIR@/map.png\n320x240\n-\n-\n-\n-\n"}, setup=["mkdir map.png"])
