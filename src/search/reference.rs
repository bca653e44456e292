//! Parts of the document asked for by name rather than by topic: "bod 9",
//! "a čo hovorí bod 9?", "ôsmy bod stratégie", "the last strategy point",
//! "druhý princíp", "pravidlo číslo 3", "the principle before last", "aké je
//! poslanie IOM", "what are IOM's goals", "aké sú vaše zásady".
//!
//! Such a message is answered as the part it stands for (one item, a
//! section's list, the statement of purpose, the aims), not searched. The
//! words come from two places: the lexicons (`lexicon.rs`: the words every
//! document shares, "bod", "point", ordinals, "posledný") and the document
//! itself ([`Parts`]: each section's noun for one item and the words of its
//! heading, in the document's language and English, in any form of the word),
//! so a document that calls its items "zásady" is asked about them as
//! "tretia zásada" without a word of it in the code.
//!
//! - a noun for an item with a number after it (`bod 9`, `bod číslo 9`,
//!   `point nine`, `body 3 a 4`, `zásada 3`), or an ordinal, `posledný` /
//!   `last`, `predposledný` / `before last` or a digit before a singular
//!   one (`tretí bod`, `the first strategy point`, `5. bod`, `druhý princíp`);
//!   a section's heading takes digits after it (`stratégia 6`, `kódex 3`);
//! - a part's name with nothing else to ask about: every remaining word is a
//!   part's name, the organization's name, or a word that goes with them
//!   (`hlavné`, `zaoberá`, `statement`). Only the organization's name left
//!   ("Čo robí IOM?", "What is IOM?") asks for the statement of purpose.
//!
//! "bod" and "point" name an item of the section the message names beside
//! them ("bod 3 kódexu"), else of the document's main numbered list.
//!
//! Only items that exist count: `bod 15` of twelve is not a reference, and
//! its words are not searched either (they name a place in the document,
//! not a topic), so it is answered only if the rest of the message matches.

use super::lexicon::{LEXICONS, Language, Lexicon};
use super::question::FollowUp;
use super::stopwords::is_stop_word;
use crate::knowledge::naming::{fold, same_word};
use crate::knowledge::{Knowledge, PassageId, SectionId};

/// A part of the document a message asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// An item that exists: an aim or an item of a section.
    Item(PassageId),
    /// Items `from..=to` of a section that exist ("the first three aims").
    Range(SectionId, u32, u32),
    /// The statement of purpose (with its aims).
    Mission,
    Aims,
    /// A section as a whole: the list of its items.
    Section(SectionId),
    /// The passages of a section closest to what was last answered ("je k
    /// tomu aj nejaký bod v stratégii?"): searched, not listed.
    Related(SectionId, PassageId),
}

/// What the conversation last answered, for the follow-ups that point at
/// it ("a ten ďalší?", "in English please", "viac o tom").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The passage the answer led with.
    pub lead: PassageId,
}

/// A reference found in a message, and whether it was asked in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub reference: Reference,
    pub english: bool,
}

/// The document's parts as a message may name them: built once per
/// knowledge, read for every question.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    has_mission: bool,
    aims: u32,
    sections: Vec<Named>,
    /// The section "bod 7" and "point 7" mean when a message names none
    /// ([`Knowledge::main_list`]).
    points: Option<SectionId>,
    /// Statutes' articles: the number a heading opens with ("VII. Orgány
    /// spolku", "Článok 3 – Členstvo") and the part it heads.
    articles: Vec<(u32, Reference)>,
}

#[derive(Debug, Clone)]
struct Named {
    id: SectionId,
    count: u32,
    /// The noun for one item (folded), and whether it is English.
    nouns: Vec<(String, bool)>,
    /// The heading's words (folded), and whether they are English.
    titles: Vec<(String, bool)>,
}

/// Heading words shorter than this name nothing on their own ("our", "IV").
const MIN_TITLE_WORD: usize = 4;

impl Parts {
    pub fn of(knowledge: &Knowledge) -> Self {
        let organization = fold(&knowledge.organization);
        let english_document = knowledge.language == Language::En;
        let sections: Vec<Named> = knowledge
            .parts()
            .map(|section| {
                let mut nouns = Vec::new();
                for (noun, english) in [
                    (section.noun.as_deref(), english_document),
                    (section.noun_en.as_deref(), true),
                ] {
                    if let Some(noun) = noun {
                        nouns.push((fold(noun.trim()), english));
                    }
                }
                let mut titles = Vec::new();
                for (title, english) in [
                    (Some(section.title.as_str()), english_document),
                    (section.title_en.as_deref(), true),
                ] {
                    let Some(title) = title else { continue };
                    for word in fold(title).split(|c: char| !c.is_alphanumeric()) {
                        if word.chars().count() >= MIN_TITLE_WORD
                            && !is_stop_word(word)
                            && !is_article_noun(word)
                            && word != organization
                            && !titles.iter().any(|(w, _)| w == word)
                        {
                            titles.push((word.to_string(), english));
                        }
                    }
                }
                Named {
                    id: section.id,
                    count: section.len() as u32,
                    nouns,
                    titles,
                }
            })
            .collect();
        let points = knowledge.main_list().map(|s| s.id);
        let mut articles = Vec::new();
        if knowledge.mission().is_some()
            && let Some(n) = article_number(&knowledge.titles.mission)
        {
            articles.push((n, Reference::Mission));
        }
        for section in knowledge.parts() {
            if let Some(n) = article_number(&section.title)
                && !articles.iter().any(|(m, _)| *m == n)
            {
                articles.push((n, Reference::Section(section.id)));
            }
        }
        Self {
            has_mission: knowledge.mission().is_some(),
            aims: knowledge.aims().len() as u32,
            sections,
            points,
            articles,
        }
    }

    fn count(&self, section: SectionId) -> u32 {
        if section == SectionId::AIM {
            return self.aims;
        }
        self.sections
            .iter()
            .find(|s| s.id == section)
            .map_or(0, |s| s.count)
    }

    fn has(&self, section: SectionId) -> bool {
        self.sections.iter().any(|s| s.id == section)
    }
}

/// What one word of a message is, for finding references.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// "bod", "point": an item of the section the message names, or of the
    /// main numbered list.
    Point(Language),
    Points(Language),
    /// The document's noun for one of a section's items, in any form, and
    /// whether it was English; `exact` when it is the noun as written (a
    /// digit before it numbers it: "5. princíp").
    Noun(SectionId, bool, bool),
    /// A word of a section's heading (the strategy's names too), whether
    /// English, and whether it names that part whatever else is asked (the
    /// lexicons' words) or only in a reference.
    Title(SectionId, bool, bool),
    Mission(Language),
    Aims(Language),
    PartWord,
    Marker,
    /// A cardinal: digits or a number word.
    Number(u32, bool),
    /// A number as a noun for an item ("sedmička", "dvanástka").
    NumberNoun(u32, Language),
    /// A Roman numeral of two letters or more ("IX"): a number only right
    /// after a noun for an item ("bod IX"); one letter is a word ("v").
    Roman(u32),
    Ordinal(u32, Language),
    /// The last (0) or one before it (1).
    Last(Language, u32),
    Organization,
    Other,
}

/// The numbers a point can have; anything longer is not a point number.
const MAX_NUMBER_DIGITS: usize = 4;

fn role(word: &str, parts: &Parts, organization: &[String]) -> Role {
    if organization.iter().any(|o| o == word) {
        return Role::Organization;
    }
    if !word.is_empty()
        && word.len() <= MAX_NUMBER_DIGITS
        && word.bytes().all(|b| b.is_ascii_digit())
    {
        return word.parse().map_or(Role::Other, |n| Role::Number(n, true));
    }
    for section in &parts.sections {
        if let Some((noun, english)) = section.nouns.iter().find(|(n, _)| same_word(n, word)) {
            return Role::Noun(section.id, *english, noun == word);
        }
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
            if parts.has(SectionId::STRATEGY) {
                return Role::Title(SectionId::STRATEGY, lang == Language::En, true);
            }
            continue;
        }
        if is(lexicon.mission_nouns) {
            if parts.has_mission {
                return Role::Mission(lang);
            }
            continue;
        }
        if is(lexicon.aims_nouns) {
            if parts.aims > 0 {
                return Role::Aims(lang);
            }
            continue;
        }
        if is(lexicon.number_markers) {
            return Role::Marker;
        }
        if let Some(n) = ordinal(lexicon, word) {
            return Role::Ordinal(n, lang);
        }
        if is(lexicon.penultimate_words)
            || stem_with_ending(word, lexicon.penultimate_stems, lexicon).is_some()
        {
            return Role::Last(lang, 1);
        }
        if is(lexicon.last_words) || stem_with_ending(word, lexicon.last_stems, lexicon).is_some() {
            return Role::Last(lang, 0);
        }
        if let Some(&(_, n)) = lexicon.numbers.iter().find(|(w, _)| *w == word) {
            return Role::Number(n, false);
        }
        if let Some(&(_, n)) = lexicon.number_nouns.iter().find(|(stem, _)| {
            word.strip_prefix(stem)
                .is_some_and(|ending| lexicon.number_noun_endings.contains(&ending))
        }) {
            return Role::NumberNoun(n, lang);
        }
    }
    if let Some(n) = roman(word) {
        return Role::Roman(n);
    }
    for section in &parts.sections {
        if let Some((_, english)) = section.titles.iter().find(|(t, _)| same_word(t, word)) {
            return Role::Title(section.id, *english, false);
        }
    }
    for lexicon in LEXICONS {
        if lexicon.part_words.contains(&word) {
            return Role::PartWord;
        }
        if lexicon.organization_nouns.contains(&word) {
            return Role::Organization;
        }
    }
    Role::Other
}

/// A noun for an article of statutes in any language ("článok", "čl.").
fn is_article_noun(word: &str) -> bool {
    LEXICONS.iter().any(|l| l.article_nouns.contains(&word))
}

/// The number a heading opens with, as statutes number their articles:
/// "VII. Orgány spolku", "3) Členstvo", "Článok 5 – Voľby", "Čl. IV".
fn article_number(title: &str) -> Option<u32> {
    let folded = fold(title);
    let mut words = folded
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | ')' | ':' | '-' | '–'))
        .filter(|w| !w.is_empty());
    let first = words.next()?;
    let number = if is_article_noun(first) {
        words.next()?
    } else {
        first
    };
    numeral(number)
}

/// Digits or a Roman numeral of any length, where the context says it is
/// a number ("článok V", "VII."), so "v" and "x" count too.
fn numeral(word: &str) -> Option<u32> {
    if !word.is_empty()
        && word.len() <= MAX_NUMBER_DIGITS
        && word.bytes().all(|b| b.is_ascii_digit())
    {
        return word.parse().ok().filter(|n| *n > 0);
    }
    match word {
        "i" => Some(1),
        "v" => Some(5),
        "x" => Some(10),
        _ => roman(word),
    }
}

/// An article of statutes asked for by its number ("čo hovorí článok 5",
/// "co je v článku VII?", "druhý článek", "article 3"), and an item in it
/// when the message also names one ("článek IX, druhý bod"); marks the
/// words it used as structural.
fn article(
    words: &[String],
    roles: &[Role],
    parts: &Parts,
    structural: &mut [bool],
) -> Option<Found> {
    if parts.articles.is_empty() {
        return None;
    }
    for (i, word) in words.iter().enumerate() {
        let Some(lexicon) = LEXICONS
            .iter()
            .find(|l| l.article_nouns.contains(&word.as_str()))
        else {
            continue;
        };
        let mut used = vec![i];
        let mut j = i + 1;
        while matches!(roles.get(j), Some(Role::Marker)) {
            j += 1;
        }
        let after = words.get(j).and_then(|w| numeral(w));
        let n = if let Some(n) = after {
            used.push(j);
            n
        } else if let Some(before) = i.checked_sub(1)
            && let Role::Ordinal(n, _) = roles[before]
        {
            used.push(before);
            n
        } else if let Some(before) = i.checked_sub(1)
            && let Role::Last(_, back) = roles[before]
        {
            // "posledný článok": counted back from the highest number.
            used.push(before);
            let last = parts.articles.iter().map(|(m, _)| *m).max().unwrap_or(0);
            last.saturating_sub(back)
        } else {
            continue;
        };
        let Some(&(_, target)) = parts.articles.iter().find(|(m, _)| *m == n) else {
            continue;
        };
        // An item of that article: "druhý bod", "bod 2".
        let mut reference = target;
        if let Reference::Section(section) = target {
            let count = parts.count(section);
            for (k, role) in roles.iter().enumerate() {
                if used.contains(&k) || !matches!(role, Role::Point(_)) {
                    continue;
                }
                let item = match (k.checked_sub(1).map(|b| roles[b]), roles.get(k + 1)) {
                    (Some(Role::Ordinal(m, _)), _) if !used.contains(&(k - 1)) => Some((m, k - 1)),
                    (_, Some(&Role::Number(m, _))) => Some((m, k + 1)),
                    _ => None,
                };
                if let Some((m, at)) = item.filter(|(m, _)| (1..=count).contains(m)) {
                    reference = Reference::Item(PassageId::item(section, m));
                    used.extend([k, at]);
                    break;
                }
            }
        }
        for k in used {
            structural[k] = true;
        }
        return Some(Found {
            reference,
            english: lexicon.language == Language::En,
        });
    }
    None
}

/// The value of a Roman numeral of two to six letters ("ii", "ix", "xii").
fn roman(word: &str) -> Option<u32> {
    if !(2..=6).contains(&word.len()) {
        return None;
    }
    let value = |c: char| match c {
        'i' => Some(1i64),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        _ => None,
    };
    let digits: Vec<i64> = word.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, d) in digits.iter().enumerate() {
        match digits.get(i + 1) {
            Some(next) if next > d => total -= d,
            _ => total += d,
        }
    }
    let total = u32::try_from(total).ok()?;
    // Only the canonical spelling ("iv", not "iiii" or "vx").
    (to_roman(total) == word).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, letters) in [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ] {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
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
/// any, and which words name a place in the document (nouns for items, the
/// strategy, an item's number), to be left out of a search. With `context`,
/// what the conversation last answered, a message that asks nothing of its
/// own ("a ten ďalší?", "a čo tretí?", "in English please") is read against
/// it; a message that asks something is read alone.
pub fn find(
    words: &[String],
    parts: &Parts,
    organization: &[String],
    context: Option<&Context>,
    follow_up: FollowUp,
) -> (Option<Found>, Vec<bool>) {
    let roles: Vec<Role> = words.iter().map(|w| role(w, parts, organization)).collect();
    let mut structural: Vec<bool> = roles
        .iter()
        .map(|r| {
            matches!(
                r,
                Role::Point(_)
                    | Role::Points(_)
                    | Role::Noun(..)
                    | Role::Title(_, _, true)
                    | Role::NumberNoun(..)
            )
        })
        .collect();
    if let Some(found) = article(words, &roles, parts, &mut structural) {
        return (Some(found), structural);
    }
    let context_section = context.and_then(|c| c.lead.section());
    if let Some(named) = item_number(&roles, parts, context_section, &mut structural) {
        let count = u64::from(parts.count(named.section));
        let reference = (named.from >= 1 && named.from <= count).then(|| {
            let to = named.to.clamp(named.from, count);
            if to == named.from {
                Reference::Item(PassageId::item(named.section, named.from as u32))
            } else {
                Reference::Range(named.section, named.from as u32, to as u32)
            }
        });
        let english = named.english || follow_up.english;
        return (
            reference.map(|reference| Found { reference, english }),
            structural,
        );
    }
    if let Some(context) = context
        && let Some(found) = follow(&roles, parts, context, follow_up)
    {
        return (Some(found), vec![true; roles.len()]);
    }
    if let Some(found) = listed(words, &roles, parts) {
        return (Some(found), structural);
    }
    (part(&roles, parts), structural)
}

/// A whole part asked for as a list: a list word opening the message right
/// before a part's plural name ("zoznam cieľov, ktoré …", "vymenuj všetky
/// zásady", "list all the values"), whatever else the message says.
fn listed(words: &[String], roles: &[Role], parts: &Parts) -> Option<Found> {
    // Only as the message's first content word, as a request: "zoznam
    // cieľov …", "list all the values", not "rude in a mailing list".
    let list_word = |word: &str| LEXICONS.iter().find(|l| l.list_words.contains(&word));
    let lexicon = list_word(words.first()?)?;
    // "všetky" after "vymenuj": the next word that is not a list word.
    let next = roles
        .iter()
        .zip(words)
        .skip(1)
        .find(|(_, w)| list_word(w).is_none())
        .map(|(r, _)| *r)?;
    let (reference, english) = match next {
        Role::Aims(lang) => (Reference::Aims, lang == Language::En),
        Role::Points(lang) => (Reference::Section(parts.points?), lang == Language::En),
        Role::Noun(section, english, false) | Role::Title(section, english, _) => {
            (Reference::Section(section), english)
        }
        _ => return None,
    };
    Some(Found {
        reference,
        english: english || lexicon.language == Language::En,
    })
}

/// An item or a range of items named by number or ordinal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Numbered {
    section: SectionId,
    from: u64,
    to: u64,
    english: bool,
}

impl Numbered {
    fn one(section: SectionId, n: u64, english: bool) -> Self {
        Self {
            section,
            from: n,
            to: n,
            english,
        }
    }
}

/// The section a role names, if it names one.
fn named_section(role: Role) -> Option<(SectionId, bool)> {
    match role {
        Role::Noun(section, english, _) | Role::Title(section, english, _) => {
            Some((section, english))
        }
        Role::Aims(lang) => Some((SectionId::AIM, lang == Language::En)),
        _ => None,
    }
}

/// The first item (or items) named by number or ordinal, and whether its
/// words were English; marks the words it used as structural. `Last` counts
/// back from the section's last item. A number as a noun ("sedmička") is
/// an item of the section named beside it, else of the conversation's,
/// else of the main list.
fn item_number(
    roles: &[Role],
    parts: &Parts,
    context: Option<SectionId>,
    structural: &mut [bool],
) -> Option<Numbered> {
    // "bod 3 kódexu": the section named beside a point noun.
    let beside = roles.iter().find_map(|r| match r {
        Role::Noun(..) | Role::Title(..) => named_section(*r).map(|(s, _)| s),
        _ => None,
    });
    for (i, role) in roles.iter().enumerate() {
        if let Role::NumberNoun(n, lang) = *role {
            let section = beside
                .or(context.filter(|s| parts.count(*s) >= n))
                .or(parts.points)?;
            structural[i] = true;
            return Some(Numbered::one(section, u64::from(n), lang == Language::En));
        }
    }
    for (i, role) in roles.iter().enumerate() {
        let (section, english, singular, heading) = match *role {
            Role::Point(lang) | Role::Points(lang) => {
                let Some(section) = beside.or(parts.points) else {
                    continue;
                };
                (
                    section,
                    lang == Language::En,
                    matches!(role, Role::Point(_)),
                    false,
                )
            }
            Role::Noun(section, english, exact) => (section, english, exact, false),
            Role::Title(section, english, _) => (section, english, false, true),
            Role::Aims(lang) => (SectionId::AIM, lang == Language::En, false, false),
            _ => continue,
        };
        let in_english = |lang: Language| english || lang == Language::En;
        // After the noun: `bod 9`, `bod číslo 9`, `point nine`, `zásada 3`,
        // `bod IX`. Right after a heading only digits name an item
        // (`stratégia 6`), or a number word once "number" says it is one
        // (`strategy number eleven`).
        let mut j = i + 1;
        while matches!(roles.get(j), Some(Role::Marker)) {
            j += 1;
        }
        let marked = j > i + 1;
        let after = match roles.get(j) {
            Some(&Role::Number(n, digits)) if !heading || digits || marked => {
                Some((u64::from(n), english))
            }
            Some(&Role::Roman(n)) => Some((u64::from(n), english)),
            Some(&Role::Ordinal(n, lang)) if !heading => Some((u64::from(n), in_english(lang))),
            Some(&Role::Last(lang, back)) if !heading => Some((
                u64::from(parts.count(section)).saturating_sub(u64::from(back)),
                in_english(lang),
            )),
            _ => None,
        };
        if let Some((n, english)) = after {
            structural[i..=j].iter_mut().for_each(|s| *s = true);
            return Some(Numbered::one(section, n, english));
        }
        if heading {
            // An ordinal right before a heading's words names an item of
            // that section: "druhé právo člena" under "Práva člena", "the
            // third expected behavior", "the last value".
            let mut k = i;
            while k > 0 && matches!(roles[k - 1], Role::Title(..)) {
                k -= 1;
            }
            if k == i
                && let Some(before) = k.checked_sub(1)
            {
                let count = u64::from(parts.count(section));
                let found = match roles[before] {
                    Role::Ordinal(n, lang) => Some((u64::from(n), in_english(lang))),
                    Role::Last(lang, back) => {
                        Some((count.saturating_sub(u64::from(back)), in_english(lang)))
                    }
                    _ => None,
                };
                if let Some((n, english)) = found.filter(|(n, _)| (1..=count).contains(n))
                    && count > 1
                {
                    structural[before..=i].iter_mut().for_each(|s| *s = true);
                    return Some(Numbered::one(section, n, english));
                }
            }
            continue;
        }
        // Before the noun: `tretí bod`, `the first strategy point`, `5. bod`,
        // `druhý princíp`, `posledný z tých štyroch cieľov`, `the first
        // three aims`.
        let mut k = i;
        while k > 0 && matches!(roles[k - 1], Role::Title(..)) {
            k -= 1;
        }
        // A count between the ordinal and a plural noun: "first three
        // aims" (a range), "posledný z tých štyroch cieľov" (the count).
        let mut count = None;
        if let Some(before) = k.checked_sub(1)
            && let Role::Number(n, _) = roles[before]
            && !singular
            && before > 0
            && matches!(roles[before - 1], Role::Ordinal(..) | Role::Last(..))
        {
            count = Some(n);
            k -= 1;
        }
        let Some(before) = k.checked_sub(1) else {
            continue;
        };
        let found = match roles[before] {
            Role::Ordinal(n, lang) => Some((u64::from(n), in_english(lang))),
            Role::Last(lang, back) => Some((
                u64::from(parts.count(section)).saturating_sub(u64::from(back)),
                in_english(lang),
            )),
            Role::Number(n, true) if singular => Some((u64::from(n), english)),
            _ => None,
        };
        if let Some((n, english)) = found {
            structural[before..=i].iter_mut().for_each(|s| *s = true);
            // "the first strategy point": the heading's section, if "point" had none.
            let section = match role {
                Role::Point(_) => roles[k..i]
                    .iter()
                    .find_map(|r| named_section(*r))
                    .map_or(section, |(s, _)| s),
                _ => section,
            };
            let first_of = matches!(roles[before], Role::Ordinal(1, _));
            let to = match count {
                // "the first three": one to three.
                Some(c) if first_of => u64::from(c),
                _ => n,
            };
            return Some(Numbered {
                section,
                from: n,
                to,
                english,
            });
        }
    }
    None
}

/// A follow-up read against what the conversation last answered: the
/// message asks nothing of its own (every word names a part, a number, the
/// organization or a follow-up), and says what of the last answer it wants.
fn follow(roles: &[Role], parts: &Parts, context: &Context, follow_up: FollowUp) -> Option<Found> {
    let lead = context.lead;
    let (section, position) = match (lead.section(), lead.position()) {
        (Some(section), Some(position)) => (section, position),
        // The statement of purpose: its aims follow it.
        _ => (SectionId::AIM, 0),
    };
    let mut named: Option<SectionId> = None;
    let mut bare: Option<u64> = None;
    for role in roles {
        match *role {
            Role::PartWord | Role::Organization | Role::Marker => {}
            Role::Noun(id, ..) | Role::Title(id, ..) => named = named.or(Some(id)),
            Role::Point(_) | Role::Points(_) => {}
            Role::Aims(_) => named = named.or(Some(SectionId::AIM)),
            Role::Ordinal(n, _) => bare = bare.or(Some(u64::from(n))),
            // "ten posledný po anglicky": the last one said, again.
            Role::Last(..) if follow_up.english || follow_up.more => {}
            Role::Last(_, back) => {
                bare = bare.or(Some(
                    u64::from(parts.count(section)).saturating_sub(u64::from(back)),
                ))
            }
            // "the previous one", "the last one": a pronoun, not a number.
            Role::Number(1, false) => {}
            _ => return None,
        }
    }
    let english = follow_up.english;
    let item = |n: u64| {
        u32::try_from(n)
            .ok()
            .filter(|n| (1..=parts.count(section)).contains(n))
            .map(|n| Found {
                reference: Reference::Item(PassageId::item(section, n)),
                english,
            })
    };
    if let Some(n) = bare {
        // "a čo tretí?": the third of what was last answered from.
        return item(n);
    }
    if follow_up.step != 0 {
        return item((i64::from(position) + i64::from(follow_up.step)).max(0) as u64);
    }
    if let Some(named) = named {
        // "je k tomu aj nejaký bod v stratégii?": that part's passage closest
        // to the last answer; without pointing back, the part itself.
        return follow_up.pointing.then_some(Found {
            reference: Reference::Related(named, lead),
            english,
        });
    }
    (follow_up.english || follow_up.more).then_some(Found {
        reference: Reference::Item(lead),
        english,
    })
}

/// The statement of purpose, the aims or a section asked for by name alone.
fn part(roles: &[Role], parts: &Parts) -> Option<Found> {
    let (mut mission, mut aims, mut organization) = (false, false, false);
    let mut section: Option<SectionId> = None;
    let mut points = false;
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
            Role::Noun(id, en, _) | Role::Title(id, en, _) => {
                section = section.or(Some(id));
                english |= en;
            }
            Role::Point(lang) | Role::Points(lang) => {
                points = true;
                english |= lang == Language::En;
            }
            Role::Organization => organization = true,
            // A count beside a part's name: "IOM's four aims".
            Role::PartWord | Role::Number(..) => {}
            _ => return None,
        }
    }
    let reference = if mission {
        Reference::Mission
    } else if aims {
        Reference::Aims
    } else if let Some(section) = section.or(if points { parts.points } else { None }) {
        Reference::Section(section)
    } else if organization && parts.has_mission {
        Reference::Mission
    } else {
        return None;
    };
    Some(Found { reference, english })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{Passage, Titles};
    use crate::search::analyzer::tokens;
    use crate::search::question::analyze;

    #[allow(non_snake_case)]
    fn Point(n: u32) -> Reference {
        Reference::Item(PassageId::Strategy(n))
    }

    /// The first document's shape: a mission, four aims, twelve points.
    fn iom() -> Parts {
        let p = |text: &str| Passage::new(PassageId::Mission, text);
        let knowledge = Knowledge::new(
            "IOM".into(),
            Titles {
                mission: "Poslanie IOM".into(),
                mission_en: None,
            },
            "Stratégia IOM".into(),
            None,
            p("Poslanie."),
            (0..4).map(|_| p("Cieľ.")).collect(),
            (0..12).map(|_| p("Bod.")).collect(),
        );
        Parts::of(&knowledge)
    }

    fn found(text: &str) -> Option<Found> {
        let question = analyze(&mut tokens(), text);
        find(
            &question.words,
            &iom(),
            &["iom".to_string()],
            None,
            question.follow_up,
        )
        .0
    }

    fn check(text: &str, expected: Option<Reference>) {
        assert_eq!(found(text).map(|f| f.reference), expected, "{text:?}");
    }

    #[test]
    fn points_by_number_ordinal_and_word() {
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
                !matches!(
                    found(text).map(|f| f.reference),
                    Some(Reference::Item(PassageId::Strategy(_)))
                ),
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
            ("aká je stratégia IOM", Some(Section(SectionId::STRATEGY))),
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
        let (reference, structural) = find(&question.words, &iom(), &[], None, question.follow_up);
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

    #[test]
    fn numbers_as_nouns_roman_numerals_ranges_and_counts() {
        use Reference::*;
        let cases = [
            ("a sedmička?", Some(Point(7))),
            ("čo je v dvanástke", Some(Point(12))),
            ("co hovori osmicka", Some(Point(8))),
            ("Bod IX — čo tam je?", Some(Point(9))),
            ("first three aims?", Some(Range(SectionId::AIM, 1, 3))),
            (
                "posledný z tých štyroch cieľov",
                Some(Item(PassageId::Aim(4))),
            ),
            ("What are IOM's four aims?", Some(Aims)),
            (
                "zoznam cieľov, ktoré IOM sleduje spolu so svojimi partnermi",
                Some(Aims),
            ),
            (
                "vymenuj všetky body stratégie",
                Some(Section(SectionId::STRATEGY)),
            ),
            ("the aim before last", Some(Item(PassageId::Aim(3)))),
            ("bod v stratégii", Some(Section(SectionId::STRATEGY))),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
        assert_eq!(roman("ix"), Some(9));
        assert_eq!(roman("xii"), Some(12));
        assert_eq!(roman("iiii"), None);
        assert_eq!(roman("v"), None, "one letter is a word");
        assert_eq!(roman("mix"), None);
    }

    /// A document of headed lists without a noun for an item: `sections`
    /// as (id, heading, items), and a statement of purpose under
    /// `mission_title` when one is given.
    fn headed(mission_title: Option<&str>, sections: &[(&str, &str, usize)]) -> Parts {
        let sections = sections
            .iter()
            .map(|&(id, title, n)| {
                let head = crate::knowledge::SectionHead {
                    id: SectionId::new(id).expect("a section id"),
                    title: title.into(),
                    title_en: None,
                    noun: None,
                    noun_en: None,
                    numbered: false,
                };
                let items = (0..n)
                    .map(|_| Passage::new(PassageId::Mission, "Text."))
                    .collect();
                (head, items)
            })
            .collect();
        let knowledge = Knowledge::from_parts(
            "Spolok".into(),
            Titles {
                mission: mission_title.unwrap_or("Spolok").into(),
                mission_en: None,
            },
            None,
            mission_title.map(|_| Passage::new(PassageId::Mission, "Účel.")),
            Vec::new(),
            sections,
        );
        Parts::of(&knowledge)
    }

    /// A membership page: two lists under headings, no noun for an item.
    fn membership() -> (Parts, SectionId, SectionId) {
        let parts = headed(
            None,
            &[
                ("prava-clena", "Práva člena", 3),
                ("povinnosti-clena", "Povinnosti člena", 4),
            ],
        );
        let rights = SectionId::new("prava-clena").expect("id");
        let duties = SectionId::new("povinnosti-clena").expect("id");
        (parts, rights, duties)
    }

    #[test]
    fn an_ordinal_before_a_headings_word_names_its_item() {
        let (parts, rights, duties) = membership();
        for (text, expected) in [
            ("druhé právo člena?", Some(PassageId::item(rights, 2))),
            (
                "aká je posledná povinnosť?",
                Some(PassageId::item(duties, 4)),
            ),
            ("tretia povinnosť člena", Some(PassageId::item(duties, 3))),
            ("piate právo", None),
            ("práva člena pri voľbách", None),
        ] {
            let question = analyze(&mut tokens(), text);
            let found = find(&question.words, &parts, &[], None, question.follow_up).0;
            let item = found.and_then(|f| match f.reference {
                Reference::Item(id) => Some(id),
                _ => None,
            });
            assert_eq!(item, expected, "{text:?}");
        }
    }

    #[test]
    fn articles_of_statutes_by_their_number() {
        let parts = headed(
            Some("II. Účel spolku"),
            &[
                ("nazev", "I. Název a sídlo", 2),
                ("organy", "VII. Orgány spolku", 3),
                ("vybor", "Článek IX – Výbor", 4),
            ],
        );
        let organs = SectionId::new("organy").expect("id");
        let board = SectionId::new("vybor").expect("id");
        for (text, expected) in [
            ("co je v článku VII?", Some(Reference::Section(organs))),
            (
                "článek IX, druhý bod?",
                Some(Reference::Item(PassageId::item(board, 2))),
            ),
            ("druhý článek", Some(Reference::Mission)),
            ("poslední článek", Some(Reference::Section(board))),
            ("článek 4", None),
        ] {
            let question = analyze(&mut tokens(), text);
            let found = find(&question.words, &parts, &[], None, question.follow_up).0;
            assert_eq!(found.map(|f| f.reference), expected, "{text:?}");
        }
    }

    /// What a message asks when `lead` was answered last.
    fn after(lead: PassageId, text: &str) -> Option<Found> {
        let question = analyze(&mut tokens(), text);
        let context = Context { lead };
        find(
            &question.words,
            &iom(),
            &["iom".to_string()],
            Some(&context),
            question.follow_up,
        )
        .0
    }

    #[test]
    fn follow_ups_are_read_against_the_last_answer_and_questions_alone() {
        use Reference::*;
        let eleven = PassageId::Strategy(11);
        let item = |id| Some(Item(id));
        let cases = [
            ("a ten ďalší?", item(PassageId::Strategy(12))),
            ("and the previous one?", item(PassageId::Strategy(10))),
            ("a ten predošlý?", item(PassageId::Strategy(10))),
            ("the one after that", item(PassageId::Strategy(12))),
            ("ok and the last one", item(PassageId::Strategy(12))),
            ("a čo tretí?", item(PassageId::Strategy(3))),
            ("in English please", item(eleven)),
            ("viac o tom", item(eleven)),
            ("Môžeš mi ten posledný dať po anglicky?", item(eleven)),
            ("a bod desať?", item(PassageId::Strategy(10))),
            ("čo robíte s nelegálnou migráciou?", None),
            ("díky 🙏", None),
            ("ok vďaka, stačí", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                after(eleven, text).map(|f| f.reference),
                expected,
                "{text:?}"
            );
        }
        assert_eq!(
            after(eleven, "in English please").map(|f| f.english),
            Some(true)
        );
        assert_eq!(
            after(PassageId::Aim(3), "je k tomu aj nejaký bod v stratégii?").map(|f| f.reference),
            Some(Related(SectionId::STRATEGY, PassageId::Aim(3)))
        );
        // Past the last item there is none.
        assert_eq!(after(PassageId::Strategy(12), "a ten ďalší?"), None);
    }
}
