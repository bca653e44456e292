//! A chat message as the words that say what it asks: Discord markup, links,
//! greetings, politeness and question framing removed, in Slovak, Czech and
//! English alike.
//!
//! "Dobrý večer, <@123> mohli by ste mi vysvetliť, ako funguje dobrovoľný
//! návrat? 🙏" asks about `funguje dobrovolny navrat`; the rest is how people
//! write in a channel. What is removed is never a question's topic, so it is
//! neither evidence for a passage nor held against one.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use unicode_normalization::UnicodeNormalization;

use super::analyzer::is_invisible_format;
use super::lexicon::{LEXICONS, Language};
use super::stopwords::{CZECH_STOP_WORDS, ENGLISH_STOP_WORDS, STOP_WORDS};

/// Discord mentions (`<@123>`, `<@!123>`, `<@&123>`, `<#123>`), custom emoji
/// (`<:name:123>`, `<a:name:123>`), `@everyone`, `@here`, slash-command
/// mentions (`</ask:123>`) and links, with a scheme, `www.` or as a bare
/// address (`iom.int/sk/clanok`, `iom.sk`): markup, not words.
static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|</[\w -]+:\d+>|@(?:everyone|here)\b",
        r"|\b(?:https?://|www\.)\S+",
        r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|int|eu|sk|cz|info|io|gov|edu)\b(?:/\S*)?",
        r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+/\S*",
    ))
    .expect("the markup pattern is valid")
});

/// Words that never carry a question's topic: the analyzers' Slovak, Czech
/// and English stop words, and every lexicon's filler words.
static FILLER_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut words: HashSet<&str> = STOP_WORDS.iter().copied().collect();
    words.extend(CZECH_STOP_WORDS.iter().copied());
    words.extend(ENGLISH_STOP_WORDS.iter().copied());
    for lexicon in LEXICONS {
        words.extend(lexicon.filler_words.iter().copied());
    }
    words
});

/// Phrases asking for an amount, as word sequences.
static AMOUNT_PHRASES: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    LEXICONS
        .iter()
        .flat_map(|l| l.amount_phrases.iter())
        .map(|p| p.split(' ').collect())
        .collect()
});

/// Phrases that mean "the one before the last", as word sequences, longest
/// first, and the word each is read as.
static PENULTIMATE_PHRASES: LazyLock<Vec<(Vec<&'static str>, &'static str)>> =
    LazyLock::new(|| {
        let mut phrases: Vec<(Vec<&str>, &str)> = LEXICONS
            .iter()
            .flat_map(|l| {
                let word = l
                    .penultimate_words
                    .first()
                    .copied()
                    .unwrap_or("penultimate");
                l.penultimate_phrases
                    .iter()
                    .map(move |p| (p.split(' ').collect(), word))
            })
            .collect();
        phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        phrases
    });

/// Filler phrases by their first word, longest first.
static FILLER_PHRASES: LazyLock<HashMap<&'static str, Vec<Vec<&'static str>>>> =
    LazyLock::new(|| {
        let mut phrases: HashMap<&str, Vec<Vec<&str>>> = HashMap::new();
        for lexicon in LEXICONS {
            for phrase in lexicon.filler_phrases {
                let words: Vec<&str> = phrase.split(' ').collect();
                phrases.entry(words[0]).or_default().push(words);
            }
        }
        for list in phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        phrases
    });

/// English function words that are not also Slovak or Czech ones: their share
/// tells an English question from a Slovak one when no passage decides.
static ENGLISH_ONLY: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let others: HashSet<&str> = STOP_WORDS
        .iter()
        .chain(CZECH_STOP_WORDS)
        .copied()
        .chain(
            LEXICONS
                .iter()
                .filter(|l| l.language != Language::En)
                .flat_map(|l| l.filler_words.iter().copied()),
        )
        .collect();
    ENGLISH_STOP_WORDS
        .iter()
        .copied()
        .chain(
            LEXICONS
                .iter()
                .filter(|l| l.language == Language::En)
                .flat_map(|l| l.filler_words.iter().copied()),
        )
        .filter(|w| !others.contains(w))
        .collect()
});

/// A word that could not be read: it held bytes that were not UTF-8 (shown
/// as U+FFFD). It may well be the topic, so it is a word the knowledge does
/// not know, never a guess at one ("migr�cia" is not "migr" and "cia").
pub const UNREADABLE: &str = "\u{fffd}";

/// Sentences told apart in a message; the rest count as its last one.
pub const MAX_SENTENCES: usize = 8;

/// Where one sentence ends: `.`, `!`, `?` or `…` before a space or the end
/// (not `3.5` or `iom.int`), or a line break.
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[.!?…]+(?:\s|$)|[\r\n]+").expect("the sentence pattern is valid")
});

/// What a message asks, as folded words in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Question {
    /// The content words (and numbers), lower case, diacritics folded.
    pub words: Vec<String>,
    /// The sentence each of `words` stands in (0-based, at most
    /// [`MAX_SENTENCES`] - 1): a long message is judged by the sentence that
    /// asks, not by the words of the context around it.
    pub sentences: Vec<usize>,
    /// The sentences that end with a question mark, as bits.
    pub asking: u8,
    /// Per word of `words`: it is written with a capital inside a sentence
    /// ("som z Košíc", "my cousin in Brno"): a name, which says where or who,
    /// not what is asked, so a passage that does not know it is not held to it.
    pub names: Vec<bool>,
    /// Most of the framing words were English ("what", "does", "the"): the
    /// asker writes English, whatever the content words match.
    pub english_frame: bool,
    /// The message asks for an amount ("koľko", "how many").
    pub asks_amount: bool,
    /// What it says of the conversation before it ("a ten ďalší?", "in
    /// English please"); its words are not among `words`.
    pub follow_up: FollowUp,
}

/// What a message says of the answer before it, whatever else it asks: read
/// against the conversation only when it asks nothing else (see
/// `reference.rs`), so a question that stands alone is read alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowUp {
    /// +1 "the next one", -1 "the previous one", 0 neither.
    pub step: i8,
    /// "po anglicky", "in English".
    pub english: bool,
    /// "viac o tom", "tell me more".
    pub more: bool,
    /// "to", "tomu", "that": it points back at what was said.
    pub pointing: bool,
}

impl FollowUp {
    /// Whether the message says anything of the answer before it.
    pub fn any(self) -> bool {
        self.step != 0 || self.english || self.more || self.pointing
    }
}

/// What a follow-up phrase asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asks {
    Next,
    Previous,
    More,
}

/// Follow-up phrases as word sequences, longest first, and what each asks.
static FOLLOW_UP_PHRASES: LazyLock<Vec<(Vec<&'static str>, Asks)>> = LazyLock::new(|| {
    let mut phrases: Vec<(Vec<&str>, Asks)> = LEXICONS
        .iter()
        .flat_map(|l| {
            let of = |list: &'static [&'static str], asks: Asks| {
                list.iter().map(move |p| (p.split(' ').collect(), asks))
            };
            of(l.next_phrases, Asks::Next)
                .chain(of(l.previous_phrases, Asks::Previous))
                .chain(of(l.more_phrases, Asks::More))
        })
        .collect();
    phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    phrases
});

/// The follow-up a single word says, if any (it is then no search word).
fn follow_up_word(word: &str, follow_up: &mut FollowUp) -> bool {
    for lexicon in LEXICONS {
        if lexicon.next_words.contains(&word) {
            follow_up.step = 1;
            return true;
        }
        if lexicon.previous_words.contains(&word) {
            follow_up.step = -1;
            return true;
        }
        if lexicon.english_words.contains(&word) {
            follow_up.english = true;
            return true;
        }
        if lexicon.more_words.contains(&word) {
            follow_up.more = true;
            return true;
        }
    }
    false
}

/// Whether a folded token says "last" ("last", "final").
fn is_last_word(word: &str) -> bool {
    LEXICONS.iter().any(|l| l.last_words.contains(&word))
}

/// Whether a folded token points back at what was said.
fn is_pointing(word: &str) -> bool {
    LEXICONS.iter().any(|l| l.pointing_words.contains(&word))
}

/// Whether a folded token is a filler in any language.
pub fn is_filler(word: &str) -> bool {
    FILLER_WORDS.contains(word)
}

/// Analyzes a message: `tokens` folds without dropping anything (the
/// analyzer of [`super::analyzer::Analyzers::tokens`]).
pub fn analyze(tokens: &mut TextAnalyzer, text: &str) -> Question {
    let text: String = text.nfc().filter(|c| !is_invisible_format(*c)).collect();
    let text = MARKUP.replace_all(&text, " ");
    // Every token, and the sentence it stands in.
    let mut all = Vec::new();
    let mut in_sentence = Vec::new();
    let mut capital = Vec::new();
    let mut asking = 0u8;
    let mut push_tokens = |piece: &str, all: &mut Vec<String>, capital: &mut Vec<bool>| {
        let mut stream = tokens.token_stream(piece);
        while let Some(token) = stream.next() {
            all.push(token.text.clone());
            capital.push(
                piece
                    .get(token.offset_from..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_uppercase),
            );
        }
    };
    let mut sentence = 0usize;
    let mut start = 0usize;
    let ends = SENTENCE_END
        .find_iter(&text)
        .map(|m| (m.start(), m.end(), m.as_str().contains('?')))
        .chain(std::iter::once((text.len(), text.len(), false)));
    for (end, next, asks) in ends {
        let piece = &text[start..end];
        start = next;
        let before = all.len();
        if piece.contains(UNREADABLE) {
            for chunk in piece.split_whitespace() {
                if chunk.contains(UNREADABLE) {
                    all.push(UNREADABLE.to_string());
                    capital.push(false);
                } else {
                    push_tokens(chunk, &mut all, &mut capital);
                }
            }
        } else {
            push_tokens(piece, &mut all, &mut capital);
        }
        if all.len() == before {
            continue;
        }
        // A sentence's first word has its capital whatever it is.
        capital[before] = false;
        let at = sentence.min(MAX_SENTENCES - 1);
        in_sentence.resize(all.len(), at);
        if asks {
            asking |= 1 << at;
        }
        sentence += 1;
    }
    let asks_amount = (0..all.len()).any(|i| {
        AMOUNT_PHRASES.iter().any(|phrase| {
            phrase.len() <= all.len() - i && phrase.iter().zip(&all[i..]).all(|(p, w)| *p == w)
        })
    });
    let mut words = Vec::with_capacity(all.len());
    let mut sentences = Vec::with_capacity(all.len());
    let mut names = Vec::with_capacity(all.len());
    let (mut english, mut other) = (0usize, 0usize);
    let mut follow_up = FollowUp::default();
    let mut i = 0;
    while i < all.len() {
        // "the principle before last": one word, or its words would be
        // dropped as fillers and leave "the principle last".
        if let Some((phrase, word)) = PENULTIMATE_PHRASES.iter().find(|(phrase, _)| {
            phrase.len() <= all.len() - i && phrase.iter().zip(&all[i..]).all(|(p, w)| p == w)
        }) {
            words.push((*word).to_string());
            sentences.push(in_sentence[i]);
            names.push(false);
            i += phrase.len();
            continue;
        }
        if let Some(length) = phrase_at(&all[i..]) {
            i += length;
            continue;
        }
        if let Some((phrase, asks)) = FOLLOW_UP_PHRASES.iter().find(|(phrase, _)| {
            phrase.len() <= all.len() - i
                && phrase.iter().zip(&all[i..]).all(|(p, w)| p == w)
                // "the one before last" is the penultimate, read below.
                && !all.get(i + phrase.len()).is_some_and(|next| is_last_word(next))
        }) {
            match asks {
                Asks::Next => follow_up.step = 1,
                Asks::Previous => follow_up.step = -1,
                Asks::More => follow_up.more = true,
            }
            i += phrase.len();
            continue;
        }
        if follow_up_word(&all[i], &mut follow_up) {
            i += 1;
            continue;
        }
        follow_up.pointing |= is_pointing(&all[i]);
        let word = &all[i];
        if FILLER_WORDS.contains(word.as_str()) {
            if ENGLISH_ONLY.contains(word.as_str()) {
                english += 1;
            } else if !ENGLISH_STOP_WORDS.contains(&word.as_str()) {
                other += 1;
            }
        } else {
            words.push(std::mem::take(&mut all[i]));
            sentences.push(in_sentence[i]);
            names.push(capital[i]);
        }
        i += 1;
    }
    Question {
        words,
        sentences,
        asking,
        names,
        english_frame: english > other,
        asks_amount,
        follow_up,
    }
}

/// A message as the words it asks about, lower case, diacritics folded,
/// fillers and markup dropped, one space apart: what tells two wordings of a
/// question apart or not ("Dobrý deň, čo robíte s utečencami?" and "co robite
/// s utecencami" are one). Empty when the message is all fillers.
pub fn normalize(text: &str) -> String {
    analyze(&mut super::analyzer::tokens(), text)
        .words
        .join(" ")
}

/// Length in words of the longest filler phrase starting `words`, if any.
fn phrase_at(words: &[String]) -> Option<usize> {
    let first = words.first()?;
    FILLER_PHRASES
        .get(first.as_str())?
        .iter()
        .find(|phrase| {
            phrase.len() <= words.len() && phrase.iter().zip(words).all(|(p, w)| *p == w)
        })
        .map(Vec::len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::tokens;

    fn check(text: &str, expected: &[&str]) {
        let question = analyze(&mut tokens(), text);
        assert_eq!(question.words, expected, "{text:?}");
    }

    #[test]
    fn greetings_politeness_and_framing_are_not_question_words() {
        check(
            "dobrý večer, mohli by ste mi vysvetliť, ako funguje dobrovoľný návrat?",
            &["funguje", "dobrovolny", "navrat"],
        );
        check(
            "vedel by si mi povedať niečo o diaspórach? ďakujem vopred",
            &["diasporach"],
        );
        check(
            "zaujímalo by ma, čo robí IOM v oblasti pracovnej migrácie",
            &["iom", "oblasti", "pracovnej", "migracie"],
        );
        check(
            "hi everyone, could you tell me what IOM does about smuggling? thanks!",
            &["iom", "smuggling"],
        );
        check(
            "Dobrý den, zajímalo by mě, co dělá IOM pro uprchlíky",
            &["iom", "uprchliky"],
        );
        check(
            "pls ako riesite nelegalnu migraciu",
            &["riesite", "nelegalnu", "migraciu"],
        );
        check("čau", &[]);
        check("good morning!", &[]);
        check("díky moc 👍", &[]);
    }

    #[test]
    fn discord_markup_and_links_are_not_words() {
        check(
            "<@123456789012345678> <@!42> <@&7> <#99> @everyone @here čo je <:iom:123> návrat? https://www.iom.int/what-we-do www.example.org/x",
            &["navrat"],
        );
        check(
            "https://www.iom.int/news/a-b?x=1&y=2, čo je návrat?",
            &["navrat"],
        );
        check("iom.int/sk/co-robime: návrat", &["navrat"]);
        check("<https://iom.sk> návrat", &["navrat"]);
        check(
            "[článok](https://example.org/a/b) o návrate",
            &["clanok", "navrate"],
        );
        check("návrat na iom.sk", &["navrat"]);
        check("verzia 3.5 ostáva", &["verzia", "3", "5", "ostava"]);
    }

    #[test]
    fn content_words_next_to_fillers_stay() {
        check(
            "nový program pre utečencov",
            &["novy", "program", "utecencov"],
        );
        check("pomoc počas vojny", &["pomoc", "vojny"]);
    }

    #[test]
    fn an_unreadable_word_stays_one_unknown_word() {
        check(
            "nelegalna migr\u{fffd}cia \u{fffd}",
            &["nelegalna", UNREADABLE, UNREADABLE],
        );
    }

    #[test]
    fn questions_for_amounts_are_told_apart() {
        for text in [
            "Koľko zamestnancov má IOM?",
            "how many staff",
            "Kolik stojí členství?",
        ] {
            assert!(analyze(&mut tokens(), text).asks_amount, "{text:?}");
        }
        for text in ["how does IOM help", "ako pomáha IOM", "much ado"] {
            assert!(!analyze(&mut tokens(), text).asks_amount, "{text:?}");
        }
    }

    #[test]
    fn words_know_their_sentence_and_which_sentences_ask() {
        let question = analyze(
            &mut tokens(),
            "Ahoj. Môj brat žije v Anglicku bez papierov!\nČo robí IOM pre migrantov? Vďaka. Návrat",
        );
        assert_eq!(
            question.words,
            [
                "brat",
                "zije",
                "anglicku",
                "papierov",
                "iom",
                "migrantov",
                "navrat"
            ]
        );
        // "Ahoj." and "Vďaka." are sentences too, of fillers only.
        assert_eq!(question.sentences, [1, 1, 1, 1, 2, 2, 4]);
        assert_eq!(question.asking, 0b100);
        let one = analyze(&mut tokens(), "verzia 3.5 na iom.int? áno, návrat");
        assert_eq!(one.sentences, [0, 0, 0, 1]);
        assert_eq!(one.asking, 0b1);
        let many = "a. ".repeat(MAX_SENTENCES + 3) + "návrat";
        let many = analyze(&mut tokens(), &many);
        assert_eq!(many.sentences.last(), Some(&(MAX_SENTENCES - 1)));
    }

    #[test]
    fn capitals_inside_a_sentence_are_names() {
        let question = analyze(
            &mut tokens(),
            "Janka sa pýta, či IOM pomáha migrantom v Nemecku. Košice",
        );
        assert_eq!(
            question.words,
            ["janka", "iom", "pomaha", "migrantom", "nemecku", "kosice"]
        );
        // A sentence's first word may be a name or not: its capital says nothing.
        assert_eq!(question.names, [false, true, false, false, true, false]);
    }

    #[test]
    fn normalized_wordings_of_one_question_are_equal() {
        let one = normalize("Dobrý deň, čo robíte s utečencami?");
        assert_eq!(one, normalize("co robite s UTECENCAMI"));
        assert_eq!(one, normalize("<@42> čo robíte s utečencami? ďakujem"));
        assert_ne!(one, normalize("čo robíte s migrantmi?"));
        assert_eq!(normalize("ahoj, ďakujem!"), "");
    }

    #[test]
    fn the_frame_tells_english_from_slovak() {
        assert!(analyze(&mut tokens(), "what does IOM do for refugees").english_frame);
        assert!(!analyze(&mut tokens(), "čo robí IOM pre utečencov").english_frame);
        assert!(!analyze(&mut tokens(), "diaspóry").english_frame);
    }
}
