/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cb-feature-set.h"
#include "cb-place-language.h"

G_BEGIN_DECLS

/* One town of the gazetteer. Owned by the gazetteer; read only. */
typedef struct
{
  char     *id;
  char     *name;                          /* the DBF "name" field */
  char     *names[CB_N_PLACE_LANGUAGES];   /* NULL where no source confirms one */
  char     *name_sources[CB_N_PLACE_LANGUAGES]; /* source keys of names[] ("source_<code>"
                                                 * fields; "no_sourced_name"), or NULL */
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
/* The geodata/SOURCES.md key(s) of the town's name in @language, ";"-separated,
 * "no_sourced_name" where no source gives one, or NULL where the table
 * records none. */
const char *cb_town_get_name_source (const CbTown    *town,
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
/* The towns of the towns layer's features (fields id, name, name_<code>,
 * alt_names separated by ";", size_class, lon, lat). */
CbGazetteer  *cb_gazetteer_new_from_features (CbFeatureSet  *towns,
                                              GError       **error);
gboolean      cb_gazetteer_load_features   (CbGazetteer    *self,
                                            CbFeatureSet   *towns,
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
