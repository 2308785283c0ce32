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


# ------------------------------------------------------------ geometry io
PROP_KEYS = ('id', 'name', 'valid_from', 'valid_to', 'certainty', 'source', 'note')


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


VERTEX_FIELDS = list(PROP_KEYS) + ['seq', 'lon', 'lat', 'anchor']


def write_vertices(name, lines):
    """lines: list of (props, [(lon, lat, anchor), ...])."""
    for props, verts in lines:
        assert len(props['note'].encode()) <= 254, (name, props['id'], len(props['note'].encode()))
    with open(os.path.join(OUT, name + '.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(VERTEX_FIELDS)
        for props, verts in lines:
            last = None
            seq = 0
            for lon, lat, anchor in verts:
                c = rnd((lon, lat))
                if c == last:
                    continue
                last = c
                seq += 1
                # feature attributes on the first vertex row only; later rows carry just the id
                attrs = [props.get(k, '') if (seq == 1 or k == 'id') else '' for k in PROP_KEYS]
                w.writerow(attrs + [seq, '%.5f' % c[0], '%.5f' % c[1], anchor])


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


# ------------------------------------------------------------ Foch line, 26 July 1919
def oriented(line, first_near):
    """line with its first vertex at the end nearer to first_near."""
    a, b = Point(line.coords[0]), Point(line.coords[-1])
    if a.distance(Point(first_near)) > b.distance(Point(first_near)):
        return LineString(list(line.coords)[::-1])
    return line


PL_LT = oriented(ne_border('Poland', 'Lithuania'), (22.7, 54.4))   # from the Russian (East Prussian) tripoint
LATVIA = unary_union([shape(f['geometry']) for f in NE_BORDERS
                      if 'Latvia' in (f['properties']['adm0_left'], f['properties']['adm0_right'])])

FOCH_JULY_PROPS = {
    'id': 'foch_line_1919_july', 'name': 'Foch line (26 July 1919)',
    'valid_from': '1919-07-26', 'valid_to': '1920-10-06', 'certainty': 'reconstructed',
    'source': 'other_lines_foch1919;naturalearth;geonames;gshhg;lines_in_force',
    'note': ('Today\'s PL-LT border (PWN: Wisztyniec lake to the Marycha), straight to the Niemen (Igorka/Yura '
             'not in any dataset), then 12 km NW of the Grodno-Wilno-Dyneburg railway (via Hrodna, Varena, '
             'Vilnius, Dukstas, Daugavpils) to Latvia.'),
}
pl_lt_verts = [(c[0], c[1], 'follows modern Poland-Lithuania border (Natural Earth), = Foch line per PWN')
               for c in PL_LT.coords]
pl_lt_verts[0] = (pl_lt_verts[0][0], pl_lt_verts[0][1],
                  'East Prussian frontier: PL-LT-RU tripoint of the modern border (Natural Earth)')
pl_lt_verts[-1] = (pl_lt_verts[-1][0], pl_lt_verts[-1][1],
                   'end of the modern PL-LT border at the Belarus tripoint, near the Marycha (PWN)')
# The Foch line leaves the modern border at the Belarus tripoint and follows the
# Igorka/Yura (not in any dataset) to the Niemen: taken as the nearest point of
# the Niemen.  The Suwałki Agreement calls this point the Czarna Hańcza mouth.
T_END = Point(PL_LT.coords[-1])
N0 = NEMAN.interpolate(NEMAN.project(T_END))
X12 = first_crossing(OFF12, NEMAN)
LV12 = first_crossing(OFF12, LATVIA, OFF12.project(X12))
# After crossing the Niemen the line runs 12 km NW of the railway: joined to the
# offset line at its first vertex beyond the crossing (abreast of Orany/Varena),
# which keeps the join free of a hairpin at the river.
off_after = offset_vertices(OFF12, X12, LV12, '12 km NW of the Grodno-Wilno-Dyneburg railway')[1:-1]
foch_july = pl_lt_verts + \
    [(N0.x, N0.y, 'Niemen (GSHHG): point nearest the end of the modern-border section (Igorka/Yura course not in any dataset)')] + \
    off_after + \
    [(to_deg(LV12).x, to_deg(LV12).y, 'Latvian border (Natural Earth) where the 12 km offset reaches it')]

# ------------------------------------------------------------ first line, 18 June 1919
EAST_PRUSSIA = REF_LINES['pl_de_1920_1938_cshapes']
start_june = LineString([town('elk'), town('augustow')]).intersection(EAST_PRUSSIA)
X5 = first_crossing(OFF5, NEMAN)
DUK5 = OFF5.interpolate(OFF5.project(to_km(Point(town('dukstas')))))
FOCH_JUNE_PROPS = {
    'id': 'foch_line_1919_june', 'name': 'First Entente line (18 June 1919)',
    'valid_from': '1919-06-18', 'valid_to': '1919-07-25', 'certainty': 'reconstructed',
    'source': 'lines_in_force;other_lines_foch1919;cshapes2;geonames;gshhg',
    'note': ('Press description (lines_in_force.csv): between Augustow and Lyck, along the Augustow Canal past '
             'Sopockinie (canal not in any dataset: drawn via both towns), then 5 km W of the Grodno-Vilnius-'
             'Dinaburg railway almost to Dukstas.'),
}
foch_june = [(start_june.x, start_june.y, 'East Prussian frontier (CShapes PL-DE 1920) between Augustow and Lyck (Elk)'),
             anchor_town('augustow', 'Augustow Canal'),
             anchor_town('sapotskin', 'past Sopockinie'),
             (to_deg(X5).x, to_deg(X5).y, 'Niemen (GSHHG) where the 5 km offset of the railway crosses it')] + \
    offset_vertices(OFF5, X5, DUK5, '5 km W of the Grodno-Vilnius-Dinaburg railway')[1:-1] + \
    [(to_deg(DUK5).x, to_deg(DUK5).y, 'almost to Dukstas: 5 km offset abreast of Dukstas (GeoNames %s)' % gn('dukstas'))]

write_vertices('foch_line_1919', [(FOCH_JUNE_PROPS, foch_june), (FOCH_JULY_PROPS, foch_july)])
print('foch june', len(foch_june), 'july', len(foch_july), 'X12', to_deg(X12), 'X5', to_deg(X5))


# ------------------------------------------------------------ treaty line, 12 July 1920
TREATY_CS = REF_LINES['treaty_line_1920_cshapes']            # Druya (Daugava) -> south of Hrodna
TREATY_END = TREATY_CS.coords[-1]
SZTABIN = town('sztabin')
TREATY_DATES = {'valid_from': '1920-07-12', 'valid_to': ''}
treaty_dataset = dict(TREATY_DATES, id='treaty_1920_line_cshapes',
                      name='Moscow treaty line (12 July 1920)',
                      certainty='dataset', source='cshapes2;treaty1920_art2',
                      note=('CShapes 2.0 common border of Lithuania 1918-1920 and Soviet Russia, taken unchanged '
                            '(country-scale generalisation, +-2-5 km).'))
treaty_tail_props = dict(TREATY_DATES, id='treaty_1920_line_tail',
                         name='Moscow treaty line (12 July 1920)',
                         certainty='reconstructed', source='treaty1920_art2;cshapes2;geonames;ristat1897',
                         note=('Not in any dataset and the text of this part of Art. 2 was not recovered. Drawn straight '
                               'from the south end of the CShapes line to Sztabin, where the line ends; it leaves Hrodna '
                               'and Sopockinie on the Lithuanian side. Course between the two ends unknown.'))
treaty_tail = [(TREATY_END[0], TREATY_END[1], 'dataset vertex: south end of the CShapes 2.0 treaty line'),
               anchor_town('sztabin', 'end of the Art. 2 line (on the 1897 Suwalki governorate boundary, RISTAT)')]
write_layer('treaty_1920_line', [(treaty_dataset, TREATY_CS)])
write_vertices('treaty_1920_line', [(treaty_tail_props, treaty_tail)])

# ------------------------------------------------------------ Suwałki Agreement, 7 October 1920
# Art. 1(a): the 8 Dec 1919 line (= Foch line in the Suwałki region) to the
# Czarna Hańcza mouth in the Niemen; along the Niemen; Grawe, Skroblis,
# Mereczanka (Merkys); Dereżnica to the railway 2 km NE of Orany station; road
# through Bartele ... Ejszyszki ... to Bastuny station.
n_foch_west = len(pl_lt_verts) + 1            # border vertices + the Niemen point
suwalki = [(v[0], v[1], v[2] + ' [8 Dec 1919 line = Foch line here]') for v in foch_july[:n_foch_west]]
suwalki[-1] = (suwalki[-1][0], suwalki[-1][1],
               'mouth of the Czarna Hancza in the Niemen: taken where the digitised Foch line reaches the Niemen')
MERKYS_MOUTH = min((Point(MERKYS.coords[0]), Point(MERKYS.coords[-1])), key=lambda p: p.distance(NEMAN))
MERKYS_L = oriented(MERKYS, MERKYS_MOUTH.coords[0])
a = NEMAN.project(N0)
b = NEMAN.project(NEMAN.interpolate(NEMAN.project(MERKYS_MOUTH)))
neman_part = substring(NEMAN, min(a, b), max(a, b))
ncoords = list(neman_part.coords)
if a > b:
    ncoords.reverse()
suwalki += [(c[0], c[1], 'along the Niemen (GSHHG)') for c in ncoords[1:]]
ORANY = town('varena')
VIL = town('vilnius')
d_km = to_km(LineString([ORANY, VIL])).length
R = to_deg(to_km(LineString([ORANY, VIL])).interpolate(2.0))
q = MERKYS_L.project(MERKYS_L.interpolate(MERKYS_L.project(R)))
merkys_part = substring(MERKYS_L, 0, q)
suwalki += [(c[0], c[1], 'along the Mereczanka = Merkys (Natural Earth); Grawe and Skroblis not identified')
            for c in merkys_part.coords]
suwalki += [(R.x, R.y, 'Wilno-Orany railway about 2 km NE of Orany station (Varena, GeoNames %s), via the Derežnica (not identified)' % gn('varena')),
            anchor_town('eisiskes', 'Ejszyszki on the road to Bastuny; the road stays Polish')]
SUWALKI_PROPS = {
    'id': 'suwalki_agreement_1920', 'name': 'Suwałki Agreement demarcation line (7 October 1920)',
    'valid_from': '1920-10-07', 'valid_to': '1923-03-14', 'certainty': 'reconstructed',
    'source': 'suwalki1920_art1;other_lines_foch1919;naturalearth;gshhg;geonames',
    'note': ('Art. 1(a). Ends at Eisiskes: Podzitwa, Horodenka and Bastuny station have no source coordinate, so the '
             'last leg of the road to Bastuny is not drawn. Niemen-Merkys link via the Merkys mouth (Grawe, Skroblis unidentified).'),
}
write_vertices('suwalki_agreement_1920', [(SUWALKI_PROPS, suwalki)])

# ------------------------------------------------------------ 1920-1939 line
DEM = oriented(REF_LINES['lt_pl_demarcation_1920_1939'], (22.7, 54.4))
write_layer('demarcation_1923', [({
    'id': 'demarcation_1923', 'name': 'Polish-Lithuanian demarcation line 1920-1939 (confirmed 15 March 1923)',
    'valid_from': '1923-02-15', 'valid_to': '', 'certainty': 'dataset', 'source': 'cshapes2;ambassadors1923',
    'note': ('CShapes 2.0 border of Lithuania 1922-1939 and Poland 1921-1939 (+-2-5 km; mean 1.5 km from '
             'the modern PL-LT border in the Suwalki sector). Neutral zone divided 3 Feb 1923, occupied from 15 Feb, '
             'confirmed by the Conference of Ambassadors 15 Mar 1923.'),
}, DEM)])
print('treaty end', TREATY_END, 'suwalki verts', len(suwalki))


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
sw_ring = [TREATY_END, SZTABIN] + gov_coords + [TRIPOINT.coords[0]] + list(LT_PL_EDGE.coords)[::-1]
SW = polys_only(Polygon(sw_ring).buffer(0).difference(LT1918))
TREATY_TERR_DATES = {'valid_from': '1920-07-12', 'valid_to': ''}
write_layer('treaty_1920_territory', [
    (dict(TREATY_TERR_DATES, id='treaty_1920_territory_cshapes',
          name='Lithuania under the Moscow treaty (1920)',
          certainty='dataset', source='cshapes2;treaty1920_art2',
          note='CShapes 2.0 Lithuania 1918-02-16..1920-10-06, whose eastern edge is the treaty line; clipped to the map box.'),
     LT1918),
    (dict(TREATY_TERR_DATES, id='treaty_1920_territory_southwest',
          name='Lithuania under the Moscow treaty (1920)',
          certainty='approximate', source='treaty1920_art2;ristat1897;cshapes2;geonames',
          note=('Between the CShapes edge, the reconstructed Hrodna-Sztabin tail and, west of Sztabin where Art. 2 '
                'ends, the 1897 Suwalki governorate boundary to East Prussia (a stand-in: no treaty line exists '
                'there, Art. 2 being a Lithuanian-Russian frontier only).')),
     SW),
])
TERRITORY = unary_union([LT1918, SW])

# Vilnius Region: recognised to Lithuania in 1920, held by Poland 1920-1939,
# without the Suwałki area (its own layer).
VR_D = REF_AREAS['treaty1920_claim_held_by_poland']
VR_A = polys_only(SW.difference(LT1922).difference(SUW_GOV).difference(VR_D))
write_layer('vilnius_region', [
    ({'id': 'vilnius_region_cshapes', 'name': 'Vilnius Region',
      'valid_from': '1920-10-09', 'valid_to': '', 'certainty': 'dataset', 'source': 'cshapes2',
      'note': ('CShapes Lithuania 1918-1920 minus CShapes Lithuania 1922-1939 (reference derivation '
               'treaty1920_claim_held_by_poland): land recognised to Lithuania in 1920 but held by Poland '
               'from the seizure of Vilnius, 9 Oct 1920.')}, VR_D),
    ({'id': 'vilnius_region_southwest', 'name': 'Vilnius Region',
      'valid_from': '1920-10-09', 'valid_to': '', 'certainty': 'approximate',
      'source': 'treaty1920_art2;cshapes2;ristat1897',
      'note': 'The reconstructed south-west part of the treaty territory outside interwar Lithuania and outside the 1897 Suwalki governorate.'},
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

VK = unary_union([GOV['V'][1], GOV['K'][1]])
CL = polys_only(VR_D.intersection(VK))
write_layer('central_lithuania_1920_1922', [
    ({'id': 'central_lithuania', 'name': 'Republic of Central Lithuania',
      'valid_from': '1920-10-12', 'valid_to': '1922-04-17', 'certainty': 'approximate',
      'source': 'cshapes2;ristat1897;history_events',
      'note': ('No dataset has its outline. Stand-in: the CShapes Vilnius Region within the 1897 Vilna and Kovno '
               'governorates (Wilno, Troki, Oszmiana, Swieciany, Braslaw districts, 1922); includes the part of '
               'Lida district inside the treaty line.')},
     CL),
])

gov_feats = []
for code, gid in (('V', 'vilna'), ('K', 'kovno'), ('G', 'grodno'), ('S', 'suwalki')):
    p, g = GOV[code]
    gov_feats.append(({'id': 'governorate_' + gid, 'name': p['name_en'], 'valid_from': '1897', 'valid_to': '',
                       'certainty': 'dataset', 'source': 'ristat1897',
                       'note': '%s (%s); 1897 boundaries, RISTAT simplified to ~300 m' % (p['name_en'], p['name_ru'])}, g))
write_layer('governorates_1897', gov_feats)
print('SW area', round(SW.area, 3), 'VR_A', round(VR_A.area, 3), 'CL', round(CL.area, 3))

# ------------------------------------------------------------ modern context
ctry = []
for f in load('ne_10m_countries_region.geojson'):
    p = f['properties']
    ctry.append(({'id': 'country_' + p['name'].lower(), 'name': p['name'], 'certainty': 'dataset',
                  'source': 'naturalearth', 'note': 'Natural Earth 4.1.0 admin-0 1:10m (world-atlas 2.0.2), ISO %s' % p['id']},
                 shape(f['geometry'])))
ctry.sort(key=lambda t: t[0]['id'])
write_layer('countries_modern', ctry)

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
