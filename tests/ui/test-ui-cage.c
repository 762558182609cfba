/* The kiosk under a real Wayland compositor, as sewa-kiosk.service runs it: cage (headless
 * wlroots backend, pixman renderer, no input devices) as an unprivileged user (cage refuses
 * to run as root; under root this test drops to nobody with setpriv), the kiosk its child on
 * GDK's Wayland backend. Proven: READY=1 on NOTIFY_SOCKET after the first frame, the window
 * fullscreen on cage's output (the test probe, ui/sewa-test-probe.c), and one journey step:
 * a citizen who walks away from the start screen gets the idle warning and the kiosk returns
 * to the home screen by itself.
 *
 * Real input cannot be given here: Debian's cage 0.1.4 offers no virtual keyboard or pointer
 * protocol and its headless backend has no devices, so the step is the one the kiosk takes
 * without a touch. Taps are covered under X by the journey tests. */
#include <gio/gio.h>
#include <gio/gunixcredentialsmessage.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "store-test-util.h"

#define NOBODY 65534

static const char *kiosk_path;

typedef struct
{
  char *dir;
  GSocket *notify;
  GSubprocess *cage;
  char *probe_path;
  GSocketConnection *probe;
  GDataInputStream *probe_in;
} Fixture;

/* A directory the kiosk (nobody, when the test runs as root) owns. */
static char *
kiosk_dir (Fixture *f, const char *name)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  if (getuid () == 0)
    g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
  return path;
}

/* The next notification and the pid that sent it (SO_PASSCRED), or NULL after @timeout_ms.
 * Not every READY=1 is the kiosk's: a session bus that GLib autolaunches for it inherits
 * NOTIFY_SOCKET and says READY=1 as soon as it runs. */
static char *
next_message (Fixture *f, gint64 timeout_ms, GPid *out_pid)
{
  g_autoptr (GError) error = NULL;
  GSocketControlMessage **messages = NULL;
  int n_messages = 0;
  char buf[512];
  GInputVector v = { buf, sizeof buf - 1 };
  gssize n;

  *out_pid = 0;
  if (!g_socket_condition_timed_wait (f->notify, G_IO_IN, timeout_ms * 1000, NULL, &error))
    return NULL;
  n = g_socket_receive_message (f->notify, NULL, &v, 1, &messages, &n_messages, NULL, NULL, &error);
  g_assert_no_error (error);
  for (int i = 0; i < n_messages; i++)
    {
      if (G_IS_UNIX_CREDENTIALS_MESSAGE (messages[i]))
        *out_pid = g_credentials_get_unix_pid (
          g_unix_credentials_message_get_credentials (G_UNIX_CREDENTIALS_MESSAGE (messages[i])), NULL);
      g_object_unref (messages[i]);
    }
  g_free (messages);
  buf[n] = '\0';
  return g_strdup (buf);
}

/* Whether @pid runs the kiosk binary. */
static gboolean
is_kiosk (GPid pid)
{
  g_autofree char *link = g_strdup_printf ("/proc/%d/exe", (int) pid);
  g_autofree char *exe = g_file_read_link (link, NULL);
  g_autofree char *want = g_canonicalize_filename (kiosk_path, NULL);

  return exe != NULL && g_strcmp0 (exe, want) == 0;
}

static JsonObject *
probe_state (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *reply = NULL;
  const char *request = "{\"cmd\":\"state\"}\n";

  if (f->probe == NULL)
    {
      g_autoptr (GSocketClient) client = g_socket_client_new ();
      g_autoptr (GSocketAddress) address = g_unix_socket_address_new (f->probe_path);

      f->probe = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
      g_assert_no_error (error);
      f->probe_in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (f->probe)));
    }
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (f->probe)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_data_input_stream_read_line_utf8 (f->probe_in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_true (json_parser_load_from_data (parser, reply, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
shows_text (JsonObject *state, const char *text)
{
  JsonArray *widgets = json_object_get_array_member (state, "widgets");

  for (guint i = 0; i < json_array_get_length (widgets); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (widgets, i),
                                                               "text", NULL), text) == 0)
      return TRUE;
  return FALSE;
}

/* Polls the probe (each answer comes after a frame cycle) until @screen is shown and, when
 * given, @text is on it. */
static JsonObject *
wait_screen (Fixture *f, const char *screen, const char *text, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (JsonObject) state = probe_state (f);

      if (g_strcmp0 (json_object_get_string_member_with_default (state, "screen", NULL), screen) == 0
          && (text == NULL || shows_text (state, text)))
        return g_steal_pointer (&state);
    }
  g_error ("the kiosk under cage did not show %s%s%s within %u s", screen,
           text != NULL ? " with " : "", text != NULL ? text : "", timeout_s);
}

/* Whether uid 65534 can run @kiosk and read the catalog and translations it loads. */
static gboolean
reachable_by_nobody (const char *kiosk)
{
  g_autofree char *catalog = g_build_filename (g_getenv ("SEWA_SOURCE_ROOT"), "data", "catalog",
                                               "catalog.json", NULL);
  const char *locale = g_getenv ("SEWA_LOCALEDIR") != NULL ? g_getenv ("SEWA_LOCALEDIR") : "/";
  const char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                         "sh", "-c", "test -x \"$1\" && test -r \"$2\" && test -x \"$3\"",
                         "sh", kiosk, catalog, locale, NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_cage (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (JsonObject) state = NULL;
  g_autofree char *cage = g_find_program_in_path ("cage");
  g_autofree char *socket_path = NULL, *config_path = NULL, *state_dir = NULL;
  g_autofree char *runtime_dir = NULL, *probe_dir = NULL, *home = NULL, *children = NULL;
  g_autofree char *children_path = NULL;
  g_auto (GStrv) pids = NULL;
  gint64 deadline;
  gboolean ready = FALSE;
  JsonObject *main_native;

  if (cage == NULL)
    {
      g_test_skip ("cage is not installed (scripts/install-deps installs it)");
      return;
    }
  if (getuid () == 0 && !reachable_by_nobody (kiosk_path))
    {
      /* A clone under /root (mode 0700), as in a chroot or a container's home, cannot be run
       * by the unprivileged user cage needs; nothing here may change the tree's modes. */
      g_test_skip ("the kiosk in this build tree cannot be run by an unprivileged user "
                   "(its parent directories are closed to others); cage refuses root");
      return;
    }
  f.dir = g_dir_make_tmp ("sewa-cage-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f.dir, 0755), ==, 0);
  runtime_dir = kiosk_dir (&f, "runtime");
  probe_dir = kiosk_dir (&f, "probe");
  state_dir = kiosk_dir (&f, "state");
  home = kiosk_dir (&f, "home");
  f.probe_path = g_build_filename (probe_dir, "probe.sock", NULL);
  config_path = g_build_filename (f.dir, "kiosk.conf", NULL);
  /* The shortest idle rule the configuration allows: the journey step below. */
  g_file_set_contents (config_path, "[kiosk]\nvoice=false\nidle-timeout=10\nidle-warning=5\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (config_path, 0644), ==, 0);

  socket_path = g_build_filename (f.dir, "notify", NULL);
  f.notify = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, 0, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (socket_path);
  g_socket_bind (f.notify, address, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (socket_path, 0666), ==, 0);
  g_socket_set_option (f.notify, SOL_SOCKET, SO_PASSCRED, 1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "WLR_BACKENDS", "headless", TRUE);
  g_subprocess_launcher_setenv (launcher, "WLR_RENDERER", "pixman", TRUE);
  g_subprocess_launcher_setenv (launcher, "WLR_LIBINPUT_NO_DEVICES", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "wayland", TRUE);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", socket_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "SEWA_TEST_PROBE", f.probe_path, TRUE);
  /* Under cage the kiosk never drew its first frame with ASan's slow unwinder on every
   * malloc (the X tests' setting): it sat idle for minutes. The default fast unwinder still
   * finds every leak and error; only the stacks of allocations are shallower. */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autoptr (GString) asan = g_string_new (g_getenv ("ASAN_OPTIONS"));

      g_string_replace (asan, "fast_unwind_on_malloc=0", "fast_unwind_on_malloc=1", 0);
      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan->str, TRUE);
    }
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WATCHDOG_USEC");
  g_subprocess_launcher_unsetenv (launcher, "WATCHDOG_PID");
  if (getuid () == 0)
    {
      g_ptr_array_add (argv, (char *) "setpriv");
      g_ptr_array_add (argv, (char *) "--reuid=65534");
      g_ptr_array_add (argv, (char *) "--regid=65534");
      g_ptr_array_add (argv, (char *) "--clear-groups");
      /* Changing credentials clears a parent-death signal: set it after the change, so cage
       * (and the kiosk, its child, when cage goes) never outlives an aborted test. */
      g_ptr_array_add (argv, (char *) "--pdeathsig=SIGKILL");
    }
  g_ptr_array_add (argv, cage);
  g_ptr_array_add (argv, (char *) "--");
  /* The kiosk goes with cage when an aborted test takes cage down. */
  g_ptr_array_add (argv, (char *) "setpriv");
  g_ptr_array_add (argv, (char *) "--pdeathsig=SIGKILL");
  g_ptr_array_add (argv, (char *) kiosk_path);
  g_ptr_array_add (argv, (char *) "--config");
  g_ptr_array_add (argv, config_path);
  g_ptr_array_add (argv, (char *) "--state-dir");
  g_ptr_array_add (argv, state_dir);
  g_ptr_array_add (argv, (char *) "--screen");
  g_ptr_array_add (argv, (char *) "start");
  g_ptr_array_add (argv, (char *) "--lang");
  g_ptr_array_add (argv, (char *) "en");
  g_ptr_array_add (argv, NULL);
  f.cage = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* First frame: the kiosk's READY=1 (a start under ASan takes seconds). */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!ready && g_get_monotonic_time () < deadline)
    {
      GPid sender = 0;
      g_autofree char *msg = next_message (&f, 1000, &sender);

      if (msg != NULL)
        g_test_message ("notification from pid %d: %s", (int) sender, msg);
      ready = msg != NULL && strstr (msg, "READY=1") != NULL && is_kiosk (sender);
    }
  g_assert_true (ready);

  /* On cage's Wayland output, fullscreen (a headless output is 1280x720). */
  state = wait_screen (&f, "start", NULL, 30);
  main_native = json_array_get_object_element (json_object_get_array_member (state, "natives"), 0);
  g_assert_true (json_object_get_boolean_member (main_native, "main"));
  g_assert_false (json_object_has_member (main_native, "xid"));
  g_assert_cmpint (json_object_get_int_member (main_native, "width"), ==, 1280);
  g_assert_cmpint (json_object_get_int_member (main_native, "height"), ==, 720);
  g_clear_pointer (&state, json_object_unref);

  /* The journey step: nobody touches the start screen; the warning, then home. */
  state = wait_screen (&f, "start", "Are you still there?", 30);
  g_clear_pointer (&state, json_object_unref);
  state = wait_screen (&f, "home", NULL, 30);

  /* Stopped as systemd stops the unit's processes: the kiosk first, then cage follows. */
  children_path = g_strdup_printf ("/proc/%s/task/%s/children", g_subprocess_get_identifier (f.cage),
                                   g_subprocess_get_identifier (f.cage));
  g_assert_true (g_file_get_contents (children_path, &children, NULL, NULL));
  g_clear_object (&f.probe_in);
  g_clear_object (&f.probe);
  pids = g_strsplit (g_strstrip (children), " ", -1);
  for (guint i = 0; pids[i] != NULL; i++)
    if (pids[i][0] != '\0')
      g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (pids[i], NULL, 10), SIGTERM), ==, 0);
  g_subprocess_wait (f.cage, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f.cage);
  g_clear_object (&f.notify);
  test_rm_rf (f.dir);
  g_free (f.dir);
  g_free (f.probe_path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: %s PATH/TO/sewa-kiosk\n", argv[0]);
      return 2;
    }
  kiosk_path = argv[1];
  g_test_add_func ("/cage/first-frame-and-idle-step", test_cage);
  return g_test_run ();
}
