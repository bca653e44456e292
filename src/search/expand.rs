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
//!
//! A real word the index does not know is looked up first in the glossary
//! (the organization's own vocabulary), then in the expansion table the
//! general language resources made for this knowledge (`resources`: other
//! forms of its words, synonyms, translations of English words), each at a
//! weight below the asker's own words; only a word neither knows is taken
//! for a typo.

use std::collections::BTreeMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::{Searcher, Term};

use super::SearchError;
use super::analyzer::{Analyzers, QueryWord, english_term};
use super::index::Fields;
use super::resources::{self, Table};
use super::stemmer;
use crate::knowledge::Language;

/// Weight of a term one edit away from the typed word (exact matches weigh 1).
pub const TYPO_1_WEIGHT: f32 = 0.6;
/// Weight of a term two edits away.
pub const TYPO_2_WEIGHT: f32 = 0.4;
/// Weight of a term that only shares the word's beginning.
pub const PREFIX_WEIGHT: f32 = 0.4;
/// Weight of the same word with a fleeting vowel undone: the same lemma, but
/// guessed, so a little below an exact match.
pub const ALTERNATION_WEIGHT: f32 = 0.8;
/// Weight of a word found in a passage's citation ("ciele" → the aims, "bod 7"
/// → point 7): a heading names what a passage is about, so it outweighs the
/// same word in running text ("s cieľom" in four points). Measured: at 1.0 the
/// aims lose "Aké ciele má IOM?" to points saying "s cieľom"; from 1.25 on
/// they win, with the public set unchanged at hit@1 1.000.
pub const TITLE_WEIGHT: f32 = 1.25;
/// Weight of a word reached through `synonyms.toml`: the asker's own words
/// count more than the glossary's.
pub const SYNONYM_WEIGHT: f32 = 0.7;
/// Weight of a word found in a passage's `questions` (what people ask about
/// it, written for the bot or taught): below the passage's own words, which
/// are what the answer quotes.
pub const QUESTIONS_WEIGHT: f32 = 0.6;
/// Weight of a word that matched once a Czech ending the Slovak stemmer
/// does not know was stripped (`státech` → `stát`): the same word, guessed.
pub const FOREIGN_ENDING_WEIGHT: f32 = 0.9;
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
    /// The word's idf in the passages' own text in its most common reading,
    /// when it occurs there: none of its own matches is rarer than that (a
    /// common word asked about in few questions, or an English word quoted
    /// once in the Slovak text, is still a common word).
    pub text_idf: Option<f32>,
    /// How many of `variants`, from the first, are the word itself (the rest
    /// are glossary terms, other words with their own idf).
    pub exact: usize,
    pub variants: Vec<Variant>,
    /// The knowledge knows the word: it, its Czech twin or its glossary entry
    /// occurs in it. A word that is not known is foreign to the knowledge
    /// (or misspelled): where it matches nothing, it is held against a passage.
    pub known: bool,
}

/// Which text of a passage a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermField {
    /// The original text, in the knowledge's language.
    Text,
    /// The unofficial English translation.
    English,
    /// The passage's citation ("Stratégia IOM, bod 7", "Mission of IOM, aim 2").
    Title,
    /// What people ask about the passage, analyzed in the knowledge's language.
    Questions,
    /// The same questions analyzed as English.
    QuestionsEn,
}

impl TermField {
    /// The fields holding what people ask, not what the passage says.
    pub fn is_questions(self) -> bool {
        matches!(self, TermField::Questions | TermField::QuestionsEn)
    }

    pub fn field(self, fields: Fields) -> tantivy::schema::Field {
        match self {
            TermField::Text => fields.text,
            TermField::English => fields.text_en,
            TermField::Title => fields.title,
            TermField::Questions => fields.questions,
            TermField::QuestionsEn => fields.questions_en,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub field: TermField,
    pub term: String,
    /// 1 for the word itself, less for typo and prefix expansions.
    pub weight: f32,
}

impl Variant {
    /// "migrac", or "en:traffick" for an English term.
    pub fn label(&self) -> String {
        match self.field {
            TermField::Text => self.term.clone(),
            TermField::English => format!("en:{}", self.term),
            TermField::Title => format!("title:{}", self.term),
            TermField::Questions => format!("q:{}", self.term),
            TermField::QuestionsEn => format!("q-en:{}", self.term),
        }
    }
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

/// The glossary: a question word's Slovak stem → the terms it also stands for.
pub type Synonyms = std::collections::HashMap<String, Vec<Variant>>;

/// Builds the glossary from the knowledge's synonym entries.
pub fn synonyms(entries: &[crate::knowledge::Synonym], analyzers: &mut Analyzers) -> Synonyms {
    let mut map = Synonyms::new();
    for entry in entries {
        let mut variants = Vec::new();
        for (field, analyzer) in [
            (TermField::Text, &mut analyzers.text),
            (TermField::English, &mut analyzers.english),
        ] {
            for (term, _) in super::analyzer::terms_with_offsets(analyzer, &entry.means) {
                let variant = Variant {
                    field,
                    term,
                    weight: SYNONYM_WEIGHT,
                };
                if !variants.contains(&variant) {
                    variants.push(variant);
                }
            }
        }
        for word in &entry.words {
            for key in super::analyzer::query_words(analyzers, word) {
                let known = map.entry(key.stem).or_default();
                for variant in &variants {
                    if !known.contains(variant) {
                        known.push(variant.clone());
                    }
                }
            }
        }
    }
    map
}

/// Keeps of each glossary entry the terms that can tell passages apart: those
/// the index holds, and of those, when some are rarer, not the ones in most
/// passages ("pracovnej migrácie" stands for `pracovn`; `migrac` would let
/// every passage match "workers").
pub fn prune(
    synonyms: &mut Synonyms,
    searcher: &Searcher,
    fields: Fields,
) -> Result<(), SearchError> {
    let docs = searcher.num_docs().max(1);
    for variants in synonyms.values_mut() {
        let mut with_df = Vec::with_capacity(variants.len());
        for variant in variants.drain(..) {
            let df = searcher.doc_freq(&Term::from_field_text(
                variant.field.field(fields),
                &variant.term,
            ))?;
            if df > 0 {
                with_df.push((variant, df));
            }
        }
        let common = |df: u64| df * 2 > docs;
        if with_df.iter().any(|(_, df)| !common(*df)) {
            with_df.retain(|(_, df)| !common(*df));
        }
        variants.extend(with_df.into_iter().map(|(v, _)| v));
    }
    synonyms.retain(|_, variants| !variants.is_empty());
    Ok(())
}

/// What the knowledge knows besides its own words: the organization's
/// glossary and the language resources' table.
pub type Known<'a> = (&'a Synonyms, &'a Table);

pub fn expand(
    searcher: &Searcher,
    fields: Fields,
    analyzers: &mut Analyzers,
    (synonyms, expansions): Known<'_>,
    words: &[QueryWord],
) -> Result<Vec<Group>, SearchError> {
    let docs = searcher.num_docs().max(1);
    let doc_freq = |field: TermField, term: &str| -> Result<u64, SearchError> {
        Ok(searcher.doc_freq(&Term::from_field_text(field.field(fields), term))?)
    };
    let mut groups: Vec<Group> = Vec::with_capacity(words.len());
    for word in words {
        if word.folded == super::question::UNREADABLE {
            // Matches nothing and is held against every passage.
            groups.push(Group {
                word: word.clone(),
                idf: idf(1, docs),
                text_idf: None,
                exact: 0,
                variants: Vec::new(),
                known: false,
            });
            continue;
        }
        if groups.iter().any(|g| g.word.folded == word.folded) {
            continue;
        }
        let mut exact = Vec::new();
        // The best idf in the passages' own text, and in their questions,
        // and the lowest in their text: how common the word is in its most
        // common reading (`migration` is rare as a Slovak stem, common in
        // the English text).
        let mut best_idf: (f32, f32, f32) = (0.0, 0.0, f32::INFINITY);
        let look_up = |exact: &mut Vec<Variant>,
                       best_idf: &mut (f32, f32, f32),
                       stem: &str,
                       english: Option<&str>,
                       scale: f32|
         -> Result<(), SearchError> {
            let candidates = [
                (TermField::Text, Some(stem), 1.0),
                (TermField::English, english, 1.0),
                (TermField::Title, Some(stem), TITLE_WEIGHT),
                (TermField::Questions, Some(stem), QUESTIONS_WEIGHT),
                (TermField::QuestionsEn, english, QUESTIONS_WEIGHT),
            ];
            for (field, term, weight) in candidates {
                let Some(term) = term else { continue };
                let df = doc_freq(field, term)?;
                if df > 0 {
                    let term_idf = idf(df, docs);
                    if field.is_questions() {
                        best_idf.1 = best_idf.1.max(term_idf);
                    } else {
                        best_idf.0 = best_idf.0.max(term_idf);
                        best_idf.2 = best_idf.2.min(term_idf);
                    }
                    exact.push(Variant {
                        field,
                        term: term.to_string(),
                        weight: weight * scale,
                    });
                }
            }
            Ok(())
        };
        look_up(
            &mut exact,
            &mut best_idf,
            &word.stem,
            word.english.as_deref(),
            1.0,
        )?;
        let mut glossary = synonyms.get(&word.stem).map_or(&[][..], Vec::as_slice);
        if exact.is_empty() {
            // A sibling language's form (a Czech word on Slovak knowledge,
            // a Slovak one on Czech): the same word once that ending is gone.
            for stem in foreign_stems(analyzers, &word.folded) {
                look_up(
                    &mut exact,
                    &mut best_idf,
                    &stem,
                    None,
                    FOREIGN_ENDING_WEIGHT,
                )?;
                if glossary.is_empty() {
                    glossary = synonyms.get(&stem).map_or(&[][..], Vec::as_slice);
                }
            }
        }
        if !exact.is_empty() {
            let exact_count = exact.len();
            exact.extend(glossary.iter().cloned());
            let (text_idf, questions_idf, common_idf) = best_idf;
            groups.push(Group {
                word: word.clone(),
                idf: if text_idf > 0.0 {
                    text_idf
                } else {
                    questions_idf
                },
                text_idf: (text_idf > 0.0).then_some(common_idf),
                exact: exact_count,
                variants: exact,
                known: true,
            });
            continue;
        }
        // An English stop word, or a number or letter the knowledge does not
        // contain, says nothing about the topic: it is not held against the
        // passages that match the real words.
        if glossary.is_empty() && (word.english.is_none() || is_noise_token(&word.folded)) {
            continue;
        }
        // A word the glossary or the language resources know is not a typo.
        let (related, known) = if glossary.is_empty() {
            related(expansions, word)
        } else {
            (glossary.to_vec(), true)
        };
        let variants = if related.is_empty() {
            near_terms(searcher, fields, analyzers, word)?
        } else {
            related
        };
        groups.push(Group {
            word: word.clone(),
            idf: idf(1, docs),
            text_idf: None,
            exact: 0,
            variants,
            known,
        });
    }
    Ok(groups)
}

/// The index terms the language resources relate a word to (its other
/// forms, synonyms, translations), as variants, and whether that makes it a
/// word the knowledge knows (see [`resources::Kind::knows`]).
fn related(expansions: &Table, word: &QueryWord) -> (Vec<Variant>, bool) {
    let targets = expansions.related(&word.stem, word.english.as_deref());
    let known = targets.iter().any(|t| t.kind.knows());
    let variants = targets
        .into_iter()
        .map(|target| Variant {
            field: match target.field {
                resources::Field::Text => TermField::Text,
                resources::Field::English => TermField::English,
            },
            weight: target.kind.weight(),
            term: target.term,
        })
        .collect();
    (variants, known)
}

/// Stems of `folded` without an ending that only the knowledge's sibling
/// language has (Czech `statech` → `stat` on Slovak knowledge). English has
/// no sibling among the lexicons: its knowledge strips none.
fn foreign_stems(analyzers: &mut Analyzers, folded: &str) -> Vec<String> {
    let language = analyzers.language;
    if language == Language::En {
        return Vec::new();
    }
    super::lexicon::LEXICONS
        .iter()
        .filter(|l| l.language != language)
        .flat_map(|l| l.foreign_endings.iter())
        .filter_map(|ending| {
            let rest = folded.strip_suffix(ending)?;
            (rest.chars().count() >= stemmer::MIN_STEM).then_some(rest)
        })
        .map(|rest| analyzers.stem(rest))
        .collect()
}

/// Numbers and single letters (`~2^3`, list markers, initials).
fn is_noise_token(folded: &str) -> bool {
    folded.chars().count() < 2 || folded.chars().all(|c| c.is_ascii_digit())
}

/// Index terms near a word the index does not know, best first.
fn near_terms(
    searcher: &Searcher,
    fields: Fields,
    analyzers: &mut Analyzers,
    word: &QueryWord,
) -> Result<Vec<Variant>, SearchError> {
    let mut found: BTreeMap<(TermField, String), f32> = BTreeMap::new();
    let mut keep = |field: TermField, term: &str, weight: f32| -> Result<(), SearchError> {
        let key = (field, term.to_string());
        if let Some(known) = found.get_mut(&key) {
            *known = known.max(weight);
        } else if searcher.doc_freq(&Term::from_field_text(field.field(fields), term))? > 0 {
            found.insert(key, weight);
        }
        Ok(())
    };
    // Fleeting vowels are the Slovak family's (`žien`, `podmínek`).
    if analyzers.language != Language::En {
        for candidate in without_fleeting_vowel(&word.folded) {
            let stem = analyzers.stem(&candidate);
            keep(TermField::Text, &stem, ALTERNATION_WEIGHT)?;
        }
    }
    let distance = typo_distance(word.folded.chars().count());
    if distance > 0 {
        // Typos are made on words: compare the typed word with the passages'
        // words (both languages), and the stem with the stems (a typo can
        // change how a word stems).
        // A short stem tolerates fewer edits than the word it came from.
        let stem_distance = distance.min(typo_distance(word.stem.chars().count()));
        for (field, typed, from_words, distance) in [
            (fields.words, word.folded.as_str(), true, distance),
            (fields.text, word.stem.as_str(), false, stem_distance),
        ] {
            if distance == 0 {
                continue;
            }
            let query = FuzzyTermQuery::new(Term::from_field_text(field, typed), distance, true);
            let automaton = query.automaton()?;
            let mut near_words = Vec::new();
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted.terms().search(&automaton).into_stream()?;
                while stream.advance() {
                    if let Ok(near) = std::str::from_utf8(stream.key()) {
                        let weight = match strsim::osa_distance(typed, near) {
                            0 | 1 => TYPO_1_WEIGHT,
                            _ => TYPO_2_WEIGHT,
                        };
                        near_words.push((near.to_string(), weight));
                    }
                }
            }
            for (near, weight) in near_words {
                if from_words {
                    let stem = analyzers.stem(&near);
                    keep(TermField::Text, &stem, weight)?;
                    if let Some(english) = english_term(&mut analyzers.english, &near) {
                        keep(TermField::English, &english, weight)?;
                    }
                } else {
                    keep(TermField::Text, &near, weight)?;
                }
            }
        }
    }
    if let Some(prefix) = shared_prefix(&word.stem) {
        let mut upper = prefix.as_bytes().to_vec();
        if let Some(last) = upper.last_mut() {
            *last = last.saturating_add(1);
        }
        let mut terms = Vec::new();
        for field in [TermField::Text, TermField::Questions] {
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field.field(fields))?;
                let mut stream = inverted
                    .terms()
                    .range()
                    .ge(prefix)
                    .lt(&upper)
                    .into_stream()?;
                while stream.advance() {
                    if let Ok(term) = std::str::from_utf8(stream.key()) {
                        terms.push((field, term.to_string()));
                    }
                }
            }
        }
        let weight = |field: TermField| match field {
            TermField::Questions => PREFIX_WEIGHT * QUESTIONS_WEIGHT,
            _ => PREFIX_WEIGHT,
        };
        for (field, term) in terms {
            keep(field, &term, weight(field))?;
        }
    }
    let mut variants: Vec<Variant> = found
        .into_iter()
        .map(|((field, term), weight)| Variant {
            field,
            term,
            weight,
        })
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
