/* sewa-thread.c — see sewa-thread.h. */
#include "sewa-thread.h"

void
sewa_context_post (GMainContext *context, GSourceFunc func, gpointer data, GDestroyNotify destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_return_if_fail (func != NULL);

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[sewa] post to owner context");
  /* A NULL context means the global default one, as for g_main_context_invoke(). */
  g_source_attach (source, context);
}
