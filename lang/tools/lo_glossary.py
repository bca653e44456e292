#!/usr/bin/env python3
"""English -> Slovak/Czech single-word glossary from LibreOffice's UI
translations (Debian libreoffice-l10n-XX, gettext .mo catalogues, MPL-2.0).

  lo_glossary.py LANG MO_DIR OUT

Keeps UI strings whose English source and translation are both one word
(menu accelerators ~ _ & and trailing ':' '.' removed), lower-cased.
Translations are ordered by how many UI strings use them (then wordfreq
frequency); at most 3 per English word. An untranslated string (target ==
English) is kept only if the word is common in the target language
(wordfreq Zipf >= 3), e.g. "program" -> "program".
NB: the senses are biased to software UI (help -> pomocník/nápověda,
report -> zostava/sestava, apply -> použiť).
"""
import collections
import gettext
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import nfc_lower, write_tsv, zipf_table  # noqa: E402


def clean(s):
    s = re.sub(r"[~_&]", "", s).strip()
    return s.rstrip(".:…").strip()


def main():
    lang, mo_dir, out = sys.argv[1:4]
    zipf = zipf_table(lang)
    pairs = collections.defaultdict(collections.Counter)
    files = sorted(glob.glob(os.path.join(mo_dir, "*.mo")))
    if not files:
        raise SystemExit(f"no .mo files in {mo_dir}")
    for mo in files:
        with open(mo, "rb") as fh:
            cat = gettext.GNUTranslations(fh)._catalog
        for k, v in cat.items():
            if not isinstance(k, str) or not isinstance(v, str):
                continue  # plural forms
            en = clean(k.split("\x04")[-1])
            tr = clean(v)
            if not re.fullmatch(r"[A-Za-z]{2,}", en) or not re.fullmatch(r"[^\W\d_]{2,}", tr):
                continue
            en, tr = nfc_lower(en), nfc_lower(tr)
            if tr == en and zipf.get(tr, 0.0) < 3.0:
                continue
            pairs[en][tr] += 1
    rows = []
    for en, c in pairs.items():
        order = sorted(c, key=lambda t: (-c[t], -zipf.get(t, 0.0), t))[:3]
        rows.append([en] + order)
    print(f"{lang}: {len(files)} catalogues", file=sys.stderr)
    write_tsv(out, rows)


if __name__ == "__main__":
    main()
