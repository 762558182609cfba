#!/bin/sh
# kioskctl qr decode / parse on real files: a signed test Aadhaar QR rendered by qrencode,
# decoded with the kiosk's decoder, then parsed with the test certificate from a config file.
set -u
ctl=$1
tool=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
ok () { n=$((n+1)); echo "ok $n $1"; }
notok () { n=$((n+1)); echo "not ok $n $1"; }
echo "1..14"

"$tool" keygen "$work/key.pem" "$work/cert.pem" || { echo "Bail out! keygen"; exit 1; }
"$tool" keygen "$work/key2.pem" "$work/cert2.pem" || { echo "Bail out! keygen"; exit 1; }
"$tool" secure "$work/key.pem" 2 > "$work/v2.txt"
"$tool" xml > "$work/xml.txt"
printf '[aadhaar]\nuidai-certificate=%s\n' "$work/cert.pem" > "$work/good.ini"
printf '[aadhaar]\nuidai-certificate=%s\n' "$work/cert2.pem" > "$work/wrong.ini"

# 1–3: decode a PNG made by qrencode; a PNG without a code gives an empty line and exit 1.
qrencode -l L -s 3 -o "$work/v2.png" < "$work/v2.txt"
out=$("$ctl" qr decode "$work/v2.png")
if [ $? -eq 0 ] && [ "$out" = "$(cat "$work/v2.txt")" ]; then ok "decode: Aadhaar-size QR from PNG"; else notok "decode: got '$(printf %s "$out" | cut -c1-40)…'"; fi
python3 -c '
import sys, zlib, struct
w, h = 64, 48
raw = b"".join(b"\0" + b"\xc8" * w for _ in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
' > "$work/blank.png"
"$ctl" qr decode "$work/v2.png" "$work/blank.png" > "$work/out.txt"
status=$?
if [ $status -eq 1 ] && [ "$(sed -n 2p "$work/out.txt")" = "" ] && [ "$(wc -l < "$work/out.txt")" -eq 2 ] && [ "$(sed -n 1p "$work/out.txt")" = "$(cat "$work/v2.txt")" ]; then ok "decode: empty line and exit 1 for an image without a code"; else notok "decode blank: status $status"; fi
echo "not an image" > "$work/bad.png"
"$ctl" qr decode "$work/bad.png" >/dev/null 2>&1
if [ $? -eq 3 ]; then ok "decode: unreadable image exits 3"; else notok "decode: unreadable image"; fi

# 4–5: parse with the right certificate: accepted, masked.
out=$("$ctl" --config "$work/good.ini" qr parse < "$work/v2.txt")
status=$?
if [ $status -eq 0 ] && printf '%s' "$out" | grep -q '^aadhaar: XXXX XXXX 1234$' && printf '%s' "$out" | grep -q '^verified: yes'; then ok "parse: verified Secure QR V2"; else notok "parse V2: status $status: $out"; fi
if printf '%s' "$out" | grep -q '^name: Gurpreet Kaur$' && printf '%s' "$out" | grep -q '^dob: 15-08-1990$'; then ok "parse: fields"; else notok "parse fields"; fi

# 6–7: wrong certificate, no certificate.
out=$("$ctl" --config "$work/wrong.ini" qr parse < "$work/v2.txt")
if [ $? -eq 1 ] && printf '%s' "$out" | grep -q '^rejected: signature' && ! printf '%s' "$out" | grep -q Gurpreet; then ok "parse: wrong certificate rejected, nothing shown"; else notok "parse wrong cert: $out"; fi
out=$(HOME="$work" XDG_CONFIG_HOME="$work" "$ctl" qr parse < "$work/v2.txt")
if [ $? -eq 1 ] && printf '%s' "$out" | grep -q '^rejected: no-cert'; then ok "parse: no certificate configured"; else notok "parse no cert: $out"; fi

# 8: old XML QR: unverified, number masked.
out=$("$ctl" qr parse < "$work/xml.txt")
uid=$(sed -n 's/.*uid="\([0-9]*\)".*/\1/p' "$work/xml.txt")
last4=$(printf %s "$uid" | cut -c9-12)
if [ $? -eq 0 ] && printf '%s' "$out" | grep -q "^aadhaar: XXXX XXXX $last4\$" && printf '%s' "$out" | grep -q '^verified: NO' && ! printf '%s' "$out" | grep -q "$uid"; then ok "parse: XML QR masked and unverified"; else notok "parse XML: $out"; fi

# 9: piped through echo (trailing newline) still parses.
out=$(echo "$(cat "$work/v2.txt")" | "$ctl" --config "$work/good.ini" qr parse)
if [ $? -eq 0 ]; then ok "parse: trailing newline dropped"; else notok "parse with newline: $out"; fi

# 10: something else.
out=$(printf 'upi://pay?pa=x@y' | "$ctl" qr parse)
if [ $? -eq 1 ] && [ "$out" = "$(printf 'kind: unrecognised\nrejected: unrecognised: This code is not recognised')" ]; then ok "parse: unrecognised"; else notok "parse other: $out"; fi

# 11: an unreadable certificate is a setup fault.
printf '[aadhaar]\nuidai-certificate=%s\n' "$work/missing.pem" > "$work/missing.ini"
"$ctl" --config "$work/missing.ini" qr parse < "$work/v2.txt" >/dev/null 2>&1
if [ $? -eq 3 ]; then ok "parse: missing certificate exits 3"; else notok "parse missing cert"; fi

# 12: empty stdin is rejected as unrecognised (it was a UBSan null-argument report, exit 1 with
# "runtime error" on stderr).
err=$("$ctl" qr parse < /dev/null 2>&1 >/dev/null)
status=$?
if [ $status -eq 1 ] && ! printf '%s' "$err" | grep -q 'runtime error'; then ok "parse: empty stdin"; else notok "parse empty stdin: status $status: $err"; fi

# 13: a certificate list where only the second verifies, and a V2 code with the e-mail/mobile
# hashes after its photo (as another implementation writes V2) and a photo in three tile-parts.
printf '[aadhaar]\nuidai-certificate=%s;%s\n' "$work/cert2.pem" "$work/cert.pem" > "$work/list.ini"
"$tool" secure "$work/key.pem" 2 indicator=3 hashes tile-parts=3 > "$work/v2h.txt"
out=$("$ctl" --config "$work/list.ini" qr parse < "$work/v2h.txt")
if [ $? -eq 0 ] && printf '%s' "$out" | grep -q '^verified: yes' && printf '%s' "$out" | grep -q 'hashes:.*email.*mobile'; then ok "parse: V2 with hashes, second certificate of the list"; else notok "parse V2 hashes with list: $out"; fi

# 14: a list naming a file that is missing is a configuration error (exit 3) naming the file.
printf '[aadhaar]\nuidai-certificate=%s;%s\n' "$work/cert.pem" "$work/gone.pem" > "$work/list-missing.ini"
err=$("$ctl" --config "$work/list-missing.ini" qr parse < "$work/v2.txt" 2>&1 >/dev/null)
status=$?
if [ $status -eq 3 ] && printf '%s' "$err" | grep -q 'uidai-certificate' && printf '%s' "$err" | grep -q 'gone.pem'; then ok "parse: list with a missing certificate exits 3"; else notok "parse list missing: status $status: $err"; fi
