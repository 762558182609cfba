#include "sewa-config.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
quiet (const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (SewaConfig) c = NULL;

  /* Unknown keys warn by design; a critical (API misuse) must still abort. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_default_handler (quiet, NULL);
  c = sewa_config_load_data ((const char *) data, size, NULL);
  return 0;
}
