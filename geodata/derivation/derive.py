# SPDX-License-Identifier: GPL-3.0-or-later
"""Derive the text sources in geodata/src/ from the reference material.

Developer-only tool (needs python3-shapely from Debian, run with /usr/bin/python3);
neither the build nor the tests need it.  Usage:

    /usr/bin/python3 geodata/derivation/derive.py ../shared/reference geodata/src

(run from the project root; the reference folder sits next to it).

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
LANGS = ('en', 'lt', 'pl', 'be', 'ru', 'yi')
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
        # towns_reference.csv keeps a form only where it is a GeoNames alternate name.
        srcs = {k: 'geonames' if names[k] else '' for k in LANGS}
        towns.append([tid, gid, names, srcs, 'towns_reference.csv'])
    for tid, gid, why in EXTRA_TOWNS:
        g = geonames[gid]
        names = {k: '' for k in LANGS}
        names['en'] = g['name']
        lang = COUNTRY_LANG.get(g['country_code'])
        if lang and g['feature_code'] != 'PPLC':
            names[lang] = g['name']
        elif lang and 'Warszawa' in g['alternatenames'].split(','):
            # capital: GeoNames' main name is the English exonym
            names[lang] = 'Warszawa'
        srcs = {k: 'geonames' if names[k] else '' for k in LANGS}
        towns.append([tid, gid, names, srcs, why])
    for tid, label, why in (('bastuny', 'Bastuny', 'named in the Suwałki Agreement Art. 1(a) and events.csv; not in GeoNames cities500'),
                            ('giedraiciai', 'Giedraičiai', 'events.csv 1920-11-17; not in GeoNames cities500'),
                            ('kazimieriskes', 'Kazimieriškės', 'events.csv 1920-07-13; not in GeoNames cities500'),
                            ('turmantas', 'Turmantas', 'events.csv 1920-07-07; not in GeoNames cities500'),
                            ('liubavas', 'Lubowo / Liubavas', 'other_lines.md section 1; not in GeoNames cities500'),
                            ('berzniki', 'Berżniki', 'other_lines.md section 1; not in GeoNames cities500')):
        MISSING_TOWNS.append((tid, label, why))
    # names.csv (history research) overrides the GeoNames-derived names
    # where it has a value; the GeoNames form, if different, becomes an alt name.
    # A towns_alt_names.csv row with a `lang` gives the name in that language
    # where neither source above has one; a GeoNames form must be in the row.
    # A language still without a form is recorded as `no_sourced_name`.
    rows = []
    for tid, gid, names, srcs, why in towns:
        g = geonames[gid]
        alts = []
        h = hist_names.get(tid)
        if h:
            for k in LANGS:
                if h[k]:
                    if names[k] and names[k] != h[k]:
                        alts.append(names[k])
                    names[k] = h[k]
                    srcs[k] = 'history_names'
        for a in alt_rows:
            if a['town_id'] != tid:
                continue
            if a['lang'] and not names[a['lang']]:
                if a['source'] == 'geonames' and a['form'] not in g['alternatenames'].split(','):
                    sys.exit('towns_alt_names.csv: %s %s is not a GeoNames alternate name' % (tid, a['form']))
                names[a['lang']] = a['form']
                srcs[a['lang']] = a['source']
            else:
                alts.append(a['form'])
        for k in LANGS:
            if not names[k]:
                srcs[k] = 'no_sourced_name'
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
            **{'source_' + k: srcs[k] for k in LANGS},
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


# ------------------------------------------------------------ geometry io
PROP_KEYS = ('id', 'name', 'valid_from', 'valid_to', 'valid_note', 'certainty', 'source', 'note')


def ring_coords(ring):
    cs = dedupe(ring.coords)
    if cs[0] != cs[-1]:
        cs.append(cs[0])
    return [list(c) for c in cs] if len(cs) >= 4 else None


def geom_json(g):
    if g.geom_type == 'Point':
        return {'type': 'Point', 'coordinates': list(rnd(g.coords[0]))}
    if g.geom_type == 'LineString':
        return {'type': 'LineString', 'coordinates': [list(c) for c in dedupe(g.coords)]}
    if g.geom_type == 'MultiLineString':
        return {'type': 'MultiLineString',
                'coordinates': [[list(c) for c in dedupe(p.coords)] for p in g.geoms if len(dedupe(p.coords)) >= 2]}
    if g.geom_type in ('Polygon', 'MultiPolygon'):
        polys = [g] if g.geom_type == 'Polygon' else list(g.geoms)
        out = []
        for p in polys:
            ext = ring_coords(p.exterior)
            if ext is None:
                continue
            out.append([ext] + [r for r in (ring_coords(i) for i in p.interiors) if r])
        return {'type': 'MultiPolygon', 'coordinates': out}
    raise ValueError(g.geom_type)


def write_layer(name, feats):
    """feats: list of (props dict, shapely geometry)."""
    out = []
    for props, g in feats:
        p = {k: props.get(k, '') or '' for k in PROP_KEYS}
        assert len(p['note'].encode()) <= 254, (name, p['id'], len(p['note'].encode()))
        out.append({'type': 'Feature', 'properties': p, 'geometry': geom_json(g)})
    with open(os.path.join(OUT, name + '.geojson'), 'w', encoding='utf-8') as f:
        json.dump({'type': 'FeatureCollection', 'features': out}, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')


# Per vertex: `anchor` (the place or feature it stands for), `basis` (documented:
# the document names it; described: a secondary source places it; interpolated:
# between anchors, along a river or boundary of the context data or straight),
# `vertex_source` (source keys) and `check` (places the anchor checker holds the
# line to: place:side:min-max km, `;`-separated).  `left_side`/`right_side`
# (first row of a chain) name the sides in vertex order.
CHAIN_KEYS = ('left_side', 'right_side')
VERTEX_FIELDS = list(PROP_KEYS) + list(CHAIN_KEYS) + ['seq', 'lon', 'lat', 'anchor', 'basis', 'vertex_source', 'check']
BASES = ('documented', 'described', 'interpolated')


def write_vertices(name, lines):
    """lines: list of (props, [(lon, lat, anchor, basis, vertex_source, check), ...])."""
    for props, verts in lines:
        assert len(props['note'].encode()) <= 254, (name, props['id'], len(props['note'].encode()))
        assert len(props.get('valid_note', '').encode()) <= 254, (name, props['id'])
        assert props.get('valid_note') or len(props.get('valid_from', '')) == 10, (name, props['id'])
        for v in verts:
            assert len(v) == 6 and v[3] in BASES and v[4], (name, props['id'], v)
    with open(os.path.join(OUT, name + '.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(VERTEX_FIELDS)
        for props, verts in lines:
            last = None
            seq = 0
            for lon, lat, anchor, basis, vsource, check in verts:
                c = rnd((lon, lat))
                if c == last:
                    continue
                last = c
                seq += 1
                # feature attributes on the first vertex row only; later rows carry just the id
                attrs = [props.get(k, '') if (seq == 1 or k == 'id') else ''
                         for k in list(PROP_KEYS) + list(CHAIN_KEYS)]
                w.writerow(attrs + [seq, '%.5f' % c[0], '%.5f' % c[1], anchor, basis, vsource, check])


def vline(verts):
    return LineString([rnd((v[0], v[1])) for v in verts])


# ------------------------------------------------------------ reference data
REF_LINES = {f['properties']['id']: shape(f['geometry']) for f in load('cshapes2_derived_lines.geojson')}
REF_AREAS = {f['properties']['id']: shape(f['geometry']) for f in load('cshapes2_derived_areas.geojson')}
GOV = {f['properties']['code']: (f['properties'], shape(f['geometry'])) for f in load('governorates_1897_ristat_simplified.geojson')}
NE_BORDERS = load('ne_10m_admin0_boundary_lines_land_region.geojson')
NE_RIVERS = load('ne_10m_rivers_region.geojson')
GS_RIVERS = load('gshhg_f_rivers_region.geojson')


def town(tid):
    return TOWNS[tid]


def gn(tid):
    with open(os.path.join(OUT, 'towns.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            if r['id'] == tid:
                return r['geonameid']


def anchor_town(tid, role):
    lon, lat = town(tid)
    return (lon, lat, 'named place %s (GeoNames %s): %s' % (tid, gn(tid), role))


def ne_border(a, b):
    parts = []
    for f in NE_BORDERS:
        p = f['properties']
        if {p['adm0_left'], p['adm0_right']} == {a, b}:
            g = shape(f['geometry'])
            parts += list(g.geoms) if g.geom_type == 'MultiLineString' else [g]
    m = linemerge(parts)
    if m.geom_type == 'MultiLineString':
        m = max(m.geoms, key=lambda x: x.length)
    return m


# The Neman: the GSHHG line that Natural Earth (wrongly) calls "Usha" from
# above Hrodna to Kaunas; Hrodna, Druskininkai and Kaunas lie on it.
NEMAN = max((shape(f['geometry']) for f in GS_RIVERS if f['properties'].get('ne_name_overlap') == 'Usha'),
            key=lambda g: g.length)
MERKYS = [shape(f['geometry']) for f in NE_RIVERS if f['properties'].get('name') == 'Merkys'][0]


def first_crossing(line_km, other_deg, after=0.0):
    """Point of line_km (km frame) where it first meets other_deg, beyond `after` km."""
    inter = line_km.intersection(to_km(other_deg))
    pts = [inter] if inter.geom_type == 'Point' else [g for g in getattr(inter, 'geoms', []) if g.geom_type == 'Point']
    pts = [p for p in pts if line_km.project(p) > after]
    if not pts:
        raise SystemExit('no crossing found')
    return min(pts, key=lambda p: line_km.project(p))


# ------------------------------------------------------------ railway offsets
# "12 km to the NW of, and parallel to, the railway Grodno-Wilno-Dyneburg"
# (Foch line, PWN) and "5 km west of the Grodno-Vilnius-Dinaburg railway almost
# to Dukstas" (June line).  The railway is taken through the named places on
# it: Hrodna, Orany station (= Varėna, Suwałki Agreement), Vilnius, Dūkštas, Dyneburg.
RAIL_TOWNS = ['hrodna', 'varena', 'vilnius', 'dukstas', 'daugavpils']
RAIL_KM = to_km(LineString([town(t) for t in RAIL_TOWNS]))


def rail_offset(km):
    off = RAIL_KM.parallel_offset(km, 'left', join_style=2, mitre_limit=10.0)
    if off.geom_type != 'LineString':
        off = linemerge(off)
    # keep the direction of the railway (south-west to north-east)
    if Point(off.coords[0]).distance(Point(RAIL_KM.coords[0])) > Point(off.coords[-1]).distance(Point(RAIL_KM.coords[0])):
        off = LineString(list(off.coords)[::-1])
    return off


def offset_vertices(off_km, start_pt, end_pt, label):
    """Vertices of off_km between two points on it (km frame), as degree triples."""
    a, b = off_km.project(start_pt), off_km.project(end_pt)
    seg = substring(off_km, a, b)
    out = []
    coords = list(to_deg(seg).coords)
    for i, c in enumerate(coords):
        if 0 < i < len(coords) - 1:
            # interior vertices are the offsets of the railway's named places
            d = [Point(to_km(Point(town(t))).coords[0]).distance(Point(to_km(Point(c)).coords[0])) for t in RAIL_TOWNS]
            t = RAIL_TOWNS[d.index(min(d))]
            out.append((c[0], c[1], '%s, offset of %s (GeoNames %s)' % (label, t, gn(t))))
        else:
            out.append((c[0], c[1], label))
    return out


OFF12 = rail_offset(12.0)
OFF5 = rail_offset(5.0)


# ------------------------------------------------------------ anchors
def oriented(line, first_near):
    """line with its first vertex at the end nearer to first_near."""
    a, b = Point(line.coords[0]), Point(line.coords[-1])
    if a.distance(Point(first_near)) > b.distance(Point(first_near)):
        return LineString(list(line.coords)[::-1])
    return line


def gnpt(gid):
    g = geonames[gid]
    return (round(float(g['longitude']), ND), round(float(g['latitude']), ND))


# Places the anchor checker uses that are not on the towns layer: GeoNames rows,
# or a coordinate given by a named source.  id -> (lon, lat, name, source keys, note)
ANCHOR_PLACES = {}


def place(pid, name, gid=None, lonlat=None, source='geonames', note=''):
    if gid:
        lonlat = gnpt(gid)
        note = ('GeoNames %s' % gid) + ('; ' + note if note else '')
    ANCHOR_PLACES[pid] = (lonlat[0], lonlat[1], name, source, note, gid or '')
    return lonlat


def km_shift(pt, dx_km, dy_km):
    """pt moved dx km east and dy km north (local frame)."""
    return (pt[0] + dx_km / KX, pt[1] + dy_km / KY)


def V(pt, anchor, basis, vsource, check=''):
    return (pt[0], pt[1], anchor, basis, vsource, check)


def river_between(river, p_from, p_to):
    """Vertices of `river` between the points nearest p_from and p_to, in that order."""
    a, b = river.project(Point(p_from)), river.project(Point(p_to))
    seg = substring(river, min(a, b), max(a, b))
    cs = list(seg.coords)
    return cs[::-1] if a > b else cs


for pid, nm, gid, note in (
        ('indura', 'Indura', '556386', 'audit 4.2: left outside the treaty territory by the old tail'),
        ('kuznica', 'Kuźnica', '766927', 'audit 4.2: left outside the treaty territory by the old tail'),
        ('sokolka', 'Sokółka', '758651', 'reference point south of the tail (audit 4.8 B)'),
        ('svir', 'Svir', '621058', 'Lithuanian side (Zhukov)'),
        ('myadzyel', 'Myadzyel', '624861', 'by the lakes the Art. 2 fragment names (audit 4.9 #6)'),
        ('narach_lake', 'Narach (village on Lake Narach)', '624804', 'stands for Lake Narach, left to Lithuania (Gritskevich)'),
        ('narach_viliya', 'Narach (village at the Narach-Viliya confluence)', '624805', 'mouth of the Narach stream (audit 4.1)'),
        ('mosty', 'Mosty', '625367', 'Lithuanian side (RFE/RL); on the Niemen'),
        ('valozhyn', 'Valozhyn', '620445', 'Russian side, 1 km from the line (Gritskevich)'),
        ('voranava', 'Voranava', '619979', 'check point near Bastuny station (audit 4.8 A)'),
        ('nowy_dwor', 'Nowy Dwór', '763558', 'Biebrza source (audit 4.8 E)'),
        ('goniadz', 'Goniądz', '771893', 'on the Biebrza (audit 4.8 E)'),
        ('wizna', 'Wizna', '755502', 'Biebrza mouth in the Narew about 3 km away (audit 4.8 E)'),
        ('mielnik', 'Mielnik', '764846', '8 Dec 1919 line (audit 4.8 F)'),
        ('kleszczele', 'Kleszczele', '769092', '8 Dec 1919 line (audit 4.8 F)'),
        ('narewka', 'Narewka', '764123', '8 Dec 1919 line (audit 4.8 F)'),
        ('hajnowka', 'Hajnówka', '771158', '8 Dec 1919 line (audit 4.8 F)'),
):
    place(pid, nm, gid=gid, note=note)

CZARNA_HANCZA_MOUTH = place('czarna_hancza_mouth', 'mouth of the Czarna Hańcza in the Niemen',
                            lonlat=(23.7847, 53.9003), source='dewiki_czarna_hancza',
                            note="53°54'01\" N, 23°47'05\" E (de Wikipedia, Czarna Hańcza)")
BASTUNY_STATION = place('bastuny_station', 'Bastuny railway station',
                        lonlat=(round(25.2937648, ND), round(54.078384, ND)), source='by_register_stations',
                        note='Belarusian State Register of geographical names, railway stations (Бастуны, sheet N-35-63)')
MERKYS_MOUTH = min((Point(MERKYS.coords[0]), Point(MERKYS.coords[-1])), key=lambda p: p.distance(NEMAN))
MERKINE = place('merkine_merkys_mouth', 'Merkinė (at the Merkys mouth)',
                lonlat=rnd(MERKYS_MOUTH.coords[0]), source='naturalearth;kaunas_museum_1920',
                note=('Merkinė has no source coordinate; it stands at the Merkys-Niemen confluence, taken from the '
                      'Natural Earth Merkys'))

# ------------------------------------------------------------ Foch line, 26 July 1919
PL_LT = oriented(ne_border('Poland', 'Lithuania'), (22.7, 54.4))   # from the Russian (East Prussian) tripoint
LATVIA = unary_union([shape(f['geometry']) for f in NE_BORDERS
                      if 'Latvia' in (f['properties']['adm0_left'], f['properties']['adm0_right'])])

FOCH_JULY_PROPS = {
    'id': 'foch_line_1919_july', 'name': 'Foch line of 26 July 1919',
    'valid_from': '1919-07-26', 'valid_to': '1920-10-06', 'certainty': 'reconstructed',
    'source': 'other_lines_foch1919;naturalearth;geonames;gshhg;lines_in_force;dewiki_czarna_hancza',
    'note': ('Today\'s PL-LT border (PWN: Wisztyniec lake to the Marycha), straight to the Czarna Hancza mouth '
             '(Marycha-Igorka course not in any dataset), then 12 km NW of the Grodno-Wilno-Dyneburg railway '
             '(via Hrodna, Varena, Vilnius, Dukstas, Daugavpils) to Latvia.'),
    'left_side': 'Lithuania', 'right_side': 'Poland',
}
pl_lt_verts = [V(c, 'follows modern Poland-Lithuania border (Natural Earth), = Foch line per PWN',
                 'interpolated', 'naturalearth;other_lines_foch1919') for c in PL_LT.coords]
pl_lt_verts[0] = V(PL_LT.coords[0], 'East Prussian frontier: PL-LT-RU tripoint of the modern border (Natural Earth)',
                   'described', 'naturalearth;other_lines_foch1919', 'wizajny:pl:0-999;punsk:pl:0-999')
pl_lt_verts[-1] = V(PL_LT.coords[-1], 'end of the modern PL-LT border at the Belarus tripoint, near the Marycha (PWN)',
                    'described', 'naturalearth;other_lines_foch1919', 'sejny:pl:0-999')
# The Foch line leaves the modern border near the Marycha and reaches the
# Niemen by the Marycha-Igorka course and the lower Czarna Hańcza (audit 4.5;
# none of them in any dataset): straight to the Czarna Hańcza mouth.
T_END = Point(PL_LT.coords[-1])
X12 = first_crossing(OFF12, NEMAN)
LV12 = first_crossing(OFF12, LATVIA, OFF12.project(X12))
off_after = [V(v[:2], v[2], 'described', 'other_lines_foch1919;geonames') for v in
             offset_vertices(OFF12, X12, LV12, '12 km NW of the Grodno-Wilno-Dyneburg railway')[1:-1]]
ch_mouth = V(CZARNA_HANCZA_MOUTH, 'mouth of the Czarna Hancza in the Niemen (de Wikipedia); reached via the '
             'Marycha-Igorka course and the lower Czarna Hancza, none of them in any dataset: straight',
             'documented', 'suwalki1920_art1;dewiki_czarna_hancza')
foch_july = pl_lt_verts + [ch_mouth] + off_after + \
    [V(to_deg(LV12).coords[0], 'Latvian border (Natural Earth) where the 12 km offset reaches it',
       'interpolated', 'naturalearth;other_lines_foch1919')]

# ------------------------------------------------------------ first line, 18 June 1919
EAST_PRUSSIA = REF_LINES['pl_de_1920_1938_cshapes']
start_june = LineString([town('elk'), town('augustow')]).intersection(EAST_PRUSSIA)
X5 = first_crossing(OFF5, NEMAN)
DUK5 = OFF5.interpolate(OFF5.project(to_km(Point(town('dukstas')))))
FOCH_JUNE_PROPS = {
    'id': 'foch_line_1919_june', 'name': 'Entente line of 18 June 1919',
    'valid_from': '1919-06-18', 'valid_to': '1919-07-25', 'certainty': 'reconstructed',
    'source': 'lines_in_force;other_lines_foch1919;cshapes2;geonames;gshhg',
    'note': ('Press description (lines_in_force.csv): between Augustow and Lyck, along the Augustow Canal past '
             'Sopockinie (canal not in any dataset: drawn via both towns), then 5 km W of the Grodno-Vilnius-'
             'Dinaburg railway almost to Dukstas.'),
    'left_side': 'Lithuania', 'right_side': 'Poland',
}
foch_june = [V(start_june.coords[0], 'East Prussian frontier (CShapes PL-DE 1920) between Augustow and Lyck (Elk)',
               'described', 'lines_in_force;cshapes2'),
             V(town('augustow'), 'named place augustow (GeoNames %s): Augustow Canal' % gn('augustow'),
               'described', 'lines_in_force;geonames'),
             V(town('sapotskin'), 'named place sapotskin (GeoNames %s): past Sopockinie' % gn('sapotskin'),
               'described', 'lines_in_force;geonames'),
             V(to_deg(X5).coords[0], 'Niemen (GSHHG) where the 5 km offset of the railway crosses it',
               'described', 'lines_in_force;gshhg')] + \
    [V(v[:2], v[2], 'described', 'lines_in_force;geonames')
     for v in offset_vertices(OFF5, X5, DUK5, '5 km W of the Grodno-Vilnius-Dinaburg railway')[1:-1]] + \
    [V(to_deg(DUK5).coords[0], 'almost to Dukstas: 5 km offset abreast of Dukstas (GeoNames %s)' % gn('dukstas'),
       'described', 'lines_in_force;geonames', 'dukstas:pl:3-7')]

write_vertices('foch_line_1919', [(FOCH_JUNE_PROPS, foch_june), (FOCH_JULY_PROPS, foch_july)])
print('foch june', len(foch_june), 'july', len(foch_july), 'X12', to_deg(X12), 'X5', to_deg(X5))


# ------------------------------------------------------------ treaty line, 12 July 1920
# Re-drawn through the anchor list of the audit (section 4.9), north to south.
# Art. 2's full text was not recovered: the verbatim fragment (TFDD) covers the
# Narach-Myadzelka-Dysna stretch; Gritskevich, Zhukov and RFE/RL place the rest.
# Rivers the text follows are traced where a dataset has them (Niemen, Dvina);
# the Myadzelka, the Narach stream and the fragment's lakes are in none.
TREATY_DATES = {'valid_from': '1920-07-12', 'valid_to': '',
                'valid_note': ('signed 12 Jul 1920; never applied west of the Soviet-Polish front; superseded in '
                               'practice by the Suwalki Agreement (7 Oct 1920) and the Riga treaty (18 Mar 1921)')}
TREATY_SIDES = {'left_side': 'Soviet Russia', 'right_side': 'Lithuania'}   # north to south: west is right
TREATY_NAME = 'Article 2 frontier of the Soviet–Lithuanian Peace Treaty'
TREATY_CS = REF_LINES['treaty_line_1920_cshapes']            # kept only for its south end (audit 4.8 B)
TREATY_END = TREATY_CS.coords[-1]
SZTABIN = town('sztabin')
UEZD = {f['properties']['Name_ENG']: shape(f['geometry']) for f in load('uezds_1897_region.geojson')}
DAUGAVA = [shape(f['geometry']) for f in GS_RIVERS if f['properties'].get('ne_name_overlap') == 'Daugava'][0]
DYSNA = [shape(f['geometry']) for f in NE_RIVERS if f['properties'].get('name') == 'Dysna'][0]
# The Niemen of GSHHG runs from above Mosty (27.3 E) past Hrodna to Kaunas.
NIEMEN_UP = NEMAN


def dvina_west_of_druya():
    x = DAUGAVA.intersection(UEZD['Disnenskii'].boundary)
    pts = [x] if x.geom_type == 'Point' else list(x.geoms)
    return min((p for p in pts if p.x < town('druya')[0]), key=lambda p: p.distance(Point(town('druya')))).coords[0]


T_DVINA = dvina_west_of_druya()
T_JUNCTION = DYSNA.interpolate(DYSNA.project(Point(town('pastavy')))).coords[0]
T_VILEYKA = km_shift(town('vileyka'), -11.0, 0.0)
T_MALAD = km_shift(town('maladzyechna'), -1.5, 0.0)
T_VALOZHYN = km_shift(gnpt('620445'), -1.0, 0.0)
T_BEREZINA = NIEMEN_UP.intersection(LineString([town('navahrudak'), (town('navahrudak')[0], 54.5)]))
T_BEREZINA = (T_BEREZINA if T_BEREZINA.geom_type == 'Point' else list(T_BEREZINA.geoms)[0]).coords[0]
T_NIEMEN_W = NIEMEN_UP.interpolate(NIEMEN_UP.project(Point(TREATY_END))).coords[0]
T_HRODNA30 = (23.83, 53.42)

GRIT = 'gritskevich_zapfront'
treaty_north = [
    V(T_DVINA, 'the Dvina west of Druya (Gritskevich); the exact point is not given: taken where the 1897 Disna '
      'uezd boundary (RISTAT) meets the Dvina (GSHHG), Druya (Disna uezd) staying Russian',
      'interpolated', GRIT + ';ristat_uezds1897;gshhg', 'druya:ru:0.5-10;braslaw:lt:0-999;dzisna:ru:0-999'),
    V(T_JUNCTION, 'junction of the Miadzelka with the Disna (Art. 2 fragment). The Myadzelka is in no dataset: '
      'taken at the Dysna (Natural Earth) point nearest Pastavy. Between here and the Dvina the fragment names the '
      'Nistshenka stream, Mikhalishiki lake, village Borovyia (line 1 verst W of it) and a dry watercourse, none '
      'located: straight',
      'interpolated', 'treaty1920_art2;naturalearth;geonames'),
]
treaty_mid = [
    V(T_JUNCTION, 'junction of the Miadzelka with the Disna (see above)', 'interpolated',
      'treaty1920_art2;naturalearth;geonames'),
    V(town('pastavy'), 'down the Miadzelka through Pastavy (GeoNames %s): the river was the line and split the '
      'town (Art. 2 fragment; Vilna memorial book)' % gn('pastavy'),
      'documented', 'treaty1920_art2;vilna_memorial_postavy;geonames', 'pastavy:any:0-1'),
    V(gnpt('624861'), 'Myadzyel (GeoNames 624861), by the lakes the fragment names: source of the Miadzelka, '
      'Pshegrode (1 verst W), Madziol lake, Volotshek (1 verst W), Pikoltzy/Mintshaki, across Lake Miastra, E shore '
      'of Lake Bliada; none located, the town is the nearest locatable point',
      'interpolated', 'treaty1920_art2;geonames', 'narach_lake:lt:0-999;svir:lt:0-999'),
    V(gnpt('624805'), 'up the small stream Narotch to its mouth in the Viliya at Narach village (GeoNames 624805); '
      'the stream is in no dataset: straight',
      'documented', 'treaty1920_art2;geonames', 'narach_viliya:any:0-0.5'),
    V(T_VILEYKA, '11 km W of Vileyka (Gritskevich); due west of the GeoNames point. Slobodka, Dolgaya and Prenta '
      '(fragment) not located',
      'described', GRIT + ';zhukov_pervoe;geonames', 'vileyka:ru:9-13;smarhon:lt:0-999'),
    V(T_MALAD, 'past the western edge of Maladzyechna (Gritskevich): 1.5 km W of the GeoNames point, the 1920 '
      'extent of the town being in no source',
      'described', GRIT + ';zhukov_pervoe;geonames', 'maladzyechna:ru:0.5-3;ashmyany:lt:0-999'),
    V(T_VALOZHYN, '1 km from Valozhyn, which stayed Russian (Gritskevich): 1 km W of the GeoNames point; the line '
      'ran 60-70 km W of Minsk',
      'described', GRIT + ';geonames', 'valozhyn:ru:0.5-2;minsk:ru:60-70'),
    V(T_BEREZINA, 'mouth of the (Western) Berezina in the Niemen, north of Novogrudok (Gritskevich): not located; '
      'taken where the Niemen (GSHHG) passes due north of Navahrudak',
      'interpolated', GRIT + ';gshhg;geonames', 'navahrudak:ru:0-999;lida:lt:0-999'),
]
niemen = river_between(NIEMEN_UP, T_BEREZINA, T_NIEMEN_W)
treaty_niemen = [V(T_BEREZINA, 'Berezina mouth (see above)', 'interpolated', GRIT + ';gshhg;geonames')] + \
    [V(c, 'along the Niemen (GSHHG), which the line followed from the Berezina mouth downstream (Gritskevich)',
       'interpolated', GRIT + ';gshhg') for c in niemen[1:-1]] + \
    [V(T_NIEMEN_W, 'where the line leaves the Niemen: the south end of the CShapes 2.0 treaty line (audit 4.8 B), '
       'projected onto the GSHHG Niemen; no source gives the point',
       'interpolated', 'cshapes2;gshhg', 'shchuchyn:lt:0-999')]
# Mosty stands on the Niemen, which is the line there: the checker holds the
# river line to the town (its vertex nearest the town carries the check).
_im = min(range(1, len(treaty_niemen) - 1),
          key=lambda i: Point(treaty_niemen[i][:2]).distance(Point(gnpt('625367'))))
treaty_niemen[_im] = treaty_niemen[_im][:5] + ('mosty:any:0-1.5',)
treaty_tail = [
    V(T_NIEMEN_W, 'where the line leaves the Niemen (see above)', 'interpolated', 'cshapes2;gshhg'),
    V(T_HRODNA30, 'about 30 km south of Grodno (Gritskevich; Zhukov): 53.42 N at Hrodna\'s meridian (audit 4.2)',
      'described', GRIT + ';zhukov_pervoe', 'hrodna:lt:25-35;indura:lt:0-999;sokolka:ru:0-999'),
    V(SZTABIN, 'Sztabin (GeoNames %s): the line was drawn only to this village (Wikipedia article); the western '
      'end is disputed (Gritskevich: south of Augustow)' % gn('sztabin'),
      'described', 'wikipedia_treaty;geonames', 'sztabin:any:0-0.01;kuznica:lt:0-999;sapotskin:lt:0-999'),
]
TREATY_FEATURES = [
    (dict(TREATY_DATES, **TREATY_SIDES, id='treaty_1920_line_dvina_dysna', name=TREATY_NAME, certainty='approximate',
          source='treaty1920_art2;' + GRIT + ';ristat_uezds1897;gshhg;naturalearth;geonames',
          note=('Dvina west of Druya to the Myadzelka-Dysna junction. The fragment\'s streams, lake and villages here '
                'are not located: straight between the two ends.')), treaty_north),
    (dict(TREATY_DATES, **TREATY_SIDES, id='treaty_1920_line_myadzelka_niemen', name=TREATY_NAME,
          certainty='reconstructed',
          source='treaty1920_art2;' + GRIT + ';zhukov_pervoe;vilna_memorial_postavy;gshhg;naturalearth;geonames',
          note=('Myadzelka through Pastavy, the Narach lakes, Narach stream (fragment), then 11 km W of Vileyka, '
                'Maladzyechna\'s western edge, 1 km W of Valozhyn (Gritskevich), south to the Niemen. Streams not in '
                'any dataset: straight between anchors.')), treaty_mid),
    (dict(TREATY_DATES, **TREATY_SIDES, id='treaty_1920_line_niemen', name=TREATY_NAME, certainty='reconstructed',
          source=GRIT + ';svaboda_2020;gshhg;cshapes2;geonames',
          note=('Along the Niemen (GSHHG) from north of Navahrudak down past Mosty (Gritskevich; Mosty Lithuanian, '
                'RFE/RL). Where the line leaves the river is not known.')), treaty_niemen),
    (dict(TREATY_DATES, **TREATY_SIDES, id='treaty_1920_line_hrodna_sztabin', name=TREATY_NAME,
          certainty='approximate', source=GRIT + ';zhukov_pervoe;wikipedia_treaty;cshapes2;geonames',
          note=('Text of this part of Art. 2 not recovered. Through a point about 30 km S of Hrodna (Gritskevich, '
                'Zhukov) to Sztabin (Wikipedia); the sources differ on the western end (Gritskevich: S of Augustow).')),
     treaty_tail),
]
write_vertices('treaty_1920_line', TREATY_FEATURES)

# ------------------------------------------------------------ Suwałki Agreement, 7 October 1920
# Art. 1(a): the 8 Dec 1919 line (= Foch line in the Suwałki region) to the
# Czarna Hańcza mouth in the Niemen; down the Niemen to the Grawe mouth; Grawe,
# Merecz-Rokitnica road, Skroblis mouth, Mereczanka (Merkys); Dereżnica to the
# railway 2 km NE of Orany station; road through Bartele ... Ejszyszki ...
# Podzitwa, Horodenka to Bastuny station, road and station Polish.
SUW = 'suwalki1920_art1'
n_foch_west = len(pl_lt_verts)
suwalki = [v[:2] + (v[2] + ' [8 Dec 1919 line = Foch line here]', v[3], SUW + ';' + v[4], v[5])
           for v in foch_july[:n_foch_west]]
suwalki.append(ch_mouth[:5] + ('druskininkai:pl:0.2-3',))
MERKYS_L = oriented(MERKYS, MERKYS_MOUTH.coords[0])
# Where the line leaves the Niemen: the Grawe mouth is not located.  The press
# digest of 6 Oct 1920 says the line left Merkinė (at the Merkys mouth) to
# Lithuania; the audit's fix: leave the Niemen a little upstream of Merkinė.
# 3 km along each river is a choice made here, not a source's figure.
GRAWE_KM = 3.0
NEMAN_KM = to_km(NEMAN)
m_at = NEMAN_KM.project(to_km(MERKYS_MOUTH))
mouth_at = NEMAN_KM.project(to_km(Point(CZARNA_HANCZA_MOUTH)))
step = GRAWE_KM if mouth_at > m_at else -GRAWE_KM      # upstream of the Merkys mouth = towards the Czarna Hańcza
T_GRAWE = to_deg(NEMAN_KM.interpolate(m_at + step)).coords[0]
MK_KM = to_km(MERKYS_L)
T_SKROBLIS = to_deg(MK_KM.interpolate(GRAWE_KM)).coords[0]
suwalki += [V(c, 'down the Niemen (GSHHG)', 'interpolated', SUW + ';gshhg')
            for c in river_between(NEMAN, CZARNA_HANCZA_MOUTH, T_GRAWE)[1:-1]]
suwalki += [V(T_GRAWE, 'mouth of the Grawe in the Niemen: the Grawe is not identified; taken 3 km up the Niemen '
              'from the Merkys mouth, so that Merkine stays Lithuanian (Kaunas press digest, 6 Oct 1920)',
              'interpolated', SUW + ';kaunas_museum_1920;gshhg;naturalearth', 'merkine_merkys_mouth:lt:0.5-4'),
            V(T_SKROBLIS, 'mouth of the Skroblis in the Mereczanka (Merkys): not located; taken 3 km up the Merkys '
              '(Natural Earth); the Grawe and the Merecz-Rokitnica road between are not located: straight',
              'interpolated', SUW + ';naturalearth')]
ORANY = town('varena')
VIL = town('vilnius')
R = to_deg(to_km(LineString([ORANY, VIL])).interpolate(2.0))
merkys_part = river_between(MERKYS_L, T_SKROBLIS, R.coords[0])
suwalki += [V(c, 'up the Mereczanka = Merkys (Natural Earth) to the Derežnik mouth; Soloworce (Lithuanian side) '
              'and Male Dubno (Polish side) not located', 'interpolated', SUW + ';naturalearth')
            for c in merkys_part[1:]]
suwalki += [V(R.coords[0], 'Wilno-Orany railway about 2 km NE of Orany station (Varena, GeoNames %s), via the '
              'Derežnica (not identified)' % gn('varena'), 'documented', SUW + ';geonames', 'varena:pl:1-3'),
            V(town('eisiskes'), 'along the road through Bartele, Kucie, Nowy Dwor (not located) to Ejszyszki '
              '(GeoNames %s); the road stays Polish' % gn('eisiskes'), 'documented', SUW + ';geonames',
              'eisiskes:any:0-0.01'),
            V(BASTUNY_STATION, 'along the road through Podzitwa and Horodenka (not located) to Bastuny station '
              '(Belarusian register): straight, road and station Polish', 'documented',
              SUW + ';by_register_stations', 'bastuny_station:any:0-0.01;voranava:any:7-9')]
SUWALKI_PROPS = {
    'id': 'suwalki_agreement_1920', 'name': 'Suwałki Agreement demarcation line (7 October 1920)',
    'valid_from': '1920-10-07', 'valid_to': '1923-03-14', 'certainty': 'reconstructed',
    'valid_note': 'in force on signature, ceasefire from noon 10 Oct 1920; east of the Niemen overtaken by the neutral zone (30 Nov 1920)',
    'source': SUW + ';other_lines_foch1919;naturalearth;gshhg;geonames;dewiki_czarna_hancza;kaunas_museum_1920;by_register_stations',
    'note': ('Art. 1(a), to Bastuny station. Grawe, Skroblis, Derežnica and the villages on the road are not '
             'located: the Niemen-Merkys link and the road beyond Eisiskes are straight.'),
    'left_side': 'Lithuania', 'right_side': 'Poland',
}
write_vertices('suwalki_agreement_1920', [(SUWALKI_PROPS, suwalki)])
print('treaty end', TREATY_END, 'suwalki verts', len(suwalki))


# (the 1923 line and the layers after it come after the polygons: they use ring_arc and SUW_GOV)


# ------------------------------------------------------------ polygons
def polys_only(g, min_area=0.0005):
    parts = [g] if g.geom_type == 'Polygon' else [p for p in getattr(g, 'geoms', []) if p.geom_type == 'Polygon']
    parts = [p for p in parts if p.area >= min_area]
    return MultiPolygon(parts) if len(parts) != 1 else parts[0]


LT1918 = REF_AREAS['lithuania_1918_1920_cshapes'].intersection(BOX)
LT1922 = REF_AREAS['lithuania_1922_1939_cshapes'].intersection(BOX)
SUW_GOV = GOV['S'][1]

# South-west closure of the treaty territory: the tail to Sztabin, then the
# 1897 Suwałki governorate boundary (on which Sztabin lies) west and north to
# the East Prussian tripoint, then back along CShapes' own 1918-1920 edge.
LT_PL_EDGE = oriented(REF_LINES['lt_pl_1918_1920_cshapes'], TREATY_END)   # from the treaty end to the tripoint
TRIPOINT = Point(LT_PL_EDGE.coords[-1])
ring = SUW_GOV.exterior
s0, s1 = ring.project(Point(SZTABIN)), ring.project(TRIPOINT)


def ring_arc(r, a, b):
    """The two arcs of ring r between positions a and b (both directions)."""
    L = r.length
    if a <= b:
        fwd = substring(r, a, b)
        back = linemerge([substring(r, b, L), substring(r, 0, a)])
    else:
        fwd = linemerge([substring(r, a, L), substring(r, 0, b)])
        back = substring(r, b, a)
    return fwd, back


arc1, arc2 = ring_arc(ring, s0, s1)
# the wanted arc keeps south-west of the CShapes edge: it never goes north of the tripoint
gov_arc = arc1 if max(c[1] for c in arc1.coords) <= max(c[1] for c in arc2.coords) else arc2
gov_coords = list(gov_arc.coords)
if Point(gov_coords[0]).distance(Point(SZTABIN)) > Point(gov_coords[-1]).distance(Point(SZTABIN)):
    gov_coords.reverse()
# The re-drawn treaty line as one chain, north to south.
T_CHAIN = []
for _props, _verts in TREATY_FEATURES:
    for _v in _verts:
        _c = rnd(_v[:2])
        if not T_CHAIN or T_CHAIN[-1] != _c:
            T_CHAIN.append(_c)
T_TO_NIEMEN_W = T_CHAIN[:T_CHAIN.index(rnd(T_NIEMEN_W)) + 1]
# Everything west of the line: the line closed round the west of the map box.
WEST = Polygon(T_CHAIN + [(19.0, T_CHAIN[-1][1]), (19.0, 58.5), (T_CHAIN[0][0], 58.5)]).buffer(0)
# Between the CShapes line and the re-drawn one (both from the Dvina to the
# Niemen west of Mosty): the faces of the two lines closed at their ends.
from shapely.ops import polygonize
_gap_ring = list(TREATY_CS.coords) + T_TO_NIEMEN_W[::-1] + [TREATY_CS.coords[0]]
GAP = unary_union(list(polygonize(unary_union([LineString(_gap_ring)]))))
MAIN = polys_only(unary_union([LT1918, GAP]).intersection(WEST))

# South-west: the Hrodna-Sztabin stretch to Sztabin, then the 1897 Suwałki
# governorate boundary (on which Sztabin lies) west and north to the East
# Prussian tripoint, then back along CShapes' own 1918-1920 edge.
sw_ring = [T_NIEMEN_W, T_HRODNA30, SZTABIN] + gov_coords + [TRIPOINT.coords[0]] + list(LT_PL_EDGE.coords)[::-1]
SW = polys_only(Polygon(sw_ring).buffer(0).difference(MAIN))
SW_SUW = polys_only(SW.intersection(SUW_GOV))
SW_REST = polys_only(SW.difference(SUW_GOV))
TREATY_TERR_DATES = {'valid_from': '1920-07-12', 'valid_to': '', 'valid_note': TREATY_DATES['valid_note']}
write_layer('treaty_1920_territory', [
    (dict(TREATY_TERR_DATES, id='treaty_1920_territory_main',
          name='Lithuania under the Soviet–Lithuanian Peace Treaty',
          certainty='reconstructed', source='cshapes2;treaty1920_art2;gritskevich_zapfront',
          note=('CShapes 2.0 Lithuania 1918-1920 with its eastern edge replaced by the re-drawn treaty line '
                '(treaty_1920_line, anchors of Art. 2 and Gritskevich); clipped to the map box.')),
     MAIN),
    (dict(TREATY_TERR_DATES, id='treaty_1920_territory_hrodna_south',
          name='Lithuania under the Soviet–Lithuanian Peace Treaty',
          certainty='approximate', source='treaty1920_art2;gritskevich_zapfront;zhukov_pervoe;cshapes2;ristat1897',
          note=('Between CShapes Lithuania 1918-1920 and the approximate Hrodna-Sztabin stretch of the line, east '
                'of the 1897 Suwalki governorate.')),
     SW_REST),
    (dict(TREATY_TERR_DATES, id='treaty_1920_territory_suwalki',
          name='Suwałki region: not defined by Article 2',
          certainty='approximate', source='wikipedia_treaty;kuroptev1939;ristat1897;cshapes2',
          note=('Art. 2 drew the line only to Sztabin and left the Suwalki region undetermined (Wikipedia). Drawn as '
                'the 1897 Suwalki governorate outside CShapes Lithuania: the reading of the 1939 Kuroptev memorandum.')),
     SW_SUW),
])
TERRITORY = unary_union([MAIN, SW])

# Vilnius Region: recognised to Lithuania in 1920, held by Poland 1920-1939,
# without the Suwałki area (its own layer).
VR_D = REF_AREAS['treaty1920_claim_held_by_poland']
VR_MAIN = polys_only(MAIN.difference(LT1922))
VR_A = polys_only(SW_REST.difference(LT1922))
write_layer('vilnius_region', [
    ({'id': 'vilnius_region_main', 'name': 'Vilnius Region',
      'valid_from': '1920-10-09', 'valid_to': '', 'certainty': 'reconstructed', 'source': 'cshapes2;treaty1920_art2',
      'valid_note': 'seized 9 Oct 1920; Polish until Sep 1939',
      'note': ('The treaty territory (re-drawn line) minus CShapes Lithuania 1922-1939: land recognised to '
               'Lithuania in 1920 but held by Poland from the seizure of Vilnius, 9 Oct 1920.')}, VR_MAIN),
    ({'id': 'vilnius_region_southwest', 'name': 'Vilnius Region',
      'valid_from': '1920-10-09', 'valid_to': '', 'certainty': 'approximate',
      'valid_note': 'seized 9 Oct 1920; Polish until Sep 1939',
      'source': 'treaty1920_art2;cshapes2;ristat1897',
      'note': 'The approximate Hrodna-Sztabin part of the treaty territory outside interwar Lithuania and outside the 1897 Suwalki governorate.'},
     VR_A),
])

SUW_REF = {f['properties']['id']: shape(f['geometry']) for f in load('derived_suwalki_region_approx.geojson')}
write_layer('suwalki_region', [
    ({'id': 'suwalki_region', 'name': 'Suwałki Region (Suwałki, Sejny, Augustów)',
      'valid_from': '1919-07-26', 'valid_to': '1923-03-15', 'certainty': 'approximate',
      'source': 'ristat1897;cshapes2;other_lines_foch1919',
      'note': ('1897 Suwalki governorate (RISTAT) intersected with CShapes Poland 1921-1939: the part of the '
               'governorate that the Foch line of 26 Jul 1919 gave to Poland and Poland kept; contested with '
               'Lithuania until the 1923 decision.')},
     polys_only(SUW_REF['suwalki_gov_polish_part_1921_1939'])),
])

# Central Lithuania from the 1897 uezds (audit 4.8 C): 12 Oct 1920 - Jan 1922 the
# Wilno, Troki, Oszmiana and Święciany counties; Jan - 17 Apr 1922 also Lida and
# Brasław (the Novoaleksandrovsk-uezd land outside interwar Lithuania).  Clipped
# to the land outside interwar Lithuania and west of the treaty line: the 1897
# Sventsiany uezd reached east to Pastavy and Myadel, which were never Central
# Lithuanian (Duniłowicze county), and no source gives the interwar county limit.
CL_W = WEST.difference(LT1922)
CL_1920 = polys_only(unary_union([UEZD[n] for n in ('Vilenskii', 'Trokskii', 'Oshmianskii', 'Sventsianskii')])
                     .intersection(CL_W))
# The 1922 additions only, so that the two features never overlap (the map
# fills a layer's features together, even-odd).
CL_1922 = polys_only(unary_union([UEZD['Lidskii'].intersection(CL_W),
                                  UEZD['Novoaleksandrovskii'].intersection(CL_W).intersection(TERRITORY)])
                     .difference(CL_1920))
write_layer('central_lithuania_1920_1922', [
    ({'id': 'central_lithuania_1920', 'name': 'Republic of Central Lithuania (1920-1922)',
      'valid_from': '1920-10-12', 'valid_to': '1922-04-17',
      'valid_note': 'joined to Poland 18 Apr 1922 (control.csv); Brasław and Lida counties added in January 1922',
      'certainty': 'approximate', 'source': 'ristat_uezds1897;cshapes2;plwiki_cl_border;history_control',
      'note': ('Wilno, Troki, Oszmiana, Swieciany counties (Decree No. 1) as the 1897 uezds, outside interwar '
               'Lithuania and west of the treaty line: the eastern edge (Swieciany county, through Lake Narach) '
               'is not in any source and is too far east.')},
     CL_1920),
    ({'id': 'central_lithuania_1922', 'name': 'Central Lithuania: Lida and Brasław counties (1922)',
      'valid_from': '1922-01', 'valid_to': '1922-04-17',
      'valid_note': 'from January 1922 (day not given, one source); joined to Poland 18 Apr 1922 (control.csv)',
      'certainty': 'approximate', 'source': 'ristat_uezds1897;cshapes2;plwiki_cl_border;history_control',
      'note': ('Added Jan 1922: the Lida uezd and the Novoaleksandrovsk-uezd land outside interwar Lithuania '
               '(Braslaw county; its Disna-uezd parts are left out). 1897 limits: approximate.')},
     CL_1922),
])

# ------------------------------------------------------------ 1920-1939 line
# CShapes' line, except near Druskininkai, where its country-scale
# generalisation cuts across the bends of the Niemen (within 4 km of it) and
# puts Druskininkai, Polish 1920-1939, on the Lithuanian side: that stretch is
# the GSHHG Niemen, the line of the Suwałki Agreement there.
DEM = oriented(REF_LINES['lt_pl_demarcation_1920_1939'], (22.7, 54.4))
DEM_NIEMEN_A, DEM_NIEMEN_B = (23.7796, 53.9355), (24.1428, 54.052)   # CShapes vertices nearest the river
_dc = [rnd(c) for c in DEM.coords]
_ia, _ib = [min(range(len(_dc)), key=lambda i: Point(_dc[i]).distance(Point(q))) for q in (DEM_NIEMEN_A, DEM_NIEMEN_B)]
_na = NEMAN.interpolate(NEMAN.project(Point(DEM_NIEMEN_A))).coords[0]
_nb = NEMAN.interpolate(NEMAN.project(Point(DEM_NIEMEN_B))).coords[0]
DEM_W = LineString(_dc[:_ia + 1] + [rnd(_na)])
DEM_N = LineString([rnd(_na)] + [rnd(c) for c in river_between(NEMAN, _na, _nb)[1:-1]] + [rnd(_nb)])
DEM_E = LineString([rnd(_nb)] + _dc[_ib:])
DEM_PROPS = {'name': 'Polish-Lithuanian demarcation line 1920-1939 (confirmed 15 March 1923)',
             'valid_from': '1923-02-15', 'valid_to': '',
             'valid_note': ('Poland occupied its part of the neutral zone from 15 Feb 1923 (divided 3 Feb); confirmed '
                            '15 Mar 1923; in force until 1939')}
write_layer('demarcation_1923', [
    (dict(DEM_PROPS, id='demarcation_1923_west', certainty='dataset', source='cshapes2;ambassadors1923',
          note=('CShapes 2.0 border of Lithuania 1922-1939 and Poland 1921-1939 (+-2-5 km), East Prussian tripoint to '
                'the Niemen at the Czarna Hancza mouth.')), DEM_W),
    (dict(DEM_PROPS, id='demarcation_1923_niemen', certainty='reconstructed', source='cshapes2;gshhg;suwalki1920_art1',
          note=('The Niemen (GSHHG) past Druskininkai, where CShapes cuts across the river\'s bends; assumes the 1923 '
                'line kept the Suwalki line here (the 1923 text\'s middle section was not recovered).')), DEM_N),
    (dict(DEM_PROPS, id='demarcation_1923_east', certainty='dataset', source='cshapes2;ambassadors1923',
          note='CShapes 2.0 border of Lithuania 1922-1939 and Poland 1921-1939 (+-2-5 km), Niemen to the Latvian border.'),
     DEM_E),
])
DEM_ALL = LineString(list(DEM_W.coords) + list(DEM_N.coords)[1:] + list(DEM_E.coords)[1:])


def write_checks(layer, rows):
    """rows: (feature id, left_side, right_side, anchor, check) for a data-set line."""
    with open(os.path.join(OUT, layer + '_checks.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['id', 'left_side', 'right_side', 'anchor', 'source', 'check'])
        for r in rows:
            w.writerow(r)


write_checks('demarcation_1923', [
    ('demarcation_1923_west', 'Lithuania', 'Poland', 'Lithuanian side at 1923-03-15 (control.csv)', 'history_control',
     'alytus:lt:0-999;kaunas:lt:0-999;lazdijai:lt:0-999;marijampole:lt:0-999;ukmerge:lt:0-999;'
     'merkine_merkys_mouth:lt:0-999'),
    ('demarcation_1923_niemen', '', '', 'Niemen stretch (no check of its own)', 'gshhg', ''),
    ('demarcation_1923_east', '', '', 'Polish side at 1923-03-15 (control.csv)', 'history_control',
     'suwalki:pl:0-999;sejny:pl:0-999;punsk:pl:0-999;augustow:pl:0-999;giby:pl:0-999;druskininkai:pl:0-999;'
     'varena:pl:0-999;eisiskes:pl:0-999;trakai:pl:0-999;vilnius:pl:0-999;svencionys:pl:0-999;braslaw:pl:0-999;'
     'hrodna:pl:0-999'),
])

# ------------------------------------------------------------ Riga frontier, 18 March 1921
RIGA = oriented(REF_LINES['pl_ussr_riga_1921_1939_cshapes'], (27.5, 56.0))   # north to south
write_layer('riga_1921', [({
    'id': 'riga_1921', 'name': 'Polish-Soviet frontier of the Peace of Riga (18 March 1921)',
    'valid_from': '1921-03-18', 'valid_to': '',
    'valid_note': 'signed 18 Mar 1921, ratified 14-17 Apr 1921; accepted by the Conference of Ambassadors 15 Mar 1923; until Sep 1939',
    'certainty': 'dataset', 'source': 'cshapes2;riga1921;lines_in_force',
    'note': 'CShapes 2.0 border of Poland 1921-1939 and the USSR (Treaty of Riga), clipped to the map box (+-2-5 km).',
}, RIGA)])
write_checks('riga_1921', [
    ('riga_1921', 'Soviet Russia', 'Poland', 'Soviet side (control.csv: Minsk Soviet from 17 Oct 1920)', 'history_control',
     'minsk:ru:0-999'),
    ('riga_1921', '', '', 'Polish side 1921-1939 (control.csv; Maladzyechna: audit 3.5; Dzisna, Vileyka, Navahrudak, Pastavy: Polish counties from 1920, audit 4.6)', 'history_control;plwiki_cl_border',
     'maladzyechna:pl:0-999;pastavy:pl:0-999;smarhon:pl:0-999;lida:pl:0-999;braslaw:pl:0-999;vileyka:pl:0-999;'
     'navahrudak:pl:0-999;dzisna:pl:0-999'),
])


# ------------------------------------------------------------ neutral zone, 1920-1923
# No source gives its edges.  The sources give its length (about 400 km, the
# Latvian border to the Orany area), its width (10-12 km per the armistice,
# Rezmer; 12 km, Balkelis; 6 km on average, pl Wikipedia) and its division on
# 3 Feb 1923 along what became the 1923 line.  Drawn schematically as a band
# 6 km either side of that line, from abreast of Orany (Varėna) to Latvia.
_dk = to_km(DEM_E)
_start = _dk.project(to_km(Point(town('varena'))))
_axis = substring(_dk, _start, _dk.length)
NZ = polys_only(to_deg(_axis.buffer(6.0, cap_style=2, join_style=2, mitre_limit=3.0)).intersection(BOX))
write_layer('neutral_zone_1920_1923', [({
    'id': 'neutral_zone_1920_1923', 'name': 'Polish-Lithuanian neutral zone (1920-1923), schematic',
    'valid_from': '1920-11-30', 'valid_to': '1923-02-14',
    'valid_note': ('hostilities ended 30 Nov 1920 (Kaunas protocol of 29 Nov); zone formally created 17 Dec 1920 '
                   '(pl Wikipedia); divided 3 Feb 1923, Poland moved in from 15 Feb; formally ended 22 May 1923'),
    'certainty': 'approximate', 'source': 'neutral_zone_sources;cshapes2;geonames;lines_in_force',
    'note': ('Edges in no source: a band 6 km either side of the 1923 line that divided it (width 10-12 km per the '
             'armistice, 6 km on average per pl Wikipedia), from abreast of Orany (Varena) to the Latvian border.'),
}, NZ)])

# ------------------------------------------------------------ line of 8 December 1919 (Curzon line)
# Southern part from the retrieved Polish text; in the Suwałki region the Foch
# line to the Czarna Hańcza mouth (Suwałki Agreement Art. 1a).  Between them the
# text was not retrieved: a straight link, marked as such.
DECL = 'decl1919_12_08'
CZ_PROPS = {'valid_from': '1919-12-08', 'valid_to': '',
            'valid_note': ('declared 8 Dec 1919 as the limit of Polish administration; proposed again as an armistice '
                           'line 10-11 Jul 1920 (Curzon note), rejected 17 Jul 1920; never a frontier'),
            'name': 'Line of 8 December 1919 (Curzon line)'}
_mielnik = gnpt('764846')
CZ_MIELNIK = km_shift(_mielnik, 9.0 / math.sqrt(2), 9.0 / math.sqrt(2))
curzon_south = [
    V(CZ_MIELNIK, 'acute angle of the Bielsk/Brzesc district boundary about 9 km NE of Mielnik (GeoNames 764846); '
      'taken 9 km due NE. South of here (the Bug, the district boundary) not drawn',
      'described', DECL + ';geonames', 'mielnik:pl:5-10'),
    V(gnpt('769092'), 'crossing of the Bielsk-Brzesc railway by the Wysokie Litewskie-Kleszczele road: not located; '
      'Kleszczele (GeoNames 769092) stands for it. The Lesna Prawa 2 km W of Skupowo, Weirpole, Stolbce, '
      'Pieszczatka and Wolka (left to Poland) are not located: straight', 'interpolated', DECL + ';geonames'),
    V(gnpt('764123'), 'crossing of the Narew-Narewka road by the Hajnowka-Swislocz railway: not located; Narewka '
      '(GeoNames 764123), the road\'s end, stands for it. Jalowka (4 km N of it the text breaks off) is not located',
      'interpolated', DECL + ';geonames', 'hajnowka:any:0-20'),
]
CZ_NORTH = [V(v[:2], v[2], v[3], DECL + ';' + v[4], '') for v in foch_july[:n_foch_west]] + \
    [ch_mouth[:4] + (DECL + ';' + ch_mouth[4], '')]
curzon_gap = [
    V(gnpt('764123'), 'last located point of the southern part (see above)', 'interpolated', DECL + ';geonames'),
    V(CZARNA_HANCZA_MOUTH, 'mouth of the Czarna Hancza, where the Suwalki region part ends (Suwalki Agreement Art. '
      '1a). The text between Jalowka and here was not retrieved: straight link only', 'interpolated',
      DECL + ';suwalki1920_art1;dewiki_czarna_hancza'),
]
CZ_NORTH = CZ_NORTH[::-1]       # from the Czarna Hańcza mouth to the East Prussian frontier, after the link
write_vertices('curzon_line_1919', [
    (dict(CZ_PROPS, id='curzon_line_1919_south', certainty='reconstructed', source=DECL + ';geonames',
          left_side='Poland', right_side='east of the line (rights reserved)',
          note=('Southern part from the retrieved Polish text, south to north: NE of Mielnik, the railway crossing near '
                'Kleszczele, the railway crossing near Narewka. Crossings and villages not located: straight.')),
     curzon_south),
    (dict(CZ_PROPS, id='curzon_line_1919_not_retrieved', name='Line of 8 December 1919: course not retrieved',
          certainty='approximate', source=DECL + ';suwalki1920_art1;dewiki_czarna_hancza;geonames',
          note=('The text from near Jalowka past Grodno to the Niemen was not retrieved. Straight link between the two '
                'drawn parts, to show they belong together; it is not a course.')),
     curzon_gap),
    (dict(CZ_PROPS, id='curzon_line_1919_suwalki', certainty='reconstructed',
          source=DECL + ';suwalki1920_art1;other_lines_foch1919;naturalearth;dewiki_czarna_hancza',
          note=('In the Suwalki region the line of 8 Dec 1919 is the Foch line, from the Czarna Hancza mouth to the East '
                'Prussian frontier (Suwalki Agreement Art. 1a; PWN).')),
     CZ_NORTH),
])

# ------------------------------------------------------------ the Biebrza
# Słownik geograficzny: rises south of Nowy Dwór, flows north, turns west at
# Syruciowiec and from there to the Narew forms the Kingdom's border: so the
# 1897 Suwałki governorate boundary (RISTAT) is its generalised trace, and the
# unnamed Natural Earth river (Rospuda-Netta-lower Biebrza, reference REPORT)
# its lower course below Dębowo.
BIE_LOWER = [shape(f['geometry']) for f in NE_RIVERS
             if not f['properties'].get('name') and abs(shape(f['geometry']).bounds[0] - 22.43) < 0.01][0]
BIE_LOWER = oriented(BIE_LOWER, (22.99, 54.27))               # from the Rospuda end to the Narew
_gring = SUW_GOV.exterior if SUW_GOV.geom_type == 'Polygon' else max(SUW_GOV.geoms, key=lambda p: p.area).exterior
_lipsk_on = _gring.interpolate(_gring.project(Point(gnpt('766142'))))
# where the lower-Biebrza chain comes nearest the governorate boundary: Dębowo (not located)
_debowo_i = min(range(len(BIE_LOWER.coords)), key=lambda i: _gring.distance(Point(BIE_LOWER.coords[i])))
_debowo = BIE_LOWER.coords[_debowo_i]
_debowo_on = _gring.interpolate(_gring.project(Point(_debowo)))


def _ring_path(r, a, b):
    """Shorter way round ring r between positions a and b, as coordinates from a to b."""
    L = r.length
    fwd = (b - a) % L
    if fwd <= L / 2:
        parts = [(a, min(a + fwd, L))] + ([(0.0, a + fwd - L)] if a + fwd > L else [])
    else:
        back = L - fwd
        parts = [(a, max(a - back, 0.0))] + ([(L, a - back + L)] if a - back < 0 else [])
    out = []
    for s0, s1 in parts:
        if abs(s1 - s0) < 1e-12:
            continue
        seg = substring(r, min(s0, s1), max(s0, s1))
        cs = list(seg.coords)
        out += cs[::-1] if s0 > s1 else cs
    return out


_arc_c = _ring_path(_gring, _gring.project(_lipsk_on), _gring.project(_debowo_on))
if Point(_arc_c[0]).distance(_lipsk_on) > Point(_arc_c[-1]).distance(_lipsk_on):
    _arc_c.reverse()
SLOW = 'slownik_biebrza'
biebrza = [V(gnpt('763558'), 'source in the marshes just south of Nowy Dwor (GeoNames 763558; Slownik; Biebrza NP): '
             'the village stands for it; the northward course to Syruciowiec (not located) is straight',
             'described', SLOW + ';geonames', 'nowy_dwor:any:0-0.01')] + \
    [V(_arc_c[0], 'the 1897 Suwalki-Grodno governorate boundary (RISTAT) at its point nearest Lipsk, where the river '
       'forms a meander (Slownik); Syruciowiec and Rohozyniec not located', 'interpolated', SLOW + ';ristat1897;geonames',
       'lipsk:any:0-3')] + \
    [V(c, 'the Kingdom\'s border, i.e. the river, as the 1897 governorate boundary (RISTAT)', 'interpolated',
       SLOW + ';ristat1897', 'sztabin:any:0-2' if Point(c).distance(Point(SZTABIN)) == min(
           Point(d).distance(Point(SZTABIN)) for d in _arc_c[1:-1]) else '') for c in _arc_c[1:-1]] + \
    [V(_arc_c[-1], 'Debowo, mouth of the Netta / Augustow Canal: not located; taken where the lower-Biebrza river of '
       'Natural Earth comes nearest the governorate boundary', 'interpolated', SLOW + ';ristat1897;naturalearth')] + \
    [V(c, 'lower Biebrza: unnamed Natural Earth river (Rospuda-Netta-Biebrza chain, reference REPORT)', 'interpolated',
       SLOW + ';naturalearth', 'goniadz:any:0-3' if Point(c).distance(Point(gnpt('771893'))) == min(
           Point(d).distance(Point(gnpt('771893'))) for d in BIE_LOWER.coords[_debowo_i:]) else '')
     for c in BIE_LOWER.coords[_debowo_i:]]
biebrza[-1] = biebrza[-1][:2] + ('mouth in the Narew at Rus, about 3 km from Wizna (GeoNames 755502): end of the Natural '
                                 'Earth river', 'described', SLOW + ';naturalearth;geonames', 'wizna:any:0-6')
write_vertices('rivers', [({
    'id': 'river_biebrza', 'name': 'Biebrza', 'valid_from': '', 'valid_to': '',
    'valid_note': 'river; from Syruciowiec to the Narew the Congress Kingdom\'s border (Slownik geograficzny)',
    'certainty': 'reconstructed', 'source': SLOW + ';ristat1897;naturalearth;geonames',
    'left_side': 'Grodno governorate', 'right_side': 'Suwalki governorate',
    'note': ('Source to Lipsk straight; Lipsk to Debowo as the 1897 Suwalki governorate boundary; below Debowo the '
             'unnamed Natural Earth river. Anchors after the Slownik geograficzny (vol. I, Biebrza).'),
}, biebrza)])

# ------------------------------------------------------------ Riga preliminary frontier, 12 October 1920
# Art. I of the preliminary peace (Polish text, Dz.U. 1921 nr 28 poz. 161),
# retrieved down to "halfway between Nieśwież and Cimkowicze": the Dvina from
# the Latvian-Russian border to the Vilna/Vitebsk governorate boundary; that
# boundary (the eastern border of the Vilna governorate) to where the Disna,
# Lepel and Borisov uezds meet; then by villages, most of them not located.
PRE = 'riga_prelim1920'
for pid, nm, gid, note in (
        ('ilja', 'Ilja', '627878', 'left on the Polish side (Riga preliminary peace, Art. I)'),
        ('radashkovichy', 'Radoszkowicze', '622877', 'station and town on the Belarusian side (Art. I)'),
        ('rakaw', 'Rakow', '622849', 'the line passes east of it (Art. I)'),
        ('nyasvizh', 'Nieśwież', '624700', 'the line passes halfway between it and Cimkowicze (Art. I)'),
        ('tsimkavichy', 'Cimkowicze', '620869', 'the line passes halfway between it and Nieświeź (Art. I)'),
):
    place(pid, nm, gid=gid, note=note)
_riga_n = Point(RIGA.coords[0])
P_LV = DAUGAVA.interpolate(DAUGAVA.project(_riga_n)).coords[0]
_vg = GOV['V'][1]
_vg_ring = _vg.exterior if _vg.geom_type == 'Polygon' else max(_vg.geoms, key=lambda p: p.area).exterior
_x = DAUGAVA.intersection(_vg_ring)
P_VITEBSK = max([_x] if _x.geom_type == 'Point' else list(_x.geoms), key=lambda p: p.x).coords[0]
_j = UEZD['Disnenskii'].buffer(0.001).intersection(UEZD['Lepelskii'].buffer(0.001)).intersection(
    UEZD['Borisovskii'].buffer(0.001)).centroid
P_JUNCTION = _vg_ring.interpolate(_vg_ring.project(_j)).coords[0]
_east = _ring_path(_vg_ring, _vg_ring.project(Point(P_VITEBSK)), _vg_ring.project(Point(P_JUNCTION)))
P_RADASH = km_shift(gnpt('622877'), -1.0, 0.0)
P_RAKAW = km_shift(gnpt('622849'), 1.0, 0.0)
P_HALF = ((gnpt('624700')[0] + gnpt('620869')[0]) / 2, (gnpt('624700')[1] + gnpt('620869')[1]) / 2)
prelim_north = [V(P_LV, 'the Dvina at the Latvian-Russian border: taken where the CShapes Polish-Latvian-Soviet '
                  'tripoint of 1921 lies on the GSHHG Dvina', 'interpolated', PRE + ';cshapes2;gshhg',
                  'dzisna:pl:0-3')] + \
    [V(c, 'up the Dvina (GSHHG)', 'interpolated', PRE + ';gshhg') for c in river_between(DAUGAVA, P_LV, P_VITEBSK)[1:-1]] + \
    [V(P_VITEBSK, 'where the Vilna governorate boundary meets the Vitebsk governorate boundary on the Dvina '
       '(RISTAT 1897, GSHHG)', 'documented', PRE + ';ristat1897;gshhg')] + \
    [V(c, 'the boundary of the former Vilna and Vitebsk governorates, then the eastern border of the Vilna '
       'governorate (RISTAT 1897); the loop round Orzechowno village and station (Polish) is not located',
       'interpolated', PRE + ';ristat1897') for c in _east[1:-1]] + \
    [V(P_JUNCTION, 'where the Disna, Lepel and Borisov uezds meet (RISTAT 1897 uezds)', 'documented',
       PRE + ';ristat_uezds1897;ristat1897')]
prelim_south = [
    V(P_JUNCTION, 'uezd junction (see above)', 'documented', PRE + ';ristat_uezds1897;ristat1897'),
    V(P_RADASH, 'to Radoszkowicze station, station and town Belarusian: the station is not located, taken 1 km W '
      'of the town point. Mala Czernica, Zarzeczyck, the Viliya east of Dolhinow, the Ilja and the Rybczanka '
      '(Ilja town Polish) are not located: straight', 'interpolated', PRE + ';geonames',
      'radashkovichy:by:0.5-2;ilja:pl:0-999'),
    V(P_RAKAW, 'east of Rakow (Polish side): taken 1 km E of its GeoNames point; Wolma and Rubiezewicze not located',
      'interpolated', PRE + ';geonames', 'rakaw:pl:0.5-2;minsk:by:0-999'),
    V(P_HALF, 'halfway between Nieswiez and Cimkowicze (GeoNames 624700, 620869), after the Minsk-Baranowicze '
      'railway at Kolosowo (Polish side, not located). The text retrieved ends here', 'documented',
      PRE + ';geonames', 'nyasvizh:pl:0-999;tsimkavichy:by:0-999'),
]
PRE_PROPS = {'name': 'Riga preliminary frontier (12 October 1920)', 'valid_from': '1920-10-12', 'valid_to': '1921-03-17',
             'valid_note': ('signed 12 Oct 1920, armistice from 18 Oct 1920 24:00 with a 15 km neutral strip between the '
                            'armies (not drawn); replaced by the Riga treaty frontier, which differed only slightly'),
             'left_side': 'Soviet Belarus', 'right_side': 'Poland'}
write_vertices('riga_preliminary_1920', [
    (dict(PRE_PROPS, id='riga_preliminary_1920_north', certainty='reconstructed',
          source=PRE + ';ristat1897;ristat_uezds1897;gshhg;cshapes2',
          note=('Art. I: the Dvina from the Latvian-Russian border, the Vilna-Vitebsk governorate boundary and the '
                'eastern border of the Vilna governorate to the Disna-Lepel-Borisov uezd junction (RISTAT).')),
     prelim_north),
    (dict(PRE_PROPS, id='riga_preliminary_1920_south', certainty='approximate', source=PRE + ';geonames',
          note=('Art. I by villages, most not located: straight by Radoszkowicze (W of it) and Rakow (E of it) to '
                'halfway between Nieswiez and Cimkowicze, where the retrieved text ends.')),
     prelim_south),
])

# ------------------------------------------------------------ 1897 counties (context)
uezd_feats = []
for f in load('uezds_1897_region.geojson'):
    p = f['properties']
    g = polys_only(shape(f['geometry']).intersection(BOX), 0.0)
    if g.is_empty:
        continue
    uezd_feats.append(({'id': 'uezd_%d' % p['Distr_ID'], 'name': '%s uezd (%s)' % (p['Name_ENG'], p['prov_ENG']),
                        'valid_from': '1897', 'valid_to': '',
                        'valid_note': 'boundaries as of the 1897 census (RISTAT); the data set gives no other dates',
                        'certainty': 'dataset', 'source': 'ristat_uezds1897',
                        'note': '%s (%s), RISTAT 1897 county polygon' % (p['Name_RU'], p['prov_RU'])}, g))
uezd_feats.sort(key=lambda t: t[0]['id'])
write_layer('uezds_1897', uezd_feats)


gov_feats = []
for code, gid in (('V', 'vilna'), ('K', 'kovno'), ('G', 'grodno'), ('S', 'suwalki')):
    p, g = GOV[code]
    gov_feats.append(({'id': 'governorate_' + gid, 'name': p['name_en'], 'valid_from': '1897', 'valid_to': '',
                       'valid_note': 'boundaries as of the 1897 census (RISTAT); the data set gives no other dates',
                       'certainty': 'dataset', 'source': 'ristat1897',
                       'note': '%s (%s); 1897 boundaries, RISTAT simplified to ~300 m' % (p['name_en'], p['name_ru'])}, g))
write_layer('governorates_1897', gov_feats)
print('SW area', round(SW.area, 3), 'VR_A', round(VR_A.area, 3), 'CL', round(CL_1920.area, 3), round(CL_1922.area, 3))

# ------------------------------------------------------------ modern context
ctry = []
for f in load('ne_10m_countries_region.geojson'):
    p = f['properties']
    ctry.append(({'id': 'country_' + p['name'].lower(), 'name': p['name'], 'certainty': 'dataset',
                  'source': 'naturalearth', 'note': 'Natural Earth 4.1.0 admin-0 1:10m (world-atlas 2.0.2), ISO %s' % p['id']},
                 shape(f['geometry'])))
ctry.sort(key=lambda t: t[0]['id'])
write_layer('countries_modern', ctry)

# The sea: the map box less Natural Earth's land (the union of the countries, which
# tile it).  The renderer paints only these polygons in the water colour, so that
# nothing outside the box, nor land with the countries hidden, looks like water.
# Slivers under 0.0005 deg² (gaps between neighbouring countries) are not water.
LAND = unary_union([g for p, g in ctry])
sea = polys_only(BOX.difference(LAND))
sea_parts = sorted([sea] if sea.geom_type == 'Polygon' else list(sea.geoms),
                   key=lambda g: (round(g.bounds[0], 4), round(g.bounds[1], 4)))
write_layer('sea', [({'id': 'sea_%03d' % (i + 1), 'name': '', 'certainty': 'dataset', 'source': 'naturalearth',
                      'note': ('Water of the map box (19.5-30.5 E, 51.5-58 N): the box less Natural Earth 1:10m '
                               'admin-0 land (world-atlas 2.0.2); unnamed (no marine names in the sources)')}, g)
                    for i, g in enumerate(sea_parts)])
print('sea parts', len(sea_parts), 'area deg2', round(sea.area, 4))

brd = []
seen = {}
for f in NE_BORDERS:
    p = f['properties']
    a, b = sorted([p['adm0_left'], p['adm0_right']])
    key = 'border_%s_%s' % (a.lower(), b.lower())
    seen[key] = seen.get(key, 0) + 1
    if seen[key] > 1:
        key += '_%d' % seen[key]
    brd.append(({'id': key, 'name': '%s – %s' % (a, b), 'certainty': 'dataset', 'source': 'naturalearth',
                 'note': 'Natural Earth 1:10m admin-0 boundary lines (land)'}, shape(f['geometry'])))
write_layer('borders_modern', brd)

# Rivers: GSHHG/WDBII full resolution, named through Natural Earth; Natural
# Earth's "Usha" east of 23.5 E is the Neman (Hrodna, Druskininkai, Kaunas lie on it).
riv = []
gs_names = set()
for f in GS_RIVERS:
    p = f['properties']
    g = shape(f['geometry']).intersection(BOX)
    if g.is_empty or g.length < 0.01:
        continue
    nm = p.get('ne_name_overlap') or ''
    note = 'GSHHG 2.3.7 WDBII river, class %s' % p.get('level')
    if nm == 'Usha':
        if g.bounds[0] > 23.5:
            nm = 'Neman'
            note += '; Natural Earth calls this stretch "Usha" in error: it is the Neman (Niemen, Nemunas)'
        else:
            nm = ''
            note += '; Natural Earth name "Usha" dropped as wrong'
    elif nm:
        note += '; name from the overlapping Natural Earth river'
    if nm:
        gs_names.add(nm)
    riv.append(({'name': nm, 'certainty': 'dataset', 'source': 'gshhg;naturalearth' if nm else 'gshhg', 'note': note}, g))
for f in NE_RIVERS:
    p = f['properties']
    nm = p.get('name') or ''
    if not nm or nm in gs_names or nm == 'Usha':
        continue
    g = shape(f['geometry']).intersection(BOX)
    if g.is_empty:
        continue
    riv.append(({'name': nm, 'certainty': 'dataset', 'source': 'naturalearth',
                 'note': 'Natural Earth 1:10m %s' % p.get('ne_layer')}, g))
riv.sort(key=lambda t: (t[0]['name'] == '', t[0]['name'], round(t[1].bounds[0], 4), round(t[1].bounds[1], 4)))
for i, (p, g) in enumerate(riv):
    p['id'] = 'river_%03d' % (i + 1)
write_layer('rivers', riv)

ne_lakes = [(f['properties'].get('name'), shape(f['geometry'])) for f in load('ne_10m_lakes_region.geojson')
            if f['properties'].get('name') and f['properties'].get('name') != 'Drkiai']
lakes = []
for f in load('gshhg_f_lakes_region.geojson'):
    g = polys_only(shape(f['geometry']).intersection(BOX), 0.0)
    if g.is_empty:
        continue
    nm = ''
    for n, ng in ne_lakes:
        if g.contains(ng.representative_point()):
            nm = n
    lakes.append(({'name': nm, 'certainty': 'dataset', 'source': 'gshhg;naturalearth' if nm else 'gshhg',
                   'note': 'GSHHG 2.3.7 full-resolution lake' + ('; name from Natural Earth 1:10m lakes' if nm else '')}, g))
lakes.sort(key=lambda t: (round(t[1].bounds[0], 4), round(t[1].bounds[1], 4)))
for i, (p, g) in enumerate(lakes):
    p['id'] = 'lake_%03d' % (i + 1)
write_layer('lakes', lakes)
print('rivers', len(riv), 'lakes', len(lakes), sum(1 for p, g in lakes if p['name']))

# The anchor checker's places that are not towns.
with open(os.path.join(OUT, 'anchor_places.csv'), 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['id', 'name', 'lon', 'lat', 'geonameid', 'source', 'note'])
    for pid in sorted(ANCHOR_PLACES):
        lon, lat, nm, src, note, gid = ANCHOR_PLACES[pid]
        w.writerow([pid, nm, '%.5f' % lon, '%.5f' % lat, gid, src, note])
