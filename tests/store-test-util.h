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
