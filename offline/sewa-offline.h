/* sewa-offline.h — the offline layer's shared error domain. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *sewa_offline_sqlite_version (void);

G_END_DECLS
