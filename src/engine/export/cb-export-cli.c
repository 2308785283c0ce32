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

  if ((!request.animation && !cb_export_format_from_path (file, &request.format, error)) ||
      (size != NULL && !parse_size (size, &request.width, &request.height, error)) ||
      !cb_export_check_size (request.format, request.width, request.height,
                             CB_EXPORT_SCREEN_DPI, error))
    goto fail;

  if (layers != NULL && (request.layers = parse_id_list (layers, error)) == NULL)
    goto fail;

  if (town != NULL)
    {
      if (*town == '\0')
        {
          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT, _("--town needs a town id"));
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

      if (towns == NULL || cb_feature_set_find_feature_by_id (cb_layer_get_features (towns), request->town) < 0)
        {
          g_set_error (error, CB_ERROR, CB_ERROR_INVALID_ARGUMENT,
                       _("Unknown town “%s” in --town"), request->town);
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
  cb_export_set_language (export, request->language);
  cb_export_set_selected_town (export, request->town);
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
            CbExportPage page = { g_array_index (request->days, guint32, i), NULL, NULL, request->town };

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
      N_("Image size in pixels (default 1600x1200; PDF pages at 96 px per inch)"), N_("WxH") },
    { "layers", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Layers to show, by id (default: the default layers)"), N_("ID,ID,…") },
    { "town", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Highlight the town with this id"), N_("ID") },
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
      "  contested-borders --export vilnius.pdf --bbox 24,54.3,26,55.2 --town vilnius\n"
      "  contested-borders --export july1920.png --date 1920-07-15\n"
      "  contested-borders --export lesson.pdf --story --size 1123x794\n"
      "  contested-borders --export chronology.apng --size 1280x720\n"));
  {
    guint n_infos;
    const CbLayerInfo *infos = cb_layer_catalog_get_infos (&n_infos);

    g_string_append (description, _("\nLayer ids (* shown by default):\n "));
    for (guint i = 0; i < n_infos; i++)
      g_string_append_printf (description, " %s%s", infos[i].id, infos[i].default_visible ? "*" : "");
    g_string_append (description, _("\nTown ids are those of geodata/towns, e.g. vilnius, kaunas, lida.\n"));
  }
  g_application_set_option_context_description (application, description->str);
}

gboolean
cb_export_cli_is_requested (GVariantDict *options)
{
  static const char * const names[] = {
    "export", "size", "layers", "town", "lang", "bbox", "date", "dates", "story", "strict",
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
  const char *date = NULL, *dates = NULL;
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

  if (!cb_export_cli_parse (file, size, layers, town, language, bbox, &request, &error) ||
      !cb_export_cli_parse_time (date, dates, g_variant_dict_contains (options, "story"),
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
