/* Fuzz target: the decrypted contents of a reference-mark slot and the operator PIN lockout
 * state file. Either is refused or yields values inside their contracts. */
#include "sewa-pin-lockout.h"
#include "sewa-store.h"
#include "sewa-store-private.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gint64 gen = 0, committed = 0, until = 0;
  char day[8] = { 0 };
  guint seq = 0, failures = 0;

  if (sewa_store_mark_parse ((const char *) data, size, &gen, &committed, day, &seq))
    {
      g_assert_cmpint (gen, >=, 1);
      g_assert_cmpint (committed, >=, 0);
      g_assert_cmpuint (seq, <=, 9999);
      g_assert_true (strlen (day) == 0 || strlen (day) == 6);
      g_assert_true ((seq == 0) == (day[0] == '\0'));
    }
  if (sewa_pin_lockout_parse ((const char *) data, size, 1800000000, &failures, &until))
    {
      g_assert_cmpint (until, >=, 0);
      g_assert_cmpint (until, <=, 1800000000 + 24 * 3600);
    }
  return 0;
}
