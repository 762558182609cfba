/* sewa-qr-decoder-private.h — for bench/qr and tests only. */
#pragma once

#include "sewa-qr-decoder.h"

G_BEGIN_DECLS

/* Replaces the preprocessing ladder with the comma-separated rung names in spec
 * (see sewa_qr_decoder_get_rung_name()); FALSE and no change when a name is unknown. */
gboolean sewa_qr_decoder_set_ladder (SewaQrDecoder *self, const char *spec);

/* Called with each payload an engine reads, before the cross-check; it may change the bytes.
 * Tests use it to make one engine misread. */
typedef void (*SewaQrReadHook) (SewaQrEngine engine, GByteArray *payload, gpointer user_data);
void sewa_qr_decoder_set_read_hook (SewaQrDecoder *self, SewaQrReadHook hook, gpointer user_data);

/* Back to the default: the ladder chosen per frame from its measured conditions. */
void sewa_qr_decoder_reset_ladder (SewaQrDecoder *self);

/* The ZBar-only and zxing-cpp-only ladders, for per-engine figures. */
#define SEWA_QR_DECODER_ZBAR_LADDER "half,otsu,plain,smooth,norm,invert,rot45"
#define SEWA_QR_DECODER_ZXING_LADDER "zxing,zxing-invert,zxing-half"

G_END_DECLS
