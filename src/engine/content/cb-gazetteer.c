/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "cb-error.h"
#include "cb-gazetteer.h"

struct _CbGazetteer
{
  GObject     parent_instance;

  GPtrArray  *towns;       /* CbTown*, in file order */
  GHashTable *by_id;       /* id -> CbTown* (borrowed) */
};

G_DEFINE_FINAL_TYPE (CbGazetteer, cb_gazetteer, G_TYPE_OBJECT)

static void
cb_town_free (CbTown *town)
{
  g_free (town->id);
  g_free (town->name);
  for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
    {
      g_free (town->names[i]);
      g_free (town->name_sources[i]);
    }
  g_clear_pointer (&town->alt_names, g_ptr_array_unref);
  g_free (town);
}

const char *
cb_town_get_name_source (const CbTown    *town,
                         CbPlaceLanguage  language)
{
  g_return_val_if_fail (town != NULL, NULL);
  g_return_val_if_fail (language < CB_N_PLACE_LANGUAGES, NULL);

  return town->name_sources[language];
}

const char *
cb_town_get_name (const CbTown    *town,
                  CbPlaceLanguage  language)
{
  g_return_val_if_fail (town != NULL, NULL);

  return cb_place_language_choose_name ((const char * const *) town->names,
                                        town->name, town->id, language);
}

static gboolean
name_in_array (GPtrArray  *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Every distinct name except the one shown for @language, in language order
 * and then the historical forms. */
GPtrArray *
cb_town_dup_other_names (const CbTown    *town,
                         CbPlaceLanguage  language)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *shown = cb_town_get_name (town, language);

  for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
    {
      const char *name = town->names[i];

      if (name == NULL || g_strcmp0 (name, shown) == 0 || name_in_array (names, name))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }

  for (guint i = 0; town->alt_names != NULL && i < town->alt_names->len; i++)
    {
      const char *name = g_ptr_array_index (town->alt_names, i);

      if (g_strcmp0 (name, shown) == 0 || name_in_array (names, name))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }

  return names;
}

void
cb_gazetteer_match_free (CbGazetteerMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->matched_name);
  g_free (match);
}

static void
cb_gazetteer_finalize (GObject *object)
{
  CbGazetteer *self = CB_GAZETTEER (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->towns, g_ptr_array_unref);

  G_OBJECT_CLASS (cb_gazetteer_parent_class)->finalize (object);
}

static void
cb_gazetteer_class_init (CbGazetteerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cb_gazetteer_finalize;
}

static void
cb_gazetteer_init (CbGazetteer *self)
{
  self->towns = g_ptr_array_new_with_free_func ((GDestroyNotify) cb_town_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

CbGazetteer *
cb_gazetteer_new (void)
{
  return g_object_new (CB_TYPE_GAZETTEER, NULL);
}

CbGazetteer *
cb_gazetteer_new_from_features (CbFeatureSet  *towns,
                                GError       **error)
{
  g_autoptr(CbGazetteer) self = cb_gazetteer_new ();

  if (!cb_gazetteer_load_features (self, towns, error))
    return NULL;

  return g_steal_pointer (&self);
}

CbTown *
cb_gazetteer_add_town (CbGazetteer *self,
                       const char  *id,
                       const char  *name)
{
  CbTown *town;

  g_return_val_if_fail (CB_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (id != NULL && id[0] != '\0', NULL);

  town = g_hash_table_lookup (self->by_id, id);
  if (town != NULL)
    return town;

  town = g_new0 (CbTown, 1);
  town->id = g_strdup (id);
  town->name = g_strdup (name);
  town->alt_names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->towns, town);
  g_hash_table_insert (self->by_id, town->id, town);

  return town;
}

void
cb_gazetteer_add_alt_name (CbGazetteer *self,
                           const char  *id,
                           const char  *alt_name)
{
  CbTown *town;
  g_autofree char *stripped = NULL;

  g_return_if_fail (CB_IS_GAZETTEER (self));
  g_return_if_fail (id != NULL);

  if (alt_name == NULL)
    return;

  town = g_hash_table_lookup (self->by_id, id);
  if (town == NULL)
    return;

  stripped = g_strstrip (g_strdup (alt_name));
  if (stripped[0] == '\0' || name_in_array (town->alt_names, stripped))
    return;
  for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
    {
      if (g_strcmp0 (town->names[i], stripped) == 0)
        return;
    }

  g_ptr_array_add (town->alt_names, g_steal_pointer (&stripped));
}

/* Attribute text, stripped; NULL for none (the feature set holds valid
 * UTF-8 already, "" for NULL values). */
static char *
dup_field (CbFeatureSet *towns,
           guint         feature,
           int           field)
{
  const char *value;

  if (field < 0)
    return NULL;
  value = cb_feature_set_get_attribute_by_index (towns, feature, field);
  if (value == NULL || value[0] == '\0')
    return NULL;
  return g_strdup (value);
}

static gboolean
read_double_field (CbFeatureSet *towns,
                   guint         feature,
                   int           field,
                   double       *out_value)
{
  const char *value;
  char *end = NULL;

  if (field < 0)
    return FALSE;
  value = cb_feature_set_get_attribute_by_index (towns, feature, field);
  if (value == NULL || value[0] == '\0')
    return FALSE;
  *out_value = g_ascii_strtod (value, &end);
  return end != value;
}

gboolean
cb_gazetteer_load_features (CbGazetteer   *self,
                            CbFeatureSet  *towns,
                            GError       **error)
{
  int id_field, name_field, alt_field, size_field, lon_field, lat_field;
  int lang_fields[CB_N_PLACE_LANGUAGES];
  int source_fields[CB_N_PLACE_LANGUAGES];
  guint n_features;

  g_return_val_if_fail (CB_IS_GAZETTEER (self), FALSE);
  g_return_val_if_fail (towns != NULL, FALSE);

  id_field = cb_feature_set_find_field (towns, "id");
  if (id_field < 0)
    {
      g_autofree char *display = g_filename_display_name (cb_feature_set_get_path (towns));

      g_set_error (error, CB_ERROR, CB_ERROR_CORRUPT,
                   _("“%s” has no “id” field"), display);
      return FALSE;
    }

  name_field = cb_feature_set_find_field (towns, "name");
  alt_field = cb_feature_set_find_field (towns, "alt_names");
  size_field = cb_feature_set_find_field (towns, "size_class");
  lon_field = cb_feature_set_find_field (towns, "lon");
  lat_field = cb_feature_set_find_field (towns, "lat");
  for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
    {
      g_autofree char *source_field = g_strconcat ("source_", cb_place_language_to_code (i), NULL);

      lang_fields[i] = cb_feature_set_find_field (towns, cb_place_language_get_field (i));
      source_fields[i] = cb_feature_set_find_field (towns, source_field);
    }

  n_features = cb_feature_set_get_n_features (towns);
  for (guint f = 0; f < n_features; f++)
    {
      g_autofree char *id = dup_field (towns, f, id_field);
      g_autofree char *name = NULL;
      g_autofree char *alt = NULL;
      g_autofree char *size = NULL;
      CbTown *town;
      double lon = 0, lat = 0;
      gboolean has_lon, has_lat;

      if (id == NULL)
        continue;

      name = dup_field (towns, f, name_field);
      town = cb_gazetteer_add_town (self, id, name);

      for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
        {
          g_free (town->names[i]);
          town->names[i] = dup_field (towns, f, lang_fields[i]);
          g_free (town->name_sources[i]);
          town->name_sources[i] = dup_field (towns, f, source_fields[i]);
        }

      alt = dup_field (towns, f, alt_field);
      if (alt != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (alt, ";", -1);

          for (guint i = 0; parts[i] != NULL; i++)
            cb_gazetteer_add_alt_name (self, id, parts[i]);
        }

      size = dup_field (towns, f, size_field);
      if (size != NULL)
        town->size_class = atoi (size);

      /* The attribute table carries WGS84 lon/lat; the geometry is
       * projected, so it is only a fallback when they are missing. */
      has_lon = read_double_field (towns, f, lon_field, &lon);
      has_lat = read_double_field (towns, f, lat_field, &lat);

      town->has_location = has_lon && has_lat &&
                           lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 &&
                           !(lon == 0 && lat == 0);
      town->lon = town->has_location ? lon : 0;
      town->lat = town->has_location ? lat : 0;
    }

  return TRUE;
}

const CbTown *
cb_gazetteer_lookup (CbGazetteer *self,
                     const char  *id)
{
  g_return_val_if_fail (CB_IS_GAZETTEER (self), NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

guint
cb_gazetteer_get_n_towns (CbGazetteer *self)
{
  g_return_val_if_fail (CB_IS_GAZETTEER (self), 0);

  return self->towns->len;
}

const CbTown *
cb_gazetteer_get_town (CbGazetteer *self,
                       guint        position)
{
  g_return_val_if_fail (CB_IS_GAZETTEER (self), NULL);

  if (position >= self->towns->len)
    return NULL;

  return g_ptr_array_index (self->towns, position);
}

/* Letters that NFKD does not split into a base letter plus a mark. */
static const char *
fold_special_letter (gunichar c)
{
  switch (c)
    {
    case 0x0141: case 0x0142: return "l";   /* Ł ł */
    case 0x00D8: case 0x00F8: return "o";   /* Ø ø */
    case 0x0110: case 0x0111: return "d";   /* Đ đ */
    case 0x00D0: case 0x00F0: return "d";   /* Ð ð */
    case 0x0126: case 0x0127: return "h";   /* Ħ ħ */
    case 0x0131:              return "i";   /* ı */
    case 0x00DF: case 0x1E9E: return "ss";  /* ß ẞ */
    case 0x00C6: case 0x00E6: return "ae";  /* Æ æ */
    case 0x0152: case 0x0153: return "oe";  /* Œ œ */
    case 0x00DE: case 0x00FE: return "th";  /* Þ þ */
    case 0x0166: case 0x0167: return "t";   /* Ŧ ŧ */
    case 0x2018: case 0x2019: case 0x02BC: case 0x02B9: return "'";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: return "-";
    default:
      return NULL;
    }
}

/* Case- and diacritic-insensitive key for search: "Łoździeje" and
 * "LOZDZIEJE" both give "lozdzieje". Cyrillic and Hebrew letters stay
 * themselves (only casefolded, marks removed). Runs of spaces collapse. */
char *
cb_gazetteer_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) stripped = NULL;
  g_autofree char *folded = NULL;
  GString *result;
  gboolean pending_space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  stripped = g_string_new (NULL);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      const char *special;

      if (type == G_UNICODE_NON_SPACING_MARK ||
          type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;

      special = fold_special_letter (c);
      if (special != NULL)
        g_string_append (stripped, special);
      else
        g_string_append_unichar (stripped, c);
    }

  folded = g_utf8_casefold (stripped->str, -1);

  result = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = result->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (result, ' ');
      pending_space = FALSE;
      g_string_append_unichar (result, c);
    }

  return g_string_free (result, FALSE);
}

enum {
  RANK_EXACT = 0,
  RANK_PREFIX = 1,
  RANK_WORD_PREFIX = 2,
  RANK_SUBSTRING = 3,
  RANK_NONE = 100,
};

static gboolean
is_word_break (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_ispunct (c);
}

static int
rank_name (const char *folded_name,
           const char *folded_query)
{
  const char *found;

  if (strcmp (folded_name, folded_query) == 0)
    return RANK_EXACT;
  if (g_str_has_prefix (folded_name, folded_query))
    return RANK_PREFIX;

  found = strstr (folded_name, folded_query);
  if (found == NULL)
    return RANK_NONE;

  for (const char *p = found; p != NULL; p = strstr (p + 1, folded_query))
    {
      const char *before = g_utf8_find_prev_char (folded_name, p);

      if (before != NULL && is_word_break (g_utf8_get_char (before)))
        return RANK_WORD_PREFIX;
    }

  return RANK_SUBSTRING;
}

/* "Hrodna (Grodno)" is also searchable as its parts. */
static void
consider_name (const char  *name,
               const char  *folded_query,
               int         *best_rank,
               const char **best_name)
{
  g_autofree char *folded = NULL;
  int rank;

  if (name == NULL)
    return;

  folded = cb_gazetteer_fold (name);
  rank = rank_name (folded, folded_query);

  if (rank != RANK_EXACT)
    {
      const char *open = strchr (name, '(');
      const char *close = open != NULL ? strchr (open, ')') : NULL;

      if (open != NULL && close != NULL)
        {
          g_autofree char *inner = g_strndup (open + 1, close - open - 1);
          g_autofree char *outer = g_strndup (name, open - name);
          g_autofree char *folded_inner = cb_gazetteer_fold (inner);
          g_autofree char *folded_outer = cb_gazetteer_fold (outer);

          rank = MIN (rank, rank_name (folded_inner, folded_query));
          rank = MIN (rank, rank_name (folded_outer, folded_query));
        }
    }

  if (rank < *best_rank)
    {
      *best_rank = rank;
      *best_name = name;
    }
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const CbGazetteerMatch *ma = *(CbGazetteerMatch * const *) a;
  const CbGazetteerMatch *mb = *(CbGazetteerMatch * const *) b;
  int size_a, size_b;

  if (ma->rank != mb->rank)
    return ma->rank < mb->rank ? -1 : 1;

  /* Bigger places first: unknown size sorts last. */
  size_a = ma->town->size_class > 0 ? ma->town->size_class : 99;
  size_b = mb->town->size_class > 0 ? mb->town->size_class : 99;
  if (size_a != size_b)
    return size_a < size_b ? -1 : 1;

  return g_utf8_collate (ma->matched_name, mb->matched_name);
}

/* Returns CbGazetteerMatch*, best first; empty for an empty query. */
GPtrArray *
cb_gazetteer_search (CbGazetteer *self,
                     const char  *query)
{
  GPtrArray *matches;
  g_autofree char *folded_query = NULL;

  g_return_val_if_fail (CB_IS_GAZETTEER (self), NULL);

  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) cb_gazetteer_match_free);
  folded_query = cb_gazetteer_fold (query);
  if (folded_query[0] == '\0')
    return matches;

  for (guint i = 0; i < self->towns->len; i++)
    {
      const CbTown *town = g_ptr_array_index (self->towns, i);
      int best_rank = RANK_NONE;
      const char *best_name = NULL;
      CbGazetteerMatch *match;

      for (guint l = 0; l < CB_N_PLACE_LANGUAGES; l++)
        consider_name (town->names[l], folded_query, &best_rank, &best_name);
      consider_name (town->name, folded_query, &best_rank, &best_name);
      for (guint a = 0; a < town->alt_names->len; a++)
        consider_name (g_ptr_array_index (town->alt_names, a), folded_query,
                       &best_rank, &best_name);

      if (best_rank == RANK_NONE)
        continue;

      match = g_new0 (CbGazetteerMatch, 1);
      match->town = town;
      match->matched_name = g_strdup (best_name);
      match->rank = best_rank;
      g_ptr_array_add (matches, match);
    }

  g_ptr_array_sort (matches, compare_matches);

  return matches;
}
