#!/usr/bin/env python3
"""Convert FreeDict dictd databases (.index + .dict.dz, Debian dict-freedict-*)
into one English-keyed TSV:  english<TAB>word1<TAB>word2...

  --eng-x FILEBASE   an English->X database (e.g. freedict-eng-ces)
  --x-eng FILEBASE   an X->English database (e.g. freedict-ces-eng); inverted

Rules: both sides lower-cased and NFC-normalised; only single-word English
headwords and single-word translations are kept (translations are split on
',' and ';'; domain tags like "[eko]" removed; translations tagged obsolete
"[zast]" dropped); at most --max translations per English word, ordered by
frequency of the translation in the wordfreq list of the target language
(ties: source order). Frequency is used only for ordering/selection.
"""
import argparse
import base64
import collections
import gzip
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import is_word, nfc_lower, write_tsv, zipf_table  # noqa: E402

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
DROP_TAGS = {"zast"}  # obsolete


def b64num(s):
    n = 0
    for ch in s:
        n = n * 64 + B64.index(ch)
    return n


def entries(base):
    data = gzip.open(base + ".dict.dz").read()
    with open(base + ".index", encoding="utf-8") as f:
        for ln in f:
            hw, off, ln_ = ln.rstrip("\n").split("\t")
            if hw.startswith("00-database") or hw.startswith("00database"):
                continue
            text = data[b64num(off):b64num(off) + b64num(ln_)].decode("utf-8", "replace")
            yield hw, text


HEAD_RE = re.compile(r"^(?P<hw>.+?)\s*(?:/[^/]*/)?\s*(?:<[^>]*>)?\s*$")


def translations(hw, text):
    """Translation lines of an entry. FreeDict's dictd entries alternate
    'headword [/ipa/] [<pos>]' lines and translation lines (a translation may
    be identical to the headword, e.g. student -> student); indented 'Note:'
    lines are skipped."""
    out = []
    expect_header = True
    for line in text.split("\n"):
        s = line.strip()
        if not s or s.startswith("Note:"):
            continue
        if expect_header:
            m = HEAD_RE.match(s)
            if m and m.group("hw").strip().lower() == hw.strip().lower():
                expect_header = False
                continue
        expect_header = True
        tags = set(re.findall(r"\[([^\]]+)\]", s))
        if tags & DROP_TAGS:
            continue
        s = re.sub(r"\[[^\]]*\]", " ", s)
        s = re.sub(r"\([^)]*\)", " ", s)
        for part in re.split(r"[,;]", s):
            w = nfc_lower(re.sub(r"\s+", " ", part))
            if w:
                out.append(w)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("target_lang", help="wordfreq code of the non-English side")
    ap.add_argument("out")
    ap.add_argument("--eng-x", action="append", default=[])
    ap.add_argument("--x-eng", action="append", default=[])
    ap.add_argument("--max", type=int, default=12)
    a = ap.parse_args()
    zipf = zipf_table(a.target_lang)
    d = collections.defaultdict(list)
    stats = collections.Counter()
    for base in a.eng_x:
        for hw, text in entries(base):
            stats["eng_x_index_lines"] += 1
            en = nfc_lower(hw)
            if not is_word(en):
                stats["eng_x_multiword_headword_dropped"] += 1
                continue
            for t in translations(hw, text):
                if is_word(t):
                    d[en].append(t)
                else:
                    stats["multiword_translation_dropped"] += 1
    for base in a.x_eng:
        for hw, text in entries(base):
            stats["x_eng_index_lines"] += 1
            x = nfc_lower(HEAD_RE.match(hw.strip()).group("hw"))
            if not is_word(x):
                continue
            for en in translations(hw, text):
                en = re.sub(r"^to ", "", en)
                if is_word(en):
                    d[en].append(x)
    rows = []
    for en, ts in d.items():
        seen = []
        for t in ts:
            # an identical "translation" (loanword) is kept only if attested
            if t not in seen and (t != en or zipf.get(t, 0.0) > 0):
                seen.append(t)
        idx = {t: i for i, t in enumerate(seen)}
        seen.sort(key=lambda t: (-zipf.get(t, 0.0), idx[t]))
        if seen:
            rows.append([en] + seen[:a.max])
    print(dict(stats), file=sys.stderr)
    write_tsv(a.out, rows)


if __name__ == "__main__":
    main()
