/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Languages in which a place name can be shown. The order is the order of
 * the preference menu. */
typedef enum
{
  CB_PLACE_LANGUAGE_EN,
  CB_PLACE_LANGUAGE_LT,
  CB_PLACE_LANGUAGE_PL,
  CB_PLACE_LANGUAGE_BE,
  CB_PLACE_LANGUAGE_RU,
  CB_PLACE_LANGUAGE_YI,
  CB_N_PLACE_LANGUAGES
} CbPlaceLanguage;

const char      *cb_place_language_to_code     (CbPlaceLanguage  language);
gboolean         cb_place_language_from_code   (const char      *code,
                                                CbPlaceLanguage *out_language);
CbPlaceLanguage  cb_place_language_from_locale (const char      *locale);
CbPlaceLanguage  cb_place_language_resolve     (const char      *setting);
const char      *cb_place_language_get_label   (CbPlaceLanguage  language);

/* One town of the gazetteer. Owned by the gazetteer; read only. */
typedef struct
{
  char     *id;
  char     *name;                          /* the DBF "name" field */
  char     *names[CB_N_PLACE_LANGUAGES];   /* NULL where no source confirms one */
  GPtrArray *alt_names;                    /* char*, other historical forms */
  int       size_class;                    /* 1 capital .. 4 village, 0 unknown */
  double    lon;
  double    lat;
  gboolean  has_location;
} CbTown;

const char *cb_town_get_name        (const CbTown    *town,
                                     CbPlaceLanguage  language);
GPtrArray  *cb_town_dup_other_names (const CbTown    *town,
                                     CbPlaceLanguage  language);

/* One search hit: the town and the name that matched the query. */
typedef struct
{
  const CbTown *town;
  char         *matched_name;
  int           rank;          /* lower is better */
} CbGazetteerMatch;

void cb_gazetteer_match_free (CbGazetteerMatch *match);

#define CB_TYPE_GAZETTEER (cb_gazetteer_get_type ())

G_DECLARE_FINAL_TYPE (CbGazetteer, cb_gazetteer, CB, GAZETTEER, GObject)

CbGazetteer  *cb_gazetteer_new             (void);
CbGazetteer  *cb_gazetteer_new_from_file   (const char     *shp_path,
                                            GError        **error);
gboolean      cb_gazetteer_load_file       (CbGazetteer    *self,
                                            const char     *shp_path,
                                            GError        **error);
CbTown       *cb_gazetteer_add_town        (CbGazetteer    *self,
                                            const char     *id,
                                            const char     *name);
void          cb_gazetteer_add_alt_name    (CbGazetteer    *self,
                                            const char     *id,
                                            const char     *alt_name);
const CbTown *cb_gazetteer_lookup          (CbGazetteer    *self,
                                            const char     *id);
guint         cb_gazetteer_get_n_towns     (CbGazetteer    *self);
const CbTown *cb_gazetteer_get_town        (CbGazetteer    *self,
                                            guint           position);
GPtrArray    *cb_gazetteer_search          (CbGazetteer    *self,
                                            const char     *query);

char         *cb_gazetteer_fold            (const char     *text);

G_END_DECLS
