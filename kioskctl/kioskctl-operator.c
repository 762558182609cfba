/* kioskctl operator — the operator PIN that opens the kiosk's operator mode; kioskctl
 * technician — the technician's own PIN that opens technician mode inside it.
 *
 *   operator set-pin FILE     reads a PIN (4–12 digits) from standard input and writes its
 *                             libsodium hash (crypto_pwhash_str, Argon2id, INTERACTIVE limits)
 *                             as [operator] pin-hash into the configuration file FILE, keeping
 *                             its other keys and comments
 *   technician set-pin FILE   the same for the technician's PIN, as [technician] pin-hash (the
 *                             operator PIN does not open technician mode)
 *   operator add NAME FILE    the same for one of several operators, as [operator.NAME] pin-hash
 *                             (adding an existing NAME changes their PIN); a PIN another
 *                             operator already has is refused, since the PIN pad finds the
 *                             operator by their PIN
 *   operator list FILE        the operators' names ("operator" for the single [operator] PIN)
 *   operator remove NAME FILE removes that operator's PIN
 *   operator check-pin [NAME] FILE
 *                             reads a PIN from standard input: exit 0 if the hash of operator
 *                             NAME (or, without NAME, of any operator: the PIN names them)
 *                             accepts it. Wrong PINs count and lock further checks like the
 *                             kiosk's PIN pad (sewa-pin-lockout.h), per operator as on the
 *                             pad: in <state-dir>/operator-pin.NAME.lockout when NAME is given
 *                             or only one operator is configured, so one operator locked out
 *                             does not lock the others; an unnamed check with several
 *                             operators counts in <state-dir>/operator-pin.lockout and never
 *                             checks the PIN of an operator who is locked out. While a count
 *                             is locked no PIN is checked against it at all
 *
 * The configuration file holds the PIN's hash, so set-pin never leaves it readable by others:
 * a new file is 0600, an existing one keeps at most 0640 (owner, and the kiosk's group reading).
 *
 * The PIN is read from standard input, never taken from the command line, where it would be
 * visible in `ps` and in the shell's history. Only the hash is ever written.
 *
 * Exit status: 0 ok; 1 wrong PIN / no PIN configured; 2 usage or a PIN that is not 4–12
 * digits; 3 the file cannot be read, parsed or written.
 */
#include "kioskctl.h"
#include "sewa-config.h"
#include "sewa-pin-lockout.h"

#include <sodium.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static const char operator_usage[] =
  "usage: kioskctl operator set-pin CONFIG-FILE   (the PIN is read from standard input)\n"
  "       kioskctl operator check-pin [NAME] CONFIG-FILE\n"
  "       kioskctl operator add NAME CONFIG-FILE  (the PIN is read from standard input)\n"
  "       kioskctl operator list CONFIG-FILE\n"
  "       kioskctl operator remove NAME CONFIG-FILE\n";

#define PIN_MIN 4
#define PIN_MAX 12

/* Reads one line into BUF without echo when standard input is a terminal. Returns FALSE at
 * end of input. */
static gboolean
read_pin (const char *prompt, char *buf, size_t size)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  gboolean ok;
  size_t len;

  if (tty)
    {
      fprintf (stderr, "%s", prompt);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  ok = fgets (buf, (int) size, stdin) != NULL;
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fprintf (stderr, "\n");
    }
  if (!ok)
    return FALSE;
  len = strcspn (buf, "\r\n");
  buf[len] = '\0';
  return TRUE;
}

static gboolean
pin_is_well_formed (const char *pin)
{
  size_t len = strlen (pin);

  if (len < PIN_MIN || len > PIN_MAX)
    return FALSE;
  for (size_t i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

/* TRUE when @pin opens another operator than @group's in @path (an operator's PIN must name
 * them: the PIN pad finds the operator by the PIN). */
static gboolean
pin_taken (const char *path, const char *group, const char *pin)
{
  g_autoptr (SewaConfig) config = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) || (config = sewa_config_load_file (path, NULL)) == NULL)
    return FALSE;
  for (guint i = 0; i < config->operators->len; i++)
    {
      const SewaConfigOperator *op = g_ptr_array_index (config->operators, i);
      g_autofree char *op_group = g_str_equal (op->id, "operator")
                                    ? g_strdup ("operator")
                                    : g_strdup_printf ("operator.%s", op->id);

      if (!g_str_equal (op_group, group) &&
          crypto_pwhash_str_verify (op->pin_hash, pin, strlen (pin)) == 0)
        return TRUE;
    }
  return FALSE;
}

/* @group is "operator", "operator.NAME" or "technician": the configuration group whose
 * pin-hash is set. */
static int
set_pin (const char *path, const char *group)
{
  g_autofree char *prompt = g_strdup_printf ("New %s PIN: ", group);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) check = NULL;
  g_autofree char *data = NULL;
  char pin[64];
  char again[64];
  char hash[crypto_pwhash_STRBYTES];
  gsize len = 0;
  struct stat st;
  int mode = 0600;
  gboolean same;

  if (!read_pin (prompt, pin, sizeof pin))
    {
      fprintf (stderr, "kioskctl: no PIN on standard input\n");
      return SEWA_CTL_USAGE;
    }
  if (!pin_is_well_formed (pin))
    {
      sodium_memzero (pin, sizeof pin);
      fprintf (stderr, "kioskctl: the PIN must be %d to %d digits\n", PIN_MIN, PIN_MAX);
      return SEWA_CTL_USAGE;
    }
  /* At a terminal the PIN is typed twice, unseen; piped input is taken as it is. */
  if (isatty (STDIN_FILENO))
    {
      same = read_pin ("Again: ", again, sizeof again) && g_str_equal (pin, again);
      sodium_memzero (again, sizeof again);
      if (!same)
        {
          sodium_memzero (pin, sizeof pin);
          fprintf (stderr, "kioskctl: the two PINs differ; nothing changed\n");
          return SEWA_CTL_USAGE;
        }
    }

  if (g_str_has_prefix (group, "operator") && sodium_init () >= 0 && pin_taken (path, group, pin))
    {
      sodium_memzero (pin, sizeof pin);
      fprintf (stderr, "kioskctl: another operator has this PIN; choose another\n");
      return SEWA_CTL_USAGE;
    }
  /* INTERACTIVE limits: verifying takes a noticeable fraction of a second on the kiosk's
   * worker thread, which is what makes guessing a 4-digit PIN from a stolen file slow. */
  if (sodium_init () < 0 ||
      crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      sodium_memzero (pin, sizeof pin);
      fprintf (stderr, "kioskctl: cannot hash the PIN (out of memory)\n");
      return SEWA_CTL_CANNOT_RUN;
    }
  sodium_memzero (pin, sizeof pin);

  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      !g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, &error))
    {
      fprintf (stderr, "kioskctl: cannot read %s: %s\n", path, error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  g_key_file_set_string (kf, group, "pin-hash", hash);
  data = g_key_file_to_data (kf, &len, NULL);

  /* Never leave the kiosk with a configuration it would refuse at start-up. */
  check = sewa_config_load_data (data, len, &error);
  if (check == NULL)
    {
      fprintf (stderr, "kioskctl: %s: %s\n", path, error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  if (stat (path, &st) == 0)
    mode = (int) (st.st_mode & 0640);
  if (!g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, mode,
                                 &error))
    {
      fprintf (stderr, "kioskctl: cannot write %s: %s\n", path, error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  printf ("%s PIN set in %s\n", group, path);
  return SEWA_CTL_OK;
}

/* Where @id's count of wrong PINs is kept: each operator has their own, as on the kiosk's PIN
 * pad, so one operator locked out does not lock the others. NULL @id: the count of checks that
 * name no operator while several are configured (the file every check used before). Operator
 * ids are a-z, 0-9, _ and - (sewa_config_operator_name_is_valid), safe in a file name. */
static char *
lockout_path (SewaCtlContext *ctx, const char *id)
{
  g_autofree char *name = id != NULL ? g_strdup_printf ("operator-pin.%s.lockout", id)
                                     : g_strdup ("operator-pin.lockout");

  return g_build_filename (ctx->state_dir, name, NULL);
}

typedef struct
{
  char *path;
  guint failures;
  gint64 locked_until;
} PinCount;

static void
pin_count_free (gpointer p)
{
  PinCount *count = p;

  if (count == NULL)
    return;
  g_free (count->path);
  g_free (count);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PinCount, pin_count_free)

static PinCount *
pin_count_load (SewaCtlContext *ctx, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PinCount) count = g_new0 (PinCount, 1);

  count->path = lockout_path (ctx, id);
  if (!sewa_pin_lockout_load (count->path, &count->failures, &count->locked_until, &error))
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return NULL;
    }
  return g_steal_pointer (&count);
}

/* One more wrong PIN on @count. Returns the exit status. */
static int
pin_count_fail (PinCount *count, gint64 now)
{
  g_autoptr (GError) error = NULL;
  guint delay;

  count->failures++;
  delay = sewa_pin_lockout_delay (count->failures);
  if (!sewa_pin_lockout_save (count->path, count->failures, delay > 0 ? now + delay : 0, &error))
    {
      fprintf (stderr, "kioskctl: cannot record the wrong PIN: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  printf ("wrong PIN\n");
  if (delay > 0)
    printf ("locked for %u s after %u wrong PINs\n", delay, count->failures);
  return SEWA_CTL_NOT_OK;
}

static gboolean
pin_count_reset (PinCount *count)
{
  g_autoptr (GError) error = NULL;

  if (count->failures > 0 && !sewa_pin_lockout_save (count->path, 0, 0, &error))
    {
      fprintf (stderr, "kioskctl: cannot reset the wrong-PIN count: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* @name: the operator whose PIN is checked (as chosen on the kiosk's PIN pad), or NULL: the PIN
 * names the operator. */
static int
check_pin (SewaCtlContext *ctx, const char *name, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) config = sewa_config_load_file (path, &error);
  g_autoptr (GPtrArray) counts = NULL;
  g_autoptr (PinCount) anonymous = NULL;
  char pin[64];
  const SewaConfigOperator *op = NULL;
  PinCount *lock = NULL; /* the count a wrong PIN goes to */
  PinCount *mine = NULL;
  gint64 now, open_at = G_MAXINT64;

  if (config == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  if (config->operators->len == 0)
    {
      printf ("no operator PIN configured: operator mode is off\n");
      return SEWA_CTL_NOT_OK;
    }
  if (name != NULL && sewa_config_find_operator (config, name) == NULL)
    {
      printf ("no operator %s in %s\n", name, path);
      return SEWA_CTL_NOT_OK;
    }
  /* The only operator is the one asked for, as on the pad. */
  if (name == NULL && config->operators->len == 1)
    name = ((const SewaConfigOperator *) g_ptr_array_index (config->operators, 0))->id;
  /* The counts must outlive this process, or a loop of check-pin calls guesses at full speed. */
  if (g_mkdir_with_parents (ctx->state_dir, 0700) != 0)
    {
      fprintf (stderr, "kioskctl: cannot create the state directory %s: %s\n", ctx->state_dir,
               g_strerror (errno));
      return SEWA_CTL_CANNOT_RUN;
    }
  now = g_get_real_time () / G_USEC_PER_SEC;
  /* The count of each operator whose PIN may be checked, parallel to config->operators (NULL:
   * another operator was asked for). */
  counts = g_ptr_array_new_with_free_func (pin_count_free);
  for (guint i = 0; i < config->operators->len; i++)
    {
      const SewaConfigOperator *o = g_ptr_array_index (config->operators, i);
      PinCount *count = NULL;

      if (name == NULL || g_str_equal (name, o->id))
        {
          count = pin_count_load (ctx, o->id);
          if (count == NULL)
            return SEWA_CTL_CANNOT_RUN;
          lock = count;
          open_at = MIN (open_at, count->locked_until);
        }
      g_ptr_array_add (counts, count);
    }
  /* Unnamed: wrong PINs go to the count of checks that name nobody; the operators locked out
   * are skipped below (their PIN is not checked while they are locked, so an unnamed check is
   * no way round their lock), and only when all are locked is the check refused for them. */
  if (name == NULL)
    {
      anonymous = pin_count_load (ctx, NULL);
      if (anonymous == NULL)
        return SEWA_CTL_CANNOT_RUN;
      lock = anonymous;
      if (anonymous->locked_until > now)
        open_at = anonymous->locked_until;
    }
  else
    open_at = lock->locked_until;
  if (open_at > now)
    {
      if (name != NULL && !g_str_equal (name, "operator"))
        printf ("%s locked after %u wrong PINs: try again in %" G_GINT64_FORMAT " s\n", name,
                lock->failures, open_at - now);
      else
        printf ("locked after %u wrong PINs: try again in %" G_GINT64_FORMAT " s\n",
                lock->failures, open_at - now);
      return SEWA_CTL_NOT_OK;
    }
  if (!read_pin ("Operator PIN: ", pin, sizeof pin))
    {
      fprintf (stderr, "kioskctl: no PIN on standard input\n");
      return SEWA_CTL_USAGE;
    }
  if (sodium_init () < 0)
    {
      sodium_memzero (pin, sizeof pin);
      return SEWA_CTL_CANNOT_RUN;
    }
  /* The operator asked for, or each operator not locked out in turn: the PIN names them. */
  for (guint i = 0; mine == NULL && i < config->operators->len; i++)
    {
      PinCount *count = counts->pdata[i];
      const SewaConfigOperator *o = g_ptr_array_index (config->operators, i);

      if (count == NULL || count->locked_until > now)
        continue;
      if (crypto_pwhash_str_verify (o->pin_hash, pin, strlen (pin)) == 0)
        {
          op = o;
          mine = count;
        }
    }
  sodium_memzero (pin, sizeof pin);
  if (mine == NULL)
    return pin_count_fail (lock, now);
  if (!pin_count_reset (mine) || (anonymous != NULL && !pin_count_reset (anonymous)))
    return SEWA_CTL_CANNOT_RUN;
  if (g_str_equal (op->id, "operator"))
    printf ("PIN ok\n");
  else
    printf ("PIN ok: %s\n", op->id);
  return SEWA_CTL_OK;
}

static int
list_operators (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) config = sewa_config_load_file (path, &error);

  if (config == NULL)
    {
      fprintf (stderr, "kioskctl: %s\n", error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  if (config->operators->len == 0)
    {
      printf ("no operators: operator mode is off\n");
      return SEWA_CTL_OK;
    }
  for (guint i = 0; i < config->operators->len; i++)
    printf ("%s\n", ((const SewaConfigOperator *) g_ptr_array_index (config->operators, i))->id);
  return SEWA_CTL_OK;
}

static int
remove_operator (const char *name, const char *path)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SewaConfig) check = NULL;
  g_autofree char *group = g_str_equal (name, "operator") ? g_strdup ("operator")
                                                          : g_strdup_printf ("operator.%s", name);
  g_autofree char *data = NULL;
  gsize len = 0;
  struct stat st;
  gboolean removed;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, &error))
    {
      fprintf (stderr, "kioskctl: cannot read %s: %s\n", path, error->message);
      return SEWA_CTL_CANNOT_RUN;
    }
  /* The old single PIN is one key of [operator], which also holds idle-timeout. */
  removed = g_str_equal (name, "operator") ? g_key_file_remove_key (kf, group, "pin-hash", NULL)
                                           : g_key_file_remove_group (kf, group, NULL);
  if (!removed)
    {
      printf ("no operator %s in %s\n", name, path);
      return SEWA_CTL_NOT_OK;
    }
  data = g_key_file_to_data (kf, &len, NULL);
  check = sewa_config_load_data (data, len, &error);
  if (check == NULL || stat (path, &st) != 0 ||
      !g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
                                 (int) (st.st_mode & 0640), &error))
    {
      fprintf (stderr, "kioskctl: cannot write %s: %s\n", path,
               error != NULL ? error->message : g_strerror (errno));
      return SEWA_CTL_CANNOT_RUN;
    }
  printf ("operator %s removed from %s\n", name, path);
  return SEWA_CTL_OK;
}

int
sewa_ctl_operator (SewaCtlContext *ctx, int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "add"))
    {
      g_autofree char *group = NULL;

      if (!sewa_config_operator_name_is_valid (argv[2]) || g_str_equal (argv[2], "operator"))
        {
          fprintf (stderr, "kioskctl: an operator's name is 1-32 characters a-z, 0-9, _ or -, "
                           "starting with a letter (\"operator\" is the single PIN of set-pin; \"portal\" "
                           "records the fees the portal confirmed)\n");
          return SEWA_CTL_USAGE;
        }
      group = g_strdup_printf ("operator.%s", argv[2]);
      return set_pin (argv[3], group);
    }
  if (argc == 4 && g_str_equal (argv[1], "remove"))
    return remove_operator (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "check-pin"))
    return check_pin (ctx, argv[2], argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "list"))
    return list_operators (argv[2]);
  if (argc != 3)
    {
      fprintf (stderr, "%s", operator_usage);
      return SEWA_CTL_USAGE;
    }
  if (g_str_equal (argv[1], "set-pin"))
    return set_pin (argv[2], "operator");
  if (g_str_equal (argv[1], "check-pin"))
    return check_pin (ctx, NULL, argv[2]);
  fprintf (stderr, "%s", operator_usage);
  return SEWA_CTL_USAGE;
}

int
sewa_ctl_technician (SewaCtlContext *ctx, int argc, char **argv)
{
  if (argc != 3 || !g_str_equal (argv[1], "set-pin"))
    {
      fprintf (stderr, "usage: kioskctl technician set-pin CONFIG-FILE   (the PIN is read from standard input)\n");
      return SEWA_CTL_USAGE;
    }
  return set_pin (argv[2], "technician");
}
