/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Languages in which a place name can be shown: the one list of them.
 * The order is the order of the preference menu. */
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

/* "en", "lt"... */
const char      *cb_place_language_to_code     (CbPlaceLanguage  language);
gboolean         cb_place_language_from_code   (const char      *code,
                                                CbPlaceLanguage *out_language);
/* The towns layer's field of names in @language: "name_en", "name_lt"... */
const char      *cb_place_language_get_field   (CbPlaceLanguage  language);
/* Codes joined by @separator, for messages and --help ("en, lt, pl…"). */
char            *cb_place_language_list_codes  (const char      *separator);
CbPlaceLanguage  cb_place_language_from_locale (const char      *locale);
CbPlaceLanguage  cb_place_language_resolve     (const char      *setting);
const char      *cb_place_language_get_label   (CbPlaceLanguage  language);

/*
 * The one rule for which name a place shows in @language: its name in
 * that language where a source confirms one, else the English name, else
 * the record's plain @name, else any name it has, else its @id.
 * @names holds CB_N_PLACE_LANGUAGES entries, NULL or "" where unknown.
 */
const char      *cb_place_language_choose_name (const char * const *names,
                                                const char      *name,
                                                const char      *id,
                                                CbPlaceLanguage  language);

G_END_DECLS
