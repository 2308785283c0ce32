/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What every benchmark program shares: case selection, CPU time, sorting. */

/* TRUE when @selected (a --case list, NULL for all) names @name. */
gboolean cb_bench_case_selected   (char * const *selected,
                                   const char   *name);
/* CPU time of this thread in ms: unlike wall time, it does not count the
 * time spent waiting while other processes use the (shared) cores. */
double   cb_bench_thread_cpu_ms   (void);
/* qsort() comparator for doubles, ascending. */
int      cb_bench_compare_doubles (const void   *a,
                                   const void   *b);

G_END_DECLS
