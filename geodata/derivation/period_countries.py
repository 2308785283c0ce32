# SPDX-License-Identifier: GPL-3.0-or-later
"""Write geodata/src/countries_period.geojson: the states of 1918-1923 as
CShapes 2.0 draws them, for the country names on the map (not drawn).

Developer-only tool, plain python3 (no shapely).  Usage, from the project root:

    python3 geodata/derivation/period_countries.py ../shared/reference geodata/src

Every CShapes 2.0 polygon in the reference extract that was in force at
some day of the atlas's timeline (1918-11-11 to 1923-03-15) is copied
unchanged (coordinates as in the extract), with CShapes' own start and end
dates as valid_from/valid_to.  The name shown is CShapes' country_name in
the wording of the period (see NAMES); no date is added or changed.  One
more feature, the sea, is the data box itself: the renderer takes the water
as the part of that box that no state of the day covers.
"""

import json
import os
import sys

REF = sys.argv[1]
OUT = sys.argv[2]
FIRST, LAST = '1918-11-11', '1923-03-15'
BOX = (19.5, 51.5, 30.5, 58.0)   # the clip box of the extract (its SOURCES.md)

CSHAPES = ('CShapes 2.0 (Schvitz, Rüegger, Girardin, Cederman, Weidmann & Gleditsch 2022, '
           'Journal of Conflict Resolution 66(1)), cran/cshapes 2.0')

# CShapes country_name -> (id stem, name shown, note on the wording)
NAMES = {
    'Lithuania': ('lithuania', 'Lithuania', ''),
    'Poland': ('poland', 'Poland', ''),
    'Latvia': ('latvia', 'Latvia', ''),
    'Estonia': ('estonia', 'Estonia', ''),
    'Danzig': ('danzig', 'Danzig', 'CShapes status: mandate'),
    'Germany (Prussia)': ('germany', 'Germany (East Prussia)',
                          'CShapes "Germany (Prussia)"; the part in the map box is East Prussia '
                          '(the "East Prussian frontier" of the 1919-1920 lines, history/other_lines.md)'),
}
RUSSIA = 'Russia (Soviet Union)'


def russia_name(start, end):
    # CShapes keeps one polygon from 1921-03-18 to 1940-03-11; the Soviet
    # Union was formed inside that span.  No date of our own is added: the
    # polygon carries both names.
    if end <= '1921-03-17':
        return 'Soviet Russia', 'CShapes "Russia (Soviet Union)"; Soviet Russia before the Peace of Riga'
    return 'Soviet Russia / USSR', ('CShapes "Russia (Soviet Union)", one polygon 1921-03-18 to 1940-03-11, '
                                    'within which the USSR was formed; both names shown')


def main():
    with open(os.path.join(REF, 'geodata', 'cshapes2_gw_region_1886_1945.geojson'), encoding='utf-8') as f:
        src = json.load(f)['features']
    out = []
    for feat in src:
        p = feat['properties']
        if p['end'] < FIRST or p['start'] > LAST:
            continue
        cname = p['country_name']
        if cname == RUSSIA:
            stem, (name, note) = 'soviet_russia', russia_name(p['start'], p['end'])
        elif cname in NAMES:
            stem, name, note = NAMES[cname]
        else:
            sys.exit('unknown CShapes state %r: add it to NAMES' % cname)
        out.append({
            'type': 'Feature',
            'properties': {
                'id': 'country_%s_%s' % (stem, p['start'].replace('-', '')),
                'name': name,
                'valid_from': p['start'],
                'valid_to': p['end'],
                'valid_note': 'CShapes 2.0 start and end of this polygon',
                'certainty': 'dataset',
                'source': CSHAPES + ', gwcode %s, fid %s' % (p['gwcode'], p['fid']),
                'note': note,
            },
            'geometry': feat['geometry'],
        })
    out.sort(key=lambda f: f['properties']['id'])

    # The sea: the box, its edges in 0.25 degree steps so that they bend
    # with the projection as the clipped land edges do.
    x0, y0, x1, y1 = BOX
    ring = []
    n = 44
    for i in range(n):
        ring.append([x0 + (x1 - x0) * i / n, y0])
    for i in range(26):
        ring.append([x1, y0 + (y1 - y0) * i / 26])
    for i in range(n):
        ring.append([x1 - (x1 - x0) * i / n, y1])
    for i in range(26):
        ring.append([x0, y1 - (y1 - y0) * i / 26])
    ring.append(ring[0])
    ring = [[round(x, 5), round(y, 5)] for x, y in ring]
    out.append({
        'type': 'Feature',
        'properties': {
            'id': 'sea_baltic',
            'name': 'Baltic Sea',
            'valid_from': '',
            'valid_to': '',
            'valid_note': '',
            'certainty': 'dataset',
            'source': 'extent of the CShapes 2.0 extract (box 19.5-30.5 E, 51.5-58 N, reference geodata/SOURCES.md)',
            'note': 'not a coastline: the water is this box minus the CShapes states of the day',
        },
        'geometry': {'type': 'Polygon', 'coordinates': [ring]},
    })

    with open(os.path.join(OUT, 'countries_period.geojson'), 'w', encoding='utf-8') as f:
        json.dump({'type': 'FeatureCollection', 'features': out}, f, ensure_ascii=False, indent=None,
                  separators=(',', ':'))
        f.write('\n')
    print('%d features' % len(out))


main()
