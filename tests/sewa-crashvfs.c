#include "sewa-crashvfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  gboolean is_truncate;
  sqlite3_int64 offset;   /* write offset, or the size truncated to */
  guint8 *new_data;       /* written bytes (writes only) */
  int new_len;
  sqlite3_int64 old_size; /* file size before the change */
  sqlite3_int64 old_at;   /* where old_data came from */
  guint8 *old_data;       /* bytes the change overwrote or cut off */
  gsize old_len;
} Change;

typedef struct
{
  char *path;
  GArray *changes; /* of Change, since the last sync */
} Log;

typedef struct
{
  sqlite3_file base;
  sqlite3_file *real;
  Log *log;
} CrashFile;

static sqlite3_vfs crash_vfs;
static sqlite3_vfs *real_vfs;
static sqlite3_io_methods crash_io;

static struct
{
  guint64 ops;
  guint64 crash_at;
  gboolean crashed;
  SewaCrashMode mode;
  GRand *rand;
  gint64 quota;
  GList *open_files; /* CrashFile* */
  GList *orphans;    /* Log* of closed files with unsynced changes */
} S = { .quota = -1 };

static void
change_clear (gpointer data)
{
  Change *c = data;

  g_free (c->new_data);
  g_free (c->old_data);
}

static Log *
log_new (const char *path)
{
  Log *log = g_new0 (Log, 1);

  log->path = g_strdup (path);
  log->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (log->changes, change_clear);
  return log;
}

static void
log_free (Log *log)
{
  g_array_unref (log->changes);
  g_free (log->path);
  g_free (log);
}

/* --- applying changes to a file, through its open handle or by path ------------------------ */

typedef struct
{
  sqlite3_file *real; /* NULL: use fd */
  int fd;
} Target;

static void
target_truncate (Target *t, sqlite3_int64 size)
{
  if (t->real != NULL)
    t->real->pMethods->xTruncate (t->real, size);
  else if (ftruncate (t->fd, size) != 0)
    g_error ("crashvfs: ftruncate failed");
}

static void
target_write (Target *t, const guint8 *data, gsize len, sqlite3_int64 at)
{
  if (len == 0)
    return;
  if (t->real != NULL)
    t->real->pMethods->xWrite (t->real, data, (int) len, at);
  else if (pwrite (t->fd, data, len, at) != (ssize_t) len)
    g_error ("crashvfs: pwrite failed");
}

/* Undo every change (newest first), then re-apply a random subset in order. */
static void
power_loss (Log *log, Target *t)
{
  for (guint i = log->changes->len; i > 0; i--)
    {
      Change *c = &g_array_index (log->changes, Change, i - 1);

      target_truncate (t, c->old_size);
      target_write (t, c->old_data, c->old_len, c->old_at);
    }
  if (S.mode == SEWA_CRASHVFS_RANDOM_SUBSET)
    for (guint i = 0; i < log->changes->len; i++)
      {
        Change *c = &g_array_index (log->changes, Change, i);

        if (!g_rand_boolean (S.rand))
          continue;
        if (c->is_truncate)
          target_truncate (t, c->offset);
        else
          target_write (t, c->new_data, (gsize) c->new_len, c->offset);
      }
  g_array_set_size (log->changes, 0);
}

static void
crash (void)
{
  S.crashed = TRUE;
  for (GList *l = S.open_files; l != NULL; l = l->next)
    {
      CrashFile *f = l->data;
      Target t = { f->real, -1 };

      power_loss (f->log, &t);
    }
  for (GList *l = S.orphans; l != NULL; l = l->next)
    {
      Log *log = l->data;
      Target t = { NULL, open (log->path, O_RDWR | O_CLOEXEC) };

      if (t.fd >= 0)
        {
          power_loss (log, &t);
          close (t.fd);
        }
    }
  g_list_free_full (S.orphans, (GDestroyNotify) log_free);
  S.orphans = NULL;
}

/* Counts a mutating call; TRUE if the machine is (now) gone. */
static gboolean
tick (void)
{
  if (S.crashed)
    return TRUE;
  S.ops++;
  if (S.crash_at != 0 && S.ops == S.crash_at)
    {
      crash ();
      return TRUE;
    }
  return FALSE;
}

static void
remember (CrashFile *f, gboolean is_truncate, sqlite3_int64 offset, const void *data, int len)
{
  Change c = { 0 };
  sqlite3_int64 size = 0;
  sqlite3_int64 lo, hi;

  f->real->pMethods->xFileSize (f->real, &size);
  c.is_truncate = is_truncate;
  c.offset = offset;
  c.old_size = size;
  if (is_truncate)
    {
      lo = offset;
      hi = size;
    }
  else
    {
      c.new_data = g_memdup2 (data, (gsize) len);
      c.new_len = len;
      lo = offset;
      hi = MIN (offset + len, size);
    }
  if (hi > lo)
    {
      c.old_at = lo;
      c.old_len = (gsize) (hi - lo);
      c.old_data = g_malloc (c.old_len);
      f->real->pMethods->xRead (f->real, c.old_data, (int) c.old_len, lo);
    }
  g_array_append_val (f->log->changes, c);
}

static gint64
total_size (void)
{
  gint64 total = 0;

  for (GList *l = S.open_files; l != NULL; l = l->next)
    {
      CrashFile *f = l->data;
      sqlite3_int64 size = 0;

      f->real->pMethods->xFileSize (f->real, &size);
      total += size;
    }
  return total;
}

/* --- io methods ---------------------------------------------------------------------------- */

static int
c_close (sqlite3_file *file)
{
  CrashFile *f = (CrashFile *) file;
  int rc = f->real->pMethods->xClose (f->real);

  S.open_files = g_list_remove (S.open_files, f);
  if (f->log->changes->len > 0 && !S.crashed)
    S.orphans = g_list_prepend (S.orphans, f->log);
  else
    log_free (f->log);
  f->log = NULL;
  return rc;
}

static int
c_read (sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
  CrashFile *f = (CrashFile *) file;

  if (S.crashed)
    return SQLITE_IOERR_READ;
  return f->real->pMethods->xRead (f->real, buf, amt, off);
}

static int
c_write (sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
  CrashFile *f = (CrashFile *) file;

  if (tick ())
    return SQLITE_IOERR_WRITE;
  if (S.quota >= 0)
    {
      sqlite3_int64 size = 0;

      f->real->pMethods->xFileSize (f->real, &size);
      if (off + amt > size && total_size () + (off + amt - size) > S.quota)
        return SQLITE_FULL;
    }
  remember (f, FALSE, off, buf, amt);
  return f->real->pMethods->xWrite (f->real, buf, amt, off);
}

static int
c_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  CrashFile *f = (CrashFile *) file;

  if (tick ())
    return SQLITE_IOERR_TRUNCATE;
  remember (f, TRUE, size, NULL, 0);
  return f->real->pMethods->xTruncate (f->real, size);
}

static int
c_sync (sqlite3_file *file, int flags)
{
  CrashFile *f = (CrashFile *) file;

  if (tick ())
    return SQLITE_IOERR_FSYNC;
  /* The real file already holds the data; skipping the real fsync keeps the test fast, and
   * durability here is what the log says, not what the disk does. */
  g_array_set_size (f->log->changes, 0);
  return SQLITE_OK;
}

static int
c_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  CrashFile *f = (CrashFile *) file;

  if (S.crashed)
    return SQLITE_IOERR_FSTAT;
  return f->real->pMethods->xFileSize (f->real, size);
}

static int
c_lock (sqlite3_file *file, int level)
{
  CrashFile *f = (CrashFile *) file;

  if (S.crashed)
    return SQLITE_IOERR_LOCK;
  return f->real->pMethods->xLock (f->real, level);
}

static int
c_unlock (sqlite3_file *file, int level)
{
  CrashFile *f = (CrashFile *) file;

  return f->real->pMethods->xUnlock (f->real, level);
}

static int
c_check_reserved (sqlite3_file *file, int *out)
{
  CrashFile *f = (CrashFile *) file;

  return f->real->pMethods->xCheckReservedLock (f->real, out);
}

static int
c_file_control (sqlite3_file *file, int op, void *arg)
{
  CrashFile *f = (CrashFile *) file;

  /* Size hints may preallocate behind our back; they are only hints. */
  if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE)
    return SQLITE_OK;
  if (op == SQLITE_FCNTL_MMAP_SIZE)
    return SQLITE_NOTFOUND;
  return f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
c_sector_size (sqlite3_file *file)
{
  CrashFile *f = (CrashFile *) file;

  return f->real->pMethods->xSectorSize (f->real);
}

static int
c_device_characteristics (sqlite3_file *file)
{
  CrashFile *f = (CrashFile *) file;

  /* Claim nothing beyond what the real file does, and never "powersafe" more than it is. */
  return f->real->pMethods->xDeviceCharacteristics (f->real);
}

static int
c_shm_map (sqlite3_file *file, int page, int page_size, int extend, void volatile **out)
{
  CrashFile *f = (CrashFile *) file;

  if (S.crashed)
    return SQLITE_IOERR_SHMMAP;
  return f->real->pMethods->xShmMap (f->real, page, page_size, extend, out);
}

static int
c_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  CrashFile *f = (CrashFile *) file;

  if (S.crashed && (flags & SQLITE_SHM_LOCK))
    return SQLITE_IOERR_SHMLOCK;
  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
c_shm_barrier (sqlite3_file *file)
{
  CrashFile *f = (CrashFile *) file;

  f->real->pMethods->xShmBarrier (f->real);
}

static int
c_shm_unmap (sqlite3_file *file, int delete_flag)
{
  CrashFile *f = (CrashFile *) file;

  return f->real->pMethods->xShmUnmap (f->real, delete_flag);
}

/* --- vfs methods ------------------------------------------------------------------------------- */

static int
v_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  CrashFile *f = (CrashFile *) file;
  int rc;

  memset (f, 0, sizeof *f);
  if (S.crashed)
    return SQLITE_CANTOPEN;
  f->real = (sqlite3_file *) (f + 1);
  rc = real_vfs->xOpen (real_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK)
    return rc;
  f->base.pMethods = &crash_io;
  f->log = log_new (name != NULL ? name : "");
  S.open_files = g_list_prepend (S.open_files, f);
  return SQLITE_OK;
}

static int
v_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  if (tick ())
    return SQLITE_IOERR_DELETE;
  /* A deleted file's pending changes no longer matter. */
  for (GList *l = S.orphans; l != NULL; l = l->next)
    {
      Log *log = l->data;

      if (g_str_equal (log->path, name))
        {
          S.orphans = g_list_delete_link (S.orphans, l);
          log_free (log);
          break;
        }
    }
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
v_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return real_vfs->xAccess (real_vfs, name, flags, out);
}

static int
v_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, n, out);
}

static int
v_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xRandomness (real_vfs, n, out);
}

static int
v_sleep (sqlite3_vfs *vfs, int us)
{
  return real_vfs->xSleep (real_vfs, us);
}

static int
v_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static int
v_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return real_vfs->xGetLastError (real_vfs, n, out);
}

static int
v_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, out);
}

void
sewa_crashvfs_register (void)
{
  if (real_vfs != NULL)
    return;
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert (real_vfs != NULL && real_vfs->iVersion >= 2);

  crash_io.iVersion = 2; /* shared memory, but no xFetch: no memory-mapped I/O around us */
  crash_io.xClose = c_close;
  crash_io.xRead = c_read;
  crash_io.xWrite = c_write;
  crash_io.xTruncate = c_truncate;
  crash_io.xSync = c_sync;
  crash_io.xFileSize = c_file_size;
  crash_io.xLock = c_lock;
  crash_io.xUnlock = c_unlock;
  crash_io.xCheckReservedLock = c_check_reserved;
  crash_io.xFileControl = c_file_control;
  crash_io.xSectorSize = c_sector_size;
  crash_io.xDeviceCharacteristics = c_device_characteristics;
  crash_io.xShmMap = c_shm_map;
  crash_io.xShmLock = c_shm_lock;
  crash_io.xShmBarrier = c_shm_barrier;
  crash_io.xShmUnmap = c_shm_unmap;

  crash_vfs.iVersion = 2;
  crash_vfs.szOsFile = (int) sizeof (CrashFile) + real_vfs->szOsFile;
  crash_vfs.mxPathname = real_vfs->mxPathname;
  crash_vfs.zName = SEWA_CRASHVFS_NAME;
  crash_vfs.xOpen = v_open;
  crash_vfs.xDelete = v_delete;
  crash_vfs.xAccess = v_access;
  crash_vfs.xFullPathname = v_full_pathname;
  crash_vfs.xRandomness = v_randomness;
  crash_vfs.xSleep = v_sleep;
  crash_vfs.xCurrentTime = v_current_time;
  crash_vfs.xGetLastError = v_last_error;
  crash_vfs.xCurrentTimeInt64 = v_current_time_int64;
  g_assert_cmpint (sqlite3_vfs_register (&crash_vfs, 0), ==, SQLITE_OK);
}

void
sewa_crashvfs_arm (guint64 crash_at, SewaCrashMode mode, guint32 seed)
{
  g_assert (S.open_files == NULL);
  g_list_free_full (S.orphans, (GDestroyNotify) log_free);
  S.orphans = NULL;
  S.ops = 0;
  S.crash_at = crash_at;
  S.crashed = FALSE;
  S.mode = mode;
  g_clear_pointer (&S.rand, g_rand_free);
  S.rand = g_rand_new_with_seed (seed);
}

guint64
sewa_crashvfs_op_count (void)
{
  return S.ops;
}

gboolean
sewa_crashvfs_crashed (void)
{
  return S.crashed;
}

void
sewa_crashvfs_set_quota (gint64 bytes)
{
  S.quota = bytes;
}
