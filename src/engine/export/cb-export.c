/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <langinfo.h>
#include <math.h>
#include <string.h>

#include "cb-error.h"
#include "cb-export-private.h"
#include "cb-names.h"
#include "cb-viewport.h"

G_DEFINE_FINAL_TYPE (CbExport, cb_export, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RENDERER,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_PIXEL_SCALE,
  PROP_DPI,
  PROP_LANGUAGE,
  PROP_SELECTED_TOWN,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CbExport *
cb_export_new (CbRenderer *renderer)
{
  g_return_val_if_fail (CB_IS_RENDERER (renderer), NULL);

  return g_object_new (CB_TYPE_EXPORT, "renderer", renderer, NULL);
}

CbRenderer *
cb_export_get_renderer (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);

  return self->renderer;
}

guint
cb_export_get_width (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);

  return self->width;
}

guint
cb_export_get_height (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);

  return self->height;
}

void
cb_export_set_size (CbExport *self,
                    guint     width,
                    guint     height)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

double
cb_export_get_pixel_scale (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);

  return self->pixel_scale;
}

void
cb_export_set_pixel_scale (CbExport *self,
                           double    pixel_scale)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (pixel_scale >= 0);

  if (self->pixel_scale == pixel_scale)
    return;

  self->pixel_scale = pixel_scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIXEL_SCALE]);
}

double
cb_export_get_dpi (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);

  return self->dpi;
}

void
cb_export_set_dpi (CbExport *self,
                   double    dpi)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (dpi >= 0);

  if (self->dpi == dpi)
    return;

  self->dpi = dpi;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DPI]);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

const char *
cb_export_get_language (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);

  return self->language;
}

void
cb_export_set_language (CbExport   *self,
                        const char *language)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if (replace_string (&self->language, language))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

const char *
cb_export_get_selected_town (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);

  return self->selected_town;
}

void
cb_export_set_selected_town (CbExport   *self,
                             const char *town_id)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if (replace_string (&self->selected_town, town_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOWN]);
}

const char *
_cb_export_default_title (void)
{
  return cb_names_get (CB_NAME_TREATY);
}

const char *
cb_export_get_title (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);

  return self->title ? self->title : _cb_export_default_title ();
}

void
cb_export_set_title (CbExport   *self,
                     const char *title)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if (replace_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

guint
cb_export_get_date (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), 0);
  return self->date;
}

void
cb_export_set_date (CbExport *self,
                    guint     date)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  self->date = date;
}

CbHistory *
cb_export_get_history (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);
  return self->history;
}

void
cb_export_set_history (CbExport  *self,
                       CbHistory *history)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (history == NULL || CB_IS_HISTORY (history));
  g_set_object (&self->history, history);
}

const char *
cb_export_get_caption (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);
  return self->caption;
}

void
cb_export_set_caption (CbExport   *self,
                       const char *caption)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  replace_string (&self->caption, caption);
}

const char *
cb_export_get_credits (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);
  return self->credits;
}

void
cb_export_set_credits (CbExport   *self,
                       const char *credits)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  replace_string (&self->credits, credits);
}

CbExport *
cb_export_copy (CbExport   *self,
                CbRenderer *renderer)
{
  CbExport *copy;

  g_return_val_if_fail (CB_IS_EXPORT (self), NULL);
  g_return_val_if_fail (CB_IS_RENDERER (renderer), NULL);

  copy = cb_export_new (renderer);
  copy->width = self->width;
  copy->height = self->height;
  copy->pixel_scale = self->pixel_scale;
  copy->dpi = self->dpi;
  copy->language = g_strdup (self->language);
  copy->selected_town = g_strdup (self->selected_town);
  copy->title = g_strdup (self->title);
  copy->credits = g_strdup (self->credits);
  copy->caption = g_strdup (self->caption);
  copy->date = self->date;
  g_set_object (&copy->history, self->history);
  copy->map_bounds = self->map_bounds;
  copy->paper_width = self->paper_width;
  copy->paper_height = self->paper_height;
  copy->hide_legend = self->hide_legend;
  return copy;
}

void
cb_export_set_paper (CbExport *self,
                     double    width_mm,
                     double    height_mm)
{
  double dpi;

  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (width_mm >= 0 && height_mm >= 0);

  if (width_mm <= 0 || height_mm <= 0)
    {
      self->paper_width = self->paper_height = 0;
      return;
    }
  self->paper_width = width_mm;
  self->paper_height = height_mm;
  dpi = self->dpi > 0 ? self->dpi : CB_EXPORT_SCREEN_DPI;
  cb_export_set_size (self, (guint) lround (width_mm / 25.4 * dpi), (guint) lround (height_mm / 25.4 * dpi));
}

gboolean
cb_export_get_paper (CbExport *self,
                     double   *out_width_mm,
                     double   *out_height_mm)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), FALSE);

  if (out_width_mm != NULL)
    *out_width_mm = self->paper_width;
  if (out_height_mm != NULL)
    *out_height_mm = self->paper_height;
  return self->paper_width > 0 && self->paper_height > 0;
}

void
_cb_export_page_points (CbExport *self,
                        double   *out_width,
                        double   *out_height)
{
  double dpi = self->dpi > 0 ? self->dpi : CB_EXPORT_SCREEN_DPI;

  if (self->paper_width > 0 && self->paper_height > 0)
    {
      *out_width = self->paper_width / 25.4 * 72.0;
      *out_height = self->paper_height / 25.4 * 72.0;
    }
  else
    {
      *out_width = self->width * 72.0 / dpi;
      *out_height = self->height * 72.0 / dpi;
    }
}

gboolean
cb_export_get_locale_paper (double *out_width_mm,
                            double *out_height_mm)
{
  double width = 210, height = 297;

#ifdef __GLIBC__
  {
    /* glibc returns the number itself in the pointer (as GTK reads it). */
    union { const char *string; unsigned int word; } w, h;

    w.string = nl_langinfo (_NL_PAPER_WIDTH);
    h.string = nl_langinfo (_NL_PAPER_HEIGHT);
    if (w.word > 0 && h.word > 0 && w.word < 10000 && h.word < 10000)
      {
        width = MIN (w.word, h.word);
        height = MAX (w.word, h.word);
      }
  }
#endif
  /* The locale rounds to whole mm: Letter is 8.5 × 11 in exactly. */
  if (width == 216 && height == 279)
    {
      width = 215.9;
      height = 279.4;
    }
  if (out_width_mm != NULL)
    *out_width_mm = width;
  if (out_height_mm != NULL)
    *out_height_mm = height;
  return width == 215.9 && height == 279.4;
}

void
cb_export_turn (CbExport            *self,
                CbExportOrientation  orientation)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if ((orientation == CB_EXPORT_ORIENTATION_LANDSCAPE && self->width < self->height) ||
      (orientation == CB_EXPORT_ORIENTATION_PORTRAIT && self->width > self->height))
    {
      double paper_width = self->paper_width;

      self->paper_width = self->paper_height;
      self->paper_height = paper_width;
      cb_export_set_size (self, self->height, self->width);
    }
}

gboolean
cb_export_get_show_legend (CbExport *self)
{
  g_return_val_if_fail (CB_IS_EXPORT (self), FALSE);
  return !self->hide_legend;
}

void
cb_export_set_show_legend (CbExport *self,
                           gboolean  show_legend)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  self->hide_legend = !show_legend;
}

void
cb_export_set_map_bounds (CbExport       *self,
                          const CbBounds *bounds)
{
  g_return_if_fail (CB_IS_EXPORT (self));

  if (bounds != NULL && !cb_bounds_is_empty (bounds))
    self->map_bounds = *bounds;
  else
    cb_bounds_init_empty (&self->map_bounds);
}

void
cb_export_get_map_bounds (CbExport *self,
                          CbBounds *out_bounds)
{
  g_return_if_fail (CB_IS_EXPORT (self));
  g_return_if_fail (out_bounds != NULL);

  /* The region needs a PROJ set-up: only when no bounds were given. */
  if (cb_bounds_is_empty (&self->map_bounds))
    cb_projection_get_region_bounds (out_bounds);
  else
    *out_bounds = self->map_bounds;
}

static void
cb_export_finalize (GObject *object)
{
  CbExport *self = CB_EXPORT (object);

  g_clear_object (&self->renderer);
  g_free (self->language);
  g_free (self->selected_town);
  g_free (self->title);
  g_free (self->credits);
  g_free (self->caption);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (cb_export_parent_class)->finalize (object);
}

static void
cb_export_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CbExport *self = CB_EXPORT (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      g_value_set_object (value, self->renderer);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_PIXEL_SCALE:
      g_value_set_double (value, self->pixel_scale);
      break;
    case PROP_DPI:
      g_value_set_double (value, self->dpi);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_SELECTED_TOWN:
      g_value_set_string (value, self->selected_town);
      break;
    case PROP_TITLE:
      g_value_set_string (value, cb_export_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_export_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CbExport *self = CB_EXPORT (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      self->renderer = g_value_dup_object (value);
      break;
    case PROP_WIDTH:
      cb_export_set_size (self, g_value_get_uint (value), self->height);
      break;
    case PROP_HEIGHT:
      cb_export_set_size (self, self->width, g_value_get_uint (value));
      break;
    case PROP_PIXEL_SCALE:
      cb_export_set_pixel_scale (self, g_value_get_double (value));
      break;
    case PROP_DPI:
      cb_export_set_dpi (self, g_value_get_double (value));
      break;
    case PROP_LANGUAGE:
      cb_export_set_language (self, g_value_get_string (value));
      break;
    case PROP_SELECTED_TOWN:
      cb_export_set_selected_town (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      cb_export_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cb_export_class_init (CbExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cb_export_finalize;
  object_class->get_property = cb_export_get_property;
  object_class->set_property = cb_export_set_property;

  properties[PROP_RENDERER] =
    g_param_spec_object ("renderer", NULL, NULL, CB_TYPE_RENDERER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, CB_EXPORT_DEFAULT_WIDTH, flags);
  properties[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, CB_EXPORT_DEFAULT_HEIGHT, flags);
  properties[PROP_PIXEL_SCALE] =
    g_param_spec_double ("pixel-scale", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_DPI] =
    g_param_spec_double ("dpi", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL, flags);
  properties[PROP_SELECTED_TOWN] =
    g_param_spec_string ("selected-town", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cb_export_init (CbExport *self)
{
  self->width = CB_EXPORT_DEFAULT_WIDTH;
  self->height = CB_EXPORT_DEFAULT_HEIGHT;
  cb_bounds_init_empty (&self->map_bounds);
}
