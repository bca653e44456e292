//! The languages a knowledge base is written in, which are also the languages
//! the bot speaks: [`Language`], and telling which one a document is in
//! ([`detect`]).
//!
//! Detection only has to tell these three apart, over a whole document, so it
//! counts what sets them apart on the page rather than modelling languages in
//! general: letters only one of them writes (ě, ů, ř are Czech; ä, ľ, ĺ, ŕ, ô
//! Slovak; English has no accented letters at all) and the commonest function
//! words only one of them uses (Slovak "sa", "pre", "ako"; Czech "se", "pro",
//! "jako"; English "the", "and", "of").

use std::fmt;

use serde::Deserialize;

/// A language of the knowledge and of the bot's own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Slovak: the shipped knowledge's, and what a knowledge base that does
    /// not say is written in.
    #[default]
    Sk,
    Cs,
    En,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Sk, Language::Cs, Language::En];

    /// The code written in `mission.toml` and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Language::Sk => "sk",
            Language::Cs => "cs",
            Language::En => "en",
        }
    }
}

impl Language {
    /// What the language calls a numbered item of a list where the document
    /// names none: "bod 7", "point 7".
    pub fn point_word(self) -> &'static str {
        match self {
            Language::Sk | Language::Cs => "bod",
            Language::En => "point",
        }
    }

    /// What the language calls one of the aims a mission lists: "cieľ 2".
    pub fn aim_word(self) -> &'static str {
        match self {
            Language::Sk => "cieľ",
            Language::Cs => "cíl",
            Language::En => "aim",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Language {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "sk" | "slovak" | "slovensky" | "slovenský" | "slovenčina" => Ok(Language::Sk),
            "cs" | "cz" | "czech" | "česky" | "čeština" => Ok(Language::Cs),
            "en" | "english" => Ok(Language::En),
            other => Err(format!(
                "unknown language {other:?}: use \"sk\", \"cs\" or \"en\""
            )),
        }
    }
}

/// Letters only Czech writes (of the three).
const CZECH_LETTERS: &[char] = &['ě', 'ů', 'ř'];
/// Letters only Slovak writes.
const SLOVAK_LETTERS: &[char] = &['ä', 'ľ', 'ĺ', 'ŕ', 'ô'];

/// Frequent function words that only Slovak uses, as written.
#[rustfmt::skip]
const SLOVAK_WORDS: &[&str] = &[
    "sa", "aj", "pre", "ako", "alebo", "sú", "ktoré", "ktorý", "ktorá", "ktorí", "ich", "pri",
    "som", "sme", "ste", "byť", "nie", "podľa", "len", "ešte", "môže", "všetky", "cez", "čo",
    "medzi", "tiež", "ďalšie", "iné", "svoje",
];

/// Frequent function words that only Czech uses, as written.
#[rustfmt::skip]
const CZECH_WORDS: &[&str] = &[
    "se", "i", "pro", "jako", "nebo", "jsou", "které", "který", "která", "kteří", "jejich",
    "při", "jsem", "jsme", "jste", "být", "není", "podle", "jen", "ještě", "může", "všechny",
    "co", "mezi", "také", "další", "jiné", "své", "jak",
];

/// Frequent function words of English.
#[rustfmt::skip]
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "in", "is", "are", "for", "with", "that", "we", "our", "on",
    "by", "as", "from", "this", "it", "be", "or", "an", "their", "who", "which",
];

/// A letter of the alphabet that only one language writes counts like this
/// many of its function words: rarer, but never an accident.
const LETTER_WEIGHT: usize = 3;

/// The language `text` is written in; Slovak when nothing tells (no word or
/// letter of any of the three).
pub fn detect(text: &str) -> Language {
    let mut scores = [0usize; 3];
    let mut accented = 0usize;
    for c in text.chars().flat_map(char::to_lowercase) {
        if CZECH_LETTERS.contains(&c) {
            scores[1] += LETTER_WEIGHT;
        } else if SLOVAK_LETTERS.contains(&c) {
            scores[0] += LETTER_WEIGHT;
        }
        if c.is_alphabetic() && !c.is_ascii() {
            accented += 1;
        }
    }
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        for (score, words) in scores
            .iter_mut()
            .zip([SLOVAK_WORDS, CZECH_WORDS, ENGLISH_WORDS])
        {
            if words.contains(&word.as_str()) {
                *score += 1;
            }
        }
    }
    // English writes no accented letters: a text full of them is not
    // English, whatever English words it quotes.
    let words = text.split_whitespace().count().max(1);
    if accented * 4 >= words {
        scores[2] = 0;
    }
    let best = scores.iter().copied().max().unwrap_or(0);
    if best == 0 {
        return Language::Sk;
    }
    let at = scores.iter().position(|s| *s == best).unwrap_or(0);
    Language::ALL[at]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_and_print() {
        for language in Language::ALL {
            assert_eq!(language.code().parse::<Language>(), Ok(language));
            assert_eq!(language.to_string(), language.code());
        }
        assert_eq!("CS".parse::<Language>(), Ok(Language::Cs));
        assert!("de".parse::<Language>().is_err());
    }

    #[test]
    fn documents_are_told_apart() {
        let cases = [
            (
                "Poslanie a činnosť IOM vychádzajú z princípu, že humánna a organizovaná migrácia prináša prospech tak migrantom, ako aj spoločnostiam.",
                Language::Sk,
            ),
            (
                "Posláním spolku je pomáhat lidem, kteří se ocitli v nouzi, a podporovat sousedskou pomoc ve městech i na venkově.",
                Language::Cs,
            ),
            (
                "Our mission is to keep the river clean and to give every neighbour a voice in how the water is used.",
                Language::En,
            ),
            // No Czech-only letter, but Czech words.
            (
                "Pomáháme lidem, kteří to potřebují, a jsme tu pro ně.",
                Language::Cs,
            ),
            // No Slovak-only letter, but Slovak words.
            (
                "Pomáhame ľuďom, ktorí to potrebujú, a sme tu pre nich.",
                Language::Sk,
            ),
            (
                "Pomahame ludom, ktori to potrebuju, a sme tu pre nich.",
                Language::Sk,
            ),
            (
                "Pomahame lidem, kteri to potrebuji, a jsme tu pro ne.",
                Language::Cs,
            ),
            // English quoted in a Slovak text.
            (
                "Podporovať dialóg v rámci International Dialogue on Migration, ktorý je dôležitý.",
                Language::Sk,
            ),
            ("", Language::Sk),
            ("12345 …", Language::Sk),
        ];
        for (text, expected) in cases {
            assert_eq!(detect(text), expected, "{text:?}");
        }
    }
}
