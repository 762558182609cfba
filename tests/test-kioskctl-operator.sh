#!/bin/sh
# kioskctl operator set-pin / check-pin: the PIN goes in on stdin, only its libsodium hash goes
# into the configuration file (other keys and comments kept), the kiosk's config loader accepts
# the result, the right PIN verifies and a wrong one does not.
set -u
ctl=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
conf="$tmp/kiosk.conf"
printf '# front desk kiosk\n[kiosk]\ncentre=ASR02\nnumber=7\n' > "$conf"
chmod 640 "$conf"
echo "1..14"

out=$(echo 482913 | "$ctl" operator set-pin "$conf" 2>&1)
if [ $? -eq 0 ]; then echo "ok 1 set-pin succeeds"; else echo "not ok 1 set-pin: $out"; fi

hash=$(sed -n 's/^pin-hash=//p' "$conf")
case "$hash" in
  '$argon2id$'*) echo "ok 2 an Argon2id hash is stored" ;;
  *) echo "not ok 2 stored '$hash'" ;;
esac
if grep -q 482913 "$conf"; then echo "not ok 3 the PIN itself is in the file"; else echo "ok 3 the PIN itself is not in the file"; fi
if grep -q '^# front desk kiosk' "$conf" && grep -q '^centre=ASR02' "$conf" && \
   [ "$(stat -c %a "$conf")" = 640 ]; then
  echo "ok 4 other keys, comments and the file mode are kept"
else
  echo "not ok 4"; sed 's/^/# /' "$conf"
fi

state="$tmp/state"
k="$ctl --state-dir $state"
out=$(echo 482913 | $k operator check-pin "$conf")
if [ $? -eq 0 ] && [ "$out" = "PIN ok" ]; then echo "ok 5 the right PIN verifies"; else echo "not ok 5 got '$out'"; fi
out=$(echo 482914 | $k operator check-pin "$conf")
if [ $? -eq 1 ] && [ "$out" = "wrong PIN" ]; then echo "ok 6 a wrong PIN does not"; else echo "not ok 6 got '$out'"; fi

# A malformed PIN is refused and the file is left alone.
before=$(cat "$conf")
echo 12ab | "$ctl" operator set-pin "$conf" 2>/dev/null
st=$?
if [ $st -eq 2 ] && [ "$(cat "$conf")" = "$before" ]; then echo "ok 7 a PIN that is not 4-12 digits is refused"; else echo "not ok 7 exit $st"; fi

# The whole file still loads as a kiosk configuration (kioskctl --config uses the same loader);
# without a PIN configured, check-pin says operator mode is off.
printf '[kiosk]\ncentre=ASR02\n' > "$tmp/none.conf"
out=$(echo 1234 | "$ctl" operator check-pin "$tmp/none.conf")
st=$?
if "$ctl" --config "$conf" version >/dev/null && [ $st -eq 1 ] && \
   [ "$out" = "no operator PIN configured: operator mode is off" ]; then
  echo "ok 8 the file loads; no PIN means operator mode off"
else
  echo "not ok 8 exit $st '$out'"
fi

# A world-readable configuration loses its "other" bits when the PIN hash goes in; a new file is
# 0600.
printf '[kiosk]\ncentre=ASR02\n' > "$tmp/open.conf"
chmod 644 "$tmp/open.conf"
echo 482913 | "$ctl" operator set-pin "$tmp/open.conf" >/dev/null 2>&1
echo 482913 | "$ctl" operator set-pin "$tmp/new.conf" >/dev/null 2>&1
if [ "$(stat -c %a "$tmp/open.conf")" = 640 ] && [ "$(stat -c %a "$tmp/new.conf")" = 600 ]; then
  echo "ok 9 the PIN hash is never world-readable (0644 -> 0640, new 0600)"
else
  echo "not ok 9 modes $(stat -c %a "$tmp/open.conf") $(stat -c %a "$tmp/new.conf")"
fi

# Wrong PINs lock check-pin across runs: the second wrong one (after the first, above) is free,
# the third waits 2 s, and while locked even the right PIN is not checked.
out=$(echo 111111 | $k operator check-pin "$conf")
if [ $? -eq 1 ] && [ "$out" = "wrong PIN" ]; then echo "ok 10 a second wrong PIN"; else echo "not ok 10 got '$out'"; fi
out=$(echo 111111 | $k operator check-pin "$conf")
case "$out" in *"locked for 2 s after 3 wrong PINs"*) echo "ok 11 the third locks for 2 s" ;;
  *) echo "not ok 11 got '$out'" ;; esac
out=$(echo 482913 | $k operator check-pin "$conf")
st=$?
case "$out" in "locked after 3 wrong PINs"*) [ $st -eq 1 ] && echo "ok 12 the right PIN is refused while locked" || echo "not ok 12 exit $st" ;;
  *) echo "not ok 12 got '$out' (exit $st)" ;; esac
if [ "$(stat -c %a "$state/operator-pin.operator.lockout")" = 600 ]; then echo "ok 13 the count is kept, 0600"; else echo "not ok 13"; fi
# Once the lock has run out (its time set into the past here), the right PIN opens and resets.
sed -i 's/^locked-until=.*/locked-until=1/' "$state/operator-pin.operator.lockout"
out=$(echo 482913 | $k operator check-pin "$conf")
if [ $? -eq 0 ] && [ "$out" = "PIN ok" ] && grep -q '^failures=0' "$state/operator-pin.operator.lockout"; then
  echo "ok 14 after the lock the right PIN verifies and resets the count"
else
  echo "not ok 14 got '$out'"
fi
