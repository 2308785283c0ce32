/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The anchor checker: holds every historical line of geodata/ to the anchors
 * written beside its vertices in geodata/src/<layer>.csv (or, for a line
 * taken from a data set, in geodata/src/<layer>_checks.csv).
 *
 * A `check` cell lists places as `place:side:min-max` (`;`-separated): the
 * place (an id of src/towns.csv or src/anchor_places.csv) must lie on that
 * side of the line (a country named in the chain's `left_side`/`right_side`
 * columns, or `any`), between min and max km from it (0-999: the source gives
 * the side only).  The tolerances are the
 * source file's, never this file's.  The line itself is read from the
 * committed shapefile: the layer's features named in the CSV, chained where
 * one starts at the previous one's end.
 *
 * Every check is printed as a table row (`meson test -v anchors`).
 */

#include <math.h>
#include <string.h>

#include <glib.h>
#include <shapefil.h>

/* Lines with anchors; the first file found of <layer>.csv, <layer>_checks.csv. */
static const char *const checked_layers[] = {
  "treaty_1920_line",
  "suwalki_agreement_1920",
  "foch_line_1919",
  "demarcation_1923",
  "riga_preliminary_1920",
  "riga_1921",
  "curzon_line_1919",
  "rivers",
};

static const char *const bases[] = { "documented", "described", "interpolated" };

static const struct
{
  const char *code;
  const char *country;
} side_codes[] = {
  { "lt", "Lithuania" },
  { "ru", "Soviet Russia" },
  { "pl", "Poland" },
  { "by", "Soviet Belarus" },
};

/* ------------------------------------------------------------------ files */

static char *
geodata_path (const char *name)
{
  const char *env = g_getenv ("CB_GEODATA_DIR");

  if (env != NULL && *env != '\0')
    return g_build_filename (env, name, NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "geodata", name, NULL);
}

/* RFC 4180 rows (quoted fields, doubled quotes); each row a NULL-terminated strv. */
static GPtrArray *
csv_read (const char *path)
{
  g_autofree char *text = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) field = g_string_new (NULL);
  gboolean quoted = FALSE, any = FALSE;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    {
      g_ptr_array_unref (rows);
      return NULL;
    }
  for (p = text; ; p++)
    {
      if (quoted)
        {
          if (*p == '\0')
            break;
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      if (*p == '"')
        quoted = any = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          any = TRUE;
        }
      else if (*p == '\n' || *p == '\0')
        {
          if (any || field->len > 0)
            {
              g_ptr_array_add (row, g_strdup (field->str));
              g_ptr_array_add (row, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
            }
          g_string_truncate (field, 0);
          any = FALSE;
          if (*p == '\0')
            break;
        }
      else if (*p != '\r')
        {
          g_string_append_c (field, *p);
          any = TRUE;
        }
    }
  return rows;
}

static int
csv_col (char **header,
         const char *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;
  return -1;
}

static const char *
csv_cell (char **row,
          int    col)
{
  if (col < 0)
    return "";
  for (int i = 0; i < col; i++)
    if (row[i] == NULL)
      return "";
  return row[col] != NULL ? row[col] : "";
}

typedef struct
{
  double lon, lat;
} Pos;

/* Town and anchor-place positions by id. */
static GHashTable *
load_places (void)
{
  static const char *const files[] = { "src/towns.csv", "src/anchor_places.csv" };
  GHashTable *places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = geodata_path (files[f]);
      g_autoptr (GPtrArray) rows = csv_read (path);
      char **header;
      int c_id, c_lon, c_lat;

      if (rows == NULL)
        g_error ("%s: cannot read", path);
      header = g_ptr_array_index (rows, 0);
      c_id = csv_col (header, "id");
      c_lon = csv_col (header, "lon");
      c_lat = csv_col (header, "lat");
      g_assert_cmpint (c_id, >=, 0);
      g_assert_cmpint (c_lon, >=, 0);
      g_assert_cmpint (c_lat, >=, 0);
      for (guint r = 1; r < rows->len; r++)
        {
          char **row = g_ptr_array_index (rows, r);
          Pos *pos = g_new (Pos, 1);

          pos->lon = g_ascii_strtod (csv_cell (row, c_lon), NULL);
          pos->lat = g_ascii_strtod (csv_cell (row, c_lat), NULL);
          if (!g_hash_table_insert (places, g_strdup (csv_cell (row, c_id)), pos))
            g_error ("%s: place %s defined twice", path, csv_cell (row, c_id));
        }
    }
  return places;
}

/* ----------------------------------------------------------------- chains */

typedef struct
{
  GArray *xs, *ys;          /* lon, lat */
  char *left, *right;       /* who holds each side, in vertex order */
  GPtrArray *ids;           /* feature ids */
} Chain;

static void
chain_free (Chain *c)
{
  g_array_unref (c->xs);
  g_array_unref (c->ys);
  g_free (c->left);
  g_free (c->right);
  g_ptr_array_unref (c->ids);
  g_free (c);
}

/* The features of @layer named in @ids, in record order, chained. */
static GPtrArray *
load_chains (const char *layer,
             GHashTable *ids)
{
  g_autofree char *base = geodata_path (layer);
  SHPHandle shp = SHPOpen (base, "rb");
  DBFHandle dbf = DBFOpen (base, "rb");
  GPtrArray *chains = g_ptr_array_new_with_free_func ((GDestroyNotify) chain_free);
  Chain *cur = NULL;
  int n = 0, id_field;

  if (shp == NULL || dbf == NULL)
    g_error ("%s: cannot open shapefile", base);
  SHPGetInfo (shp, &n, NULL, NULL, NULL);
  id_field = DBFGetFieldIndex (dbf, "id");
  g_assert_cmpint (id_field, >=, 0);
  for (int r = 0; r < n; r++)
    {
      const char *id = DBFReadStringAttribute (dbf, r, id_field);
      SHPObject *obj;

      if (!g_hash_table_contains (ids, id))
        continue;
      obj = SHPReadObject (shp, r);
      g_assert_cmpint (obj->nParts, ==, 1);
      if (cur == NULL ||
          g_array_index (cur->xs, double, cur->xs->len - 1) != obj->padfX[0] ||
          g_array_index (cur->ys, double, cur->ys->len - 1) != obj->padfY[0])
        {
          cur = g_new0 (Chain, 1);
          cur->xs = g_array_new (FALSE, FALSE, sizeof (double));
          cur->ys = g_array_new (FALSE, FALSE, sizeof (double));
          cur->ids = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (chains, cur);
          g_array_append_vals (cur->xs, obj->padfX, obj->nVertices);
          g_array_append_vals (cur->ys, obj->padfY, obj->nVertices);
        }
      else
        {
          g_array_append_vals (cur->xs, obj->padfX + 1, obj->nVertices - 1);
          g_array_append_vals (cur->ys, obj->padfY + 1, obj->nVertices - 1);
        }
      g_ptr_array_add (cur->ids, g_strdup (id));
      SHPDestroyObject (obj);
    }
  SHPClose (shp);
  DBFClose (dbf);
  return chains;
}

static Chain *
chain_of (GPtrArray  *chains,
          const char *id)
{
  for (guint i = 0; i < chains->len; i++)
    {
      Chain *c = g_ptr_array_index (chains, i);

      for (guint k = 0; k < c->ids->len; k++)
        if (g_str_equal (g_ptr_array_index (c->ids, k), id))
          return c;
    }
  return NULL;
}

/* Distance in km from a point to the chain (local equirectangular frame at the
 * point), and the side (+1 left, -1 right of the vertex order) from the
 * nearest segment; at a shared vertex where the two segments disagree, the
 * point is in the outer wedge of the turn. */
static double
chain_measure (Chain *c,
               double lon,
               double lat,
               int   *side)
{
  double kx = 111.32 * cos (lat * G_PI / 180), ky = 110.57;
  double best = G_MAXDOUBLE, best_t = 0;
  guint n = c->xs->len, best_i = 0;

#define X(i) ((g_array_index (c->xs, double, (i)) - lon) * kx)
#define Y(i) ((g_array_index (c->ys, double, (i)) - lat) * ky)
#define CROSS(i) ((X ((i) + 1) - X (i)) * (0 - Y (i)) - (Y ((i) + 1) - Y (i)) * (0 - X (i)))

  for (guint i = 0; i + 1 < n; i++)
    {
      double dx = X (i + 1) - X (i), dy = Y (i + 1) - Y (i);
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? (-X (i) * dx - Y (i) * dy) / len2 : 0;
      double qx, qy, d;

      t = CLAMP (t, 0.0, 1.0);
      qx = X (i) + t * dx;
      qy = Y (i) + t * dy;
      d = qx * qx + qy * qy;
      if (d < best - 1e-12)
        {
          best = d;
          best_i = i;
          best_t = t;
        }
    }

  if ((best_t > 0 && best_t < 1) || (best_t == 0 && best_i == 0) || (best_t == 1 && best_i == n - 2))
    *side = CROSS (best_i) > 0 ? 1 : -1;
  else
    {
      guint a = best_t == 1 ? best_i : best_i - 1, b = a + 1;
      double ca = CROSS (a), cb = CROSS (b);

      if ((ca > 0) == (cb > 0))
        *side = ca > 0 ? 1 : -1;
      else
        {
          double turn = (X (b) - X (a)) * (Y (b + 1) - Y (b)) - (Y (b) - Y (a)) * (X (b + 1) - X (b));

          *side = turn > 0 ? -1 : 1;
        }
    }
  return sqrt (best);

#undef X
#undef Y
#undef CROSS
}

static const char *
country_of_code (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (side_codes); i++)
    if (g_str_equal (side_codes[i].code, code))
      return side_codes[i].country;
  return NULL;
}

/* ------------------------------------------------------------------ tests */

static GPtrArray *
read_layer_csv (const char *layer,
                char      **which)
{
  static const char *const suffixes[] = { ".csv", "_checks.csv" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat ("src/", layer, suffixes[i], NULL);
      g_autofree char *path = geodata_path (name);
      GPtrArray *rows = csv_read (path);

      if (rows != NULL)
        {
          *which = g_steal_pointer (&name);
          return rows;
        }
    }
  return NULL;
}

static void
test_anchors (gconstpointer data)
{
  const char *layer = data;
  g_autoptr (GHashTable) places = load_places ();
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GPtrArray) chains = NULL;
  g_autofree char *file = NULL;
  char **header;
  int c_id, c_left, c_right, c_check, c_anchor;
  guint n_checks = 0, n_failed = 0;

  rows = read_layer_csv (layer, &file);
  if (rows == NULL)
    g_error ("%s: neither src/%s.csv nor src/%s_checks.csv", layer, layer, layer);
  header = g_ptr_array_index (rows, 0);
  c_id = csv_col (header, "id");
  c_left = csv_col (header, "left_side");
  c_right = csv_col (header, "right_side");
  c_check = csv_col (header, "check");
  c_anchor = csv_col (header, "anchor");
  if (c_id < 0 || c_left < 0 || c_right < 0 || c_check < 0)
    g_error ("%s: needs id, left_side, right_side and check columns", file);

  for (guint r = 1; r < rows->len; r++)
    g_hash_table_add (ids, (gpointer) csv_cell (g_ptr_array_index (rows, r), c_id));
  chains = load_chains (layer, ids);
  g_assert_cmpuint (chains->len, >, 0);

  /* sides: from the first row of each chain's features that names them */
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      Chain *c = chain_of (chains, csv_cell (row, c_id));

      if (c == NULL)
        g_error ("%s: feature %s not in %s.shp", file, csv_cell (row, c_id), layer);
      if (c->left == NULL && *csv_cell (row, c_left) != '\0')
        {
          c->left = g_strdup (csv_cell (row, c_left));
          c->right = g_strdup (csv_cell (row, c_right));
        }
    }

  g_test_message ("%s (%s): place | side wanted | side found | km from line | tolerance km | anchor", layer, file);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      Chain *c = chain_of (chains, csv_cell (row, c_id));
      g_auto (GStrv) items = g_strsplit (csv_cell (row, c_check), ";", -1);

      for (guint k = 0; items[k] != NULL; k++)
        {
          g_auto (GStrv) parts = NULL;
          g_auto (GStrv) range = NULL;
          g_autofree char *tolerance = NULL;
          const char *want, *found;
          Pos *pos;
          double min, max, km;
          int side = 0;
          gboolean ok;

          if (*items[k] == '\0')
            continue;
          parts = g_strsplit (items[k], ":", 3);
          if (g_strv_length (parts) != 3)
            g_error ("%s row %u: check '%s' is not place:side:min-max", file, r + 1, items[k]);
          range = g_strsplit (parts[2], "-", 2);
          if (g_strv_length (range) != 2)
            g_error ("%s row %u: tolerance '%s' is not min-max", file, r + 1, parts[2]);
          min = g_ascii_strtod (range[0], NULL);
          max = g_ascii_strtod (range[1], NULL);
          pos = g_hash_table_lookup (places, parts[0]);
          if (pos == NULL)
            g_error ("%s row %u: place %s is in neither towns.csv nor anchor_places.csv", file, r + 1, parts[0]);
          if (c->left == NULL)
            g_error ("%s: the chain of %s names no sides", file, csv_cell (row, c_id));
          want = g_str_equal (parts[1], "any") ? "any" : country_of_code (parts[1]);
          if (want == NULL)
            g_error ("%s row %u: unknown side '%s'", file, r + 1, parts[1]);

          km = chain_measure (c, pos->lon, pos->lat, &side);
          found = side > 0 ? c->left : c->right;
          ok = km >= min && km <= max &&
               (g_str_equal (want, "any") || g_str_equal (want, found));
          n_checks++;
          if (!ok)
            n_failed++;
          tolerance = min <= 0 && max >= 999 ? g_strdup ("side only") : g_strdup_printf ("%g-%g", min, max);
          g_test_message ("%s %-22s | %-13s | %-13s | %6.2f | %-9s | %.70s",
                          ok ? "ok  " : "FAIL", parts[0], want, km < 0.05 ? "(on line)" : found,
                          km, tolerance, csv_cell (row, c_anchor));
        }
    }
  g_test_message ("%s: %u checks, %u failed", layer, n_checks, n_failed);
  g_assert_cmpuint (n_checks, >, 0);
  if (n_failed > 0)
    {
      g_test_message ("%s: %u of %u anchor checks fail (see the table above)", layer, n_failed, n_checks);
      g_test_fail ();
    }
}

/* Every vertex of a hand-drawn line says how it is known and on what source. */
static void
test_vertices_sourced (void)
{
  g_autofree char *sources_path = geodata_path ("SOURCES.md");
  g_autofree char *sources = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autofree char *src = geodata_path ("src");
  const char *name;
  guint n_files = 0;

  g_assert_true (g_file_get_contents (sources_path, &sources, NULL, NULL));
  dir = g_dir_open (src, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (src, name, NULL);
      g_autoptr (GPtrArray) rows = NULL;
      char **header;
      int c_basis, c_vsrc, c_anchor;

      if (!g_str_has_suffix (name, ".csv"))
        continue;
      rows = csv_read (path);
      g_assert_nonnull (rows);
      header = g_ptr_array_index (rows, 0);
      if (csv_col (header, "seq") < 0)
        continue;   /* not a vertex list */
      n_files++;
      c_basis = csv_col (header, "basis");
      c_vsrc = csv_col (header, "vertex_source");
      c_anchor = csv_col (header, "anchor");
      if (c_basis < 0 || c_vsrc < 0 || c_anchor < 0)
        g_error ("%s: vertex list without anchor, basis and vertex_source columns", name);
      for (guint r = 1; r < rows->len; r++)
        {
          char **row = g_ptr_array_index (rows, r);
          g_auto (GStrv) keys = g_strsplit (csv_cell (row, c_vsrc), ";", -1);
          gboolean known = FALSE;

          for (gsize b = 0; b < G_N_ELEMENTS (bases); b++)
            known |= g_str_equal (csv_cell (row, c_basis), bases[b]);
          if (!known)
            g_error ("%s row %u: basis '%s' is not documented/described/interpolated", name, r + 1,
                     csv_cell (row, c_basis));
          if (*csv_cell (row, c_anchor) == '\0' || keys[0] == NULL || *keys[0] == '\0')
            g_error ("%s row %u: vertex without anchor or source", name, r + 1);
          for (guint k = 0; keys[k] != NULL; k++)
            {
              g_autofree char *heading = g_strdup_printf ("### `%s`", keys[k]);

              if (strstr (sources, heading) == NULL)
                g_error ("%s row %u: source key '%s' not documented in SOURCES.md", name, r + 1, keys[k]);
            }
        }
    }
  g_assert_cmpuint (n_files, >=, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/anchors/vertices-sourced", test_vertices_sourced);
  for (gsize i = 0; i < G_N_ELEMENTS (checked_layers); i++)
    {
      g_autofree char *path = g_strconcat ("/anchors/", checked_layers[i], NULL);

      g_test_add_data_func (path, checked_layers[i], test_anchors);
    }
  return g_test_run ();
}
