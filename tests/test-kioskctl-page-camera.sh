#!/bin/sh
# kioskctl page process / pdf on the sample photos, and kioskctl camera capture through
# libgphoto2's Directory Browse camera over a copy of them.
set -u
ctl=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..7"

out=$("$ctl" page process "$src/IMG_0001.JPG" "$tmp/p1.jpg")
if [ $? -eq 0 ] && echo "$out" | grep -q '^verdict	ok$' && [ -s "$tmp/p1.jpg" ]; then
  echo "ok 1 sample photo accepted and processed"
else echo "not ok 1 got: $out"; fi

out=$("$ctl" page process --colour "$src/IMG_0002.JPG" "$tmp/p2.jpg")
if [ $? -eq 0 ] && echo "$out" | grep -q '^rotation	180$'; then
  echo "ok 2 upside-down sample turned upright"
else echo "not ok 2 got: $out"; fi

# A photo of the bare stand: no page, exit 1 and the instruction for the citizen. The plasma is
# seeded: about a third of random plasma stands have a bright patch at an edge that is judged
# "cut-off" instead of "not found" (see the closing note of the capture issue).
convert -seed 1 -size 600x800 plasma:sienna-saddlebrown -quality 80 "$tmp/stand.jpg" 2>/dev/null ||
  convert -size 600x800 xc:saddlebrown "$tmp/stand.jpg"
out=$("$ctl" page process "$tmp/stand.jpg")
if [ $? -eq 1 ] && echo "$out" | grep -q '^instruction	Move the paper into the frame$'; then
  echo "ok 3 empty stand rejected with an instruction"
else echo "not ok 3 got: $out"; fi

out=$("$ctl" page pdf "$tmp/doc.pdf" "$tmp/p1.jpg" "$tmp/p2.jpg")
if [ $? -eq 0 ] && [ "$(head -c 5 "$tmp/doc.pdf")" = "%PDF-" ] && echo "$out" | grep -q '2 pages'; then
  echo "ok 4 pages assembled into one PDF"
else echo "not ok 4 got: $out"; fi

# libgphoto2's port modules leak and are unloaded before LeakSanitizer reports; the slow
# unwinder reaches the libgphoto2 frames that tests/lsan.supp names.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0"
export ASAN_OPTIONS
mkdir "$tmp/cam"
cp "$src"/IMG_*.JPG "$tmp/cam/"
out=$("$ctl" camera capture --model "Directory Browse" --port "disk:$tmp/cam" "$tmp/shot.jpg")
if [ $? -eq 0 ] && cmp -s "$tmp/shot.jpg" "$src/IMG_0001.JPG"; then
  echo "ok 5 camera capture through Directory Browse"
else echo "not ok 5 got: $out"; fi

"$ctl" camera capture --model "Directory Browse" --port "disk:$tmp/gone" "$tmp/x.jpg" 2>"$tmp/err"
if [ $? -eq 3 ] && grep -q 'does not exist' "$tmp/err"; then
  echo "ok 6 missing camera reported"
else echo "not ok 6 got: $(cat "$tmp/err")"; fi

# The [camera] section of --config names the camera when the command line does not.
printf '[camera]\nmodel=Directory Browse\nport=disk:%s/cam\n' "$tmp" > "$tmp/kiosk.conf"
rm -f "$tmp/shot2.jpg"
out=$("$ctl" --config "$tmp/kiosk.conf" camera capture "$tmp/shot2.jpg" 2>&1)
if [ $? -eq 0 ] && cmp -s "$tmp/shot2.jpg" "$src/IMG_0001.JPG"; then
  echo "ok 7 camera from the configuration's [camera] section"
else echo "not ok 7 got: $out"; fi
