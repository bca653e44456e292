//! Parts of the knowledge asked for by name rather than by topic: "bod 9",
//! "a čo hovorí bod 9?", "ôsmy bod stratégie", "the last strategy point",
//! "point 3 of the strategy", "aké je poslanie IOM", "what are IOM's goals".
//!
//! Such a message is answered as the command it stands for (`/strategy 9`,
//! `/mission`, `/aims`, `/strategy`), not searched. The words come from the
//! lexicons (`lexicon.rs`), so every language reads the same way:
//!
//! - a point noun with a number after it (`bod 9`, `bod číslo 9`, `point
//!   nine`, `body 3 a 4`), or an ordinal, `posledný`/`last` or a digit before
//!   a singular one (`tretí bod`, `the first strategy point`, `5. bod`);
//! - a part's name with nothing else to ask about: every remaining word is a
//!   part's name, the organization's name, or a word that goes with them
//!   (`hlavné`, `zaoberá`, `statement`). Only the organization's name left
//!   ("Čo robí IOM?", "What is IOM?") asks for the mission.
//!
//! Only points that exist count: `bod 15` of twelve is not a reference, and
//! its words are not searched either (they name a place in the document,
//! not a topic), so it is answered only if the rest of the message matches.

use super::lexicon::{LEXICONS, Language, Lexicon};

/// A part of the knowledge a message asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// A strategy point that exists.
    Point(u32),
    Mission,
    Aims,
    /// The strategy as a whole: the list of points.
    Strategy,
}

/// A reference found in a message, and whether it was asked in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub reference: Reference,
    pub english: bool,
}

/// What one word of a message is, for finding references.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Point(Language),
    Points(Language),
    Strategy(Language),
    Mission(Language),
    Aims(Language),
    PartWord,
    Marker,
    /// A cardinal: digits or a number word.
    Number(u32, bool),
    Ordinal(u32, Language),
    Last(Language),
    Organization,
    Other,
}

/// The numbers a point can have; anything longer is not a point number.
const MAX_NUMBER_DIGITS: usize = 4;

fn role(word: &str, organization: &[String]) -> Role {
    if organization.iter().any(|o| o == word) {
        return Role::Organization;
    }
    if !word.is_empty()
        && word.len() <= MAX_NUMBER_DIGITS
        && word.bytes().all(|b| b.is_ascii_digit())
    {
        return word.parse().map_or(Role::Other, |n| Role::Number(n, true));
    }
    for lexicon in LEXICONS {
        let lang = lexicon.language;
        let is = |list: &[&str]| list.contains(&word);
        if is(lexicon.point_nouns) {
            return Role::Point(lang);
        }
        if is(lexicon.point_plurals) {
            return Role::Points(lang);
        }
        if is(lexicon.strategy_nouns) {
            return Role::Strategy(lang);
        }
        if is(lexicon.mission_nouns) {
            return Role::Mission(lang);
        }
        if is(lexicon.aims_nouns) {
            return Role::Aims(lang);
        }
        if is(lexicon.number_markers) {
            return Role::Marker;
        }
        if let Some(n) = ordinal(lexicon, word) {
            return Role::Ordinal(n, lang);
        }
        if is(lexicon.last_words) || stem_with_ending(word, lexicon.last_stems, lexicon).is_some() {
            return Role::Last(lang);
        }
        if let Some(&(_, n)) = lexicon.numbers.iter().find(|(w, _)| *w == word) {
            return Role::Number(n, false);
        }
        if is(lexicon.part_words) {
            return Role::PartWord;
        }
        if is(lexicon.organization_nouns) {
            return Role::Organization;
        }
    }
    Role::Other
}

fn ordinal(lexicon: &Lexicon, word: &str) -> Option<u32> {
    if let Some(&(_, n)) = lexicon.ordinal_words.iter().find(|(w, _)| *w == word) {
        return Some(n);
    }
    for suffix in lexicon.digit_ordinal_suffixes {
        if let Some(digits) = word.strip_suffix(suffix)
            && !digits.is_empty()
            && digits.len() <= MAX_NUMBER_DIGITS
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            return digits.parse().ok();
        }
    }
    let stems: Vec<&str> = lexicon.ordinal_stems.iter().map(|(s, _)| *s).collect();
    let stem = stem_with_ending(word, &stems, lexicon)?;
    lexicon
        .ordinal_stems
        .iter()
        .find(|(s, _)| *s == stem)
        .map(|&(_, n)| n)
}

/// The stem of `stems` that `word` is, followed by one of the lexicon's
/// ordinal endings.
fn stem_with_ending<'s>(word: &str, stems: &[&'s str], lexicon: &Lexicon) -> Option<&'s str> {
    stems.iter().copied().find(|stem| {
        word.strip_prefix(stem)
            .is_some_and(|ending| lexicon.ordinal_endings.contains(&ending))
    })
}

/// The reference in a message's content words (fillers already removed), if
/// any, and which words name a place in the document (point nouns, the
/// strategy, a point's number), to be left out of a search.
pub fn find(
    words: &[String],
    points: usize,
    organization: &[String],
) -> (Option<Found>, Vec<bool>) {
    let roles: Vec<Role> = words.iter().map(|w| role(w, organization)).collect();
    let mut structural: Vec<bool> = roles
        .iter()
        .map(|r| matches!(r, Role::Point(_) | Role::Points(_) | Role::Strategy(_)))
        .collect();
    if let Some((number, english)) = point_number(&roles, points, &mut structural) {
        let reference = u32::try_from(number)
            .ok()
            .filter(|n| (1..=points).contains(&(*n as usize)))
            .map(|n| Found {
                reference: Reference::Point(n),
                english,
            });
        return (reference, structural);
    }
    (part(&roles), structural)
}

/// The number of the first point named by number or ordinal, and whether its
/// words were English; marks the words it used as structural. `Last` is
/// `points`.
fn point_number(roles: &[Role], points: usize, structural: &mut [bool]) -> Option<(u64, bool)> {
    for (i, role) in roles.iter().enumerate() {
        let (noun_lang, singular) = match *role {
            Role::Point(lang) => (lang, true),
            Role::Points(lang) => (lang, false),
            Role::Strategy(lang) => (lang, false),
            _ => continue,
        };
        let is_strategy = matches!(role, Role::Strategy(_));
        // After the noun: `bod 9`, `bod číslo 9`, `point nine`. Right after
        // the strategy only digits name a point (`stratégia 6`), or a number
        // word once "number" says it is one (`strategy number eleven`).
        let mut j = i + 1;
        while matches!(roles.get(j), Some(Role::Marker)) {
            j += 1;
        }
        let marked = j > i + 1;
        match roles.get(j) {
            Some(&Role::Number(n, digits)) if !is_strategy || digits || marked => {
                structural[i..=j].iter_mut().for_each(|s| *s = true);
                return Some((u64::from(n), noun_lang == Language::En));
            }
            Some(&Role::Ordinal(n, lang)) if !is_strategy => {
                structural[i..=j].iter_mut().for_each(|s| *s = true);
                return Some((
                    u64::from(n),
                    lang == Language::En || noun_lang == Language::En,
                ));
            }
            _ => {}
        }
        if !singular {
            continue;
        }
        // Before a singular noun: `tretí bod`, `the first strategy point`, `5. bod`.
        let mut k = i;
        while k > 0 && matches!(roles[k - 1], Role::Strategy(_)) {
            k -= 1;
        }
        let Some(before) = k.checked_sub(1) else {
            continue;
        };
        let found = match roles[before] {
            Role::Ordinal(n, lang) => Some((u64::from(n), lang)),
            Role::Last(lang) => Some((points as u64, lang)),
            Role::Number(n, true) => Some((u64::from(n), noun_lang)),
            _ => None,
        };
        if let Some((n, lang)) = found {
            structural[before..=i].iter_mut().for_each(|s| *s = true);
            return Some((n, lang == Language::En || noun_lang == Language::En));
        }
    }
    None
}

/// The mission, the aims or the strategy asked for by name alone.
fn part(roles: &[Role]) -> Option<Found> {
    let (mut mission, mut aims, mut strategy, mut organization) = (false, false, false, false);
    let mut english = false;
    for role in roles {
        match *role {
            Role::Mission(lang) => {
                mission = true;
                english |= lang == Language::En;
            }
            Role::Aims(lang) => {
                aims = true;
                english |= lang == Language::En;
            }
            Role::Strategy(lang) | Role::Point(lang) | Role::Points(lang) => {
                strategy = true;
                english |= lang == Language::En;
            }
            Role::Organization => organization = true,
            Role::PartWord => {}
            _ => return None,
        }
    }
    let reference = if mission {
        Reference::Mission
    } else if aims {
        Reference::Aims
    } else if strategy {
        Reference::Strategy
    } else if organization {
        Reference::Mission
    } else {
        return None;
    };
    Some(Found { reference, english })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::tokens;
    use crate::search::question::analyze;

    fn found(text: &str) -> Option<Found> {
        let question = analyze(&mut tokens(), text);
        find(&question.words, 12, &["iom".to_string()]).0
    }

    fn check(text: &str, expected: Option<Reference>) {
        assert_eq!(found(text).map(|f| f.reference), expected, "{text:?}");
    }

    #[test]
    fn points_by_number_ordinal_and_word() {
        use Reference::Point;
        let cases = [
            ("bod 9", Point(9)),
            ("a čo hovorí bod 9?", Point(9)),
            ("ukáž mi bod 4", Point(4)),
            ("co je v bode 12?", Point(12)),
            ("bod číslo 7", Point(7)),
            ("bod č. 7", Point(7)),
            ("5. bod stratégie", Point(5)),
            ("tretí bod", Point(3)),
            ("ôsmy bod stratégie", Point(8)),
            ("osmý bod strategie", Point(8)),
            ("čo hovorí tretí bod o spolupráci", Point(3)),
            ("v prvom bode", Point(1)),
            ("druhého bodu", Point(2)),
            ("posledný bod", Point(12)),
            ("poslední bod strategie", Point(12)),
            ("bod devět", Point(9)),
            ("bod päť", Point(5)),
            ("show me point 8", Point(8)),
            ("point 3 of the strategy", Point(3)),
            ("the first strategy point", Point(1)),
            ("the last strategy point", Point(12)),
            ("what does the eighth point say?", Point(8)),
            ("the 11th point", Point(11)),
            ("point number twelve", Point(12)),
            ("body 3 a 4", Point(3)),
            ("stratégia 6", Point(6)),
            ("strategy number eleven", Point(11)),
            ("what does strategy number three say?", Point(3)),
            ("stratégia číslo päť", Point(5)),
            ("strategie číslo devět", Point(9)),
        ];
        for (text, expected) in cases {
            check(text, Some(expected));
        }
    }

    #[test]
    fn only_points_that_exist_count() {
        for text in ["bod 15", "bod 0", "point 13", "dvadsiaty bod", "bod 99999"] {
            check(text, None);
        }
    }

    #[test]
    fn counts_and_other_words_are_not_points() {
        for text in [
            "12 bodov stratégie",
            "druhy migrácie",
            "prvý krok k integrácii",
            "the last year",
            "Ktoré body stratégie hovoria o migrácii?",
        ] {
            assert!(
                !matches!(found(text).map(|f| f.reference), Some(Reference::Point(_))),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_mission_and_the_aims_by_name() {
        use Reference::*;
        let cases = [
            ("aké je poslanie IOM", Some(Mission)),
            ("What is the mission of IOM?", Some(Mission)),
            ("IOM mission statement", Some(Mission)),
            ("Čo robí IOM?", Some(Mission)),
            ("what does IOM do", Some(Mission)),
            ("aké sú ciele IOM", Some(Aims)),
            ("Aké sú hlavné ciele organizácie?", Some(Aims)),
            ("what are IOM's goals?", Some(Aims)),
            ("jaké jsou cíle IOM", Some(Aims)),
            ("aká je stratégia IOM", Some(Strategy)),
            ("ciele IOM v oblasti migrácie", None),
            ("z akého princípu vychádza IOM?", None),
            ("who founded IOM?", None),
            ("čau", None),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
    }

    #[test]
    fn english_words_ask_for_an_english_answer() {
        assert_eq!(found("show me point 8").map(|f| f.english), Some(true));
        assert_eq!(found("ukáž mi bod 8").map(|f| f.english), Some(false));
        assert_eq!(
            found("what are IOM's goals?").map(|f| f.english),
            Some(true)
        );
    }

    #[test]
    fn unresolved_point_words_are_left_out_of_the_search() {
        let question = analyze(&mut tokens(), "bod 15 o nelegálnej migrácii");
        let (reference, structural) = find(&question.words, 12, &[]);
        assert_eq!(reference, None);
        let kept: Vec<&String> = question
            .words
            .iter()
            .zip(&structural)
            .filter(|(_, s)| !**s)
            .map(|(w, _)| w)
            .collect();
        assert_eq!(kept, ["nelegalnej", "migracii"]);
    }
}
