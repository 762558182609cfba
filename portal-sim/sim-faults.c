#include "sim-faults.h"
#include "sim-request.h"

#include <string.h>

struct _SewaSimFaults {
  GMutex lock;
  guint64 seed;
  double rate;
  guint kinds;
  guint latency_ms;
  guint retry_after;
  guint64 next_seq;
  guint64 injected;
};

static const struct {
  const char *name;
  SewaSimFaultKind kind;
} kind_names[] = {
  { "5xx", SEWA_SIM_FAULT_5XX },
  { "429", SEWA_SIM_FAULT_429 },
  { "reset", SEWA_SIM_FAULT_RESET },
  { "latency", SEWA_SIM_FAULT_LATENCY },
  { "commit-504", SEWA_SIM_FAULT_COMMIT_504 },
  { "slow", SEWA_SIM_FAULT_SLOW },
};

SewaSimFaults *
sewa_sim_faults_new (guint64 seed, double rate, guint kinds, guint latency_ms, guint retry_after)
{
  SewaSimFaults *f = g_new0 (SewaSimFaults, 1);

  g_mutex_init (&f->lock);
  f->seed = seed;
  f->rate = CLAMP (rate, 0.0, 1.0);
  f->kinds = kinds & SEWA_SIM_FAULT_ALL;
  f->latency_ms = latency_ms;
  f->retry_after = retry_after;
  return f;
}

void
sewa_sim_faults_free (SewaSimFaults *f)
{
  if (f == NULL)
    return;
  g_mutex_clear (&f->lock);
  g_free (f);
}

gboolean
sewa_sim_faults_parse_kinds (const char *list, guint *out_kinds)
{
  g_auto (GStrv) names = NULL;
  guint kinds = 0;

  if (list == NULL)
    return FALSE;
  if (strcmp (list, "all") == 0)
    {
      *out_kinds = SEWA_SIM_FAULT_ALL;
      return TRUE;
    }
  names = g_strsplit (list, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean found = FALSE;

      if (names[i][0] == '\0')
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
        if (strcmp (names[i], kind_names[k].name) == 0)
          {
            kinds |= kind_names[k].kind;
            found = TRUE;
          }
      if (!found)
        return FALSE;
    }
  *out_kinds = kinds;
  return TRUE;
}

/* SplitMix64: a well-mixed 64-bit function of its input, so (seed, n) -> draws is pure. */
static guint64
splitmix64 (guint64 x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

SewaSimFault
sewa_sim_faults_decide (guint64 seed, double rate, guint kinds, guint64 n)
{
  SewaSimFault fault = { SEWA_SIM_FAULT_NONE, 0, FALSE };
  guint64 h1 = splitmix64 (seed ^ splitmix64 (n));
  guint64 h2 = splitmix64 (h1);
  guint64 h3 = splitmix64 (h2);
  double draw = (double) (h1 >> 11) / (double) (1ULL << 53);
  SewaSimFaultKind enabled[6];
  guint n_enabled = 0;

  if (rate <= 0.0 || kinds == 0 || draw >= rate)
    return fault;
  for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
    if (kinds & kind_names[k].kind)
      enabled[n_enabled++] = kind_names[k].kind;
  fault.kind = enabled[h2 % n_enabled];
  switch (fault.kind)
    {
    case SEWA_SIM_FAULT_5XX:
      {
        static const guint codes[] = { 500, 502, 503 };
        fault.status = codes[h3 % 3];
        break;
      }
    case SEWA_SIM_FAULT_RESET:
      fault.after_apply = (h3 & 1) != 0;
      break;
    case SEWA_SIM_FAULT_NONE:
    case SEWA_SIM_FAULT_429:
    case SEWA_SIM_FAULT_LATENCY:
    case SEWA_SIM_FAULT_COMMIT_504:
    case SEWA_SIM_FAULT_SLOW:
    default:
      break;
    }
  return fault;
}

SewaSimFault
sewa_sim_faults_next (SewaSimFaults *f)
{
  SewaSimFault fault;

  g_mutex_lock (&f->lock);
  fault = sewa_sim_faults_decide (f->seed, f->rate, f->kinds, f->next_seq++);
  if (fault.kind != SEWA_SIM_FAULT_NONE)
    f->injected++;
  g_mutex_unlock (&f->lock);
  return fault;
}

guint
sewa_sim_faults_latency_ms (SewaSimFaults *f)
{
  guint v;

  g_mutex_lock (&f->lock);
  v = f->latency_ms;
  g_mutex_unlock (&f->lock);
  return v;
}

guint
sewa_sim_faults_retry_after (SewaSimFaults *f)
{
  guint v;

  g_mutex_lock (&f->lock);
  v = f->retry_after;
  g_mutex_unlock (&f->lock);
  return v;
}

guint64
sewa_sim_faults_injected (SewaSimFaults *f)
{
  guint64 v;

  g_mutex_lock (&f->lock);
  v = f->injected;
  g_mutex_unlock (&f->lock);
  return v;
}

JsonNode *
sewa_sim_faults_to_json (SewaSimFaults *f)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_mutex_lock (&f->lock);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) f->seed);
  json_builder_set_member_name (b, "rate");
  json_builder_add_double_value (b, f->rate);
  json_builder_set_member_name (b, "kinds");
  json_builder_begin_array (b);
  for (guint k = 0; k < G_N_ELEMENTS (kind_names); k++)
    if (f->kinds & kind_names[k].kind)
      json_builder_add_string_value (b, kind_names[k].name);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "latency_ms");
  json_builder_add_int_value (b, f->latency_ms);
  json_builder_set_member_name (b, "retry_after");
  json_builder_add_int_value (b, f->retry_after);
  json_builder_end_object (b);
  g_mutex_unlock (&f->lock);
  return json_builder_get_root (b);
}

static gboolean
member_number (JsonObject *obj, const char *name, double *out)
{
  JsonNode *n = json_object_get_member (obj, name);
  GType t;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  t = json_node_get_value_type (n);
  if (t == G_TYPE_INT64)
    *out = (double) json_node_get_int (n);
  else if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (n);
  else
    return FALSE;
  return TRUE;
}

gboolean
sewa_sim_faults_update (SewaSimFaults *f, JsonObject *obj, GError **error)
{
  gint64 seed = 0, latency = 0, retry_after = 0;
  double rate = 0;
  guint kinds = 0;
  gboolean has_seed = json_object_has_member (obj, "seed");
  gboolean has_rate = json_object_has_member (obj, "rate");
  gboolean has_kinds = json_object_has_member (obj, "kinds");
  gboolean has_latency = json_object_has_member (obj, "latency_ms");
  gboolean has_retry = json_object_has_member (obj, "retry_after");

  if (has_seed && (!sewa_sim_member_int (obj, "seed", &seed) || seed < 0))
    goto invalid;
  if (has_rate && (!member_number (obj, "rate", &rate) || rate < 0 || rate > 1))
    goto invalid;
  if (has_latency && (!sewa_sim_member_int (obj, "latency_ms", &latency) || latency < 0 || latency > 60000))
    goto invalid;
  if (has_retry && (!sewa_sim_member_int (obj, "retry_after", &retry_after) || retry_after < 0 || retry_after > 3600))
    goto invalid;
  if (has_kinds)
    {
      JsonArray *arr = sewa_sim_member_array (obj, "kinds");

      if (arr == NULL)
        goto invalid;
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *n = json_array_get_element (arr, i);
          guint one = 0;

          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
              || !sewa_sim_faults_parse_kinds (json_node_get_string (n), &one))
            goto invalid;
          kinds |= one;
        }
    }

  g_mutex_lock (&f->lock);
  if (has_seed)
    f->seed = (guint64) seed;
  if (has_rate)
    f->rate = rate;
  if (has_kinds)
    f->kinds = kinds;
  if (has_latency)
    f->latency_ms = (guint) latency;
  if (has_retry)
    f->retry_after = (guint) retry_after;
  f->next_seq = 0;
  g_mutex_unlock (&f->lock);
  return TRUE;

invalid:
  g_set_error_literal (error, SEWA_SIM_ERROR, SEWA_SIM_ERROR_BAD_REQUEST,
                       "faults: seed >= 0, rate 0..1, kinds from 5xx,429,reset,latency,commit-504,slow, latency_ms, retry_after");
  return FALSE;
}
