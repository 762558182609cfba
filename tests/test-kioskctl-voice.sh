#!/bin/sh
# kioskctl voice test: the technician's speaker check. Through ALSA's null device the greeting is
# synthesised in three languages and all of it reaches the device; a device that does not exist
# exits 1 and says which device and what to check; no subcommand is a usage error.
set -u
ctl=$1
echo "1..3"
out=$("$ctl" voice test --device null 2>/dev/null)
rc=$?
frames=$(printf '%s\n' "$out" | sed -n 's/.*frames=\([0-9]*\).*/\1/p')
# The greeting is several seconds in each language: well over 5 s at 22,050 frames a second.
if [ $rc -eq 0 ] && [ -n "$frames" ] && [ "$frames" -gt 110250 ] \
   && printf '%s\n' "$out" | grep -q 'languages=pa,hi,en'; then
  echo "ok 1 the greeting reached the device ($frames frames)"
else
  echo "not ok 1 rc=$rc out='$out'"
fi
err=$("$ctl" voice test --device sewa-no-such-device 2>&1 >/dev/null)
rc=$?
if [ $rc -eq 1 ] && printf '%s\n' "$err" | grep -q 'no sound reached the audio device "sewa-no-such-device"' \
   && printf '%s\n' "$err" | grep -q '^hint:'; then
  echo "ok 2 a missing device exits 1 with a hint"
else
  echo "not ok 2 rc=$rc err='$err'"
fi
"$ctl" voice >/dev/null 2>&1
if [ $? -eq 2 ]; then echo "ok 3 usage error exits 2"; else echo "not ok 3"; fi
