/* Deterministic fault injection: whether request n is faulted, and how, is a pure function of
 * (seed, n), so a test that sends requests one at a time sees the same faults every run. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  SEWA_SIM_FAULT_NONE = 0,
  SEWA_SIM_FAULT_5XX = 1 << 0,
  SEWA_SIM_FAULT_429 = 1 << 1,
  SEWA_SIM_FAULT_RESET = 1 << 2,
  SEWA_SIM_FAULT_LATENCY = 1 << 3,
  SEWA_SIM_FAULT_COMMIT_504 = 1 << 4,
  SEWA_SIM_FAULT_SLOW = 1 << 5,
} SewaSimFaultKind;

#define SEWA_SIM_FAULT_ALL 0x3f

typedef struct {
  SewaSimFaultKind kind;  /* NONE or exactly one kind */
  guint status;           /* 500/502/503 for 5XX */
  gboolean after_apply;   /* RESET: cut the response after applying (else before) */
} SewaSimFault;

typedef struct _SewaSimFaults SewaSimFaults;

SewaSimFaults *sewa_sim_faults_new (guint64 seed, double rate, guint kinds, guint latency_ms, guint retry_after);
void sewa_sim_faults_free (SewaSimFaults *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SewaSimFaults, sewa_sim_faults_free)

/* Parses "5xx,429,reset,latency,commit-504,slow" (or "all"); FALSE on an unknown name. */
gboolean sewa_sim_faults_parse_kinds (const char *list, guint *out_kinds);

/* Takes the next sequence number and decides its fault. Thread-safe. */
SewaSimFault sewa_sim_faults_next (SewaSimFaults *f);

/* Pure decision for sequence number @n (exposed for tests). */
SewaSimFault sewa_sim_faults_decide (guint64 seed, double rate, guint kinds, guint64 n);

guint sewa_sim_faults_latency_ms (SewaSimFaults *f);
guint sewa_sim_faults_retry_after (SewaSimFaults *f);
guint64 sewa_sim_faults_injected (SewaSimFaults *f);

JsonNode *sewa_sim_faults_to_json (SewaSimFaults *f);
/* Applies the members present in @obj; resets the sequence. FALSE (nothing changed) when a
 * member is invalid. */
gboolean sewa_sim_faults_update (SewaSimFaults *f, JsonObject *obj, GError **error);

G_END_DECLS
