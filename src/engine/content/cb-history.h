/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cb-gazetteer.h"

G_BEGIN_DECLS

/* A historical date known to the year, the month or the day. */
typedef struct
{
  int year;
  int month;   /* 0 = not known */
  int day;     /* 0 = not known */
} CbHistoryDate;

gboolean  cb_history_date_parse   (const char          *text,
                                   CbHistoryDate       *out_date);
int       cb_history_date_compare (const CbHistoryDate *a,
                                   const CbHistoryDate *b);
char     *cb_history_date_format  (const CbHistoryDate *date);
char     *cb_history_date_to_iso  (const CbHistoryDate *date);
/* A Julian day (g_date_get_julian()) as "1 August 1920", in the locale. */
char     *cb_history_format_day   (guint32              julian_day);

typedef enum
{
  CB_DATE_CERTAINTY_EXACT,
  CB_DATE_CERTAINTY_APPROXIMATE,
  CB_DATE_CERTAINTY_UNCERTAIN,
  CB_DATE_CERTAINTY_DISPUTED,
} CbDateCertainty;

typedef enum
{
  CB_CLAUSE_VERBATIM,   /* the whole clause is quoted */
  CB_CLAUSE_PARTIAL,    /* a recovered fragment is quoted, the rest summarised */
  CB_CLAUSE_SUMMARY,    /* no text recovered: our own summary only */
} CbClauseStatus;

typedef enum
{
  CB_SOURCE_KIND_TREATY_TEXT,
  CB_SOURCE_KIND_OFFICIAL_GAZETTE,
  CB_SOURCE_KIND_ARCHIVAL_DOCUMENT,
  CB_SOURCE_KIND_SCHOLARLY,
  CB_SOURCE_KIND_ENCYCLOPEDIA,
  CB_SOURCE_KIND_NEWSPAPER,
  CB_SOURCE_KIND_OTHER,
} CbSourceKind;

/* One work in the source registry (sources.ini). */
typedef struct
{
  char         *key;
  char         *author;
  char         *title;
  char         *publisher;   /* may be NULL */
  char         *year;        /* as written; NULL when not recorded */
  char         *language;    /* ISO 639-1, may be NULL */
  CbSourceKind  kind;
  char         *url;         /* original publisher, library, archive or Wikipedia; may be NULL */
  char         *note;        /* may be NULL */
} CbHistorySource;

/* A reference to a registry entry, with an optional page or locator. */
typedef struct
{
  const CbHistorySource *source;
  char                  *locator;   /* e.g. "p. 1121", may be NULL */
} CbHistoryCitation;

char       *cb_history_citation_format (const CbHistoryCitation *citation);
const char *cb_source_kind_to_string   (CbSourceKind              kind);
gboolean    cb_history_url_is_copy     (const char               *url);

typedef struct
{
  char *id;
  char *title;
  char *date_text;      /* as written in the file, e.g. "1920-07-12" */
  char *summary;
} CbHistoryDocument;

typedef struct
{
  char                    *id;
  const CbHistoryDocument *document;
  char                    *title;
  CbClauseStatus           status;
  char                    *quote;           /* verbatim text, NULL for a summary */
  char                    *quote_language;  /* e.g. "en", "fr", "pl" */
  GStrv                    quote_originals; /* languages of the originals when the quote is a translation, else empty */
  char                    *translator;      /* who translated it, for a translation */
  char                    *summary;         /* our own words; may be NULL when verbatim */
  GPtrArray               *citations;       /* CbHistoryCitation*, at least one */
} CbHistoryClause;

typedef struct
{
  char            *id;
  CbHistoryDate    date;
  CbDateCertainty  certainty;
  char            *date_note;     /* why the date is uncertain, NULL if exact */
  GStrv            towns;
  GStrv            clauses;       /* clause ids the event relates to, may be empty */
  GStrv            people;        /* person keys named in the summary, may be empty */
  char            *summary;
  GPtrArray       *citations;     /* CbHistoryCitation*, at least one */
  gboolean         legacy;        /* after 1923 */
} CbHistoryEvent;

/* One entry of the people index (people.ini). */
typedef struct
{
  char      *key;
  char      *name;
  char      *role;
  char      *dates;       /* e.g. "1872–1936" as written */
  GStrv      forms;       /* spellings to find in event texts (name first) */
  GPtrArray *citations;   /* CbHistoryCitation* */
} CbHistoryPerson;

typedef enum
{
  CB_HOLDER_GERMANY,
  CB_HOLDER_SOVIET,
  CB_HOLDER_POLAND,
  CB_HOLDER_LITHUANIA,
  CB_HOLDER_CENTRAL_LITHUANIA,
  CB_HOLDER_LATVIA,
  CB_HOLDER_CONTESTED,     /* fighting, hand-over, or no source names a holder */
} CbHolder;

typedef enum
{
  CB_HOLD_DOCUMENTED,
  CB_HOLD_INFERRED,
  CB_HOLD_UNCERTAIN,
} CbHoldCertainty;

/* Who held a town from @from to @to, both inclusive (holders.ini). */
typedef struct
{
  CbHistoryDate     from;
  CbHistoryDate     to;
  CbHolder          holder;
  CbHoldCertainty   certainty;
  char             *note;
  GPtrArray        *citations;   /* CbHistoryCitation* */
} CbHistoryHolding;

/* The data's name of a holder, e.g. "soviet_russia". */
const char *cb_holder_to_string (CbHolder holder);
/* A holder's name for readers, translated, e.g. "Soviet Russia / Litbel". */
const char *cb_holder_get_title (CbHolder holder);

typedef struct
{
  const CbHistoryClause *clause;
  char                  *why;     /* why it matters for this town */
} CbHistoryTownClause;

typedef struct
{
  char      *id;
  char      *status;
  GPtrArray *status_citations;  /* CbHistoryCitation*, at least one */
  char      *note;
  GPtrArray *clauses;           /* CbHistoryTownClause* */
  GPtrArray *holdings;          /* CbHistoryHolding*, oldest first, may be empty */
} CbHistoryTown;

/* One thing wrong in a content file. The rest of the file still loads. */
typedef struct
{
  char *file;     /* basename */
  int   line;     /* 1-based, 0 when not known */
  char *reason;
} CbHistoryProblem;

char *cb_history_problem_to_string (const CbHistoryProblem *problem);

#define CB_TYPE_HISTORY (cb_history_get_type ())

G_DECLARE_FINAL_TYPE (CbHistory, cb_history, CB, HISTORY, GObject)

CbHistory               *cb_history_new                  (const char  *locale);
gboolean                 cb_history_load_dir             (CbHistory   *self,
                                                          const char  *dir,
                                                          CbGazetteer *gazetteer,
                                                          GError     **error);
GPtrArray               *cb_history_get_problems         (CbHistory   *self);

const CbHistoryDocument *cb_history_get_document         (CbHistory   *self,
                                                          const char  *id);
const CbHistoryClause   *cb_history_get_clause           (CbHistory   *self,
                                                          const char  *id);
const CbHistoryTown     *cb_history_get_town             (CbHistory   *self,
                                                          const char  *town_id);
GPtrArray               *cb_history_get_events_for_town  (CbHistory   *self,
                                                          const char  *town_id);
GPtrArray               *cb_history_get_clauses          (CbHistory   *self);
GPtrArray               *cb_history_get_events           (CbHistory   *self);
guint                    cb_history_get_n_towns          (CbHistory   *self);
const CbHistorySource   *cb_history_get_source           (CbHistory   *self,
                                                          const char  *key);
GPtrArray               *cb_history_get_sources          (CbHistory   *self);
const CbHistoryPerson   *cb_history_get_person           (CbHistory   *self,
                                                          const char  *key);
GPtrArray               *cb_history_get_people           (CbHistory   *self);
const CbHistoryHolding  *cb_history_get_holder_at        (CbHistory   *self,
                                                          const char  *town_id,
                                                          const GDate *date);

G_END_DECLS
