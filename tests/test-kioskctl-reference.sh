#!/bin/sh
# kioskctl reference check: valid references exit 0, an invalid one exits 1 and says so.
set -u
ctl=$1
echo "1..3"
# Find the right check character by trying all 36; exactly one must be valid.
n=0; valid=""
for c in 0 1 2 3 4 5 6 7 8 9 A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
  if "$ctl" reference check "PB-LDH01-03-261130-0042-$c" >/dev/null; then n=$((n+1)); valid=$c; fi
done
if [ "$n" -eq 1 ]; then echo "ok 1 exactly one check character is valid ($valid)"; else echo "not ok 1 $n valid check characters"; fi
out=$("$ctl" reference check "pb ldh01 03 261130 0042 $valid")
if [ $? -eq 0 ] && [ "$out" = "PB-LDH01-03-261130-0042-$valid	valid" ]; then echo "ok 2 typed form normalised"; else echo "not ok 2 got '$out'"; fi
"$ctl" reference check "PB-LDH01-03-261130-0043-$valid" >/dev/null
if [ $? -eq 1 ]; then echo "ok 3 wrong check character exits 1"; else echo "not ok 3"; fi
