/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cb-error.h"
#include "cb-geojson.h"
#include "cb-layer-style.h"
#include "cb-shapefile.h"
#include "cb-user-layer.h"

static const char * const shapefile_parts[] = { ".shp", ".shx", ".dbf", ".prj", ".cpg", NULL };

/* The extension of @path among the shapefile's parts, or NULL. */
static const char *
shapefile_extension (const char *path)
{
  const char *dot = strrchr (path, '.');

  for (guint i = 0; dot != NULL && shapefile_parts[i] != NULL; i++)
    if (g_ascii_strcasecmp (dot, shapefile_parts[i]) == 0)
      return dot;
  return NULL;
}

/* Whether the first non-blank byte is "{": GeoJSON under another name. */
static gboolean
starts_like_json (const char *path)
{
  FILE *file = g_fopen (path, "rb");
  int c = EOF;

  if (file == NULL)
    return FALSE;
  do
    c = fgetc (file);
  while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF);
  fclose (file);
  return c == '{';
}

static gboolean
check_path (const char  *path,
            const char  *display,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, CB_ERROR, saved == ENOENT ? CB_ERROR_NOT_FOUND : CB_ERROR_IO,
                   _("%s cannot be opened: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                   _("%s is a folder, not a map file"), display);
      return FALSE;
    }
  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, CB_ERROR, CB_ERROR_IO,
                   _("%s cannot be read: %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static CbFeatureSet *
load_shapefile (const char  *path,
                const char  *extension,
                const char  *display,
                GError     **error)
{
  g_autofree char *base = g_strndup (path, extension - path);
  g_autofree char *shp = NULL;
  GStatBuf st;

  /* Any part chosen opens the whole: find the .shp beside it. */
  shp = g_strconcat (base, ".shp", NULL);
  if (!g_file_test (shp, G_FILE_TEST_EXISTS))
    {
      g_free (shp);
      shp = g_strconcat (base, ".SHP", NULL);
    }
  if (!g_file_test (shp, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                   _("%s: the shapefile’s main file (.shp) is missing"), display);
      return NULL;
    }
  if (g_stat (shp, &st) == 0 && (goffset) st.st_size > CB_USER_LAYER_MAX_SHP_BYTES)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_TOO_LARGE,
                   _("%s is too large to open (%u MB; up to %u MB can be opened)"),
                   display, (guint) MIN (st.st_size / (1024 * 1024), G_MAXUINT),
                   (guint) (CB_USER_LAYER_MAX_SHP_BYTES / (1024 * 1024)));
      return NULL;
    }
  return cb_shapefile_load (shp, error);
}

CbLayer *
cb_user_layer_load (const char  *path,
                    GError     **error)
{
  g_autoptr(CbFeatureSet) features = NULL;
  g_autofree char *display = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  const char *extension;
  CbLayerStyle style;
  CbLayer *layer;
  char *dot;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  if (!check_path (path, display, error))
    return NULL;

  extension = shapefile_extension (path);
  if (extension != NULL)
    features = load_shapefile (path, extension, display, error);
  else if (cb_geojson_is_geojson_path (path) || starts_like_json (path))
    features = cb_geojson_load (path, error);
  else
    g_set_error (error, CB_ERROR, CB_ERROR_UNSUPPORTED,
                 _("%s is neither a shapefile (.shp) nor GeoJSON (.geojson)"), display);
  if (features == NULL)
    return NULL;

  name = g_filename_display_basename (path);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';
  id = g_strconcat ("user-", name, NULL);

  layer = cb_layer_new (features, id);
  cb_layer_set_title (layer, name);
  cb_layer_set_group (layer, CB_LAYER_GROUP_USER);
  cb_layer_style_get_default (NULL, &style);
  cb_layer_set_style (layer, &style);
  return layer;
}

void
cb_user_layer_set_appearance (CbLayer       *layer,
                              const CbColor *color,
                              double         width)
{
  CbLayerStyle style;

  g_return_if_fail (CB_IS_LAYER (layer));
  g_return_if_fail (color != NULL);

  style = *cb_layer_get_style (layer);
  style.line_light = style.line_dark = (CbColor) { color->red, color->green, color->blue, 1 };
  style.fill_light = style.fill_dark = (CbColor) { color->red, color->green, color->blue, 0.15 };
  style.line_width = CLAMP (width, 0.25, 20);
  style.point_radius = MAX (3, style.line_width + 1.5);
  cb_layer_set_style (layer, &style);
}
