/* sewa-thread.h — delivering work to the thread that owns a GMainContext.
 *
 * g_main_context_invoke*() runs the function at once, on the calling thread, when the target
 * context is not owned by anyone at that instant (the global default context between two
 * iterations of the main loop, for example). From a worker that means a signal handler of the
 * UI may run on the worker. sewa_context_post() never does that: it always attaches a source to
 * the context, so the function runs only when the context's owner iterates it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void sewa_context_post (GMainContext  *context,
                        GSourceFunc    func,
                        gpointer       data,
                        GDestroyNotify destroy);

G_END_DECLS
