/* store-test-util.h — sample applications and temporary state directories for the store tests. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sewa-store.h"

#define TEST_NAME "Gurpreet Kaur Sandhu"
#define TEST_MOBILE "9876543210"
#define TEST_FORM "{\"applicant_name\":\"" TEST_NAME "\",\"mobile\":\"" TEST_MOBILE "\"," \
                  "\"village\":\"Kot Isa Khan\",\"aadhaar_last4\":\"4321\"}"

/* Deterministic, incompressible-looking page bytes that start with a recognisable marker. */
static inline guint8 *
test_page_bytes (guint seed, gsize len)
{
  guint8 *b = g_malloc (len);
  guint32 x = 2463534242u ^ (seed * 2654435761u);
  static const char marker[] = "PAGE-CONTENT-MARKER-";

  for (gsize i = 0; i < len; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      b[i] = (guint8) x;
    }
  if (len > sizeof marker + 8)
    {
      memcpy (b, marker, sizeof marker - 1);
      g_snprintf ((char *) b + sizeof marker - 1, 9, "%08u", seed);
    }
  return b;
}

static inline SewaNewApplication
test_application (void)
{
  SewaNewApplication app = { 0 };

  app.service_id = "caste-certificate-sc";
  app.catalog_version = "2026.11.1";
  app.catalog_hash = "0a4f3c8e5d2b7a9c1f3e5d7b9a1c3e5f7d9b1a3c5e7f9d1b3a5c7e9f1d3b5a7c";
  app.form_json = TEST_FORM;
  app.citizen_ref = TEST_MOBILE;
  app.fee_state = SEWA_FEE_PAID;
  app.fee_amount_paise = 4500;
  app.fee_payment_ref = "UPI-1234";
  return app;
}

/* A fresh state directory; remove it with test_rm_rf(). */
static inline char *
test_state_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sewa-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
test_rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            test_rm_rf (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static inline SewaStore *
test_open (const char *dir)
{
  g_autoptr (GError) error = NULL;
  SewaStore *store = sewa_store_open (dir, NULL, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* Every check passes: structure, records, pages. */
static inline void
test_assert_healthy (SewaStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaStoreCheckReport) report = sewa_store_check (store, SEWA_STORE_CHECK_ALL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < report->problems->len; i++)
    g_printerr ("problem: %s\n", (const char *) g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 0);
}

/* The shape of the numbered applications the crash tests enqueue: form "n" = form_n, and
 * n_pages pages whose bytes follow from form_n. */
static inline guint
test_numbered_n_pages (guint form_n)
{
  return form_n % 4;
}

static inline guint
test_numbered_page_seed (guint form_n, guint i)
{
  return form_n * 10 + i;
}

static inline gsize
test_numbered_page_len (guint form_n, guint i)
{
  return 1500 + 1700 * ((form_n + i) % 5);
}

static inline char *
test_numbered_form (guint form_n)
{
  return g_strdup_printf ("{\"applicant_name\":\"%s\",\"mobile\":\"%s\",\"n\":%u}", TEST_NAME,
                          TEST_MOBILE, form_n);
}

static inline gboolean
test_enqueue_numbered (SewaStore *store, guint form_n, char **out_id, GError **error)
{
  SewaNewApplication app = test_application ();
  guint n_pages = test_numbered_n_pages (form_n);
  SewaNewPage pages[4];
  guint8 *bufs[4] = { NULL };
  g_autofree char *form = test_numbered_form (form_n);
  gboolean ok;

  app.form_json = form;
  for (guint i = 0; i < n_pages; i++)
    {
      gsize len = test_numbered_page_len (form_n, i);

      bufs[i] = test_page_bytes (test_numbered_page_seed (form_n, i), len);
      pages[i] = (SewaNewPage) { "doc", "X", "image/jpeg", bufs[i], len };
    }
  ok = sewa_store_enqueue (store, &app, pages, n_pages, out_id, NULL, error);
  for (guint i = 0; i < n_pages; i++)
    g_free (bufs[i]);
  return ok;
}

/* Reads back a numbered application and checks its form and every page (unless purged). */
static inline void
test_assert_numbered (SewaStore *store, const char *id, guint form_n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaApplication) app = sewa_store_get (store, id, TRUE, &error);
  g_autofree char *n = g_strdup_printf ("\"n\":%u}", form_n);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (app->form_json, n));
  g_assert_cmpuint (app->n_pages, ==, test_numbered_n_pages (form_n));
  g_assert_cmpuint (app->pages->len, ==, app->n_pages);
  for (guint p = 0; p < app->pages->len; p++)
    {
      SewaAppPage *page = g_ptr_array_index (app->pages, p);
      gsize len = test_numbered_page_len (form_n, p);
      g_autofree guint8 *want = test_page_bytes (test_numbered_page_seed (form_n, p), len);
      g_autoptr (GBytes) got = NULL;

      g_assert_cmpint (page->size, ==, (gint64) len);
      g_assert_cmpint (page->purged, ==, app->pages_purged_at != 0);
      if (page->purged)
        continue;
      got = sewa_store_read_page (store, page->sha256, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), want, len);
    }
}
