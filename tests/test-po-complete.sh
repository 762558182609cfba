#!/bin/sh
# Every user-facing string in the files listed in po/POTFILES.in has a Punjabi and a Hindi
# translation: a citizen who picks ਪੰਜਾਬੀ or हिन्दी never meets an English string from our UI.
set -u
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 1
files=$(grep -v '^#' po/POTFILES.in | grep -v '^$')
echo "1..3"
if xgettext --from-code=UTF-8 --add-comments=TRANSLATORS --keyword=_ --keyword=N_ \
     --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
     -o "$tmp/sewa.pot" $files 2>"$tmp/xgettext.err"; then
  n=$(grep -c '^msgid "..*"' "$tmp/sewa.pot")
  echo "ok 1 xgettext extracted $n strings"
else
  echo "not ok 1 xgettext failed"; sed 's/^/# /' "$tmp/xgettext.err"; exit 0
fi
i=2
for lang in pa hi; do
  missing=$(msgcmp --use-untranslated "po/$lang.po" "$tmp/sewa.pot" 2>&1 >/dev/null | grep -c 'this message is used but not defined')
  untranslated=$(msgattrib --untranslated --no-obsolete "po/$lang.po" 2>/dev/null | grep -c '^msgid "..*"')
  if [ "$missing" -eq 0 ] && [ "$untranslated" -eq 0 ]; then
    echo "ok $i $lang: every string translated"
  else
    echo "not ok $i $lang: $missing strings missing, $untranslated untranslated"
    msgcmp --use-untranslated "po/$lang.po" "$tmp/sewa.pot" 2>&1 | grep -A1 'not defined' | sed 's/^/# /' | head -40
  fi
  i=$((i+1))
done
