//! From a question's words to the index terms that stand for them.
//!
//! A word whose stem is in the index stands for itself. A word the index does not
//! know is probably misspelled or inflected beyond the light stemmer, so it
//! expands, at a lower weight, to real index terms: the stems of the passages'
//! words within a small edit distance of the typed word (typos; a swap of two
//! letters counts as one edit), and stems sharing most of its beginning
//! (derivations: `obchodník` → `obchodovanie`), and the word with Slovak's
//! fleeting vowels undone (`žien` → `žen` of `ženami`, `podmienok` → `podmienk`),
//! which a suffix-stripping stemmer cannot see. Expanding to real terms, instead
//! of a fuzzy query, lets those terms be scored with BM25 and highlighted like
//! any other.

use std::collections::BTreeMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::{Searcher, Term};

use super::SearchError;
use super::analyzer::QueryWord;
use super::index::Fields;
use super::stemmer;

/// Weight of a term one edit away from the typed word (exact matches weigh 1).
pub const TYPO_1_WEIGHT: f32 = 0.6;
/// Weight of a term two edits away.
pub const TYPO_2_WEIGHT: f32 = 0.4;
/// Weight of a term that only shares the word's beginning.
pub const PREFIX_WEIGHT: f32 = 0.4;
/// Weight of the same word with a fleeting vowel undone: the same lemma, but
/// guessed, so a little below an exact match.
pub const ALTERNATION_WEIGHT: f32 = 0.8;
/// At most this many expansions per word, the closest first.
const MAX_VARIANTS: usize = 6;

/// One content word of the question and the index terms standing for it.
#[derive(Debug, Clone)]
pub struct Group {
    pub word: QueryWord,
    /// How much the word tells passages apart (BM25's idf). A word the index
    /// does not know counts like the rarest word it knows: specific enough that
    /// a question of mostly unknown words is not answered from its one common
    /// word, not so heavy that one filler verb sinks a good answer.
    pub idf: f32,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub term: String,
    /// 1 for the word itself, less for typo and prefix expansions.
    pub weight: f32,
}

/// Edits tolerated in a word of this many letters: 1 from 5 letters, 2 from 9.
pub fn typo_distance(letters: usize) -> u8 {
    match letters {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// BM25's inverse document frequency.
pub fn idf(doc_freq: u64, docs: u64) -> f32 {
    let n = doc_freq as f32;
    (1.0 + (docs as f32 - n + 0.5) / (n + 0.5)).ln()
}

pub fn expand(
    searcher: &Searcher,
    fields: Fields,
    words: &[QueryWord],
) -> Result<Vec<Group>, SearchError> {
    let docs = searcher.num_docs().max(1);
    let mut groups: Vec<Group> = Vec::with_capacity(words.len());
    for word in words {
        if groups.iter().any(|g| g.word.stem == word.stem) {
            continue;
        }
        let doc_freq = searcher.doc_freq(&Term::from_field_text(fields.text, &word.stem))?;
        if doc_freq == 0 && is_noise_token(&word.folded) {
            continue;
        }
        let (idf, variants) = if doc_freq > 0 {
            let exact = Variant {
                term: word.stem.clone(),
                weight: 1.0,
            };
            (idf(doc_freq, docs), vec![exact])
        } else {
            (idf(1, docs), near_terms(searcher, fields, word)?)
        };
        groups.push(Group {
            word: word.clone(),
            idf,
            variants,
        });
    }
    Ok(groups)
}

/// Numbers and single letters the knowledge does not contain say nothing about
/// a question's topic (`~2^3`, list markers, initials); they are not held
/// against the passages that match the real words.
fn is_noise_token(folded: &str) -> bool {
    folded.chars().count() < 2 || folded.chars().all(|c| c.is_ascii_digit())
}

/// Index terms near a word the index does not know, best first.
fn near_terms(
    searcher: &Searcher,
    fields: Fields,
    word: &QueryWord,
) -> Result<Vec<Variant>, SearchError> {
    let mut found: BTreeMap<String, f32> = BTreeMap::new();
    let mut keep = |term: &str, weight: f32| {
        let entry = found.entry(term.to_string()).or_insert(0.0);
        *entry = entry.max(weight);
    };
    for candidate in without_fleeting_vowel(&word.folded) {
        let stem = stemmer::stem(&candidate);
        if searcher.doc_freq(&Term::from_field_text(fields.text, stem))? > 0 {
            keep(stem, ALTERNATION_WEIGHT);
        }
    }
    let distance = typo_distance(word.folded.chars().count());
    if distance > 0 {
        // Typos are made on words: compare the typed word with the passages'
        // words, and the stems with the stems (a typo can change how a word stems).
        for (field, typed, stems) in [
            (fields.words, word.folded.as_str(), true),
            (fields.text, word.stem.as_str(), false),
        ] {
            let query = FuzzyTermQuery::new(Term::from_field_text(field, typed), distance, true);
            let automaton = query.automaton()?;
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted.terms().search(&automaton).into_stream()?;
                while stream.advance() {
                    let Ok(near) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    let weight = match strsim::osa_distance(typed, near) {
                        0 | 1 => TYPO_1_WEIGHT,
                        _ => TYPO_2_WEIGHT,
                    };
                    keep(if stems { stemmer::stem(near) } else { near }, weight);
                }
            }
        }
    }
    if let Some(prefix) = shared_prefix(&word.stem) {
        let mut upper = prefix.as_bytes().to_vec();
        if let Some(last) = upper.last_mut() {
            *last = last.saturating_add(1);
        }
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(fields.text)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix)
                .lt(&upper)
                .into_stream()?;
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    keep(term, PREFIX_WEIGHT);
                }
            }
        }
    }
    let mut variants: Vec<Variant> = found
        .into_iter()
        .map(|(term, weight)| Variant { term, weight })
        .collect();
    variants.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    variants.truncate(MAX_VARIANTS);
    Ok(variants)
}

/// The word with a fleeting vowel of its last syllable removed: genitive
/// plurals insert `ie`, `o` or `e` before the last consonant (`žien` of `žena`,
/// `výziev` of `výzva`, `podmienok` of `podmienka`, `utečenec` of `utečenci`).
fn without_fleeting_vowel(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let is_vowel = |c: char| "aeiouy".contains(c);
    let mut out = Vec::new();
    if n < 4 || is_vowel(chars[n - 1]) {
        return out;
    }
    let joined = |parts: &[&[char]]| parts.iter().flat_map(|p| p.iter()).collect::<String>();
    if chars[n - 3] == 'i' && chars[n - 2] == 'e' && !is_vowel(chars[n - 4]) {
        out.push(joined(&[&chars[..n - 3], &['e'], &chars[n - 1..]]));
        out.push(joined(&[&chars[..n - 3], &chars[n - 1..]]));
    } else if matches!(chars[n - 2], 'o' | 'e') && !is_vowel(chars[n - 3]) {
        out.push(joined(&[&chars[..n - 2], &chars[n - 1..]]));
    }
    out
}

/// The beginning a derived word shares with its relatives: two thirds of the
/// stem and at least 5 letters (`pomah` of `pomáha` finds `pomáhať`).
fn shared_prefix(stem: &str) -> Option<&str> {
    let letters = stem.chars().count();
    if letters < 5 {
        return None;
    }
    let keep = (letters * 2).div_ceil(3).max(5);
    let end = stem.char_indices().nth(keep).map_or(stem.len(), |(i, _)| i);
    Some(&stem[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_tolerance_grows_with_word_length() {
        assert_eq!(typo_distance(4), 0);
        assert_eq!(typo_distance(5), 1);
        assert_eq!(typo_distance(8), 1);
        assert_eq!(typo_distance(9), 2);
    }

    #[test]
    fn fleeting_vowels_are_undone() {
        assert_eq!(without_fleeting_vowel("zien"), ["zen", "zn"]);
        assert_eq!(without_fleeting_vowel("vyziev"), ["vyzev", "vyzv"]);
        assert_eq!(without_fleeting_vowel("podmienok"), ["podmienk"]);
        assert_eq!(without_fleeting_vowel("utecenec"), ["utecenc"]);
        assert!(without_fleeting_vowel("migracia").is_empty());
        assert!(without_fleeting_vowel("dom").is_empty());
    }

    #[test]
    fn shared_prefix_keeps_two_thirds() {
        assert_eq!(shared_prefix("obchodnik"), Some("obchod"));
        assert_eq!(shared_prefix("pracou"), Some("praco"));
        assert_eq!(shared_prefix("pomah"), Some("pomah"));
        assert_eq!(shared_prefix("prac"), None);
    }
}
