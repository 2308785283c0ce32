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
  char                    *summary;         /* our own words; may be NULL when verbatim */
  char                    *source;
  char                    *source_url;
} CbHistoryClause;

typedef struct
{
  char            *id;
  CbHistoryDate    date;
  CbDateCertainty  certainty;
  char            *date_note;     /* why the date is uncertain, NULL if exact */
  GStrv            towns;
  GStrv            clauses;       /* clause ids the event relates to, may be empty */
  char            *summary;
  char            *source;
  GStrv            source_urls;
  gboolean         legacy;        /* after 1923 */
} CbHistoryEvent;

typedef struct
{
  const CbHistoryClause *clause;
  char                  *why;     /* why it matters for this town */
} CbHistoryTownClause;

typedef struct
{
  char      *id;
  char      *status;
  char      *note;
  GPtrArray *clauses;           /* CbHistoryTownClause* */
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

G_END_DECLS
