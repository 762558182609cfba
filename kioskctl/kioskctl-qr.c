/* kioskctl qr — the kiosk's QR decoder and payload classifier from a shell.
 *
 *   kioskctl qr decode [--budget MS] IMAGE…
 *       One line per image: the payload(s) found with exactly the kiosk's decoder, an empty
 *       line when none. Newline, tab, backslash and bytes that are not printable UTF-8 are
 *       escaped (\n, \t, \\, \xNN) so each image stays one line; several codes in one image
 *       are separated by a tab. Exit 0 when every image had a code, 1 when one had none,
 *       3 when an image could not be read.
 *
 *   kioskctl qr parse
 *       Reads one payload on stdin (a single trailing newline is dropped) and prints what the
 *       kiosk understood from it, masked, or why it was rejected. The UIDAI certificate comes
 *       from [aadhaar] uidai-certificate in --config. Exit 0 accepted, 1 rejected.
 */
#include "kioskctl.h"
#include "sewa-qr-decoder.h"
#include "sewa-qr-payload.h"

#include <stdio.h>
#include <string.h>

#define MAX_STDIN (64 * 1024)

static void
print_escaped (GString *out, const guint8 *data, gsize len)
{
  const char *p = (const char *) data;
  const char *end = p + len;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == (gunichar) -1 || c == (gunichar) -2 || !g_unichar_isprint (c))
        {
          g_string_append_printf (out, "\\x%02x", (guint8) *p);
          p++;
          continue;
        }
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
}

static int
qr_decode (int argc, char **argv)
{
  g_autoptr (SewaQrDecoder) decoder = sewa_qr_decoder_new ();
  int status = SEWA_CTL_OK;
  int i = 2;

  if (i + 1 < argc && g_str_equal (argv[i], "--budget"))
    {
      sewa_qr_decoder_set_time_budget (decoder, (guint) g_ascii_strtoull (argv[i + 1], NULL, 10));
      i += 2;
    }
  if (i >= argc)
    {
      fprintf (stderr, "usage: kioskctl qr decode [--budget MS] IMAGE…\n");
      return SEWA_CTL_USAGE;
    }
  for (; i < argc; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) found = sewa_qr_decoder_decode_file (decoder, argv[i], NULL, &error);
      g_autoptr (GString) line = g_string_new (NULL);

      if (found == NULL)
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          status = SEWA_CTL_CANNOT_RUN;
        }
      else if (found->len == 0 && status == SEWA_CTL_OK)
        status = SEWA_CTL_NOT_OK;
      for (guint k = 0; found != NULL && k < found->len; k++)
        {
          gsize len = 0;
          const guint8 *data = g_bytes_get_data (g_ptr_array_index (found, k), &len);

          if (k > 0)
            g_string_append_c (line, '\t');
          print_escaped (line, data, len);
        }
      printf ("%s\n", line->str);
    }
  return status;
}

static int
qr_parse (SewaCtlContext *ctx)
{
  g_autoptr (SewaAadhaarKey) key = NULL;
  g_autoptr (SewaQrPayload) payload = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GByteArray) in = g_byte_array_new ();
  guint8 buf[4096];
  size_t n;

  if (ctx->config->uidai_cert_files != NULL)
    {
      g_autoptr (GError) error = NULL;

      key = sewa_aadhaar_key_new_from_files ((const char *const *) ctx->config->uidai_cert_files, &error);
      if (key == NULL)
        {
          fprintf (stderr, "kioskctl: %s\n", error->message);
          return SEWA_CTL_CANNOT_RUN;
        }
    }

  while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
    {
      if (in->len + n > MAX_STDIN)
        {
          fprintf (stderr, "kioskctl: payload longer than %d bytes\n", MAX_STDIN);
          return SEWA_CTL_USAGE;
        }
      g_byte_array_append (in, buf, (guint) n);
    }
  explicit_bzero (buf, sizeof buf);
  /* What `echo` adds. */
  if (in->len > 0 && in->data[in->len - 1] == '\n')
    g_byte_array_set_size (in, in->len - 1);
  if (in->len > 0 && in->data[in->len - 1] == '\r')
    g_byte_array_set_size (in, in->len - 1);

  /* An empty GByteArray may have no buffer at all; the classifiers take (NULL, 0) only as "no
   * bytes", so give them a real empty buffer rather than a null pointer to memcmp. */
  payload = sewa_qr_payload_classify (in->len > 0 ? in->data : (const guint8 *) "", in->len, key,
                                      g_get_real_time () / G_USEC_PER_SEC);
  if (in->len > 0)
    explicit_bzero (in->data, in->len);
  text = sewa_qr_payload_describe (payload);
  fputs (text, stdout);
  return payload->error == NULL ? SEWA_CTL_OK : SEWA_CTL_NOT_OK;
}

int
sewa_ctl_qr (SewaCtlContext *ctx, int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "decode"))
    return qr_decode (argc, argv);
  if (argc == 2 && g_str_equal (argv[1], "parse"))
    return qr_parse (ctx);
  fprintf (stderr, "usage: kioskctl qr decode [--budget MS] IMAGE…\n"
                   "       kioskctl qr parse < PAYLOAD\n");
  return SEWA_CTL_USAGE;
}
