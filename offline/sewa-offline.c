#include "sewa-offline.h"

#include <sqlite3.h>

const char *
sewa_offline_sqlite_version (void)
{
  return sqlite3_libversion ();
}
