/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cb-export-cli.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cb-error.h"
#include "cb-layer-catalog.h"
#include "cb-place-language.h"
#include "cb-renderer.h"


void
cb_export_request_clear (CbExportRequest *request)
{
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->layers, g_strfreev);
  g_clear_pointer (&request->town, g_free);
  g_clear_pointer (&request->language, g_free);
  g_clear_pointer (&request->days, g_array_unref);
  g_clear_pointer (&request->title, g_free);
  memset (request, 0, sizeof *request);
}

static gboolean
parse_uint (const char *text,
            const char *end,
            guint      *out)
{
  guint64 value = 0;

  if (text == end)
    return FALSE;
  for (const char *p = text; p < end; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
      if (value > G_MAXUINT)
        return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
parse_size (const char  *text,
            guint       *width,
            guint       *height,
            GError     **error)
{
  const char *x = strpbrk (text, "xX");

  if (x == NULL || !parse_uint (text, x, width) || !parse_uint (x + 1, x + strlen (x), height))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("Bad --size “%s”: expected WIDTHxHEIGHT in pixels, e.g. 1600x1200"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_bbox (const char  *text,
            double       out[4],
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 4)
    goto bad;

  for (int i = 0; i < 4; i++)
    {
      char *end = NULL;
      const char *start = parts[i];

      while (g_ascii_isspace (*start))
        start++;
      errno = 0;
      out[i] = g_ascii_strtod (start, &end);
      if (end == NULL || end == start)
        goto bad;
      while (g_ascii_isspace (*end))
        end++;
      if (*end != '\0' || errno != 0 || !isfinite (out[i]))
        goto bad;
    }

  if (out[0] < -180 || out[2] > 180 || out[1] < -90 || out[3] > 90)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("Bad --bbox “%s”: longitudes must be within -180…180 and latitudes within -90…90"),
                   text);
      return FALSE;
    }
  if (out[0] >= out[2] || out[1] >= out[3])
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("Bad --bbox “%s”: the west edge must be less than the east and the south less than the north"),
                   text);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
               _("Bad --bbox “%s”: expected four numbers LON0,LAT0,LON1,LAT1 (west, south, east, north in degrees)"),
               text);
  return FALSE;
}

static char **
parse_id_list (const char  *text,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        {
          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                       _("Bad --layers “%s”: expected layer ids separated by commas"), text);
          return NULL;
        }
      g_strv_builder_add (ids, parts[i]);
    }

  return g_strv_builder_end (ids);
}

gboolean
cb_export_cli_parse (const char       *file,
                     const char       *size,
                     const char       *layers,
                     const char       *town,
                     const char       *language,
                     const char       *bbox,
                     CbExportRequest  *out_request,
                     GError          **error)
{
  CbExportRequest request = { 0 };

  g_return_val_if_fail (out_request != NULL, FALSE);

  if (file == NULL || *file == '\0')
    {
      const char *given = size ? "--size" : layers ? "--layers" : town ? "--town"
                          : language ? "--lang" : bbox ? "--bbox" : NULL;

      if (given != NULL)
        g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                     _("%s only applies to an export: add --export FILE"), given);
      else
        g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                     _("--export needs a file name"));
      return FALSE;
    }

  request.path = g_strdup (file);
  request.width = CB_EXPORT_DEFAULT_WIDTH;
  request.height = CB_EXPORT_DEFAULT_HEIGHT;

  /* An animated PNG: PNG frames, one per page. */
  if (g_str_has_suffix (file, ".apng") || g_str_has_suffix (file, ".APNG"))
    {
      request.animation = TRUE;
      request.format = CB_EXPORT_FORMAT_PNG;
    }

  if (!request.animation && !cb_export_format_from_path (file, &request.format, error))
    goto fail;
  /* A PDF is printed: without --size it is a sheet of the locale's paper,
   * landscape like the region. */
  if (size == NULL && request.format == CB_EXPORT_FORMAT_PDF && !request.animation)
    {
      double short_side, long_side;

      cb_export_get_locale_paper (&short_side, &long_side);
      request.paper = TRUE;
      request.paper_width = long_side;
      request.paper_height = short_side;
      request.width = (guint) lround (long_side / 25.4 * CB_EXPORT_SCREEN_DPI);
      request.height = (guint) lround (short_side / 25.4 * CB_EXPORT_SCREEN_DPI);
    }

  if ((size != NULL && !parse_size (size, &request.width, &request.height, error)) ||
      !cb_export_check_size (request.format, request.width, request.height,
                             CB_EXPORT_SCREEN_DPI, error))
    goto fail;

  if (layers != NULL && (request.layers = parse_id_list (layers, error)) == NULL)
    goto fail;

  if (town != NULL)
    {
      if (*town == '\0')
        {
          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT, _("--town needs a town name or id"));
          goto fail;
        }
      request.town = g_strdup (town);
    }

  if (language != NULL)
    {
      if (!cb_place_language_from_code (language, NULL))
        {
          g_autofree char *known = cb_place_language_list_codes (", ");

          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                       _("Unknown --lang “%s”: use one of %s"), language, known);
          goto fail;
        }
      request.language = g_strdup (language);
    }

  if (bbox != NULL)
    {
      double box[4];

      if (!parse_bbox (bbox, box, error))
        goto fail;
      request.has_bbox = TRUE;
      request.west = box[0];
      request.south = box[1];
      request.east = box[2];
      request.north = box[3];
    }

  *out_request = request;
  return TRUE;

fail:
  cb_export_request_clear (&request);
  return FALSE;
}

/* "1920-07-12" within the atlas's years as a Julian day; 0 and @error else. */
static guint32
parse_day (const char  *option,
           const char  *text,
           GError     **error)
{
  guint32 first = cb_feature_set_parse_day ("1918-11-11", FALSE);
  guint32 last = cb_feature_set_parse_day ("1923-03-15", FALSE);
  guint32 day = strlen (text) == 10 ? cb_feature_set_parse_day (text, FALSE) : 0;

  if (day == 0 || day < first || day > last)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("Bad %s “%s”: give a day YYYY-MM-DD from 1918-11-11 to 1923-03-15"),
                   option, text);
      return 0;
    }
  return day;
}

gboolean
cb_export_cli_parse_time (const char       *date,
                          const char       *dates,
                          gboolean          story,
                          CbExportRequest  *request,
                          GError          **error)
{
  g_return_val_if_fail (request != NULL, FALSE);

  if (date != NULL && (request->date = parse_day ("--date", date, error)) == 0)
    return FALSE;

  if (dates != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (dates, ",", -1);

      request->days = g_array_new (FALSE, FALSE, sizeof (guint32));
      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint32 day = parse_day ("--dates", g_strstrip (parts[i]), error);

          if (day == 0)
            return FALSE;
          g_array_append_val (request->days, day);
        }
    }
  request->story = story;

  if (request->story && request->days != NULL)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("Give --story or --dates, not both"));
      return FALSE;
    }
  if ((request->story || request->days != NULL) && !request->animation &&
      request->format != CB_EXPORT_FORMAT_PDF)
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("--story and --dates write several pages: export to a .pdf, or frames to an .apng"));
      return FALSE;
    }
  /* An animation with no days given is the chronology. */
  if (request->animation && request->days == NULL)
    request->story = TRUE;
  return TRUE;
}

gboolean
cb_export_cli_parse_page (const char       *title,
                          const char       *orientation,
                          gboolean          no_legend,
                          CbExportRequest  *request,
                          GError          **error)
{
  CbExportOrientation turn = CB_EXPORT_ORIENTATION_ANY;

  g_return_val_if_fail (request != NULL, FALSE);

  if (orientation != NULL)
    {
      if (g_ascii_strcasecmp (orientation, "landscape") == 0)
        turn = CB_EXPORT_ORIENTATION_LANDSCAPE;
      else if (g_ascii_strcasecmp (orientation, "portrait") == 0)
        turn = CB_EXPORT_ORIENTATION_PORTRAIT;
      else
        {
          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                       _("Bad --orientation “%s”: use landscape or portrait"), orientation);
          return FALSE;
        }
    }
  if (title != NULL && !g_utf8_validate (title, -1, NULL))
    {
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT, _("Bad --title: the text is not valid UTF-8"));
      return FALSE;
    }

  /* Turn the page: the longer side across for landscape. */
  if ((turn == CB_EXPORT_ORIENTATION_LANDSCAPE && request->width < request->height) ||
      (turn == CB_EXPORT_ORIENTATION_PORTRAIT && request->width > request->height))
    {
      guint width = request->width;
      double paper_width = request->paper_width;

      request->width = request->height;
      request->height = width;
      request->paper_width = request->paper_height;
      request->paper_height = paper_width;
    }
  g_free (request->title);
  request->title = g_strdup (title);
  request->no_legend = no_legend;
  return TRUE;
}

/* Edits (insert, delete, substitute) from @a to @b, characters counted. */
static guint
edit_distance (const char *a,
               const char *b)
{
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, NULL);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, NULL);
  glong na = 0, nb = 0;
  g_autofree guint *row = NULL;

  while (ua[na] != 0)
    na++;
  while (ub[nb] != 0)
    nb++;
  row = g_new (guint, nb + 1);
  for (glong j = 0; j <= nb; j++)
    row[j] = (guint) j;
  for (glong i = 1; i <= na; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (glong j = 1; j <= nb; j++)
        {
          guint above = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + (ua[i - 1] == ub[j - 1] ? 0 : 1));
          diagonal = above;
        }
    }
  return row[nb];
}

/* The smallest edit distance from @folded_query to any of @town's names or its id. */
static guint
town_distance (const CbTown *town,
               const char   *folded_query)
{
  guint best = G_MAXUINT;
  g_autofree char *id = cb_gazetteer_fold (town->id);

  best = MIN (best, edit_distance (id, folded_query));
  for (guint l = 0; l < CB_N_PLACE_LANGUAGES; l++)
    if (town->names[l] != NULL)
      {
        g_autofree char *name = cb_gazetteer_fold (town->names[l]);

        best = MIN (best, edit_distance (name, folded_query));
      }
  if (town->name != NULL)
    {
      g_autofree char *name = cb_gazetteer_fold (town->name);

      best = MIN (best, edit_distance (name, folded_query));
    }
  for (guint a = 0; town->alt_names != NULL && a < town->alt_names->len; a++)
    {
      g_autofree char *name = cb_gazetteer_fold (g_ptr_array_index (town->alt_names, a));

      best = MIN (best, edit_distance (name, folded_query));
    }
  return best;
}

/* "Lida (lida)". */
static void
append_town (GString      *out,
             const CbTown *town)
{
  const char *name = cb_town_get_name (town, CB_PLACE_LANGUAGE_EN);

  if (out->len > 0)
    g_string_append (out, ", ");
  g_string_append_printf (out, "%s (%s)", name ? name : town->id, town->id);
}

const CbTown *
cb_export_cli_find_town (CbGazetteer  *gazetteer,
                         const char   *query,
                         GError      **error)
{
  g_autofree char *folded = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  const CbTown *town;
  guint n_best = 0;

  g_return_val_if_fail (CB_IS_GAZETTEER (gazetteer), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  /* An id, as written or in any case. */
  town = cb_gazetteer_lookup (gazetteer, query);
  if (town != NULL)
    return town;
  folded = cb_gazetteer_fold (query);
  for (guint i = 0; i < cb_gazetteer_get_n_towns (gazetteer); i++)
    {
      const CbTown *candidate = cb_gazetteer_get_town (gazetteer, i);
      g_autofree char *id = cb_gazetteer_fold (candidate->id);

      if (*folded != '\0' && g_str_equal (id, folded))
        return candidate;
    }

  /* A name in any language, as the search finds it: the best match, when
   * only one town has a name that good (a whole name, or the start of one). */
  matches = cb_gazetteer_search (gazetteer, query);
  if (matches->len > 0)
    {
      const CbGazetteerMatch *best = g_ptr_array_index (matches, 0);

      for (guint i = 0; i < matches->len; i++)
        if (((CbGazetteerMatch *) g_ptr_array_index (matches, i))->rank == best->rank)
          n_best++;
      if (n_best == 1 && best->rank <= 1)
        return best->town;
      for (guint i = 0; i < matches->len && i < 6; i++)
        append_town (names, ((CbGazetteerMatch *) g_ptr_array_index (matches, i))->town);
      g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                   _("“%s” in --town could be several towns: %s. Give one of these names or ids."),
                   query, names->str);
      return NULL;
    }

  /* No name holds it: suggest those a typo or two away. */
  {
    guint limit = MAX (1, (guint) g_utf8_strlen (folded, -1) / 3);

    for (guint distance = 1; distance <= limit && names->len == 0; distance++)
      for (guint i = 0; i < cb_gazetteer_get_n_towns (gazetteer); i++)
        {
          const CbTown *candidate = cb_gazetteer_get_town (gazetteer, i);

          if (town_distance (candidate, folded) == distance)
            append_town (names, candidate);
        }
  }
  if (names->len > 0)
    g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                 _("Unknown town “%s” in --town: did you mean %s? (--list-towns prints every town)"),
                 query, names->str);
  else
    g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                 _("Unknown town “%s” in --town: no town has this name or id (--list-towns prints every town)"),
                 query);
  return NULL;
}

/* A Julian day as 1920-07-12. */
static void
append_day (GString *out,
            guint32  day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  g_string_append_printf (out, "%04d-%02d-%02d", g_date_get_year (&date),
                          g_date_get_month (&date), g_date_get_day (&date));
}

/* "1920-07-12 – 1922-03-24", "from 1920-07-12", "until …", or "" (always). */
static void
append_days (GString *out,
             guint32  from,
             guint32  to)
{
  if (from != 0 && to != 0)
    {
      append_day (out, from);
      g_string_append (out, " – ");
      append_day (out, to);
    }
  else if (from != 0)
    {
      /* TRANSLATORS: "from 1920-07-12", a layer's first day in --list-layers */
      g_string_append_printf (out, "%s ", C_("days", "from"));
      append_day (out, from);
    }
  else if (to != 0)
    {
      /* TRANSLATORS: "until 1923-03-15", a layer's last day in --list-layers */
      g_string_append_printf (out, "%s ", C_("days", "until"));
      append_day (out, to);
    }
}

/* Pads @text to @width characters (not bytes: names are UTF-8). */
static void
append_column (GString    *out,
               const char *text,
               guint       width)
{
  glong length = g_utf8_strlen (text, -1);

  g_string_append (out, text);
  for (glong i = length; i < (glong) width; i++)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ' ');
}

void
cb_export_cli_list_towns (CbAtlas *atlas,
                          GString *out)
{
  CbGazetteer *gazetteer;
  CbLayer *towns;
  CbFeatureSet *features = NULL;

  g_return_if_fail (CB_IS_ATLAS (atlas));
  g_return_if_fail (out != NULL);

  gazetteer = cb_atlas_get_gazetteer (atlas);
  towns = cb_layer_catalog_get_towns (cb_atlas_get_catalog (atlas));
  if (towns != NULL)
    features = cb_layer_get_features (towns);

  for (guint i = 0; gazetteer != NULL && i < cb_gazetteer_get_n_towns (gazetteer); i++)
    {
      const CbTown *town = cb_gazetteer_get_town (gazetteer, i);
      const char *name = cb_town_get_name (town, CB_PLACE_LANGUAGE_EN);
      g_autoptr(GString) others = g_string_new (NULL);
      int feature = features ? cb_feature_set_find_feature_by_id (features, town->id) : -1;

      append_column (out, town->id, 16);
      append_column (out, name ? name : town->id, 24);
      /* The names the search also takes, each once. */
      for (guint l = 0; l < CB_N_PLACE_LANGUAGES; l++)
        {
          const char *other = town->names[l];

          if (other == NULL || *other == '\0' || g_strcmp0 (other, name) == 0)
            continue;
          g_string_append_printf (others, "%s%s: %s", others->len ? ", " : "",
                                  cb_place_language_to_code (l), other);
        }
      if (others->len > 0)
        g_string_append_printf (out, "(%s)", others->str);
      if (feature >= 0)
        {
          guint32 from = 0, to = 0;

          cb_feature_set_get_validity (features, feature, &from, &to);
          if (from != 0 || to != 0)
            {
              g_string_append (out, " ");
              append_days (out, from, to);
            }
        }
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
}

void
cb_export_cli_list_layers (CbAtlas *atlas,
                           GString *out)
{
  CbLayerCatalog *catalog;
  const CbLayerInfo *infos;
  guint n_infos;

  g_return_if_fail (CB_IS_ATLAS (atlas));
  g_return_if_fail (out != NULL);

  catalog = cb_atlas_get_catalog (atlas);
  infos = cb_layer_catalog_get_infos (&n_infos);
  for (guint i = 0; i < n_infos; i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer_by_id (catalog, infos[i].id);
      g_autoptr(GString) days = g_string_new (NULL);

      append_column (out, infos[i].id, 28);
      append_column (out, layer ? cb_layer_get_title (layer) : _(infos[i].title), 40);
      if (layer != NULL)
        {
          CbFeatureSet *features = cb_layer_get_features (layer);
          guint32 first = G_MAXUINT32, last = 0;
          gboolean open_start = FALSE, open_end = FALSE;
          guint n = cb_feature_set_get_n_features (features);

          /* The days any of its features is drawn: from the first to the last. */
          for (guint f = 0; f < n; f++)
            {
              guint32 from = 0, to = 0;

              cb_feature_set_get_validity (features, f, &from, &to);
              if (from == 0)
                open_start = TRUE;
              else
                first = MIN (first, from);
              if (to == 0)
                open_end = TRUE;
              else
                last = MAX (last, to);
            }
          if (n > 0)
            append_days (days, open_start ? 0 : first, open_end ? 0 : last);
        }
      append_column (out, days->str, 24);
      if (layer == NULL)
        g_string_append (out, _("(not loaded)"));
      else if (infos[i].default_visible)
        g_string_append (out, _("(shown by default)"));
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
}

static gboolean
apply_layers (CbLayerCatalog      *catalog,
              const char * const  *ids,
              GError             **error)
{
  guint n = cb_layer_catalog_get_n_layers (catalog);

  for (guint i = 0; ids[i] != NULL; i++)
    if (cb_layer_catalog_get_layer_by_id (catalog, ids[i]) == NULL)
      {
        g_autoptr(GString) known = g_string_new (NULL);

        for (guint k = 0; k < n; k++)
          g_string_append_printf (known, "%s%s", k ? ", " : "",
                                  cb_layer_get_id (cb_layer_catalog_get_layer (catalog, k)));
        g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                     _("Unknown layer “%s” in --layers: known layers are %s"), ids[i], known->str);
        return FALSE;
      }

  for (guint k = 0; k < n; k++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer (catalog, k);

      cb_layer_set_visible (layer, g_strv_contains (ids, cb_layer_get_id (layer)));
    }
  return TRUE;
}

int
cb_export_cli_run (const CbExportRequest  *request,
                   CbAtlas                *atlas,
                   GError                **error)
{
  g_autoptr(CbLayerCatalog) catalog = NULL;
  g_autoptr(CbRenderer) renderer = NULL;
  g_autoptr(CbExport) export = NULL;
  const char *town_id = NULL;
  CbBounds bounds;

  g_return_val_if_fail (request != NULL && request->path != NULL, CB_EXPORT_EXIT_BAD_ARGUMENTS);
  g_return_val_if_fail (CB_IS_ATLAS (atlas), CB_EXPORT_EXIT_FAILED);

  if (cb_layer_catalog_get_n_layers (cb_atlas_get_catalog (atlas)) == 0)
    {
      const char * const *problems = cb_atlas_get_problems (atlas);

      g_set_error_literal (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                           problems[0] ? problems[0] : _("No map layer could be loaded"));
      return CB_EXPORT_EXIT_FAILED;
    }
  /* The atlas's own layers stay as they are. */
  catalog = cb_layer_catalog_copy (cb_atlas_get_catalog (atlas));

  if (request->layers != NULL &&
      !apply_layers (catalog, (const char * const *) request->layers, error))
    return CB_EXPORT_EXIT_BAD_ARGUMENTS;

  if (request->town != NULL)
    {
      CbLayer *towns = cb_layer_catalog_get_towns (catalog);
      CbGazetteer *gazetteer = cb_atlas_get_gazetteer (atlas);
      const CbTown *town = NULL;

      if (gazetteer == NULL)
        g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                     _("Unknown town “%s” in --town: no towns could be loaded"), request->town);
      else
        town = cb_export_cli_find_town (gazetteer, request->town, error);
      if (town == NULL)
        return CB_EXPORT_EXIT_BAD_ARGUMENTS;
      town_id = town->id;
      if (towns == NULL || cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), town_id) < 0)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                       _("Unknown town “%s” in --town: it is not on the map"), request->town);
          return CB_EXPORT_EXIT_BAD_ARGUMENTS;
        }
    }

  /* Without --bbox the export shows the whole region. */
  cb_bounds_init_empty (&bounds);
  if (request->has_bbox &&
      !cb_export_geo_box_to_bounds (request->west, request->south, request->east,
                                    request->north, &bounds, error))
    return CB_EXPORT_EXIT_BAD_ARGUMENTS;
  if (request->has_bbox)
    {
      CbBounds region;

      /* A box off the map would give a blank image and no complaint. */
      cb_projection_get_region_bounds (&region);
      if (!cb_bounds_intersects (&bounds, &region))
        {
          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                       _("Bad --bbox: %g,%g,%g,%g lies outside the atlas’s region (20…30° E, 52…57.5° N)"),
                       request->west, request->south, request->east, request->north);
          return CB_EXPORT_EXIT_BAD_ARGUMENTS;
        }
    }

  renderer = cb_renderer_new (catalog);
  export = cb_export_new (renderer);
  cb_export_set_size (export, request->width, request->height);
  if (request->paper)
    cb_export_set_paper (export, request->paper_width, request->paper_height);
  cb_export_set_title (export, request->title);
  cb_export_set_show_legend (export, !request->no_legend);
  cb_export_set_language (export, request->language);
  cb_export_set_selected_town (export, town_id);
  cb_export_set_credits (export, cb_atlas_get_credits (atlas));
  cb_export_set_map_bounds (export, &bounds);
  cb_export_set_history (export, cb_atlas_get_history (atlas));
  cb_export_set_date (export, request->date);

  /* Several days: a page (or a frame) each. */
  if (request->story || request->days != NULL)
    {
      g_autoptr(GArray) pages = g_array_new (FALSE, TRUE, sizeof (CbExportPage));
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      gboolean ok;

      if (request->story)
        {
          CbTour *tour = cb_atlas_get_tour (atlas);

          for (guint i = 0; tour != NULL && i < cb_tour_get_n_moments (tour); i++)
            {
              const CbTourMoment *moment = cb_tour_get_moment (tour, i);
              g_autoptr(GString) caption = g_string_new (moment->event->summary);
              CbExportPage page = { moment->day, moment->title, NULL, moment->town_id };

              /* The caption carries its sources, as on screen. */
              for (guint k = 0; moment->event->citations != NULL && k < moment->event->citations->len; k++)
                {
                  g_autofree char *citation =
                    cb_history_citation_format (g_ptr_array_index (moment->event->citations, k));

                  if (k == 0)
                    g_string_append_printf (caption, "\n%s %s", _("Sources:"), citation);
                  else
                    g_string_append_printf (caption, "; %s", citation);
                }
              page.caption = caption->str;
              g_ptr_array_add (texts, g_string_free (g_steal_pointer (&caption), FALSE));
              g_array_append_val (pages, page);
            }
          if (pages->len == 0)
            {
              g_set_error (error, CB_ERROR, CB_ERROR_NOT_FOUND,
                           _("No guided tour to export: tour.ini in the history folder could not be read"));
              return CB_EXPORT_EXIT_FAILED;
            }
        }
      else
        for (guint i = 0; i < request->days->len; i++)
          {
            CbExportPage page = { g_array_index (request->days, guint32, i), NULL, NULL, town_id };

            g_array_append_val (pages, page);
          }

      if (request->animation)
        ok = cb_export_write_animation (export, (CbExportPage *) (gpointer) pages->data, pages->len,
                                        2500, request->path, NULL, error);
      else
        ok = cb_export_write_pages (export, (CbExportPage *) (gpointer) pages->data, pages->len,
                                    request->path, NULL, error);
      return ok ? CB_EXPORT_EXIT_OK : cb_export_cli_exit_status (*error);
    }

  if (!cb_export_write (export, request->path, NULL, error))
    return cb_export_cli_exit_status (*error);

  return CB_EXPORT_EXIT_OK;
}

guint
cb_export_cli_report_problems (CbAtlas *atlas,
                               GString *out)
{
  CbLayerCatalog *catalog;
  const char * const *warnings;
  const char * const *problems;
  const CbLayerInfo *infos;
  guint n_infos, count = 0;

  g_return_val_if_fail (CB_IS_ATLAS (atlas), 0);
  g_return_val_if_fail (out != NULL, 0);

  catalog = cb_atlas_get_catalog (atlas);
  warnings = cb_layer_catalog_get_warnings (catalog);
  problems = cb_atlas_get_problems (atlas);
  infos = cb_layer_catalog_get_infos (&n_infos);

  for (guint i = 0; problems[i] != NULL; i++, count++)
    g_string_append_printf (out, "%s\n", problems[i]);

  for (guint i = 0; i < n_infos; i++)
    {
      CbLayer *layer = cb_layer_catalog_get_layer_by_id (catalog, infos[i].id);
      g_autofree char *quoted = g_strdup_printf ("“%s”", _(infos[i].title));

      if (layer == NULL)
        {
          /* The catalog's sentence names the file and the reason. */
          for (guint k = 0; warnings[k] != NULL; k++)
            if (strstr (warnings[k], quoted) != NULL)
              {
                g_string_append_printf (out, _("layer %s not loaded: %s\n"), infos[i].id, warnings[k]);
                count++;
                break;
              }
        }
      else
        {
          const char * const *notes = cb_feature_set_get_load_notes (cb_layer_get_features (layer));
          g_autoptr(GString) repairs = g_string_new (NULL);

          /* Only the notes the catalog reports (not "no .prj" where assumed). */
          for (guint k = 0; notes[k] != NULL; k++)
            if (g_strv_contains (warnings, notes[k]))
              g_string_append_printf (repairs, "%s%s", repairs->len ? "; " : "", notes[k]);
          if (repairs->len > 0)
            {
              g_string_append_printf (out, _("layer %s loaded with repairs: %s\n"), infos[i].id, repairs->str);
              count++;
            }
        }
    }
  return count;
}

int
cb_export_cli_exit_status (const GError *error)
{
  if (error == NULL)
    return CB_EXPORT_EXIT_OK;
  if (g_error_matches (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT) ||
      g_error_matches (error, CB_ERROR, CB_ERROR_TOO_LARGE))
    return CB_EXPORT_EXIT_BAD_ARGUMENTS;
  return CB_EXPORT_EXIT_FAILED;
}

void
cb_export_cli_add_options (GApplication *application)
{
  const GOptionEntry entries[] = {
    { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Write the map to FILE (.png, .svg, .pdf, or .apng for an animation) without opening a window"), N_("FILE") },
    { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Image size in pixels (default 1600x1200; PDF pages at 96 px per inch, and by default A4, or Letter where the locale’s paper is Letter)"),
      N_("WxH") },
    { "orientation", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Turn the page: landscape (the default for PDF paper) or portrait"), N_("landscape|portrait") },
    { "title", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("The title over the map (default: the atlas’s title)"), N_("TEXT") },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Leave the legend off the page"), NULL },
    { "layers", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Layers to show, by id (default: the default layers)"), N_("ID,ID,…") },
    { "town", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Highlight this town: its name in any language, or its id, in any case (see --list-towns)"), N_("NAME") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Language of town names: en, lt, pl, be, ru or yi (default en)"), N_("CODE") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show at least this box, in degrees (default: the whole region, 20,52,30,57.5)"),
      N_("LON0,LAT0,LON1,LAT1") },
    { "date", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the map on this day (1918-11-11 … 1923-03-15): the lines in force, the towns in their holders’ colours"),
      N_("YYYY-MM-DD") },
    { "dates", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("A page (PDF) or frame (.apng) for each of these days"), N_("D1,D2,…") },
    { "story", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("A page (PDF) or frame (.apng) for each moment of the guided tour, with its text and sources"), NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Export nothing and exit with status 1 when a layer could not be loaded or was repaired"), NULL },
    { "list-towns", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print every town (id, name, names in other languages) and exit"), NULL },
    { "list-layers", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print every layer (id, title, the days it covers) and exit"), NULL },
    { NULL }
  };
  g_autoptr(GString) description = g_string_new (NULL);

  g_application_add_main_option_entries (application, entries);
  g_string_append (description,
    _("Export: the format follows the file’s extension. The image carries a title, the legend of\n"
      "the visible layers, a scale bar and the data sources. The file is written atomically: on\n"
      "failure nothing is left and an existing file is kept. PNG and SVG sides are limited to\n"
      "32767 pixels; PDF pages to 200 inches.\n"
      "Each layer that could not be loaded, or loaded with repairs, is named on stderr, one line\n"
      "each; with --strict nothing is exported then.\n"
      "Exit status: 0 on success, 1 when writing fails (or with --strict, a layer failed),\n"
      "2 for bad arguments.\n\n"
      "Examples:\n"
      "  contested-borders --export map.png\n"
      "  contested-borders --export slide.svg --size 1920x1080 --lang lt\n"
      "  contested-borders --export vilnius.pdf --bbox 24,54.3,26,55.2 --town Vilnius\n"
      "  contested-borders --export handout.pdf --orientation portrait --title \"Lida, 1920\" --town Ліда\n"
      "  contested-borders --export july1920.png --date 1920-07-15\n"
      "  contested-borders --export lesson.pdf --story --size 1123x794\n"
      "  contested-borders --export chronology.apng --size 1280x720\n"));
  {
    guint n_infos;
    const CbLayerInfo *infos = cb_layer_catalog_get_infos (&n_infos);

    g_string_append (description, _("\nLayer ids (* shown by default):\n "));
    for (guint i = 0; i < n_infos; i++)
      g_string_append_printf (description, " %s%s", infos[i].id, infos[i].default_visible ? "*" : "");
    g_string_append (description,
                     _("\n--town takes a town’s name in any of the atlas’s languages or its id, in any case,\n"
                       "e.g. Lida, Ліда or lida; --list-towns prints every town, --list-layers every layer.\n"
                       "A page smaller than 240 pixels on a side is refused (too small for the layout).\n"));
  }
  g_application_set_option_context_description (application, description->str);
}

gboolean
cb_export_cli_is_requested (GVariantDict *options)
{
  static const char * const names[] = {
    "export", "size", "layers", "town", "lang", "bbox", "date", "dates", "story", "strict",
    "title", "orientation", "no-legend", "list-towns", "list-layers",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_variant_dict_contains (options, names[i]))
      return TRUE;
  return FALSE;
}

int
cb_export_cli_handle_options (GVariantDict *options,
                              CbAtlas      *atlas)
{
  const char *file = NULL, *size = NULL, *layers = NULL, *town = NULL, *language = NULL, *bbox = NULL;
  const char *date = NULL, *dates = NULL, *title = NULL, *orientation = NULL;
  CbExportRequest request = { 0 };
  g_autoptr(GError) error = NULL;
  const char *prgname = g_get_prgname () ? g_get_prgname () : "contested-borders";
  gboolean strict = g_variant_dict_contains (options, "strict");
  int status;

  g_variant_dict_lookup (options, "export", "^&ay", &file);
  g_variant_dict_lookup (options, "size", "&s", &size);
  g_variant_dict_lookup (options, "layers", "&s", &layers);
  g_variant_dict_lookup (options, "town", "&s", &town);
  g_variant_dict_lookup (options, "lang", "&s", &language);
  g_variant_dict_lookup (options, "bbox", "&s", &bbox);
  g_variant_dict_lookup (options, "date", "&s", &date);
  g_variant_dict_lookup (options, "dates", "&s", &dates);
  g_variant_dict_lookup (options, "title", "&s", &title);
  g_variant_dict_lookup (options, "orientation", "&s", &orientation);

  /* The lists, with no export: print, and done. */
  if (file == NULL && (g_variant_dict_contains (options, "list-towns") ||
                       g_variant_dict_contains (options, "list-layers")))
    {
      g_autoptr(GString) out = g_string_new (NULL);

      if (g_variant_dict_contains (options, "list-layers"))
        cb_export_cli_list_layers (atlas, out);
      if (g_variant_dict_contains (options, "list-towns"))
        cb_export_cli_list_towns (atlas, out);
      g_print ("%s", out->str);
      return CB_EXPORT_EXIT_OK;
    }

  if (!cb_export_cli_parse (file, size, layers, town, language, bbox, &request, &error) ||
      !cb_export_cli_parse_time (date, dates, g_variant_dict_contains (options, "story"),
                                 &request, &error) ||
      !cb_export_cli_parse_page (title, orientation, g_variant_dict_contains (options, "no-legend"),
                                 &request, &error))
    status = cb_export_cli_exit_status (error);
  else
    {
      g_autoptr(GString) report = g_string_new (NULL);
      guint n_problems = cb_export_cli_report_problems (atlas, report);
      g_auto(GStrv) lines = g_strsplit (report->str, "\n", -1);

      /* No failure goes unsaid: one line per layer. */
      for (guint i = 0; lines[i] != NULL; i++)
        if (*lines[i] != '\0')
          g_printerr ("%s: %s\n", prgname, lines[i]);

      if (strict && n_problems > 0)
        {
          g_set_error (&error, CB_ERROR, CB_ERROR_FAILED,
                       g_dngettext (GETTEXT_PACKAGE, "Nothing exported (--strict): %u layer problem",
                                    "Nothing exported (--strict): %u layer problems", n_problems),
                       n_problems);
          status = CB_EXPORT_EXIT_FAILED;
        }
      else
        status = cb_export_cli_run (&request, atlas, &error);
    }

  if (error != NULL)
    {
      /* One line, whatever the message holds. */
      g_autofree char *line = g_strdelimit (g_strdup (error->message), "\r\n", ' ');

      g_printerr ("%s: %s\n", prgname, line);
    }

  cb_export_request_clear (&request);
  return status;
}
