/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cb-place-language.h"

static const char * const language_codes[CB_N_PLACE_LANGUAGES + 1] = {
  "en", "lt", "pl", "be", "ru", "yi", NULL,
};

/* Field names of the towns layer, per language. */
static const char * const language_fields[CB_N_PLACE_LANGUAGES] = {
  "name_en", "name_lt", "name_pl", "name_be", "name_ru", "name_yi",
};

const char *
cb_place_language_to_code (CbPlaceLanguage language)
{
  g_return_val_if_fail (language < CB_N_PLACE_LANGUAGES, "en");

  return language_codes[language];
}

gboolean
cb_place_language_from_code (const char      *code,
                             CbPlaceLanguage *out_language)
{
  if (code == NULL)
    return FALSE;

  for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
    {
      if (g_strcmp0 (code, language_codes[i]) == 0)
        {
          if (out_language != NULL)
            *out_language = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Accepts "lt", "lt_LT", "lt_LT.UTF-8", "be@latin"... */
static gboolean
language_from_locale_name (const char      *locale,
                           CbPlaceLanguage *out_language)
{
  g_autofree char *code = NULL;
  gsize len = 0;

  if (locale == NULL)
    return FALSE;

  while (locale[len] != '\0' && g_ascii_isalpha (locale[len]))
    len++;
  if (len == 0)
    return FALSE;

  code = g_ascii_strdown (locale, len);
  return cb_place_language_from_code (code, out_language);
}

CbPlaceLanguage
cb_place_language_from_locale (const char *locale)
{
  CbPlaceLanguage language = CB_PLACE_LANGUAGE_EN;
  const char * const *names;

  if (locale != NULL)
    {
      language_from_locale_name (locale, &language);
      return language;
    }

  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (language_from_locale_name (names[i], &language))
        return language;
    }

  return CB_PLACE_LANGUAGE_EN;
}

CbPlaceLanguage
cb_place_language_resolve (const char *setting)
{
  CbPlaceLanguage language;

  if (setting != NULL && setting[0] != '\0' &&
      cb_place_language_from_code (setting, &language))
    return language;

  return cb_place_language_from_locale (NULL);
}

const char *
cb_place_language_get_label (CbPlaceLanguage language)
{
  switch (language)
    {
    case CB_PLACE_LANGUAGE_EN:
      return _("English");
    case CB_PLACE_LANGUAGE_LT:
      return _("Lithuanian");
    case CB_PLACE_LANGUAGE_PL:
      return _("Polish");
    case CB_PLACE_LANGUAGE_BE:
      return _("Belarusian");
    case CB_PLACE_LANGUAGE_RU:
      return _("Russian");
    case CB_PLACE_LANGUAGE_YI:
      return _("Yiddish");
    case CB_N_PLACE_LANGUAGES:
    default:
      break;
    }

  return "";
}

const char *
cb_place_language_get_field (CbPlaceLanguage language)
{
  g_return_val_if_fail (language < CB_N_PLACE_LANGUAGES, "name_en");

  return language_fields[language];
}

char *
cb_place_language_list_codes (const char *separator)
{
  return g_strjoinv (separator, (char **) language_codes);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && text[0] != '\0';
}

const char *
cb_place_language_choose_name (const char * const *names,
                               const char         *name,
                               const char         *id,
                               CbPlaceLanguage     language)
{
  if (language < CB_N_PLACE_LANGUAGES && has_text (names[language]))
    return names[language];
  if (has_text (names[CB_PLACE_LANGUAGE_EN]))
    return names[CB_PLACE_LANGUAGE_EN];
  if (has_text (name))
    return name;
  for (guint i = 0; i < CB_N_PLACE_LANGUAGES; i++)
    if (has_text (names[i]))
      return names[i];
  return id;
}
