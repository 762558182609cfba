#!/bin/sh
# kioskctl operator add / list / remove: several operators each with their own PIN in the
# configuration ([operator.NAME] pin-hash), next to the single [operator] PIN of before (the
# operator "operator"); check-pin names whose PIN it is; a PIN another operator has is refused;
# a bad name is refused; the file still loads as a kiosk configuration.
set -u
ctl=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
conf="$tmp/kiosk.conf"
printf '[kiosk]\ncentre=ASR02\n[operator]\nidle-timeout=120\n' > "$conf"
k="$ctl --state-dir $tmp/state"
echo "1..10"

echo 1111 | "$ctl" operator set-pin "$conf" >/dev/null 2>&1
out=$(echo 2222 | "$ctl" operator add asha "$conf" 2>&1)
st1=$?
out2=$(echo 3333 | "$ctl" operator add bilal "$conf" 2>&1)
st2=$?
if [ $st1 -eq 0 ] && [ $st2 -eq 0 ] && grep -q '^\[operator.asha\]' "$conf" && ! grep -q 2222 "$conf"; then
  echo "ok 1 two operators added, only hashes stored"
else
  echo "not ok 1 '$out' '$out2'"
fi
out=$("$ctl" operator list "$conf" | tr '\n' ' ')
if [ "$out" = "operator asha bilal " ]; then echo "ok 2 list names them, the old PIN as operator"; else echo "not ok 2 got '$out'"; fi

out=$(echo 3333 | $k operator check-pin "$conf")
if [ $? -eq 0 ] && [ "$out" = "PIN ok: bilal" ]; then echo "ok 3 check-pin names whose PIN it is"; else echo "not ok 3 got '$out'"; fi
out=$(echo 1111 | $k operator check-pin "$conf")
if [ $? -eq 0 ] && [ "$out" = "PIN ok" ]; then echo "ok 4 the old single PIN still opens"; else echo "not ok 4 got '$out'"; fi

before=$(cat "$conf")
echo 2222 | "$ctl" operator add chetan "$conf" >"$tmp/out" 2>&1
st=$?
if [ $st -eq 2 ] && grep -q "another operator has this PIN" "$tmp/out" && [ "$(cat "$conf")" = "$before" ]; then
  echo "ok 5 a PIN another operator has is refused"
else
  echo "not ok 5 exit $st"; sed 's/^/# /' "$tmp/out"
fi
echo 4444 | "$ctl" operator add 'Asha Rani' "$conf" >/dev/null 2>&1
st=$?
echo 4444 | "$ctl" operator add operator "$conf" >/dev/null 2>&1
st2=$?
if [ $st -eq 2 ] && [ $st2 -eq 2 ] && [ "$(cat "$conf")" = "$before" ]; then echo "ok 6 bad names are refused"; else echo "not ok 6"; fi

# Adding an existing operator changes their PIN.
echo 5555 | "$ctl" operator add asha "$conf" >/dev/null 2>&1
out=$(echo 5555 | $k operator check-pin "$conf")
if [ "$out" = "PIN ok: asha" ]; then echo "ok 7 add again changes the PIN"; else echo "not ok 7 got '$out'"; fi

out=$("$ctl" operator remove asha "$conf")
if [ $? -eq 0 ] && [ "$("$ctl" operator list "$conf" | tr '\n' ' ')" = "operator bilal " ] && \
   ! grep -q 'operator.asha' "$conf"; then
  echo "ok 8 remove takes one operator away"
else
  echo "not ok 8 '$out'"
fi
"$ctl" operator remove operator "$conf" >/dev/null
if grep -q '^idle-timeout=120' "$conf" && \
   [ "$("$ctl" operator list "$conf" | tr '\n' ' ')" = "bilal " ]; then
  echo "ok 9 removing the old single PIN keeps the rest of [operator]"
else
  echo "not ok 9"; sed 's/^/# /' "$conf"
fi
"$ctl" operator remove nobody "$conf" >/dev/null
st=$?
if [ $st -eq 1 ] && "$ctl" --config "$conf" version >/dev/null; then
  echo "ok 10 removing an unknown operator says so; the file loads"
else
  echo "not ok 10 exit $st"
fi
