/* sewa-drivers.h — what each driver backend is, for diagnostics. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *sewa_drivers_describe (void);

G_END_DECLS
