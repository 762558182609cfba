/* sewa-crashvfs.h — a test SQLite VFS that simulates power loss and a full disk.
 *
 * It wraps the default (unix) VFS. Every write and truncate goes to the real file at once, but
 * the VFS remembers, per file, what each byte range held before and what was written since the
 * file's last xSync. The real file stands in for the platter plus the page cache; "synced" is
 * what a power cut cannot take away.
 *
 * Crash: the Nth mutating call (xWrite, xTruncate, xSync, xDelete, counted across all files
 * since sewa_crashvfs_arm()) is not performed. Instead, every write not yet synced is undone —
 * all of them (SEWA_CRASHVFS_DISCARD_ALL), or all and then a random subset re-applied in order
 * (SEWA_CRASHVFS_RANDOM_SUBSET: the drive persisted some unsynced writes and not others) — and
 * from then on every read, write, sync, size query, open and shared-memory map fails, as if the
 * machine were gone. Close and unlock still work so the test can release the handle. The test
 * then reopens the database with the real VFS and checks it.
 *
 * Not modelled: directory entries (a created file is assumed to exist after a crash; SQLite
 * fsyncs the directory for new WAL files and the store does for a new database file), torn
 * writes inside a single xWrite, and the -shm file (it is rebuilt from the WAL on recovery).
 *
 * Quota: with sewa_crashvfs_set_quota() a write that would grow the files opened through this
 * VFS past the quota fails with SQLITE_FULL, as ENOSPC does on a real disk.
 *
 * Single-threaded test use only: the state is global.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEWA_CRASHVFS_NAME "sewa-crashvfs"

typedef enum
{
  SEWA_CRASHVFS_DISCARD_ALL,
  SEWA_CRASHVFS_RANDOM_SUBSET,
} SewaCrashMode;

void     sewa_crashvfs_register (void);
/* crash_at = 0: never crash (count only). seed drives RANDOM_SUBSET. */
void     sewa_crashvfs_arm (guint64 crash_at, SewaCrashMode mode, guint32 seed);
guint64  sewa_crashvfs_op_count (void);
gboolean sewa_crashvfs_crashed (void);
/* -1 = no quota. */
void     sewa_crashvfs_set_quota (gint64 bytes);

G_END_DECLS
