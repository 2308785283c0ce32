/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <time.h>

#include "cb-bench-common.h"

gboolean
cb_bench_case_selected (char * const *selected,
                        const char   *name)
{
  return selected == NULL || g_strv_contains ((const char * const *) selected, name);
}

double
cb_bench_thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1.0e6;
}

int
cb_bench_compare_doubles (const void *a,
                          const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}
