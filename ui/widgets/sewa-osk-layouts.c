#include "sewa-osk-layouts.h"

static const SewaOskLayoutData layouts[SEWA_OSK_N_LAYOUTS] = {
  [SEWA_OSK_LAYOUT_GURMUKHI] = {
    .name = "ਅ",
    .rows = {
      "੧ ੨ ੩|ੱ ੪ ੫ ੬ ੭ ੮ ੯ ੦",
      "ੌ|ਔ ੈ|ਐ ਾ|ਆ ੀ|ਈ ੂ|ਊ ਬ|ਭ ਹ|ਙ ਗ|ਘ ਦ|ਧ ਜ|ਝ ਡ|ਢ ਼|ਞ",
      "ੋ|ਓ ੇ|ਏ ੍|ਅ ਿ|ਇ ੁ|ਉ ਪ|ਫ ਰ|ੜ ਕ|ਖ ਤ|ਥ ਚ|ਛ ਟ|ਠ",
      "ੰ|ੱ ਂ|ੰ ਮ|ਣ ਨ|ਜ਼ ਵ|ਫ਼ ਲ|ਲ਼ ਸ|ਸ਼ ,|ੳ .|। ਯ|ੲ",
      NULL,
    },
    .has_shift = TRUE,
    .has_joiners = TRUE,
  },
  [SEWA_OSK_LAYOUT_DEVANAGARI] = {
    .name = "अ",
    .rows = {
      "१ २ ३ ४ ५ ६ ७ ८ ९ ०",
      "ौ|औ ै|ऐ ा|आ ी|ई ू|ऊ ब|भ ह|ङ ग|घ द|ध ज|झ ड|ढ ़|ञ",
      "ो|ओ े|ए ्|अ ि|इ ु|उ प|फ र|ऱ क|ख त|थ च|छ ट|ठ",
      "ॉ|ऑ ं|ँ म|ण न|ऩ व|ऋ ल|ळ स|श ,|ष .|। य|ृ",
      NULL,
    },
    .has_shift = TRUE,
    .has_joiners = TRUE,
  },
  [SEWA_OSK_LAYOUT_LATIN] = {
    .name = "ABC",
    .rows = {
      "1 2 3 4 5 6 7 8 9 0",
      "q|Q w|W e|E r|R t|T y|Y u|U i|I o|O p|P",
      "a|A s|S d|D f|F g|G h|H j|J k|K l|L",
      "z|Z x|X c|C v|V b|B n|N m|M ,|@ .|- /|_",
      NULL,
    },
    .has_shift = TRUE,
    .has_joiners = FALSE,
  },
  [SEWA_OSK_LAYOUT_NUMERIC] = {
    .name = "123",
    .rows = {
      "1 2 3",
      "4 5 6",
      "7 8 9",
      "0",
      NULL,
    },
    .has_shift = FALSE,
    .has_joiners = FALSE,
  },
};

const SewaOskLayoutData *
sewa_osk_layout_get (SewaOskLayout layout)
{
  g_return_val_if_fail (layout < SEWA_OSK_N_LAYOUTS, NULL);
  return &layouts[layout];
}
