/* test-thread.c — sewa_context_post() delivers to the context's owner, never to the poster. */
#include "sewa-thread.h"

typedef struct
{
  GThread *ran_on;
  guint runs;
  gboolean destroyed;
} Delivery;

static gboolean
record_thread (gpointer data)
{
  Delivery *d = data;

  d->ran_on = g_thread_self ();
  d->runs++;
  return G_SOURCE_REMOVE;
}

static void
mark_destroyed (gpointer data)
{
  Delivery *d = data;

  d->destroyed = TRUE;
}

typedef struct
{
  GMainContext *context;
  Delivery *delivery;
} PostArgs;

static gpointer
post_from_worker (gpointer data)
{
  PostArgs *args = data;

  sewa_context_post (args->context, record_thread, args->delivery, mark_destroyed);
  return NULL;
}

/* The case that broke the printer and the sync engine: the target is the global default
 * context and nobody owns it while the worker posts (the main thread is between iterations).
 * g_main_context_invoke_full() would run the function there and then, on the worker. */
static void
test_default_context_unowned (void)
{
  Delivery d = { 0 };
  PostArgs args = { NULL, &d };
  GThread *worker;

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  worker = g_thread_new ("poster", post_from_worker, &args);
  g_thread_join (worker);

  g_assert_cmpuint (d.runs, ==, 0);
  g_assert_false (d.destroyed);

  while (d.runs == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (d.ran_on == g_thread_self ());
  g_assert_cmpuint (d.runs, ==, 1);
  g_assert_true (d.destroyed);
}

/* A thread-default context of another thread: the function runs where that context is
 * iterated, however many workers post at once. */
static gpointer
owner_thread (gpointer data)
{
  GMainContext *ctx = data;
  GPtrArray *workers = g_ptr_array_new ();
  Delivery deliveries[32] = { 0 };
  PostArgs args[32];
  guint done = 0;

  g_main_context_push_thread_default (ctx);
  for (guint i = 0; i < G_N_ELEMENTS (deliveries); i++)
    {
      args[i].context = ctx;
      args[i].delivery = &deliveries[i];
      g_ptr_array_add (workers, g_thread_new ("poster", post_from_worker, &args[i]));
    }
  while (done < G_N_ELEMENTS (deliveries))
    {
      g_main_context_iteration (ctx, TRUE);
      done = 0;
      for (guint i = 0; i < G_N_ELEMENTS (deliveries); i++)
        done += deliveries[i].runs;
    }
  for (guint i = 0; i < workers->len; i++)
    g_thread_join (workers->pdata[i]);
  g_ptr_array_free (workers, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (deliveries); i++)
    {
      g_assert_true (deliveries[i].ran_on == g_thread_self ());
      g_assert_cmpuint (deliveries[i].runs, ==, 1);
      g_assert_true (deliveries[i].destroyed);
    }
  g_main_context_pop_thread_default (ctx);
  return GUINT_TO_POINTER (1);
}

static void
test_other_thread_context (void)
{
  GMainContext *ctx = g_main_context_new ();
  GThread *owner = g_thread_new ("owner", owner_thread, ctx);

  g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (owner)), ==, 1);
  g_main_context_unref (ctx);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thread/post/default-context-unowned", test_default_context_unowned);
  g_test_add_func ("/thread/post/other-thread-context", test_other_thread_context);
  return g_test_run ();
}
