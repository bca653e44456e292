//! The words Slovak, Czech and English documents use for their parts
//! ("Princípy", "Stanovy", "Code of Conduct"): a section's id in English and
//! what one of its items is called, from the section's own heading; any
//! other heading gives its ASCII form (`nase-hodnoty`).

use unicode_normalization::UnicodeNormalization;

/// A part of a document: its English id and, for each word a document may
/// head it with, what one item of it is called (`None` when the language
/// has no word for one item of it but "point").
struct Part {
    id: &'static str,
    words: &'static [(&'static str, Option<&'static str>)],
}

/// Ids of the statement of purpose: a heading with one of its words heads
/// the statement of purpose, not a section.
pub const PURPOSE: &str = "mission";
pub const INTRODUCTION: &str = "introduction";

const PARTS: &[Part] = &[
    Part {
        id: PURPOSE,
        words: &[
            ("mission", None),
            ("purpose", None),
            ("poslanie", None),
            ("poslání", None),
            ("účel", None),
            ("posláním", None),
        ],
    },
    Part {
        id: INTRODUCTION,
        words: &[
            ("introduction", None),
            ("preamble", None),
            ("úvod", None),
            ("preambula", None),
        ],
    },
    Part {
        id: "principles",
        words: &[
            ("princípy", Some("princíp")),
            ("principy", Some("princip")),
            ("zásady", Some("zásada")),
            ("principles", Some("principle")),
        ],
    },
    Part {
        id: "values",
        words: &[("hodnoty", Some("hodnota")), ("values", Some("value"))],
    },
    Part {
        id: "rules",
        words: &[
            ("pravidlá", Some("pravidlo")),
            ("pravidla", Some("pravidlo")),
            ("rules", Some("rule")),
        ],
    },
    Part {
        id: "guidelines",
        words: &[
            ("guidelines", Some("guideline")),
            ("smernice", Some("smernica")),
            ("směrnice", Some("směrnice")),
        ],
    },
    Part {
        id: "code",
        words: &[("kódex", None), ("kodex", None), ("code", None)],
    },
    Part {
        id: "articles",
        words: &[
            ("články", Some("článok")),
            ("článků", Some("článek")),
            ("articles", Some("article")),
        ],
    },
    Part {
        id: "aims",
        words: &[
            ("ciele", Some("cieľ")),
            ("cíle", Some("cíl")),
            ("aims", Some("aim")),
            ("goals", Some("goal")),
        ],
    },
    Part {
        id: "strategy",
        words: &[("stratégia", None), ("strategie", None), ("strategy", None)],
    },
    Part {
        id: "statutes",
        words: &[("stanovy", None), ("statutes", None), ("bylaws", None)],
    },
];

/// What a heading says of its part: its id from the table, with the noun
/// for one item; `None` when no word of the table is in it. Words of the
/// statement of purpose are matched only when `purpose` is true.
pub fn part(heading: &str, purpose: bool) -> Option<(&'static str, Option<&'static str>)> {
    let lower = heading.to_lowercase();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        for part in PARTS {
            if !purpose && (part.id == PURPOSE || part.id == INTRODUCTION) {
                continue;
            }
            if let Some((_, noun)) = part.words.iter().find(|(w, _)| *w == word) {
                return Some((part.id, *noun));
            }
        }
    }
    None
}

/// The English noun for one item of a part by its id ("principles" →
/// "principle"): how an English reader of a translated document's labels
/// reads "Princíp 3" ("Principle 3").
pub fn english_noun(id: &str) -> Option<&'static str> {
    PARTS
        .iter()
        .find(|part| part.id == id)?
        .words
        .iter()
        .find(|(word, _)| *word == id)
        .and_then(|(_, noun)| *noun)
}

/// Whether a heading names the statement of purpose (or the introduction
/// that holds it).
pub fn names_purpose(heading: &str) -> bool {
    matches!(part(heading, true), Some((PURPOSE | INTRODUCTION, _)))
}

/// The ASCII form of a heading: lower case, diacritics dropped, words
/// joined by `-`, a leading number or Roman numeral left out.
pub fn slug(heading: &str) -> String {
    let ascii: String = heading
        .nfd()
        .filter(|c| c.is_ascii())
        .collect::<String>()
        .to_ascii_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let skip = words
        .first()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) || is_roman(w));
    let words: Vec<&str> = words.into_iter().skip(usize::from(skip)).take(6).collect();
    // Whole words up to the longest id a section may have.
    let mut slug = String::new();
    for word in words {
        let next = if slug.is_empty() { 0 } else { 1 } + word.len();
        if slug.len() + next > crate::knowledge::MAX_SECTION_ID_CHARS {
            if slug.is_empty() {
                // One word longer than an id: its beginning (ASCII here).
                slug.push_str(&word[..crate::knowledge::MAX_SECTION_ID_CHARS]);
            }
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| "ivxlc".contains(c)) && word.len() <= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_parts() {
        assert_eq!(
            part("Princípy", false),
            Some(("principles", Some("princíp")))
        );
        assert_eq!(part("Stratégia IOM", false), Some(("strategy", None)));
        assert_eq!(part("Etický kódex", false), Some(("code", None)));
        assert_eq!(part("Code of Conduct", false), Some(("code", None)));
        assert_eq!(
            part("Naše hodnoty", false),
            Some(("values", Some("hodnota")))
        );
        assert_eq!(part("Účel", false), None);
        assert_eq!(english_noun("principles"), Some("principle"));
        assert_eq!(english_noun("values"), Some("value"));
        assert_eq!(english_noun("code"), None);
        assert_eq!(english_noun("nase-hodnoty"), None);
        assert!(names_purpose("Účel"));
        assert!(names_purpose("Mission statement"));
        assert!(names_purpose("Úvod"));
        assert_eq!(slug("Naše hodnoty"), "nase-hodnoty");
        assert_eq!(slug("IV. Členství"), "clenstvi");
        assert_eq!(
            slug("1. Všeobecné podmienky stručne"),
            "vseobecne-podmienky-strucne"
        );
    }
}
