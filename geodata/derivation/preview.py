# SPDX-License-Identifier: GPL-3.0-or-later
"""Render every layer of geodata/ into one PNG for a visual check.

    /usr/bin/python3 geodata/derivation/preview.py geodata out.png [lon0 lat0 lon1 lat1] [width]
"""
import math
import sys

import cairo
from osgeo import ogr

D = sys.argv[1]
OUTP = sys.argv[2]
BB = [float(v) for v in sys.argv[3:7]] if len(sys.argv) >= 7 else [20.0, 52.0, 30.0, 57.5]
W = int(sys.argv[7]) if len(sys.argv) >= 8 else 1400
K = math.cos(math.radians((BB[1] + BB[3]) / 2))
S = W / ((BB[2] - BB[0]) * K)
H = int((BB[3] - BB[1]) * S)

surf = cairo.ImageSurface(cairo.FORMAT_RGB24, W, H)
cr = cairo.Context(surf)
cr.set_source_rgb(1, 1, 1)
cr.paint()


def xy(x, y):
    return (x - BB[0]) * K * S, (BB[3] - y) * S


def path(g):
    t = g.GetGeometryType() & 0xff
    if t in (2,):
        for i in range(g.GetPointCount()):
            (cr.move_to if i == 0 else cr.line_to)(*xy(g.GetX(i), g.GetY(i)))
    elif t in (3, 5, 6):
        for j in range(g.GetGeometryCount()):
            sub = g.GetGeometryRef(j)
            if (sub.GetGeometryType() & 0xff) == 3:
                path(sub)
            else:
                for i in range(sub.GetPointCount()):
                    (cr.move_to if i == 0 else cr.line_to)(*xy(sub.GetX(i), sub.GetY(i)))
                if t in (3, 6):
                    cr.close_path()


def layer(name, fill=None, stroke=None, width=1.0, dash=None, by_cert=False):
    ds = ogr.Open('%s/%s.shp' % (D, name))
    lyr = ds.GetLayer(0)
    for f in lyr:
        g = f.GetGeometryRef()
        cr.new_path()
        path(g)
        if fill:
            cr.set_source_rgba(*fill)
            cr.fill_preserve() if stroke else cr.fill()
        if stroke:
            cr.set_source_rgba(*stroke)
            cr.set_line_width(width)
            d = dash
            if by_cert and f.GetField('certainty') != 'dataset':
                d = [6, 4]
            cr.set_dash(d or [])
            cr.stroke()


layer('countries_modern', fill=(0.96, 0.95, 0.92, 1), stroke=(0.7, 0.7, 0.7, 1), width=0.5)
layer('uezds_1897', stroke=(0.75, 0.7, 0.8, 1), width=0.4, dash=[1, 2])
layer('governorates_1897', stroke=(0.6, 0.5, 0.7, 1), width=0.8, dash=[2, 2])
layer('treaty_1920_territory', fill=(0.9, 0.85, 0.3, 0.25))
layer('vilnius_region', fill=(0.9, 0.3, 0.3, 0.25))
layer('suwalki_region', fill=(0.3, 0.5, 0.9, 0.25))
layer('central_lithuania_1920_1922', stroke=(0.8, 0.2, 0.6, 0.8), width=1.0, dash=[1, 3])
layer('neutral_zone_1920_1923', fill=(0.5, 0.5, 0.5, 0.35), stroke=(0.3, 0.3, 0.3, 0.8), width=0.6, dash=[2, 2])
layer('lakes', fill=(0.6, 0.8, 0.95, 1))
layer('rivers', stroke=(0.4, 0.6, 0.9, 1), width=0.7)
layer('borders_modern', stroke=(0.5, 0.5, 0.5, 1), width=0.8, dash=[4, 2])
layer('demarcation_1923', stroke=(0.1, 0.1, 0.1, 1), width=2.0, by_cert=True)
layer('riga_preliminary_1920', stroke=(0.9, 0.3, 0.7, 1), width=1.6, by_cert=True)
layer('riga_1921', stroke=(0.5, 0.1, 0.6, 1), width=2.0, by_cert=True)
layer('curzon_line_1919', stroke=(0.0, 0.5, 0.6, 1), width=1.6, by_cert=True)
layer('foch_line_1919', stroke=(0.1, 0.6, 0.2, 1), width=1.6, by_cert=True)
layer('suwalki_agreement_1920', stroke=(0.9, 0.5, 0.0, 1), width=1.6, by_cert=True)
layer('treaty_1920_line', stroke=(0.8, 0.0, 0.0, 1), width=2.2, by_cert=True)
ds = ogr.Open('%s/towns.shp' % D)
cr.select_font_face('Sans')
cr.set_font_size(11)
for f in ds.GetLayer(0):
    g = f.GetGeometryRef()
    x, y = xy(g.GetX(), g.GetY())
    cr.set_source_rgb(0, 0, 0)
    cr.arc(x, y, 2.5, 0, 6.3)
    cr.fill()
    cr.move_to(x + 4, y - 3)
    cr.show_text(f.GetField('id'))
surf.write_to_png(OUTP)
