# SPDX-License-Identifier: GPL-3.0-or-later
"""Derive the text sources in geodata/src/ from the reference material.

Developer-only tool (needs python3-shapely from Debian, run with /usr/bin/python3);
neither the build nor the tests need it.  Usage:

    /usr/bin/python3 geodata/derivation/derive.py /work/shared/reference geodata/src

Reads the reference GeoJSON/CSV files and the hand-kept anchor list
geodata/src/anchors.csv and geodata/src/towns_alt_names.csv, and writes:
  towns.csv, geonames_towns.csv            (towns layer and its GeoNames rows)
  <layer>.csv                              (vertex lists of hand-digitised lines)
  <layer>.geojson                          (dataset-derived and derived layers)
Output is deterministic: fixed order, coordinates rounded to 5 decimals.
"""

import csv
import json
import math
import os
import sys

from shapely.geometry import (LineString, MultiLineString, MultiPolygon, Point,
                              Polygon, mapping, shape, box)
from shapely.ops import linemerge, unary_union, substring

REF = sys.argv[1]
OUT = sys.argv[2]
GEO = os.path.join(REF, 'geodata')
HIST = os.path.join(REF, 'history')
BOX = box(19.5, 51.5, 30.5, 58.0)
ND = 5

# Local equirectangular metric frame (km) centred on the map; good to well
# under 1 % over the map box, enough for the 2-12 km offsets described in the sources.
LAT0 = 54.5
KX = 111.32 * math.cos(math.radians(LAT0))
KY = 110.57


def to_km(g):
    from shapely.ops import transform
    return transform(lambda x, y, z=None: (x * KX, y * KY), g)


def to_deg(g):
    from shapely.ops import transform
    return transform(lambda x, y, z=None: (x / KX, y / KY), g)


def rnd(c):
    return (round(c[0], ND), round(c[1], ND))


def load(name):
    with open(os.path.join(GEO, name), encoding='utf-8') as f:
        return json.load(f)['features']


def dedupe(coords):
    out = []
    for c in coords:
        c = rnd(c)
        if not out or out[-1] != c:
            out.append(c)
    return out


# ---------------------------------------------------------------- towns
def read_csv(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


geonames = {r['geonameid']: r for r in read_csv(os.path.join(GEO, 'geonames_cities500_region.csv'))}
town_ref = read_csv(os.path.join(REF, 'geodata', 'towns_reference.csv'))
hist_names = {r['town_id']: r for r in read_csv(os.path.join(HIST, 'names.csv'))}
alt_rows = read_csv(os.path.join(OUT, 'towns_alt_names.csv'))

# Places named in the history sources that are not in towns_reference.csv,
# with the GeoNames row that locates them and where the source names them.
EXTRA_TOWNS = [
    ('warsaw', '756135', 'events.csv 1920-08-12'),
    ('kalvarija', '598512', 'events.csv 1920-09-15'),
    ('wizajny', '755504', 'other_lines.md section 1 (Foch line: north of Wiżajny)'),
    ('elk', '772621', 'lines_in_force.csv foch_line_1919_june (between Augustow and Lyck)'),
    ('dukstas', '599727', 'lines_in_force.csv foch_line_1919_june (almost to Dukstas)'),
    ('vievis', '593191', 'lines_in_force.csv foch_line_1919_july (fall back to it at Vievis)'),
    ('lipsk', '766142', 'timeline/notes.md (Lithuanian counter-attack took Sejny and Lipsk, Sept 1920)'),
    ('krasnopol', '767610', 'timeline/notes.md (Giby and Krasnopol occupied, Aug 1920)'),
    ('suchowola', '757850', 'timeline/notes.md (Poles advanced from Augustów and Suchowola, 30 Aug 1920)'),
    ('daugai', '600040', 'timeline/notes.md (German-Soviet line of 18 Jan 1919 through Daugai)'),
    ('kaisiadorys', '598567', 'timeline/notes.md (10 km east of the Kaišiadorys-Jonava railway)'),
    ('jonava', '598818', 'timeline/notes.md (10 km east of the Kaišiadorys-Jonava railway)'),
]
COUNTRY_LANG = {'LT': 'lt', 'PL': 'pl'}
MISSING_TOWNS = []


def size_class(g):
    pop = int(g['population'] or 0)
    if g['feature_code'] == 'PPLC' or pop >= 100000:
        return 1
    if pop >= 10000:
        return 2
    if pop >= 2000:
        return 3
    return 4


def build_towns():
    towns = []
    used_gn = {}
    for r in town_ref:
        tid = r['id']
        if not r['lat']:
            MISSING_TOWNS.append((tid, r['name_en'], 'no coordinates in GeoNames cities500/cities1000 (towns_reference.csv)'))
            continue
        gid = r['source'].split('geonameid ')[1].split(' ')[0]
        if gid in used_gn:
            # Łoździeje is the Polish name of Lazdijai: one place, one feature.
            MISSING_TOWNS.append((tid, r['name_en'], 'same GeoNames place as %s (%s); kept as its name_pl' % (used_gn[gid], gid)))
            continue
        used_gn[gid] = tid
        names = {k: r['name_' + k] for k in ('en', 'lt', 'pl', 'be', 'ru')}
        names['yi'] = ''
        towns.append([tid, gid, names, 'towns_reference.csv'])
    for tid, gid, why in EXTRA_TOWNS:
        g = geonames[gid]
        names = {k: '' for k in ('en', 'lt', 'pl', 'be', 'ru', 'yi')}
        names['en'] = g['name']
        lang = COUNTRY_LANG.get(g['country_code'])
        if lang and g['feature_code'] != 'PPLC':
            names[lang] = g['name']
        elif lang and 'Warszawa' in g['alternatenames'].split(','):
            # capital: GeoNames' main name is the English exonym
            names[lang] = 'Warszawa'
        towns.append([tid, gid, names, why])
    for tid, label, why in (('bastuny', 'Bastuny', 'named in the Suwałki Agreement Art. 1(a) and events.csv; not in GeoNames cities500'),
                            ('giedraiciai', 'Giedraičiai', 'events.csv 1920-11-17; not in GeoNames cities500'),
                            ('kazimieriskes', 'Kazimieriškės', 'events.csv 1920-07-13; not in GeoNames cities500'),
                            ('turmantas', 'Turmantas', 'events.csv 1920-07-07; not in GeoNames cities500'),
                            ('liubavas', 'Lubowo / Liubavas', 'other_lines.md section 1; not in GeoNames cities500'),
                            ('berzniki', 'Berżniki', 'other_lines.md section 1; not in GeoNames cities500')):
        MISSING_TOWNS.append((tid, label, why))
    # names.csv (history research) overrides the GeoNames-derived names
    # where it has a value; the GeoNames form, if different, becomes an alt name.
    rows = []
    for tid, gid, names, why in towns:
        g = geonames[gid]
        alts = []
        h = hist_names.get(tid)
        if h:
            for k in ('en', 'lt', 'pl', 'be', 'ru', 'yi'):
                if h[k]:
                    if names[k] and names[k] != h[k]:
                        alts.append(names[k])
                    names[k] = h[k]
        for a in alt_rows:
            if a['town_id'] == tid:
                alts.append(a['form'])
        seen = set(names.values())
        alt_clean = []
        for a in alts:
            if a and a not in seen:
                seen.add(a)
                alt_clean.append(a)
        lat = round(float(g['latitude']), ND)
        lon = round(float(g['longitude']), ND)
        name = names['en'] or g['name']
        rows.append({
            'id': tid, 'name': name, 'valid_from': '', 'valid_to': '',
            'certainty': 'dataset',
            'source': 'geonames;history_names' if h else 'geonames',
            'note': 'named in: ' + why,
            'name_en': names['en'], 'name_lt': names['lt'], 'name_pl': names['pl'],
            'name_be': names['be'], 'name_ru': names['ru'], 'name_yi': names['yi'],
            'alt_names': ';'.join(alt_clean), 'size_class': size_class(g),
            'geonameid': gid, 'lon': '%.5f' % lon, 'lat': '%.5f' % lat,
        })
    rows.sort(key=lambda r: r['id'])
    fields = list(rows[0].keys())
    with open(os.path.join(OUT, 'towns.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, fields, lineterminator='\n')
        w.writeheader()
        w.writerows(rows)
    gfields = ['geonameid', 'name', 'asciiname', 'alternatenames', 'latitude', 'longitude',
               'feature_class', 'feature_code', 'country_code', 'population', 'modification_date']
    with open(os.path.join(OUT, 'geonames_towns.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, gfields, extrasaction='ignore', lineterminator='\n')
        w.writeheader()
        for gid in sorted({r['geonameid'] for r in rows}, key=int):
            w.writerow(geonames[gid])
    with open(os.path.join(OUT, 'towns_missing.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['id', 'name', 'why_missing'])
        for m in sorted(MISSING_TOWNS):
            w.writerow(m)
    return {r['id']: (float(r['lon']), float(r['lat'])) for r in rows}


TOWNS = build_towns()

if len(sys.argv) > 3 and sys.argv[3] == '--towns-only':
    sys.exit(0)
