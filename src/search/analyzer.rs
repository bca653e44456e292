//! The Slovak text analyzer: how passages and questions become index terms.
//!
//! Words → lower case → diacritics folded (`ľuďmi` → `ludmi`, so questions typed
//! without diacritics match) → Slovak stop words dropped → light stemming
//! (`migrácie` → `migrac`). Passages and questions go through the same steps, so
//! the terms meet.

use std::mem;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TextAnalyzerBuilder, Token, TokenFilter, TokenStream, Tokenizer,
};

use unicode_normalization::UnicodeNormalization;

use super::{stemmer, stopwords};

/// Name under which the Slovak analyzer is registered with the index.
pub const SLOVAK: &str = "missionbot_sk";

/// Name of the analyzer that folds but does not stem (the `words` field).
pub const FOLDED: &str = "missionbot_sk_folded";

/// Name of the English analyzer (the unofficial translations).
pub const ENGLISH: &str = "missionbot_en";

/// Words longer than this are not words (URLs, base64, keyboard mashing).
const MAX_WORD_BYTES: usize = 40;

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

/// The analyzer for English text: English stop words and tantivy's English stemmer.
pub fn english() -> TextAnalyzer {
    folded_words(stopwords::ENGLISH_STOP_WORDS)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The English index term of one folded query word; `None` for an English
/// stop word.
pub fn english_term(analyzer: &mut TextAnalyzer, folded: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(folded);
    stream.next().map(|token| token.text.clone())
}

/// Everything but stemming: questions need the folded word too (typo tolerance
/// depends on how long the word the user typed is).
pub fn folding() -> TextAnalyzer {
    folded_words(stopwords::STOP_WORDS).build()
}

/// Words folded and nothing dropped: a chat message's raw words, before
/// fillers and framing are told from content (`question.rs`).
pub fn tokens() -> TextAnalyzer {
    folded_words(&[]).build()
}

/// The analyzer the index uses for Slovak text.
pub fn slovak() -> TextAnalyzer {
    folded_words(stopwords::STOP_WORDS)
        .filter(SlovakStemmer)
        .build()
}

/// A word of a question, as typed and as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Lower-cased, diacritics folded.
    pub folded: String,
    /// The Slovak stem: the term looked up in the Slovak text.
    pub stem: String,
    /// The English term, looked up in the translations; `None` for an English
    /// stop word ("the", "what").
    pub english: Option<String>,
}

/// The analyzers a search needs, kept together so they are built once and reused.
#[derive(Clone)]
pub struct Analyzers {
    pub tokens: TextAnalyzer,
    pub folding: TextAnalyzer,
    /// The English analyzer without its stemmer: English words, positions
    /// as the index has them.
    pub english_words: TextAnalyzer,
    pub slovak: TextAnalyzer,
    pub english: TextAnalyzer,
}

impl Analyzers {
    pub fn new() -> Self {
        Self {
            tokens: tokens(),
            folding: folding(),
            english_words: folded_words(stopwords::ENGLISH_STOP_WORDS).build(),
            slovak: slovak(),
            english: english(),
        }
    }
}

impl Default for Analyzers {
    fn default() -> Self {
        Self::new()
    }
}

/// Splits a question into its content words (Slovak stop words dropped), in order.
///
/// The question is first put in Unicode's composed form (NFC), so a letter
/// typed as a base letter plus a combining accent (`a` + U+0301) is the same
/// word as the precomposed one (`á`); invisible format characters (zero-width
/// spaces and joiners, direction marks) are dropped so they cannot split or
/// hide a word.
pub fn query_words(analyzers: &mut Analyzers, text: &str) -> Vec<QueryWord> {
    let text: String = text.nfc().filter(|c| !is_invisible_format(*c)).collect();
    let mut folded = Vec::new();
    let mut stream = analyzers.folding.token_stream(&text);
    while let Some(token) = stream.next() {
        folded.push(token.text.clone());
    }
    folded
        .into_iter()
        .map(|word| QueryWord {
            stem: stemmer::stem(&word).to_string(),
            english: english_term(&mut analyzers.english, &word),
            folded: word,
        })
        .collect()
}

/// A folded content word of a question, with its Slovak stem and English term.
pub fn query_word(analyzers: &mut Analyzers, folded: String) -> QueryWord {
    QueryWord {
        stem: stemmer::stem(&folded).to_string(),
        english: english_term(&mut analyzers.english, &folded),
        folded,
    }
}

/// Zero-width and bidirectional format characters.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{00ad}')
}

/// The tantivy token filter around [`stemmer::stem`].
#[derive(Clone)]
pub struct SlovakStemmer;

impl TokenFilter for SlovakStemmer {
    type Tokenizer<T: Tokenizer> = SlovakStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SlovakStemmerFilter<T> {
        SlovakStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct SlovakStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SlovakStemmerFilter<T> {
    type TokenStream<'a> = SlovakStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SlovakStemmerStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

pub struct SlovakStemmerStream<T> {
    tail: T,
    buffer: String,
}

impl<T: TokenStream> TokenStream for SlovakStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stem = stemmer::stem(&token.text);
        if stem.len() != token.text.len() {
            self.buffer.clear();
            self.buffer.push_str(stem);
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
    Slovak,
    English,
}

/// The words of `text` whose index term is one of `terms`: (index into
/// `terms`, position, byte range), in text order.
///
/// Both stemmers only change the end of a word (the Slovak one returns a
/// prefix; English Snowball replaces at most the last two letters of what it
/// keeps), so a word is stemmed only when it begins with one of the terms
/// less its last two letters: finding a few terms in a passage costs its
/// folding, not stemming every word.
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
    let words = match kind {
        TextKind::Slovak => &mut analyzers.folding,
        TextKind::English => &mut analyzers.english_words,
    };
    let mut candidates = Vec::new();
    let mut stream = words.token_stream(text);
    while let Some(token) = stream.next() {
        if prefixes.iter().any(|p| token.text.starts_with(p)) {
            candidates.push((
                token.text.clone(),
                token.position,
                token.offset_from..token.offset_to,
            ));
        }
    }
    for (word, position, range) in candidates {
        let term = match kind {
            TextKind::Slovak => Some(stemmer::stem(&word).to_string()),
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
        let plain = query_words(&mut Analyzers::new(), "nelegálna migrácia");
        let combining = query_words(&mut Analyzers::new(), "nelega\u{301}lna migra\u{301}cia");
        let hidden = query_words(
            &mut Analyzers::new(),
            "nele\u{200b}gálna mig\u{200d}rácia\u{feff}",
        );
        assert_eq!(plain, combining);
        assert_eq!(plain, hidden);
    }

    #[test]
    fn english_words_get_english_terms() {
        let words = query_words(&mut Analyzers::new(), "What is the trafficking");
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
        let mut analyzers = Analyzers::new();
        let slovak_text = "Asistovať štátom pri navrhovaní a realizácii programov v oblasti boja s prevádzačstvom a obchodovaním s ľuďmi, najmä ženami a deťmi.";
        let english_text = "Carry out programmes that enable the voluntary return and reintegration of refugees, displaced persons and happy families who studied.";
        for (kind, text, mut analyzer) in [
            (TextKind::Slovak, slovak_text, slovak()),
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
    fn query_words_keep_the_folded_form() {
        let words = query_words(&mut Analyzers::new(), "Obchodovanie s ľuďmi");
        assert_eq!(words.len(), 2);
        assert_eq!(words[1].folded, "ludmi");
        assert_eq!(words[1].stem, stemmer::stem("ludmi"));
    }
}
