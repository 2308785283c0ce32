/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cb-layer-catalog.h"
#include "cb-paths.h"
#include "cb-projection.h"
#include "cb-renderer.h"

/*
 * Writes a MapServer 8 mapfile that draws the app's default layers with the
 * catalog's own styles, in the app's projection (CB_MAP_CRS), so that
 * map2img and `contested-borders --export` do the same work:
 *
 *   cb-mapfile WIDTH HEIGHT FONTSET > bench.map
 *
 * Line widths, dashes and point sizes are multiplied by the export's pixel
 * scale (sqrt of the area over 1600 × 1200), as our export does.  Prints
 * the extent (the whole region, map metres) on stderr as "minx miny maxx maxy"
 * for map2img -e.
 */

static void
print_rgb (const char    *keyword,
           const CbColor *colour)
{
  printf ("        %s %d %d %d\n", keyword,
          (int) lround (colour->red * 255), (int) lround (colour->green * 255),
          (int) lround (colour->blue * 255));
}

static void
print_projection (const char *indent,
                  const char *definition)
{
  g_auto(GStrv) tokens = g_strsplit (definition, " ", -1);

  printf ("%sPROJECTION\n", indent);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i] != '\0' && !g_str_equal (tokens[i], "+type=crs"))
      printf ("%s  \"%s\"\n", indent, tokens[i] + (tokens[i][0] == '+' ? 1 : 0));
  printf ("%sEND\n", indent);
}

static void
print_pattern (const double *dashes,
               guint         n_dashes,
               double        scale)
{
  if (n_dashes == 0)
    return;
  printf ("        PATTERN");
  for (guint i = 0; i < n_dashes; i++)
    printf (" %g", dashes[i] * scale);
  printf (" END\n        LINECAP BUTT\n");
}

static void
print_layer (CbLayer *layer,
             CbColor *background,
             double   scale)
{
  const CbLayerStyle *style = cb_layer_get_style (layer);
  CbGeometryType type = cb_feature_set_get_geometry_type (cb_layer_get_features (layer));
  g_autofree char *data = g_path_get_basename (cb_feature_set_get_path (cb_layer_get_features (layer)));

  if (g_str_has_suffix (data, ".shp"))
    data[strlen (data) - 4] = '\0';

  printf ("  LAYER\n    NAME \"%s\"\n    STATUS ON\n    DATA \"%s\"\n", cb_layer_get_id (layer), data);
  printf ("    TYPE %s\n", type == CB_GEOMETRY_POINT ? "POINT" : type == CB_GEOMETRY_LINE ? "LINE" : "POLYGON");
  /* Every bundled layer is WGS84 lon/lat (its .prj, geodata/SOURCES.md). */
  print_projection ("    ", CB_WGS84_CRS);
  if (type == CB_GEOMETRY_POINT)
    printf ("    LABELITEM \"name_en\"\n");
  printf ("    CLASS\n");

  if (type == CB_GEOMETRY_POLYGON && style->fill_light.alpha > 0)
    {
      printf ("      STYLE\n");
      print_rgb ("COLOR", &style->fill_light);
      printf ("        OPACITY %d\n      END\n", (int) lround (style->fill_light.alpha * 100));
    }
  if (type != CB_GEOMETRY_POINT && style->line_light.alpha > 0 && style->line_width > 0)
    {
      if (style->casing)
        {
          printf ("      STYLE\n");
          print_rgb ("COLOR", background);
          printf ("        WIDTH %g\n      END\n", (style->line_width + 2) * scale);
        }
      printf ("      STYLE\n");
      print_rgb (type == CB_GEOMETRY_POLYGON ? "OUTLINECOLOR" : "COLOR", &style->line_light);
      printf ("        WIDTH %g\n", style->line_width * scale);
      printf ("        OPACITY %d\n", (int) lround (style->line_light.alpha * 100));
      print_pattern (style->dashes, style->n_dashes, scale);
      printf ("      END\n");
    }
  if (type == CB_GEOMETRY_POINT)
    {
      printf ("      STYLE\n        SYMBOL \"circle\"\n        SIZE %g\n", style->point_radius * 2 * scale);
      print_rgb ("COLOR", &style->line_light);
      printf ("      END\n");
      printf ("      LABEL\n        TYPE TRUETYPE\n        FONT \"sans\"\n        SIZE %g\n",
              8.0 * scale);
      printf ("        COLOR 26 26 26\n        OUTLINECOLOR 255 255 255\n        OUTLINEWIDTH %g\n",
              2 * scale);
      printf ("        POSITION AUTO\n        PARTIALS FALSE\n      END\n");
    }

  printf ("    END\n  END\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CbLayerCatalog) catalog = cb_layer_catalog_new ();
  g_autoptr(GError) error = NULL;
  CbBounds region;
  CbColor background;
  int width, height;
  double scale;

  if (argc != 4)
    {
      g_printerr ("usage: %s WIDTH HEIGHT FONTSET\n", argv[0]);
      return 2;
    }
  width = atoi (argv[1]);
  height = atoi (argv[2]);
  scale = sqrt ((double) width * height / (1600.0 * 1200.0));

  if (!cb_layer_catalog_load (catalog, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  cb_projection_get_region_bounds (&region);
  cb_renderer_get_background (FALSE, &background);

  printf ("MAP\n  NAME \"contested-borders\"\n  SIZE %d %d\n", width, height);
  printf ("  EXTENT %.3f %.3f %.3f %.3f\n", region.min_x, region.min_y, region.max_x, region.max_y);
  printf ("  UNITS METERS\n  IMAGETYPE \"png24\"\n  SHAPEPATH \"%s\"\n  FONTSET \"%s\"\n",
          cb_paths_get_geodata_dir (), argv[3]);
  printf ("  IMAGECOLOR %d %d %d\n", (int) lround (background.red * 255),
          (int) lround (background.green * 255), (int) lround (background.blue * 255));
  print_projection ("  ", CB_MAP_CRS);
  /* MapServer's own 24-bit PNG through AGG (antialiased, like cairo), its
   * default compression. */
  printf ("  OUTPUTFORMAT\n    NAME \"png24\"\n    DRIVER \"AGG/PNG\"\n    MIMETYPE \"image/png\"\n"
          "    IMAGEMODE RGB\n    EXTENSION \"png\"\n  END\n");
  printf ("  SYMBOL\n    NAME \"circle\"\n    TYPE ELLIPSE\n    FILLED TRUE\n    POINTS 1 1 END\n  END\n");

  for (guint i = 0; i < cb_layer_catalog_get_n_layers (catalog); i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, i);

      if (cb_layer_get_visible (layer))
        print_layer (layer, &background, scale);
    }
  printf ("END\n");

  fprintf (stderr, "%.3f %.3f %.3f %.3f\n", region.min_x, region.min_y, region.max_x, region.max_y);
  return 0;
}
