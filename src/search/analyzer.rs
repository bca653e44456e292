//! The text analyzers: how passages and questions become index terms, one
//! per language of the knowledge.
//!
//! Words → lower case → diacritics folded (`ľuďmi` → `ludmi`, `příliš` →
//! `prilis`, so questions typed without diacritics match) → the language's
//! stop words dropped → light stemming: Slovak and Czech by the Slovak-family
//! stemmer with each language's endings (`migrácie` → `migrac`, `státech` →
//! `stat`), English by tantivy's (Snowball) English stemmer. Passages and
//! questions go through the same steps, so the terms meet. A passage's text
//! is analyzed in the knowledge's language; its English translation always
//! as English.

use std::borrow::Cow;
use std::mem;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language as StemmerLanguage, LowerCaser, RemoveLongFilter, SimpleTokenizer,
    Stemmer, StopWordFilter, TextAnalyzer, TextAnalyzerBuilder, Token, TokenFilter, TokenStream,
    Tokenizer,
};

use unicode_normalization::UnicodeNormalization;

use super::{stemmer, stopwords};
use crate::knowledge::Language;

/// Name under which the English analyzer is registered with the index (the
/// translations, and the text of an English knowledge base).
pub const ENGLISH: &str = "missionbot_en";

/// Name under which a language's analyzer is registered with the index.
pub fn text_name(language: Language) -> &'static str {
    match language {
        Language::Sk => "missionbot_sk",
        Language::Cs => "missionbot_cs",
        Language::En => ENGLISH,
    }
}

/// Name of a language's analyzer that folds but does not stem (the `words`
/// field).
pub fn folded_name(language: Language) -> &'static str {
    match language {
        Language::Sk => "missionbot_sk_folded",
        Language::Cs => "missionbot_cs_folded",
        Language::En => "missionbot_en_folded",
    }
}

/// Words longer than this are not words (URLs, base64, keyboard mashing).
const MAX_WORD_BYTES: usize = 40;

/// A language's stop words, folded.
pub fn stop_words(language: Language) -> &'static [&'static str] {
    match language {
        Language::Sk => stopwords::STOP_WORDS,
        Language::Cs => stopwords::CZECH_STOP_WORDS,
        Language::En => stopwords::ENGLISH_STOP_WORDS,
    }
}

/// The steps every analyzer shares: words, lower case, diacritics folded, and
/// the language's stop words dropped (after folding, so the lists are folded).
fn folded_words(stop_words: &[&str]) -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            stop_words.iter().map(|w| w.to_string()),
        ))
}

/// The analyzer for English text: English stop words, irregular forms in
/// their base form (`children` → `child`, `irregular.rs`), and tantivy's
/// English stemmer.
pub fn english() -> TextAnalyzer {
    folded_words(stopwords::ENGLISH_STOP_WORDS)
        .filter(LightStemmer(english_base))
        .filter(Stemmer::new(StemmerLanguage::English))
        .build()
}

fn english_base(word: &str) -> Cow<'_, str> {
    super::irregular::base(word).map_or(Cow::Borrowed(word), Cow::Borrowed)
}

/// The English index term of one folded query word; `None` for an English
/// stop word.
pub fn english_term(analyzer: &mut TextAnalyzer, folded: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(folded);
    stream.next().map(|token| token.text.clone())
}

/// Everything but stemming: questions need the folded word too (typo tolerance
/// depends on how long the word the user typed is).
pub fn folding(language: Language) -> TextAnalyzer {
    folded_words(stop_words(language)).build()
}

/// Words folded and nothing dropped: a chat message's raw words, before
/// fillers and framing are told from content (`question.rs`).
pub fn tokens() -> TextAnalyzer {
    folded_words(&[]).build()
}

/// The analyzer the index uses for text in `language`.
pub fn text(language: Language) -> TextAnalyzer {
    match language {
        Language::Sk => folded_words(stopwords::STOP_WORDS)
            .filter(LightStemmer(slovak_stem))
            .build(),
        Language::Cs => folded_words(stopwords::CZECH_STOP_WORDS)
            .filter(LightStemmer(stemmer::stem_czech))
            .build(),
        Language::En => english(),
    }
}

/// The analyzer the index uses for Slovak text.
pub fn slovak() -> TextAnalyzer {
    text(Language::Sk)
}

fn slovak_stem(word: &str) -> Cow<'_, str> {
    Cow::Borrowed(stemmer::stem(word))
}

/// A word of a question, as typed and as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Lower-cased, diacritics folded.
    pub folded: String,
    /// The stem in the knowledge's language: the term looked up in the text.
    pub stem: String,
    /// The English term, looked up in the translations; `None` for an English
    /// stop word ("the", "what").
    pub english: Option<String>,
}

/// The analyzers a search needs for a knowledge base in one language, kept
/// together so they are built once and reused.
#[derive(Clone)]
pub struct Analyzers {
    /// The knowledge's language.
    pub language: Language,
    pub tokens: TextAnalyzer,
    /// The knowledge's language's words, folded, stop words dropped.
    pub folding: TextAnalyzer,
    /// The English analyzer without its stemmer: English words, positions
    /// as the index has them.
    pub english_words: TextAnalyzer,
    /// The knowledge's language's analyzer.
    pub text: TextAnalyzer,
    pub english: TextAnalyzer,
}

impl Analyzers {
    pub fn new(language: Language) -> Self {
        Self {
            language,
            tokens: tokens(),
            folding: folding(language),
            english_words: folded_words(stopwords::ENGLISH_STOP_WORDS).build(),
            text: text(language),
            english: english(),
        }
    }

    /// The stem of a folded word in the knowledge's language, as the index
    /// holds the text's words (an English stop word stays as it is, and so
    /// matches nothing).
    pub fn stem(&mut self, folded: &str) -> String {
        match self.language {
            Language::Sk => stemmer::stem(folded).to_string(),
            Language::Cs => stemmer::stem_czech(folded).into_owned(),
            Language::En => {
                english_term(&mut self.english, folded).unwrap_or_else(|| folded.to_string())
            }
        }
    }
}

/// Splits a question into its content words (the knowledge's language's
/// stop words dropped), in order.
///
/// The question is first put in Unicode's composed form (NFC), so a letter
/// typed as a base letter plus a combining accent (`a` + U+0301) is the same
/// word as the precomposed one (`á`); invisible format characters (zero-width
/// spaces and joiners, direction marks) are dropped so they cannot split or
/// hide a word.
pub fn query_words(analyzers: &mut Analyzers, text: &str) -> Vec<QueryWord> {
    let text: String = text.nfc().filter(|c| !is_invisible_format(*c)).collect();
    let mut folded = Vec::new();
    {
        let mut stream = analyzers.folding.token_stream(&text);
        while let Some(token) = stream.next() {
            folded.push(token.text.clone());
        }
    }
    folded
        .into_iter()
        .map(|word| query_word(analyzers, word))
        .collect()
}

/// A folded content word of a question, with its stem and English term.
pub fn query_word(analyzers: &mut Analyzers, folded: String) -> QueryWord {
    QueryWord {
        stem: analyzers.stem(&folded),
        english: english_term(&mut analyzers.english, &folded),
        folded,
    }
}

/// Zero-width and bidirectional format characters.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{00ad}')
}

/// A stemmer of the Slovak family ([`stemmer`]) on one folded word.
pub type StemFn = for<'a> fn(&'a str) -> Cow<'a, str>;

/// The tantivy token filter around a light stemmer ([`stemmer::stem`],
/// [`stemmer::stem_czech`]).
#[derive(Clone)]
pub struct LightStemmer(pub StemFn);

impl TokenFilter for LightStemmer {
    type Tokenizer<T: Tokenizer> = LightStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LightStemmerFilter<T> {
        LightStemmerFilter {
            inner: tokenizer,
            stem: self.0,
        }
    }
}

#[derive(Clone)]
pub struct LightStemmerFilter<T> {
    inner: T,
    stem: StemFn,
}

impl<T: Tokenizer> Tokenizer for LightStemmerFilter<T> {
    type TokenStream<'a> = LightStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LightStemmerStream {
            tail: self.inner.token_stream(text),
            stem: self.stem,
            buffer: String::new(),
        }
    }
}

pub struct LightStemmerStream<T> {
    tail: T,
    stem: StemFn,
    buffer: String,
}

impl<T: TokenStream> TokenStream for LightStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stem = (self.stem)(&token.text);
        if stem != token.text.as_str() {
            self.buffer.clear();
            self.buffer.push_str(&stem);
            mem::swap(&mut token.text, &mut self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Which analysis a passage's text has in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// The passage's own text, in the knowledge's language.
    Text,
    /// Its English translation.
    English,
}

/// The words of `text` whose index term is one of `terms`: (index into
/// `terms`, position, byte range), in text order.
///
/// The stemmers only change the end of a word (the Slovak one returns a
/// prefix, the Czech one a prefix with its last letter perhaps changed;
/// English Snowball replaces at most the last two letters of what it keeps),
/// so a word is stemmed only when it begins with one of the terms less its
/// last two letters: finding a few terms in a passage costs its folding, not
/// stemming every word.
pub fn find_terms(
    analyzers: &mut Analyzers,
    kind: TextKind,
    text: &str,
    terms: &[&str],
) -> Vec<(usize, usize, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    if terms.is_empty() {
        return out;
    }
    let prefix = |term: &str| -> usize {
        let keep = term.chars().count().saturating_sub(2);
        term.char_indices().nth(keep).map_or(term.len(), |(i, _)| i)
    };
    let prefixes: Vec<&str> = terms.iter().map(|t| &t[..prefix(t)]).collect();
    // English irregular forms stem to another word (`taught` → `teach`).
    let english_text = analyzers.language == Language::En;
    let words = match kind {
        TextKind::Text => &mut analyzers.folding,
        TextKind::English => &mut analyzers.english_words,
    };
    let mut candidates = Vec::new();
    {
        let mut stream = words.token_stream(text);
        while let Some(token) = stream.next() {
            let irregular = kind == TextKind::English || english_text;
            if prefixes.iter().any(|p| token.text.starts_with(p))
                || (irregular && super::irregular::base(&token.text).is_some())
            {
                candidates.push((
                    token.text.clone(),
                    token.position,
                    token.offset_from..token.offset_to,
                ));
            }
        }
    }
    for (word, position, range) in candidates {
        let term = match kind {
            TextKind::Text => Some(analyzers.stem(&word)),
            TextKind::English => english_term(&mut analyzers.english, &word),
        };
        if let Some(i) = term.and_then(|t| terms.iter().position(|x| *x == t)) {
            out.push((i, position, range));
        }
    }
    out
}

/// The terms of a text with where each came from (byte ranges into `text`), for
/// highlighting the words a question matched.
pub fn terms_with_offsets(
    analyzer: &mut TextAnalyzer,
    text: &str,
) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push((token.text.clone(), token.offset_from..token.offset_to));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        terms_with_offsets(&mut slovak(), text)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn diacritics_and_case_do_not_matter() {
        assert_eq!(terms("s ľuďmi"), terms("S LUDMI"));
        assert_eq!(terms("Nelegálnej migrácie"), terms("nelegalna migracia"));
    }

    #[test]
    fn combining_marks_and_invisible_characters_do_not_split_words() {
        let plain = query_words(&mut Analyzers::new(Language::Sk), "nelegálna migrácia");
        let combining = query_words(
            &mut Analyzers::new(Language::Sk),
            "nelega\u{301}lna migra\u{301}cia",
        );
        let hidden = query_words(
            &mut Analyzers::new(Language::Sk),
            "nele\u{200b}gálna mig\u{200d}rácia\u{feff}",
        );
        assert_eq!(plain, combining);
        assert_eq!(plain, hidden);
    }

    #[test]
    fn english_words_get_english_terms() {
        let words = query_words(&mut Analyzers::new(Language::Sk), "What is the trafficking");
        let english: Vec<Option<&str>> = words.iter().map(|w| w.english.as_deref()).collect();
        assert_eq!(english, [None, None, None, Some("traffick")]);
    }

    #[test]
    fn stop_words_are_dropped_after_folding() {
        assert!(terms("Aké je to?").is_empty());
        assert!(terms("ake je to").is_empty());
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Podporovať dialóg o migrácii.";
        for (_, range) in terms_with_offsets(&mut slovak(), text) {
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        }
        let words: Vec<&str> = terms_with_offsets(&mut slovak(), text)
            .into_iter()
            .map(|(_, r)| &text[r])
            .collect();
        assert_eq!(words, ["Podporovať", "dialóg", "migrácii"]);
    }

    #[test]
    fn finding_terms_agrees_with_analyzing_every_word() {
        let mut analyzers = Analyzers::new(Language::Sk);
        let slovak_text = "Asistovať štátom pri navrhovaní a realizácii programov v oblasti boja s prevádzačstvom a obchodovaním s ľuďmi, najmä ženami a deťmi.";
        let english_text = "Carry out programmes that enable the voluntary return and reintegration of refugees, displaced persons and happy families who studied, taught and built homes for women and children.";
        for (kind, text, mut analyzer) in [
            (TextKind::Text, slovak_text, slovak()),
            (TextKind::English, english_text, english()),
        ] {
            let all = terms_with_offsets(&mut analyzer, text);
            let terms: Vec<&str> = all.iter().map(|(t, _)| t.as_str()).collect();
            let found: Vec<std::ops::Range<usize>> = find_terms(&mut analyzers, kind, text, &terms)
                .into_iter()
                .map(|(_, _, r)| r)
                .collect();
            let expected: Vec<std::ops::Range<usize>> = all.into_iter().map(|(_, r)| r).collect();
            assert_eq!(found, expected, "{kind:?}");
        }
    }

    #[test]
    fn each_language_has_its_stop_words_and_stems() {
        let czech: Vec<String> =
            terms_with_offsets(&mut text(Language::Cs), "Proč jsou státy v migracích?")
                .into_iter()
                .map(|(t, _)| t)
                .collect();
        assert_eq!(czech, ["stat", "migrak"]);
        let english: Vec<String> = terms_with_offsets(
            &mut text(Language::En),
            "What are the volunteers in the flooded towns?",
        )
        .into_iter()
        .map(|(t, _)| t)
        .collect();
        assert_eq!(english, ["volunt", "flood", "town"]);
        for language in Language::ALL {
            let mut analyzers = Analyzers::new(language);
            let words = query_words(&mut analyzers, "volunteers dobrovolníci");
            assert_eq!(words.len(), 2, "{language}");
        }
    }

    #[test]
    fn finding_terms_in_czech_and_english_text_agrees_with_analyzing_every_word() {
        for (language, text_) in [
            (
                Language::Cs,
                "Pomáháme dobrovolníkům v bance potravin, kteří rozvážejí jídlo do knihoven a organizací.",
            ),
            (
                Language::En,
                "We help volunteers who deliver food to the libraries and organisations of flooded towns.",
            ),
        ] {
            let mut analyzers = Analyzers::new(language);
            let all = terms_with_offsets(&mut text(language), text_);
            let terms: Vec<&str> = all.iter().map(|(t, _)| t.as_str()).collect();
            let found: Vec<std::ops::Range<usize>> =
                find_terms(&mut analyzers, TextKind::Text, text_, &terms)
                    .into_iter()
                    .map(|(_, _, r)| r)
                    .collect();
            let expected: Vec<std::ops::Range<usize>> = all.into_iter().map(|(_, r)| r).collect();
            assert_eq!(found, expected, "{language}");
        }
    }

    #[test]
    fn query_words_keep_the_folded_form() {
        let words = query_words(&mut Analyzers::new(Language::Sk), "Obchodovanie s ľuďmi");
        assert_eq!(words.len(), 2);
        assert_eq!(words[1].folded, "ludmi");
        assert_eq!(words[1].stem, stemmer::stem("ludmi"));
    }
}
