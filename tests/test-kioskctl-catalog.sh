#!/bin/sh
# kioskctl catalog: check lists hidden services and exits 1; search prints ranked results.
set -u
ctl=$1
root=$SEWA_SOURCE_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..6"
out=$("$ctl" catalog check "$root/data/catalog/catalog.json")
if [ $? -eq 0 ] && echo "$out" | grep -q "services 31 shown, 0 hidden"; then echo "ok 1 seed catalog is clean"; else echo "not ok 1 $out"; fi
# Break one service's field type: that service is hidden with its reason, the rest still load.
sed '0,/"type": "mobile"/s//"type": "telephone"/' "$root/data/catalog/catalog.json" > "$tmp/broken.json"
out=$("$ctl" catalog check "$tmp/broken.json")
if [ $? -eq 1 ] && echo "$out" | grep -q "services 30 shown, 1 hidden" && echo "$out" | grep -q "^hidden	birth-certificate	.*unknown field type"; then
  echo "ok 2 broken service hidden with reason"; else echo "not ok 2 $out"; fi
printf 'not json' > "$tmp/bad.json"
"$ctl" catalog check "$tmp/bad.json" >/dev/null 2>&1
if [ $? -eq 1 ]; then echo "ok 3 not JSON exits 1"; else echo "not ok 3"; fi
out=$("$ctl" catalog search "ਜਨਮ" --lang hi --limit 1)
if [ "$out" = "1	birth-certificate	prefix	जन्म प्रमाण पत्र" ]; then echo "ok 4 search in Gurmukhi, shown in Hindi"; else echo "not ok 4 '$out'"; fi
out=$("$ctl" catalog search "aamdan" --limit 1)
if echo "$out" | grep -q "^1	income-certificate	"; then echo "ok 5 alias search"; else echo "not ok 5 '$out'"; fi
"$ctl" catalog search >/dev/null 2>&1
if [ $? -eq 2 ]; then echo "ok 6 usage error exits 2"; else echo "not ok 6"; fi
