//! Which part of the document a word names: `/principles`, `/zasady 3`,
//! "show me the values". A member names a section as the document does (its
//! heading, its noun for one item, in the document's language or English),
//! by its id, in any case, with or without diacritics, in another form of
//! the word ("princípy", "princíp", "principov"). The console, Discord's
//! autocomplete and the search's references all resolve names here.

use unicode_normalization::UnicodeNormalization;

use super::{Knowledge, Section, SectionId};

/// Lower case without diacritics: "Zásady" → "zasady".
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Shortest shared beginning that counts as the same word in another form:
/// "princip|y" and "princip", "zasad|a" and "zasad|y", "hodnot|a" and
/// "hodnot|y".
const MIN_STEM: usize = 4;

/// How much of a form may differ from the shared beginning: Slovak and
/// Czech endings are a few letters ("princíp|och", "zásad|ami"); more is
/// another word that shares a root ("hodnot|enie" is not "hodnot|a").
const MAX_ENDING: usize = 3;

/// How closely two folded words match: 0 not at all, more the longer the
/// beginning they share, most when they are equal.
fn closeness(a: &str, b: &str) -> usize {
    if a == b {
        return usize::MAX;
    }
    let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (shorter, longer) = (la.min(lb), la.max(lb));
    // Another form of the same word differs in its last letters only.
    if shared >= MIN_STEM && shorter - shared <= 2 && longer - shared <= MAX_ENDING {
        shared
    } else {
        0
    }
}

/// Whether two folded words are forms of one word: "princip" and
/// "principoch", "zasada" and "zasady", "value" and "values"; a short word
/// only as itself.
pub fn same_word(a: &str, b: &str) -> bool {
    closeness(a, b) > 0
}

/// The words a section is known by: its id, its heading's words, its nouns,
/// in the document's language and English.
fn names(section: &Section) -> Vec<String> {
    let mut names = vec![section.id.as_str().to_string()];
    for text in [
        Some(section.title.as_str()),
        section.title_en.as_deref(),
        section.noun.as_deref(),
        section.noun_en.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        let folded = fold(text);
        names.extend(
            folded
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= MIN_STEM)
                .map(str::to_string),
        );
        names.push(folded);
    }
    names
}

/// The section `name` names ("principles", "Zásady", "princíp", "values",
/// "kodex"), if one does: the closest, the first in document order on a
/// tie. The aims are named by the statement of purpose's words, which the
/// commands know, so they are not searched here.
pub fn find_section(knowledge: &Knowledge, name: &str) -> Option<SectionId> {
    let wanted = fold(name.trim().trim_start_matches(['/', '!']));
    if wanted.chars().count() < 2 {
        return None;
    }
    let mut best: Option<(usize, SectionId)> = None;
    for section in knowledge.parts() {
        let score = names(section)
            .iter()
            .map(|known| closeness(known, &wanted))
            .max()
            .unwrap_or(0);
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, section.id));
        }
    }
    best.map(|(_, id)| id)
}

/// The section a name names: a section's id as it is (`aim` and
/// `strategy` too), else one the document names so ([`find_section`]).
pub fn resolve(knowledge: &Knowledge, name: &str) -> Option<SectionId> {
    let name = name.trim().trim_start_matches(['/', '!']);
    SectionId::new(&name.to_lowercase())
        .filter(|id| knowledge.section(*id).is_some())
        .or_else(|| find_section(knowledge, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{Passage, PassageId, SectionHead, Titles};

    fn document() -> Knowledge {
        let head =
            |id: &str, title: &str, title_en: Option<&str>, noun: Option<&str>| SectionHead {
                id: SectionId::new(id).expect("id"),
                title: title.into(),
                title_en: title_en.map(str::to_string),
                noun: noun.map(str::to_string),
                noun_en: None,
                numbered: true,
            };
        let items = || vec![Passage::new(PassageId::Mission, "Text.")];
        Knowledge::from_parts(
            "ORG".into(),
            Titles {
                mission: "Poslanie".into(),
                mission_en: None,
            },
            None,
            None,
            Vec::new(),
            vec![
                (
                    head("principles", "Zásady", Some("Principles"), Some("zásada")),
                    items(),
                ),
                (head("code", "Etický kódex", None, None), items()),
                (
                    head("nase-hodnoty", "Naše hodnoty", None, Some("hodnota")),
                    items(),
                ),
            ],
        )
    }

    #[test]
    fn sections_are_found_by_any_of_their_names_in_any_form() {
        let k = document();
        let id = |name| find_section(&k, name).map(|s| s.as_str());
        assert_eq!(id("principles"), Some("principles"));
        assert_eq!(id("/Zásady"), Some("principles"));
        assert_eq!(id("zasada"), Some("principles"));
        assert_eq!(id("zásad"), Some("principles"));
        assert_eq!(id("kodex"), Some("code"));
        assert_eq!(id("kódexu"), Some("code"));
        assert_eq!(id("hodnoty"), Some("nase-hodnoty"));
        assert_eq!(id("hodnotách"), Some("nase-hodnoty"));
        assert_eq!(id("nase-hodnoty"), Some("nase-hodnoty"));
        assert_eq!(id("strategy"), None);
        assert_eq!(id("z"), None);
        assert_eq!(id(""), None);
        assert_eq!(id("pravidla"), None);
    }
}
