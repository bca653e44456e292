#!/usr/bin/env python3
"""Expand a Hunspell .dic/.aff pair into form -> lemma pairs.

The "lemma" is the Hunspell stem (the .dic entry) with any *prefix* rule kept
(so Slovak/Czech "ne-" negation stays part of the lemma: nezamestnanému ->
nezamestnaný, never zamestnaný). Only affix rules are applied (no compounding).

Output (UTF-8, LF, sorted):  form<TAB>lemma[<TAB>lemma2...]
  * lower-cased; lines where the only lemma equals the form are omitted
    (a missing form means "the form is its own lemma / unknown");
  * a form with several lemmas lists them most-frequent first (max 3);
  * pruning: a pair is kept if the form has Zipf >= --min-form-zipf or the
    lemma has Zipf >= --min-lemma-zipf in the wordfreq list of the language.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import nfc_lower, prune_lemma_pairs, write_tsv, zipf_table  # noqa: E402


class Aff:
    def __init__(self, path):
        self.flag_type = "char"
        self.af = []
        self.rules = {}  # flag -> (kind, cross, [(strip, add, cond_re)])
        self.needaffix = self.forbidden = self.onlyincompound = None
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [ln.split("#", 1)[0].rstrip() if ln.lstrip().startswith("#") else ln.rstrip()
                     for ln in f]
        i = 0
        while i < len(lines):
            p = lines[i].split()
            i += 1
            if not p:
                continue
            key = p[0]
            if key == "FLAG":
                self.flag_type = p[1]
            elif key == "AF" and len(p) == 2 and p[1].isdigit():
                for _ in range(int(p[1])):
                    self.af.append(lines[i].split()[1])
                    i += 1
            elif key == "NEEDAFFIX":
                self.needaffix = p[1]
            elif key == "FORBIDDENWORD":
                self.forbidden = p[1]
            elif key == "ONLYINCOMPOUND":
                self.onlyincompound = p[1]
            elif key in ("PFX", "SFX") and len(p) >= 4 and p[3].isdigit() and p[2] in "YN":
                flag, cross, n = p[1], p[2] == "Y", int(p[3])
                entries = []
                for _ in range(n):
                    q = lines[i].split()
                    i += 1
                    strip = "" if q[2] == "0" else q[2]
                    add = q[3].split("/", 1)[0]
                    add = "" if add == "0" else add
                    cond = q[4] if len(q) > 4 else "."
                    rx = (cond + "$") if key == "SFX" else ("^" + cond)
                    entries.append((strip, add, re.compile(rx)))
                self.rules[flag] = (key, cross, entries)

    def split_flags(self, s):
        if not s:
            return []
        if self.af and s.isdigit():
            s = self.af[int(s) - 1]
        if self.flag_type == "long":
            return [s[i:i + 2] for i in range(0, len(s), 2)]
        if self.flag_type == "num":
            return s.split(",")
        return list(s)


def read_dic(path, aff):
    with open(path, encoding="utf-8", errors="replace") as f:
        next(f)  # count line
        for ln in f:
            ln = ln.rstrip("\n")
            if not ln or ln[0] in "\t ":
                continue
            entry = re.split(r"[\t ]", ln, 1)[0]
            m = re.match(r"^((?:[^/\\]|\\.)+)(?:/(\S*))?$", entry)
            if not m:
                continue
            yield m.group(1).replace("\\/", "/"), aff.split_flags(m.group(2) or "")


def expand(word, flags, aff):
    """Yield (form, lemma)."""
    if aff.forbidden in flags or aff.onlyincompound in flags:
        return
    if aff.needaffix not in flags:
        yield word, word
    sfx, pfx = [], []
    for fl in flags:
        r = aff.rules.get(fl)
        if r:
            (sfx if r[0] == "SFX" else pfx).append(r)
    suffixed = []
    for _, cross, entries in sfx:
        for strip, add, rx in entries:
            if rx.search(word) and (not strip or word.endswith(strip)):
                form = word[:len(word) - len(strip)] + add
                suffixed.append((form, cross))
                yield form, word
    for _, pcross, entries in pfx:
        for strip, add, rx in entries:
            if not (rx.search(word) and word.startswith(strip)):
                continue
            lemma = add + word[len(strip):]
            if aff.needaffix not in flags:
                yield lemma, lemma
            if pcross:
                for form, scross in suffixed:
                    if scross and form.startswith(strip):
                        yield add + form[len(strip):], lemma


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lang")
    ap.add_argument("aff")
    ap.add_argument("dic")
    ap.add_argument("out")
    ap.add_argument("--min-form-zipf", type=float, default=3.0)
    ap.add_argument("--min-lemma-zipf", type=float, default=3.5)
    ap.add_argument("--extra", help="extra form<TAB>lemma file (e.g. WordNet .exc)")
    ap.add_argument("--only-flags", default=None,
                    help="apply only these affix flags (English: inflection only)")
    a = ap.parse_args()
    aff = Aff(a.aff)
    if a.only_flags is not None:
        allowed = set(aff.split_flags(a.only_flags))
        aff.rules = {k: v for k, v in aff.rules.items() if k in allowed}
    zipf = zipf_table(a.lang)
    pairs = set()
    n_pairs = 0
    for word, flags in read_dic(a.dic, aff):
        for form, lemma in expand(word, flags, aff):
            n_pairs += 1
            pairs.add((nfc_lower(form), nfc_lower(lemma)))
    if a.extra:
        with open(a.extra, encoding="utf-8") as fh:
            for ln in fh:
                p = ln.rstrip("\n").split("\t")
                for lemma in p[1:]:
                    pairs.add((p[0], lemma))
    rows = prune_lemma_pairs(pairs, zipf, a.min_form_zipf, a.min_lemma_zipf)
    print(f"{a.lang}: {n_pairs} expanded (form, stem) pairs, "
          f"{len(pairs)} distinct", file=sys.stderr)
    write_tsv(a.out, rows)


if __name__ == "__main__":
    main()
