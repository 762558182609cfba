/* Several operators at one kiosk, pressed through the X server (issue #18): two operators each
 * with their own PIN (`kioskctl operator add`); the PIN pad shows their names; one operator
 * locked out by five wrong PINs does not lock the other, who still gets in; the audit log
 * says who did what (the lockout names bilal, operator mode was entered by asha). */
#include "sewa-journey.h"
#include "sewa-lang.h"

#include <sqlite3.h>
#include <string.h>

typedef struct
{
  const char *message;  /* the message line as wanted */
} PadState;

static gboolean
pad_is (JsonObject *state, gpointer data)
{
  const PadState *want = data;
  JsonObject *message = sewa_fingers_find (state, "#message");

  return g_strcmp0 (sewa_fingers_screen (state), "operator-pin") == 0 && message != NULL &&
         g_strcmp0 (json_object_get_string_member_with_default (message, "text", ""), want->message) == 0;
}

static gboolean
pin_pad_open (JsonObject *state, gpointer unused)
{
  return g_strcmp0 (sewa_fingers_screen (state), "operator-pin") == 0;
}

static char *audit_lines (SewaJourney *j);

/* Waits until the audit log holds a line containing @text. */
static char *
wait_audit (SewaJourney *j, const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  char *log = NULL;

  do
    {
      g_free (log);
      log = audit_lines (j);
      if (strstr (log, text) != NULL)
        return log;
      g_usleep (100 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  g_test_message ("%s", log);
  g_error ("no audit entry with \"%s\"", text);
}

/* One PIN typed on the pad and OK tapped. */
static void
tap_pin (SewaJourney *j, const char *digits)
{
  for (const char *d = digits; *d != '\0'; d++)
    {
      g_autofree char *key = g_strdup_printf (".pin-key =%c", *d);
      sewa_fingers_tap (j->f, key);
    }
  sewa_fingers_tap (j->f, ".pin-key .suggested-action");
}

/* bilal's @n-th wrong PIN: typed, answered (the audit entry the kiosk writes for it), and, but
 * for the last, the pad open again (after the wait the third and fourth cost). */
static void
wrong_pin (SewaJourney *j, guint n, gboolean last)
{
  g_autofree char *entry = g_strdup_printf ("operator=bilal failures=%u ", n);
  g_autofree char *log = NULL;
  PadState open = { sewa_journey_tr (SEWA_LANG_PA, "Wrong PIN. Please try again.") };

  tap_pin (j, "9999");
  log = wait_audit (j, entry);
  if (!last)
    {
      g_autoptr (JsonObject) s = sewa_fingers_wait (j->f, pad_is, &open, "the pad open again", 30);
    }
}

/* A [operator.NAME] group with the hash `kioskctl operator add` wrote for @pin. */
static char *
add_operator (SewaJourney *j, const char *conf, const char *name, const char *pin)
{
  g_autofree char *ctl = g_build_filename (g_getenv ("SEWA_BUILD_ROOT"), "kioskctl", "kioskctl", NULL);
  g_autofree char *input = g_strdup_printf ("%s\n", pin);
  g_autofree char *group = g_strdup_printf ("operator.%s", name);
  g_autoptr (GSubprocess) add = NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *hash = NULL;

  add = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, ctl, "operator", "add", name, conf, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (add, input, NULL, NULL, NULL, &error));
  g_assert_true (g_subprocess_get_successful (add));
  g_assert_true (g_key_file_load_from_file (kf, conf, G_KEY_FILE_NONE, &error));
  hash = g_key_file_get_string (kf, group, "pin-hash", &error);
  g_assert_no_error (error);
  return g_strdup_printf ("[%s]\npin-hash=%s\n", group, hash);
}

/* The audit log's entries as "actor|event|detail" lines, oldest first (the log is not sealed:
 * it holds no citizen data). */
static char *
audit_lines (SewaJourney *j)
{
  g_autofree char *db_path = g_build_filename (j->state_dir, "queue.db", NULL);
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT actor, event, detail FROM audit_log ORDER BY id",
                                       -1, &st, NULL), ==, SQLITE_OK);
  while (sqlite3_step (st) == SQLITE_ROW)
    g_string_append_printf (out, "%s|%s|%s\n", sqlite3_column_text (st, 0),
                            sqlite3_column_text (st, 1), sqlite3_column_text (st, 2));
  sqlite3_finalize (st);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
test_two_operators (void)
{
  SewaJourney *j = sewa_journey_new ("operators-two", FALSE);
  g_autofree char *conf = g_build_filename (j->home, "operators.conf", NULL);
  g_autofree char *asha = NULL, *bilal = NULL, *extra = NULL, *log = NULL;
  g_autoptr (GError) error = NULL;
  const char *wrong = sewa_journey_tr (SEWA_LANG_PA, "Wrong PIN. Please try again.");

  g_assert_true (g_file_set_contents (conf, "[kiosk]\ncentre=ASR02\n", -1, &error));
  asha = add_operator (j, conf, "asha", "2580");
  bilal = add_operator (j, conf, "bilal", "1470");
  extra = g_strconcat (asha, bilal, NULL);
  sewa_journey_launch (j, extra);

  sewa_fingers_wait_screen (j->f, "home");
  sewa_fingers_hold (j->f, "#emblem", pin_pad_open, NULL, 6000);
  sewa_fingers_wait_screen (j->f, "operator-pin");
  j->lang = SEWA_LANG_PA;
  sewa_journey_check (j, "operators-pad");

  /* bilal's PIN tried wrong five times: the first four answer "wrong" (the third and fourth
   * after a wait of 2 s and 4 s), the fifth locks bilal out. */
  sewa_fingers_tap (j->f, ".pin-operator =bilal");
  for (guint i = 1; i <= 5; i++)
    wrong_pin (j, i, i == 5);
  {
    g_autoptr (JsonObject) locked = sewa_fingers_state (j->f);
    JsonObject *message = sewa_fingers_find (locked, "#message");

    g_assert_nonnull (message);
    g_assert_cmpstr (json_object_get_string_member_with_default (message, "text", ""), !=, wrong);
    sewa_journey_check (j, "operators-locked");
  }

  /* asha is not locked: her name chosen, the pad takes her PIN and operator mode opens. */
  sewa_fingers_tap (j->f, ".pin-operator =asha");
  {
    PadState clear = { "" };
    g_autoptr (JsonObject) s = sewa_fingers_wait (j->f, pad_is, &clear, "asha's pad, not locked", 20);
  }
  tap_pin (j, "2580");
  sewa_fingers_wait_screen (j->f, "operator");
  sewa_journey_check (j, "operators-open");

  /* The audit entries are written off the main loop. */
  log = wait_audit (j, "asha|operator.enter|");
  g_test_message ("%s", log);
  g_assert_nonnull (strstr (log, "asha|operator.enter|"));
  g_assert_nonnull (strstr (log, "|operator.lockout|operator=bilal failures=5 "));
  g_assert_null (strstr (log, "bilal|operator.enter"));
  sewa_journey_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  sewa_lang_init_gettext (g_getenv ("SEWA_LOCALEDIR"));
  g_test_add_func ("/ui/operators/two", test_two_operators);
  return g_test_run ();
}
