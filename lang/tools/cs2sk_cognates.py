#!/usr/bin/env python3
"""Derive an English->Slovak word list from an English->Czech TSV by Czech->
Slovak cognate spelling rules, keeping only candidates that are Slovak
dictionary headwords (stems of Debian hunspell-sk sk_SK.dic).

  cs2sk_cognates.py CS_EN_TSV SK_AFF SK_DIC OUT [--also SK_EN_TSV ...]

Example transfers: děti->deti, peníze->peniaze, práce->práca, lékař->lekár,
poplatek->poplatok, hlasovat->hlasovať, dobrovolník->dobrovoľník, schůze->schôdza.
Czech words are tried in the order given in the Czech list; the Slovak
candidate with the fewest rule applications wins. False friends (cs "horký"
hot -> sk "horký" bitter) are possible: treat this file as a low-weight hint.
The output inherits the licence of the Czech list (FreeDict: GPL-2+).
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import nfc_lower, write_tsv  # noqa: E402

# (regex anchored at the current position, replacements); identity is NOT
# implied - list it explicitly when the Czech spelling may stay.
END_RULES = [  # tried only at the end of the word
    (r"nout$", ["núť"]),
    (r"ovat$", ["ovať"]),
    (r"([aeiyouáíéě])t$", None),  # infinitive: handled specially (t -> ť)
    (r"ost$", ["osť"]),
    (r"tě$", ["ťa", "te"]),
    (r"dě$", ["ďa", "de"]),
    (r"ně$", ["ňa", "ne"]),
    (r"ek$", ["ok", "ek"]),
    (r"ace$", ["ácia", "acia"]),
    (r"ce$", ["ca", "ce"]),
    (r"ze$", ["za", "ze", "zia"]),
    (r"ení$", ["enie"]),
    (r"ní$", ["nie", "ný", "ní"]),
    (r"tí$", ["tie", "tý", "tí"]),
    (r"e$", ["e", "a"]),
]
CHAR_RULES = [
    ("ou", ["ou", "u", "ú"]),
    ("ě", ["e", "ie", "ä", "ia"]),
    ("ř", ["r"]),
    ("ů", ["ô", "o", "u"]),
    ("í", ["í", "i", "ie", "ia", "é", "ý"]),
    ("é", ["é", "e", "ie", "ý"]),
    ("ý", ["ý", "í"]),
    ("á", ["á", "a", "ia", "ä"]),
    ("l", ["l", "ľ"]),
    ("u", ["u", "ú"]),
]
MAX_VARIANTS = 4000


def variants(w):
    """Yield (candidate, cost)."""
    # split off an ending handled by END_RULES
    ends = [("", w, 0)]
    for rx, reps in END_RULES:
        m = re.search(rx, w)
        if not m:
            continue
        stem = w[:m.start()]
        if reps is None:  # vowel + t: infinitive, keep the vowel, t -> ť
            ends.append((w[:-1], "ť", 1))
            ends.append((w, "", 0))  # or a noun like "byt" (flat) kept as is
        else:
            for r in reps:
                ends.append((stem, r, 0 if r == m.group(0) else 1))
        break
    for base, tail, c0 in ([(w, "", 0)] if len(ends) == 1 else ends[1:]):
        results = [("", c0)]
        i = 0
        if base.startswith("st"):  # statistika -> štatistika, struktura -> štruktúra
            results = [("st", c0), ("št", c0 + 1)]
            i = 2
        while i < len(base):
            for pat, reps in CHAR_RULES:
                if base.startswith(pat, i):
                    results = [(r + x, c + (0 if x == pat else 1))
                               for r, c in results for x in reps]
                    i += len(pat)
                    break
            else:
                results = [(r + base[i], c) for r, c in results]
                i += 1
            if len(results) > MAX_VARIANTS:
                results = sorted(results, key=lambda rc: rc[1])[:MAX_VARIANTS]
        for r, c in results:
            yield r + tail, c


def sk_lexicon(aff_path, dic_path):
    """All lower-case Slovak lemmas: .dic stems plus prefixed stems (ne-, naj-)."""
    from hunspell_lemmas import Aff, expand, read_dic
    aff = Aff(aff_path)
    lex = set()
    for word, flags in read_dic(dic_path, aff):
        if word[:1].isupper():
            continue  # proper nouns (surname Dobrovolný) would hide common words
        lex.add(nfc_lower(word))
        for _form, lemma in expand(word, flags, aff):
            lex.add(nfc_lower(lemma))
    return lex


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cs_en")
    ap.add_argument("sk_aff")
    ap.add_argument("sk_dic")
    ap.add_argument("out")
    ap.add_argument("--also", action="append", default=[],
                    help="existing english<TAB>slovak TSV(s) merged first")
    ap.add_argument("--max", type=int, default=8)
    a = ap.parse_args()
    lex = sk_lexicon(a.sk_aff, a.sk_dic)
    cache = {}

    def to_sk(cs):
        if cs not in cache:
            best = None
            for cand, cost in variants(cs):
                if cand in lex and (best is None or cost < best[1]):
                    best = (cand, cost)
            cache[cs] = best[0] if best else None
        return cache[cs]

    out = {}
    for path in a.also:
        with open(path, encoding="utf-8") as f:
            for ln in f:
                p = ln.rstrip("\n").split("\t")
                out.setdefault(p[0], [])
                out[p[0]] += [x for x in p[1:] if x not in out[p[0]]]
    n_cs = n_ok = 0
    with open(a.cs_en, encoding="utf-8") as f:
        for ln in f:
            p = ln.rstrip("\n").split("\t")
            lst = out.setdefault(p[0], [])
            for cs in p[1:]:
                n_cs += 1
                if cs == p[0]:  # untranslated loanword: only an identical Slovak word
                    sk = cs if cs in lex else None
                else:
                    sk = to_sk(cs)
                if sk:
                    n_ok += 1
                    if sk not in lst:
                        lst.append(sk)
    rows = [[k] + v[:a.max] for k, v in out.items() if v]
    print(f"czech translations tried: {n_cs}, transferred to Slovak: {n_ok}",
          file=sys.stderr)
    write_tsv(a.out, rows)


if __name__ == "__main__":
    main()
