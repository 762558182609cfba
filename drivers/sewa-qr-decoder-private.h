/* sewa-qr-decoder-private.h — for bench/qr and tests only. */
#pragma once

#include "sewa-qr-decoder.h"

G_BEGIN_DECLS

/* Replaces the preprocessing ladder with the comma-separated rung names in spec
 * (see sewa_qr_decoder_get_rung_name()); FALSE and no change when a name is unknown. */
gboolean sewa_qr_decoder_set_ladder (SewaQrDecoder *self, const char *spec);

G_END_DECLS
