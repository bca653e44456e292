//! The expansion table of one knowledge base: from the words people use to
//! the knowledge's own index terms, built from the general language
//! resources and kept only where it leads to a word the knowledge has.
//!
//! The resources know tens of thousands of words; a knowledge base uses a
//! few thousand. So the table is built from the knowledge's side: every word
//! of its text, in lower case with its diacritics (folded, `štát` and `stať`
//! would be one word), is put under its own form and its lemmas
//! ("concepts"), and an entry of the resources is kept only when it reaches
//! one of those concepts. Only the keys are folded, as a question's words
//! are: a question word then costs one lookup.
//!
//! Three kinds of entries, each weighed below the asker's own words (1),
//! and the synonyms (guesses at a meaning) below the organization's glossary
//! ([`SYNONYM_WEIGHT`](super::super::expand::SYNONYM_WEIGHT), 0.7):
//! - **forms**: another form of a word the text has, through the lemma
//!   lists (`ľudia` → `ľuďmi`, `went` → `go`; an English translation's
//!   forms too): [`LEMMA_WEIGHT`];
//! - **synonyms** from the thesaurus of the knowledge's language
//!   (`zadarmo` → `bezplatne`): [`THESAURUS_WEIGHT`] when a second look
//!   confirms the pair ([`Confirm`]), [`THESAURUS_WEAK_WEIGHT`] when not;
//! - **translations** of an English word into a Slovak or Czech knowledge's
//!   language (`kids` → `deti`), for English questions over a text without
//!   an English translation (only then: a knowledge with `text_en` is met by
//!   English questions in it): [`DICTIONARY_WEIGHT`] for the first sense the
//!   text has, [`DICTIONARY_LATER_WEIGHT`] for later ones.
//!
//! At most [`MAX_PER_WORD`] terms a word, and where some are rarer, never a
//! term in most passages, which would let every passage match. The weights
//! were measured words only on the public sets (`queries.toml`, `chat.toml`,
//! `chat-2.toml`) and the questions of the real documents in
//! `tests/data/documents/` (items as points): moving any of them by 0.1
//! changed a case or two at most, except the translations' and the
//! synonyms' against the rule for answering (below).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{Searcher, Term};
use unicode_normalization::UnicodeNormalization;

use super::super::SearchError;
use super::super::analyzer::{Analyzers, english_term};
use super::super::index::Fields;
use super::read::{Dictionary, Lemmas, Thesaurus, fold, fold_letter};
use crate::knowledge::{Knowledge, Language};

/// Another form of a word the text has: the same word, found through the
/// lemma list instead of the stemmer, so a little below the word itself
/// (like a fleeting vowel undone). 0.9 measured the same.
pub const LEMMA_WEIGHT: f32 = 0.8;
/// A synonym that a second look confirms ([`Confirm`]). Below the glossary:
/// the organization's own words for itself count more than a general
/// thesaurus. And below what lets one matched word outweigh one foreign
/// word (`w ≥ FOREIGN_RATIO × (1 − w)` in `rank.rs`, about 0.46): a
/// synonym alone, with the asker's word unknown, never answers a question
/// ("Ako sa môžem zamestnať v IOM?" reached a passage on "angažovať" at
/// 0.5 and was answered); beside a word the knowledge has, it still
/// ranks. 0.4 measured the same on every set.
pub const THESAURUS_WEIGHT: f32 = 0.45;
/// A synonym only one source lists (`člen` → `penis` through English
/// "member"): kept, as it found one paraphrase more than leaving such pairs
/// out, but it cannot outweigh a word the question has.
pub const THESAURUS_WEAK_WEIGHT: f32 = 0.3;
/// The first translation of an English word that the text has: the asker's
/// own word in the text's language, not a guess at its meaning, so above
/// the glossary, but still below the asker's own words. At
/// [`FOREIGN_RATIO`](crate::search::FOREIGN_RATIO) a translated word holds
/// its own against one word the knowledge lacks, as a Slovak or Czech
/// asker's word does ("what's your postal address?"). Measured on the
/// English questions over the Slovak and Czech documents without `text_en`:
/// hit@1 0.34 at 0.5, 0.39 from 0.65 to 0.8, 0.45 at 0.85 and 0.9 (no public
/// set moves: a knowledge with `text_en` gets no translations).
pub const DICTIONARY_WEIGHT: f32 = crate::search::FOREIGN_RATIO;
/// Later translations: rarer senses, and the false friends the Slovak
/// dictionary's Czech-derived entries carry (`family` → `rada` after
/// `rodina`), and a first sense the text has in another meaning (`member`
/// → `článek`, an article of bylaws, before `člen`). 0.6 and 0.7 found one
/// English question more than 0.5.
pub const DICTIONARY_LATER_WEIGHT: f32 = 0.6;
/// At most this many terms a word expands to, the heaviest first (2 lost
/// two English questions, 5 found none more).
pub const MAX_PER_WORD: usize = 3;

/// Which text of a passage a target term is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    /// The passage's text, in the knowledge's language.
    Text,
    /// Its English translation.
    English,
}

/// How a question word reaches a term of the knowledge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// Another form of the same word.
    Form,
    /// A synonym two sources agree on.
    Synonym,
    /// A synonym only one source lists.
    WeakSynonym,
    /// The first translation of an English word that the text has.
    Translation,
    /// A later translation.
    LaterTranslation,
}

impl Kind {
    pub fn weight(self) -> f32 {
        match self {
            Kind::Form => LEMMA_WEIGHT,
            Kind::Synonym => THESAURUS_WEIGHT,
            Kind::WeakSynonym => THESAURUS_WEAK_WEIGHT,
            Kind::Translation => DICTIONARY_WEIGHT,
            Kind::LaterTranslation => DICTIONARY_LATER_WEIGHT,
        }
    }

    /// Whether a word reaching the knowledge this way is one the knowledge
    /// knows (see `rank.rs`: a word it does not know counts against the
    /// passages that do not match it): the same word in another form, or
    /// its first translation, not a guess at its meaning. Measured on the
    /// public sets and the real documents' questions: counting synonyms as
    /// known answered two public chat messages that must get "nothing
    /// relevant"; not counting translations as known left English
    /// questions over a Slovak or Czech text at hit@1 0.07 instead of 0.39.
    pub fn knows(self) -> bool {
        matches!(self, Kind::Form | Kind::Translation)
    }
}

/// An index term a question word stands for, and how ([`Kind::weight`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub field: Field,
    pub term: String,
    pub kind: Kind,
}

/// The expansion table of one knowledge base.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// A question word's stem in the knowledge's language → its targets.
    own: HashMap<String, Vec<Target>>,
    /// A question word's English term → its targets (knowledge in Slovak or
    /// Czech: translations, and the other forms of its English text's words).
    english: HashMap<String, Vec<Target>>,
}

impl Table {
    /// What a question word stands for besides itself: what its stem in the
    /// knowledge's language leads to, and what its English term does (a
    /// word may be either: "medicine" is English and, as `medicin`, the
    /// stem of Czech "medicína"), each term once at its heaviest.
    pub fn related(&self, stem: &str, english: Option<&str>) -> Vec<Target> {
        let own = self.own.get(stem).into_iter().flatten();
        let translated = english
            .and_then(|e| self.english.get(e))
            .into_iter()
            .flatten();
        let mut out: Vec<Target> = Vec::new();
        for target in own.chain(translated) {
            match out
                .iter_mut()
                .find(|t| t.field == target.field && t.term == target.term)
            {
                Some(known) if known.kind.weight() < target.kind.weight() => {
                    *known = target.clone();
                }
                Some(_) => {}
                None => out.push(target.clone()),
            }
        }
        out.sort_by(|a, b| b.kind.weight().total_cmp(&a.kind.weight()));
        out
    }

    /// How many words the table knows.
    pub fn len(&self) -> usize {
        self.own.len() + self.english.len()
    }

    pub fn is_empty(&self) -> bool {
        self.own.is_empty() && self.english.is_empty()
    }

    /// Sets what a stem stands for (tests).
    #[cfg(test)]
    pub fn insert_own(&mut self, stem: &str, targets: Vec<Target>) {
        self.own.insert(stem.to_string(), targets);
    }
}

/// The word lists a knowledge base's table is built from; any may be missing.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// Lemmas and thesaurus of the knowledge's language.
    pub lemmas: Option<&'a Lemmas>,
    pub thesaurus: Option<&'a Thesaurus>,
    /// What confirms a pair of the thesaurus.
    pub confirm: Confirm<'a>,
    /// English lemmas, for English questions over a Slovak or Czech
    /// knowledge (its English text, the dictionary's English words).
    pub english_lemmas: Option<&'a Lemmas>,
    /// English into the knowledge's language (Slovak or Czech knowledge).
    pub dictionary: Option<&'a Dictionary>,
}

/// What confirms that two words a thesaurus lists together mean the same:
/// a second look, at the thesaurus itself or at another source.
#[derive(Clone, Copy)]
pub enum Confirm<'a> {
    /// The thesaurus lists the pair both ways (a thesaurus made by hand,
    /// whose relation is not symmetric by construction: Slovak).
    BothWays,
    /// The dictionary translates one English word into both (a thesaurus
    /// generated from an English dictionary, where every pair is listed
    /// both ways and the senses of one English word mix: Czech).
    SharedEnglish(&'a Dictionary),
    /// The dictionary translates both into one same word (English, whose
    /// thesaurus merges every sense of a word: "take" → "accord").
    SharedTranslation(&'a Dictionary),
    /// Nothing can confirm a pair.
    Nothing,
}

/// Every term of one field of the index.
fn terms(
    searcher: &Searcher,
    field: tantivy::schema::Field,
) -> Result<HashSet<String>, SearchError> {
    let mut out = HashSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                out.insert(term.to_string());
            }
        }
    }
    Ok(out)
}

/// How a language's words meet the index: a word's index term (the key a
/// question word is looked up by), and its "mark": the term with the word's
/// diacritics put back where the term kept its letters, so that forms of one
/// word meet (`bezplatné`, `bezplatne` → `bezplatn`) and different words that
/// only fold alike do not (`štát` → `štát`, `stať` → `stať`).
trait Analysis {
    fn term(&mut self, word: &str) -> Option<String>;

    fn mark(&mut self, word: &str) -> Option<String> {
        let term = self.term(word)?;
        let mut marked = String::with_capacity(term.len() + 4);
        let mut letters = word.chars().flat_map(char::to_lowercase);
        for t in term.chars() {
            match letters.next() {
                Some(w) if fold_letter(w) == Some(t) => marked.push(w),
                _ => marked.push(t),
            }
        }
        Some(marked)
    }

    /// How many letters at the end of a term the analysis may have
    /// rewritten: a word whose mark is a concept's begins with the concept
    /// less these.
    fn slack(&self) -> usize;
}

/// The knowledge's own language: its stemmer on the folded word.
struct Own<'a>(&'a mut Analyzers);

impl Analysis for Own<'_> {
    fn term(&mut self, word: &str) -> Option<String> {
        Some(self.0.stem(&fold(word))).filter(|t| !t.is_empty())
    }

    fn slack(&self) -> usize {
        match self.0.language {
            Language::Sk => 0,
            // A final `c` or `z` of the stem becomes `k` or `h`.
            Language::Cs => 1,
            Language::En => 2,
        }
    }
}

/// English: the English analyzer (irregular forms, Snowball).
struct English<'a>(&'a mut tantivy::tokenizer::TextAnalyzer);

impl Analysis for English<'_> {
    fn term(&mut self, word: &str) -> Option<String> {
        english_term(self.0, &fold(word))
    }

    /// English words carry no diacritics: the term is the mark.
    fn mark(&mut self, word: &str) -> Option<String> {
        self.term(word)
    }

    /// Snowball rewrites at most the last two letters of what it keeps.
    fn slack(&self) -> usize {
        2
    }
}

/// The words of the knowledge in one field, and the concepts they stand for.
struct Vocabulary {
    /// The field's index terms.
    terms: HashSet<String>,
    /// A concept (a mark) → the index terms of the text's words that have it
    /// or have a lemma that has it.
    concepts: HashMap<String, Vec<String>>,
    /// The text's words and their lemmas, each with the term it stands for
    /// (a lemma of several words more than once).
    words: Vec<(String, String)>,
}

impl Vocabulary {
    /// The terms of `field`, and the concepts of the text's `words` (lower
    /// case, diacritics kept) whose term is one of them.
    fn of(
        searcher: &Searcher,
        field: tantivy::schema::Field,
        words: &HashSet<String>,
        lemmas: Option<&Lemmas>,
        analysis: &mut dyn Analysis,
    ) -> Result<Self, SearchError> {
        let mut out = Self {
            terms: terms(searcher, field)?,
            concepts: HashMap::new(),
            words: Vec::new(),
        };
        if out.terms.is_empty() {
            return Ok(out);
        }
        let mut sorted: Vec<&String> = words.iter().collect();
        sorted.sort();
        for word in sorted {
            let Some(term) = analysis.term(word).filter(|t| out.terms.contains(t)) else {
                continue;
            };
            out.add(analysis, word, &term);
            for lemma in lemmas.into_iter().flat_map(|l| l.of(word)) {
                out.add(analysis, lemma, &term);
            }
        }
        Ok(out)
    }

    fn add(&mut self, analysis: &mut dyn Analysis, word: &str, term: &str) {
        self.words.push((word.to_string(), term.to_string()));
        if let Some(mark) = analysis.mark(word) {
            let known = self.concepts.entry(mark).or_default();
            if !known.iter().any(|t| t == term) {
                known.push(term.to_string());
            }
        }
    }

    /// The terms a word of a list stands for in this text.
    fn of_word(&self, analysis: &mut dyn Analysis, word: &str) -> &[String] {
        analysis
            .mark(word)
            .and_then(|m| self.concepts.get(&m))
            .map_or(&[], Vec::as_slice)
    }

    /// The words after the keys of `list` that stand for a concept of this
    /// text, with its terms.
    fn reached_in<'l>(
        &self,
        list: &'l crate::search::resources::List,
        analysis: &mut dyn Analysis,
    ) -> Vec<(&'l str, &[String])> {
        let mut concepts: Vec<(&String, &Vec<String>)> = self.concepts.iter().collect();
        concepts.sort();
        let mut out = Vec::new();
        for (concept, terms) in concepts {
            let letters = concept.chars().count();
            let keep = letters.saturating_sub(analysis.slack()).max(letters.min(3));
            let end = concept
                .char_indices()
                .nth(keep)
                .map_or(concept.len(), |(i, _)| i);
            for word in list.words_starting(&concept[..end]) {
                if analysis.mark(word).as_ref() == Some(concept) {
                    out.push((word, terms.as_slice()));
                }
            }
        }
        out
    }
}

/// Targets per key while building, merged: each term once, at its heaviest.
#[derive(Default)]
struct Builder {
    entries: HashMap<String, Vec<Target>>,
}

impl Builder {
    fn add(&mut self, key: &str, field: Field, term: &str, kind: Kind) {
        let targets = self.entries.entry(key.to_string()).or_default();
        match targets
            .iter_mut()
            .find(|t| t.field == field && t.term == term)
        {
            Some(known) if known.kind.weight() < kind.weight() => known.kind = kind,
            Some(_) => {}
            None => targets.push(Target {
                field,
                term: term.to_string(),
                kind,
            }),
        }
    }

    /// The heaviest targets of each key (ties in the order found), the
    /// common ones left out where rarer ones stand beside them.
    fn finish(
        self,
        searcher: &Searcher,
        fields: Fields,
    ) -> Result<HashMap<String, Vec<Target>>, SearchError> {
        let docs = searcher.num_docs().max(1);
        let mut df: HashMap<(Field, String), u64> = HashMap::new();
        let mut out = HashMap::with_capacity(self.entries.len());
        for (key, mut targets) in self.entries {
            let mut common = Vec::with_capacity(targets.len());
            for target in &targets {
                let at = (target.field, target.term.clone());
                let n = match df.get(&at) {
                    Some(n) => *n,
                    None => {
                        let field = match target.field {
                            Field::Text => fields.text,
                            Field::English => fields.text_en,
                        };
                        let n = searcher.doc_freq(&Term::from_field_text(field, &target.term))?;
                        df.insert(at, n);
                        n
                    }
                };
                common.push(n * 2 > docs);
            }
            if common.iter().any(|c| !c) {
                let mut keep = common.into_iter();
                targets.retain(|_| keep.next() == Some(false));
            }
            targets.sort_by(|a, b| b.kind.weight().total_cmp(&a.kind.weight()));
            targets.truncate(MAX_PER_WORD);
            if !targets.is_empty() {
                out.insert(key, targets);
            }
        }
        Ok(out)
    }
}

/// What a word (a lemma, a headword, an English word) leads to: terms and
/// their weights, in the order found.
type Leads = HashMap<String, Vec<(String, Kind)>>;

fn lead(leads: &mut Leads, word: &str, term: &str, kind: Kind) {
    let terms = leads.entry(word.to_string()).or_default();
    match terms.iter_mut().find(|(t, _)| t == term) {
        Some((_, known)) if known.weight() < kind.weight() => *known = kind,
        Some(_) => {}
        None => terms.push((term.to_string(), kind)),
    }
}

/// Files `leads` under the keys a question word may arrive as: each word's
/// own term and its forms' (through `lemmas`), those the field does not
/// have itself (a word the text has stands for itself).
fn file_under_keys(
    out: &mut Builder,
    field: Field,
    leads: &Leads,
    lemmas: Option<&Lemmas>,
    terms: &HashSet<String>,
    analysis: &mut dyn Analysis,
) {
    let mut file = |out: &mut Builder, word: &str, lemma: &str| {
        let Some(key) = analysis.term(word).filter(|k| !terms.contains(k)) else {
            return;
        };
        for (term, kind) in leads.get(lemma).into_iter().flatten() {
            out.add(&key, field, term, *kind);
        }
    };
    let mut words: Vec<&String> = leads.keys().collect();
    words.sort();
    for word in words {
        file(out, word, word);
        for (form, _) in lemmas.into_iter().flat_map(|l| l.having(word)) {
            file(out, form, word);
        }
    }
}

/// The words of some texts, in lower case with their diacritics.
fn words<'t>(texts: impl Iterator<Item = &'t str>) -> HashSet<String> {
    let mut lower = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    let mut out = HashSet::new();
    for text in texts {
        let text: String = text.nfc().collect();
        let mut stream = lower.token_stream(&text);
        while let Some(token) = stream.next() {
            if !out.contains(&token.text) {
                out.insert(token.text.clone());
            }
        }
    }
    out
}

/// Builds the table of `knowledge`, indexed in `searcher`, from `sources`.
pub fn build(
    searcher: &Searcher,
    fields: Fields,
    analyzers: &mut Analyzers,
    knowledge: &Knowledge,
    sources: Sources<'_>,
) -> Result<Table, SearchError> {
    let language = analyzers.language;
    let mut own = Builder::default();
    let mut english = Builder::default();
    let own_words = words(knowledge.passages().iter().map(|p| p.text.as_str()));
    let text = {
        let analysis = &mut Own(analyzers);
        let text = Vocabulary::of(searcher, fields.text, &own_words, sources.lemmas, analysis)?;
        let leads = same_language(&text, sources.thesaurus, sources.confirm, analysis);
        file_under_keys(
            &mut own,
            Field::Text,
            &leads,
            sources.lemmas,
            &text.terms,
            analysis,
        );
        text
    };
    if language != Language::En {
        let english_words = words(
            knowledge
                .passages()
                .iter()
                .filter_map(|p| p.text_en.as_deref()),
        );
        let english_text = {
            let analysis = &mut English(&mut analyzers.english);
            let english_text = Vocabulary::of(
                searcher,
                fields.text_en,
                &english_words,
                sources.english_lemmas,
                analysis,
            )?;
            if !english_text.terms.is_empty() {
                // Forms only: a general English thesaurus on the
                // translation found nothing the words did not (measured on
                // the public sets) and answered a message it should not.
                let leads = same_language(&english_text, None, Confirm::Nothing, analysis);
                file_under_keys(
                    &mut english,
                    Field::English,
                    &leads,
                    sources.english_lemmas,
                    &english_text.terms,
                    analysis,
                );
            }
            english_text
        };
        // Translations only for a text without an English translation: where
        // the passages have one, an English question meets it, and a guessed
        // translation into the text only adds false senses ("free" →
        // "dobrovoľný" answered a spam message on the public sets).
        if let Some(dictionary) = sources.dictionary.filter(|_| english_text.terms.is_empty()) {
            let leads = translations(&text, dictionary, &mut Own(analyzers));
            file_under_keys(
                &mut english,
                Field::Text,
                &leads,
                sources.english_lemmas,
                &english_text.terms,
                &mut English(&mut analyzers.english),
            );
        }
    }
    Ok(Table {
        own: own.finish(searcher, fields)?,
        english: english.finish(searcher, fields)?,
    })
}

/// What the words of one language lead to in a field of the same language:
/// each of the text's words and their lemmas to its term (a question may
/// use any of their forms), and each headword of the thesaurus to the terms
/// of its synonyms the text has.
fn same_language(
    vocabulary: &Vocabulary,
    thesaurus: Option<&Thesaurus>,
    confirm: Confirm<'_>,
    analysis: &mut dyn Analysis,
) -> Leads {
    let mut leads = Leads::new();
    for (word, term) in &vocabulary.words {
        lead(&mut leads, word, term, Kind::Form);
    }
    let Some(thesaurus) = thesaurus else {
        return leads;
    };
    // Each headword with the synonyms of it that the text has, in order.
    let mut found: BTreeMap<&str, Vec<(&str, &[String])>> = BTreeMap::new();
    for (synonym, terms) in vocabulary.reached_in(thesaurus, analysis) {
        for (headword, _) in thesaurus.having(synonym) {
            let reached = found.entry(headword).or_default();
            if !reached.iter().any(|(s, _)| *s == synonym) {
                reached.push((synonym, terms));
            }
        }
    }
    for (headword, reached) in &found {
        for (synonym, terms) in reached {
            let kind = if confirmed(thesaurus, confirm, headword, synonym) {
                Kind::Synonym
            } else {
                Kind::WeakSynonym
            };
            for term in terms.iter() {
                lead(&mut leads, headword, term, kind);
            }
        }
    }
    leads
}

/// Whether a second look confirms a pair of synonyms (see [`Confirm`]).
fn confirmed(thesaurus: &Thesaurus, confirm: Confirm<'_>, headword: &str, synonym: &str) -> bool {
    match confirm {
        Confirm::BothWays => thesaurus.lists(synonym, headword),
        Confirm::SharedEnglish(dictionary) => {
            let senses: HashSet<&str> = dictionary.having(headword).map(|(e, _)| e).collect();
            dictionary
                .having(synonym)
                .any(|(english, _)| senses.contains(english))
        }
        Confirm::SharedTranslation(dictionary) => {
            let translations: HashSet<&str> = dictionary.of(headword).collect();
            dictionary.of(synonym).any(|t| translations.contains(t))
        }
        Confirm::Nothing => false,
    }
}

/// What each English word of the dictionary leads to: the terms of its
/// translations the text has, the first one found weighing most, at most
/// [`MAX_PER_WORD`] of them.
fn translations(text: &Vocabulary, dictionary: &Dictionary, analysis: &mut dyn Analysis) -> Leads {
    let mut english: Vec<&str> = text
        .reached_in(dictionary, analysis)
        .into_iter()
        .flat_map(|(translation, _)| dictionary.having(translation).map(|(e, _)| e))
        .collect();
    english.sort_unstable();
    english.dedup();
    let mut leads = Leads::new();
    for english in english {
        let mut kind = Kind::Translation;
        let mut kept = 0;
        for translation in dictionary.of(english) {
            let terms = text.of_word(analysis, translation);
            if terms.is_empty() {
                continue;
            }
            for term in terms {
                lead(&mut leads, english, term, kind);
            }
            kind = Kind::LaterTranslation;
            kept += terms.len();
            if kept >= MAX_PER_WORD {
                break;
            }
        }
    }
    leads
}
