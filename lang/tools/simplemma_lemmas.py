#!/usr/bin/env python3
"""Export simplemma's (PyPI `simplemma`) form->lemma table for one language as
TSV (form<TAB>lemma[...]), lower-cased, pruned like hunspell_lemmas.py.
Data licence: see lang/README.md (ODbL / CC BY-SA sources; share-alike)."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import nfc_lower, prune_lemma_pairs, write_tsv, zipf_table  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lang")
    ap.add_argument("out")
    ap.add_argument("--min-form-zipf", type=float, default=3.0)
    ap.add_argument("--min-lemma-zipf", type=float, default=3.5)
    a = ap.parse_args()
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    d = DefaultDictionaryFactory().get_dictionary(a.lang)
    pairs = {(nfc_lower(k), nfc_lower(v)) for k, v in d.items()}
    print(f"{a.lang}: {len(pairs)} simplemma pairs", file=sys.stderr)
    rows = prune_lemma_pairs(pairs, zipf_table(a.lang), a.min_form_zipf, a.min_lemma_zipf)
    write_tsv(a.out, rows)


if __name__ == "__main__":
    main()
