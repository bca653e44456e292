//! How the document names its passages ("Stratégia IOM, bod 7", "Princíp
//! 3: Otvorenosť", "IOM Strategy, point 7"): its own headings, nouns and
//! names, with the word its language uses for a numbered item where the
//! document has none. Replies cite passages by these labels, and the index
//! holds them so that questions naming a passage ("bod 7", "ciele IOM",
//! "princíp otvorenosti") find it; both read them here, from the knowledge,
//! not from the bot's words. `docs/knowledge.md` gives the rules.

use super::{Knowledge, Language, PassageId, Section};

/// How a passage is labelled in the document's language or, with
/// `english`, in its English translation (the document's English headings,
/// nouns and names where it has them).
pub fn label(knowledge: &Knowledge, id: PassageId, english: bool) -> String {
    let language = if english {
        Language::En
    } else {
        knowledge.language
    };
    match id {
        PassageId::Mission => mission_title(knowledge, english).to_string(),
        PassageId::Aim(n) => format!(
            "{}, {} {n}",
            mission_title(knowledge, english),
            language.aim_word()
        ),
        PassageId::Strategy(n) | PassageId::Item(_, n) => {
            let Some(section) = id.section().and_then(|s| knowledge.section(s)) else {
                return id.to_string();
            };
            let name = knowledge.get(id).and_then(|p| {
                let own = p.name.as_deref();
                if english && knowledge.language != Language::En {
                    p.name_en.as_deref().or(own)
                } else {
                    own
                }
            });
            item_label(
                &Heading::of(section, knowledge.language, english),
                n,
                name,
                section.len(),
            )
        }
    }
}

/// What an item's label is made of: its section's heading and noun in the
/// language read, and that language.
pub struct Heading<'a> {
    pub title: &'a str,
    pub noun: Option<&'a str>,
    pub numbered: bool,
    pub language: Language,
}

impl<'a> Heading<'a> {
    /// A section's heading as a reader of its language or, with `english`,
    /// of its English translation reads it: an English reader without an
    /// English noun reads "Title, point 7", never a noun of another language.
    pub fn of(section: &'a Section, language: Language, english: bool) -> Self {
        let translated = english && language != Language::En;
        if translated {
            Self {
                title: section.title_en.as_deref().unwrap_or(&section.title),
                noun: section.noun_en.as_deref(),
                numbered: section.numbered,
                language: Language::En,
            }
        } else {
            Self {
                title: &section.title,
                noun: section.noun.as_deref(),
                numbered: section.numbered,
                language,
            }
        }
    }
}

/// How the item at `position` of a section of `count` items is cited, as
/// `docs/knowledge.md` says: "Princíp 3", "Kódex, bod 7", "Princíp 3:
/// Otvorenosť", "Otvorenosť", or the heading for a paragraph ("Záverečné
/// ustanovenia (2)" when the section has several). The importer's report
/// uses the same rule, so what it shows is what replies will say.
pub fn item_label(
    heading: &Heading<'_>,
    position: u32,
    name: Option<&str>,
    count: usize,
) -> String {
    let numbered = heading.numbered.then(|| match heading.noun {
        Some(noun) => format!("{} {position}", capitalize(noun)),
        None => format!(
            "{}, {} {position}",
            heading.title,
            heading.language.point_word()
        ),
    });
    match (numbered, name) {
        (Some(numbered), Some(name)) => format!("{numbered}: {name}"),
        (Some(numbered), None) => numbered,
        (None, Some(name)) => name.to_string(),
        (None, None) if count > 1 => format!("{} ({position})", heading.title),
        (None, None) => heading.title.to_string(),
    }
}

/// The document's heading of the statement of purpose; for an English
/// reader of a document in another language, its English title where it
/// has one.
pub fn mission_title(knowledge: &Knowledge, english: bool) -> &str {
    match &knowledge.titles.mission_en {
        Some(en) if english && knowledge.language != Language::En => en,
        _ => &knowledge.titles.mission,
    }
}

/// A section's heading, or its English title likewise.
pub fn section_title(knowledge: &Knowledge, section: &Section, english: bool) -> String {
    Heading::of(section, knowledge.language, english)
        .title
        .to_string()
}

/// Every label of a passage, for the index: in the knowledge's language and,
/// for a knowledge base in another one, in English as well; an item's label
/// that leaves out its section's heading ("Princíp 3", a name) is indexed
/// with the heading too, so "naše princípy" finds the principles.
pub fn headings(knowledge: &Knowledge, id: PassageId) -> String {
    let mut all = vec![label(knowledge, id, false)];
    if knowledge.language != Language::En {
        all.push(label(knowledge, id, true));
    }
    if let Some(section) = id.section().and_then(|s| knowledge.section(s)) {
        for english in [false, true] {
            if english && knowledge.language == Language::En {
                continue;
            }
            let title = section_title(knowledge, section, english);
            if !all.iter().any(|l| l.contains(&title)) {
                all.push(title);
            }
        }
    }
    all.dedup();
    all.join(" · ")
}

/// A noun as a label begins: "princíp" → "Princíp".
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::tests::{retitle_strategy, sample};
    use crate::knowledge::{Passage, SectionHead, SectionId, Titles};

    #[test]
    fn labels_use_the_documents_headings_and_the_languages_item_words() {
        let mut k = sample();
        assert_eq!(
            headings(&k, PassageId::Strategy(2)),
            "Stratégia ORG, bod 2 · Stratégia ORG, point 2"
        );
        retitle_strategy(&mut k, "Naše strategie", None);
        k.language = Language::Cs;
        assert_eq!(
            label(&k, PassageId::Strategy(2), false),
            "Naše strategie, bod 2"
        );
        assert_eq!(label(&k, PassageId::Aim(1), false), "Poslanie ORG, cíl 1");
        retitle_strategy(&mut k, "Naše strategie", Some("Our strategy"));
        assert_eq!(
            label(&k, PassageId::Strategy(2), true),
            "Our strategy, point 2"
        );
        retitle_strategy(&mut k, "Our Strategy", Some("Unused"));
        k.language = Language::En;
        assert_eq!(
            headings(&k, PassageId::Strategy(3)),
            "Our Strategy, point 3"
        );
        assert_eq!(headings(&k, PassageId::Mission), "Poslanie ORG");
    }

    fn principles(numbered: bool, named: bool, noun: bool) -> Knowledge {
        let principles = SectionId::new("principles").expect("id");
        let item = |text: &str, name: &str, name_en: &str| {
            let mut p = Passage::new(PassageId::Mission, text);
            if named {
                p.name = Some(name.into());
                p.name_en = Some(name_en.into());
            }
            p
        };
        let mut k = Knowledge::from_parts(
            "ORG".into(),
            Titles {
                mission: "Poslanie ORG".into(),
                mission_en: None,
            },
            None,
            None,
            Vec::new(),
            vec![(
                SectionHead {
                    id: principles,
                    title: "Naše princípy".into(),
                    title_en: Some("Our principles".into()),
                    noun: noun.then(|| "princíp".into()),
                    noun_en: noun.then(|| "principle".into()),
                    numbered,
                },
                vec![
                    item("Sme otvorení.", "Otvorenosť", "Openness"),
                    item("Sme féroví.", "Férovosť", "Fairness"),
                ],
            )],
        );
        k.language = Language::Sk;
        k
    }

    #[test]
    fn items_are_cited_by_noun_name_or_heading() {
        let id = PassageId::Item(SectionId::new("principles").expect("id"), 2);
        let k = principles(true, false, true);
        assert_eq!(label(&k, id, false), "Princíp 2");
        assert_eq!(label(&k, id, true), "Principle 2");
        assert_eq!(
            headings(&k, id),
            "Princíp 2 · Principle 2 · Naše princípy · Our principles"
        );
        let k = principles(true, true, true);
        assert_eq!(label(&k, id, false), "Princíp 2: Férovosť");
        assert_eq!(label(&k, id, true), "Principle 2: Fairness");
        let k = principles(true, true, false);
        assert_eq!(label(&k, id, false), "Naše princípy, bod 2: Férovosť");
        let k = principles(false, true, false);
        assert_eq!(label(&k, id, false), "Férovosť");
        let k = principles(false, false, false);
        assert_eq!(label(&k, id, false), "Naše princípy (2)");
        assert_eq!(label(&k, id, true), "Our principles (2)");
        // No English noun: an English reader reads the heading and "point".
        let mut k = principles(true, false, true);
        k.sections[0].noun_en = None;
        assert_eq!(label(&k, id, true), "Our principles, point 2");
        assert_eq!(capitalize("článok"), "Článok");
    }
}
