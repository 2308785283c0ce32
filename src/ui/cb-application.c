/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cb-application.h"
#include "cb-export-cli.h"
#include "cb-names.h"
#include "cb-window.h"

struct _CbApplication
{
  AdwApplication parent_instance;

  CbAtlas *atlas;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (CbApplication, cb_application, ADW_TYPE_APPLICATION)

CbAtlas *
cb_application_get_atlas (CbApplication *self)
{
  g_return_val_if_fail (CB_IS_APPLICATION (self), NULL);

  if (self->atlas == NULL)
    {
      self->atlas = cb_atlas_new ();
      cb_atlas_load (self->atlas, NULL, NULL);
    }
  return self->atlas;
}

GSettings *
cb_application_get_settings (CbApplication *self)
{
  g_return_val_if_fail (CB_IS_APPLICATION (self), NULL);

  /* Not before it is needed: the command line works without the schema. */
  if (self->settings == NULL)
    {
      self->settings = g_settings_new (APP_ID);
      cb_atlas_bind_settings (cb_application_get_atlas (self), self->settings);
    }
  return self->settings;
}

GtkWindow *
cb_application_new_window (CbApplication *self)
{
  g_return_val_if_fail (CB_IS_APPLICATION (self), NULL);

  return GTK_WINDOW (cb_window_new (GTK_APPLICATION (self),
                                    cb_application_get_atlas (self),
                                    cb_application_get_settings (self)));
}

static void
cb_application_finalize (GObject *object)
{
  CbApplication *self = CB_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->atlas);

  G_OBJECT_CLASS (cb_application_parent_class)->finalize (object);
}

CbApplication *
cb_application_new (void)
{
  return g_object_new (CB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

static void
cb_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = cb_application_new_window (CB_APPLICATION (app));

  gtk_window_present (window);
}

/* Each data source with its licence, as the About window's legal sections. */
static const struct {
  const char *title;
  const char *copyright;
  GtkLicense license;
  const char *custom;
} data_credits[] = {
  { "CShapes 2.0", "Schvitz, Girardin, Rüegger, Weidmann, Cederman and Gleditsch (2022), Journal of Conflict Resolution 66:144–161", GTK_LICENSE_GPL_2_0, NULL },
  { "Russian Empire Historical GIS 1897 (RISTAT)", "IISH Dataverse hdl:10622/DN9QDM", GTK_LICENSE_CUSTOM, "Creative Commons CC0 1.0 (public domain dedication)" },
  { "Natural Earth", "naturalearthdata.com", GTK_LICENSE_CUSTOM, "Public domain" },
  { "GSHHG 2.3.7 (WDBII rivers)", "Wessel and Smith, SOEST, University of Hawaiʻi", GTK_LICENSE_LGPL_3_0, NULL },
  { "GeoNames", "geonames.org", GTK_LICENSE_CUSTOM, "Creative Commons Attribution 4.0 (CC BY 4.0)" },
  { "Wikipedia", "“Soviet–Lithuanian Peace Treaty” (en); “Czarna Hańcza” (de); “Granica polsko-środkowolitewska”, “Pas neutralny polsko-litewski” (pl)", GTK_LICENSE_CUSTOM, "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0); facts only" },
  { "Słownik geograficzny Królestwa Polskiego", "vol. I (1880), “Biebrza”", GTK_LICENSE_CUSTOM, "Public domain" },
  { "Belarus register of geographical names", "railway stations (Bastuny)", GTK_LICENSE_CUSTOM, "Official data" },
};

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Contested Borders contributors", NULL };
  AdwAboutWindow *about;
  g_autofree char *comments = NULL;
  g_autofree char *treaty_text = NULL;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  adw_about_window_set_application_name (about, _("Contested Borders"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The Contested Borders contributors"));
  adw_about_window_set_developers (about, developers);
  /* TRANSLATORS: %s is the treaty's name */
  comments = g_strdup_printf (_("An atlas of the borders fought over around the %s."),
                              cb_names_get (CB_NAME_TREATY));
  adw_about_window_set_comments (about, comments);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, "https://github.com/contestedborders/contested-borders");
  adw_about_window_set_translator_credits (about, _("translator-credits"));

  for (guint i = 0; i < G_N_ELEMENTS (data_credits); i++)
    adw_about_window_add_legal_section (about,
                                        data_credits[i].title,
                                        data_credits[i].copyright,
                                        data_credits[i].license,
                                        data_credits[i].custom);

  /* TRANSLATORS: %s is the treaty's name; the series keeps its published title */
  treaty_text = g_strdup_printf (_("%s, English text in the League of Nations Treaty Series vol. 3"),
                                 cb_names_get (CB_NAME_TREATY));
  adw_about_window_add_acknowledgement_section (about,
                                                _("Historical texts"),
                                                (const char *[]) {
                                                  treaty_text,
                                                  "Supreme Council declaration, 8 December 1919",
                                                  "Suwałki Agreement, 7 October 1920",
                                                  "Riga preliminary peace and armistice, 12 October 1920 (Dz.U. 1921 nr 28 poz. 161)",
                                                  "Treaty of Riga, 18 March 1921 (League of Nations Treaty Series vol. 6)",
                                                  "Conference of Ambassadors, decision of 15 March 1923 (Dz.U. 1923 nr 49 poz. 333)",
                                                  "L. M. Kuroptev, NKID memorandum, 19 September 1939",
                                                  NULL,
                                                });
  adw_about_window_add_acknowledgement_section (about,
                                                _("Scholarship the lines follow"),
                                                (const char *[]) {
                                                  "Encyklopedia PWN, “Focha linia”",
                                                  "A. Grickevič (Грицкевич), Западный фронт РСФСР 1918–1920",
                                                  "Ju. Žukov (Жуков), Первое поражение Сталина",
                                                  "W. Rezmer; P. Łossowski; T. Balkelis, on the neutral zone 1920–1923",
                                                  "Kaunas City Museum, press digest of 6 October 1920",
                                                  NULL,
                                                });

  gtk_window_present (GTK_WINDOW (about));
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  /* Yelp (or whatever handles help: URIs) finds the installed Mallard pages. */
  gtk_show_uri (gtk_application_get_active_window (app), "help:contested-borders",
                GDK_CURRENT_TIME);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing each window lets it save its state; quit follows when none is left. */
  for (GList *l = windows; l != NULL;)
    {
      GList *next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      l = next;
    }
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "help", .activate = help_action },
  { .name = "quit", .activate = quit_action },
};

static void
cb_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (cb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help",
                                         (const char *[]) { "F1", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-layers",
                                         (const char *[]) { "F9", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open-layer",
                                         (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export",
                                         (const char *[]) { "<Control>e", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.print",
                                         (const char *[]) { "<Control>p", NULL });
}

/* Runs before GTK opens a display, so options that print or export work
 * on a machine without one. Returns an exit status, or -1 to go on. */
static int
cb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "contested-borders", PACKAGE_VERSION);
      return 0;
    }

  /* --layer FILE (repeatable): your layers for this run, also for --export. */
  if (g_variant_dict_contains (options, "layer"))
    {
      g_autofree const char **paths = NULL;
      CbAtlas *atlas = cb_application_get_atlas (CB_APPLICATION (app));
      gboolean failed = FALSE;

      g_variant_dict_lookup (options, "layer", "^a&ay", &paths);
      for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;

          if (cb_atlas_open_layer (atlas, paths[i], &error) == NULL)
            {
              g_printerr ("%s\n", error->message);
              failed = TRUE;
            }
        }
      /* An export without a layer asked for would mislead: stop. */
      if (failed && cb_export_cli_is_requested (options))
        return CB_EXPORT_EXIT_FAILED;
    }

  if (cb_export_cli_is_requested (options))
    return cb_export_cli_handle_options (options, cb_application_get_atlas (CB_APPLICATION (app)));

  return G_APPLICATION_CLASS (cb_application_parent_class)->handle_local_options (app, options);
}

static void
cb_application_class_init (CbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cb_application_finalize;
  app_class->activate = cb_application_activate;
  app_class->startup = cb_application_startup;
  app_class->handle_local_options = cb_application_handle_local_options;
}

static const GOptionEntry main_options[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "layer", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Open a shapefile or GeoJSON file as one of your layers (repeatable; works with --export)"),
    N_("FILE") },
  { NULL }
};

static void
cb_application_init (CbApplication *self)
{
  g_autofree char *summary = NULL;

  g_application_add_main_option_entries (G_APPLICATION (self), main_options);
  /* TRANSLATORS: %s is the treaty's name */
  summary = g_strdup_printf (_("An atlas of the borders around the %s."), cb_names_get (CB_NAME_TREATY));
  g_application_set_option_context_summary (G_APPLICATION (self), summary);
  cb_export_cli_add_options (G_APPLICATION (self));
}
