"""Shared helpers for the lang/ build scripts (pure Python 3, no third-party deps
except `wordfreq`, which is used ONLY to decide what to keep; no frequency
numbers are written to the output files)."""
import math
import os
import sys
import unicodedata

_FREQ_CACHE = {}


def freq_dict(lang, wordlist):
    """Return {word: zipf} from the wordfreq package (build-time selection only)."""
    key = (lang, wordlist)
    if key not in _FREQ_CACHE:
        import wordfreq  # noqa: imported lazily so --help works without it
        available = wordfreq.available_languages(wordlist)
        if lang not in available:
            raise SystemExit(f"wordfreq has no '{wordlist}' list for '{lang}'")
        d = wordfreq.get_frequency_dict(lang, wordlist)
        _FREQ_CACHE[key] = {w: math.log10(f * 1e9) for w, f in d.items() if f > 0}
    return _FREQ_CACHE[key]


# Best list per language: Slovak has only the 'small' list (~60k words,
# Zipf >= 3); Czech and English have 'large'.
BEST_LIST = {"sk": "small", "cs": "large", "en": "large"}


def zipf_table(lang):
    return freq_dict(lang, BEST_LIST[lang])


def nfc_lower(s):
    return unicodedata.normalize("NFC", s).strip().lower()


def is_word(s):
    """A single token made of letters, optionally with inner hyphens/apostrophes."""
    if not s or " " in s:
        return False
    if not s[0].isalpha() or not s[-1].isalpha():
        return False
    return all(ch.isalpha() or ch in "-'" for ch in s)


def write_tsv(path, rows):
    """rows: iterable of lists of str. Writes UTF-8, LF, sorted by first column."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rows = sorted(rows, key=lambda r: (r[0], r[1:]))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {path}: {len(rows)} lines, {os.path.getsize(path)} bytes",
          file=sys.stderr)
    return len(rows)


def prune_lemma_pairs(pairs, zipf, min_form_zipf, min_lemma_zipf, max_lemmas=3):
    """pairs: iterable of (form, lemma), already lower-cased.
    Keep a pair if the form has Zipf >= min_form_zipf OR the lemma has
    Zipf >= min_lemma_zipf (wordfreq). Returns rows form, lemma1[, lemma2...]
    (lemmas other than the form first, most frequent first); forms whose only
    lemma is themselves are omitted."""
    import collections
    lemmas = collections.defaultdict(set)
    for f, l in pairs:
        if zipf.get(f, 0.0) >= min_form_zipf or zipf.get(l, 0.0) >= min_lemma_zipf:
            lemmas[f].add(l)
    rows = []
    for f, ls in lemmas.items():
        if ls == {f}:
            continue
        # other lemmas first (most frequent first), the form itself last: when
        # a form is also listed as its own entry (went, children, deti) the
        # link to the other lemma is the useful information
        order = sorted(ls, key=lambda l: (l == f, -zipf.get(l, 0.0), l))[:max_lemmas]
        rows.append([f] + order)
    return rows
