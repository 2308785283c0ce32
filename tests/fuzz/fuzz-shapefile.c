/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: a shapefile set read from memory through shapelib's
 * I/O hooks (the very hooks the loader uses on disk).  The input is a
 * 20-byte header of five little-endian lengths (.shp, .shx, .dbf, .prj,
 * .cpg; 0xffffffff = no such file, lengths beyond the input are cut),
 * then the files one after the other.  make-seeds.py writes this format.
 */
#include <glib.h>
#include <string.h>

#include "cb-shapefile.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const char * const names[] = { "f.shp", "f.shx", "f.dbf", "f.prj", "f.cpg" };
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(CbFeatureSet) set = NULL;
  g_autoptr(GError) error = NULL;
  size_t pos = 20;

  if (size < 20)
    return 0;

  files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint32 len = (guint32) data[4 * i] | (guint32) data[4 * i + 1] << 8 |
                    (guint32) data[4 * i + 2] << 16 | (guint32) data[4 * i + 3] << 24;

      if (len == G_MAXUINT32)
        continue;
      len = (guint32) MIN ((size_t) len, size - pos);
      g_hash_table_insert (files, (gpointer) names[i], g_bytes_new (data + pos, len));
      pos += len;
    }

  set = cb_shapefile_load_from_memory ("f.shp", files, &error);
  fuzz_check_load (set, error);
  return 0;
}
