//! How the document names its passages ("Stratégia IOM, bod 7", "IOM
//! Strategy, point 7"): its own headings with the word its language uses for
//! a numbered item. Replies cite passages by these labels, and the index
//! holds them so that questions naming a passage ("bod 7", "ciele IOM") find
//! it; both read them here, from the knowledge, not from the bot's words.

use super::{Knowledge, Language, PassageId};

/// How a passage is labelled in the document's language or, with
/// `english`, in its English translation (the document's English headings
/// where it has them).
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
        PassageId::Strategy(n) => format!(
            "{}, {} {n}",
            strategy_title(knowledge, english),
            language.point_word()
        ),
    }
}

/// The document's heading of the mission; for an English reader of a
/// document in another language, its English title where it has one.
pub fn mission_title(knowledge: &Knowledge, english: bool) -> &str {
    match &knowledge.titles.mission_en {
        Some(en) if english && knowledge.language != Language::En => en,
        _ => &knowledge.titles.mission,
    }
}

/// The document's heading of the strategy, or its English title likewise.
pub fn strategy_title(knowledge: &Knowledge, english: bool) -> &str {
    match &knowledge.titles.strategy_en {
        Some(en) if english && knowledge.language != Language::En => en,
        _ => &knowledge.titles.strategy,
    }
}

/// Every label of a passage, for the index: in the knowledge's language and,
/// for a knowledge base in another one, in English as well.
pub fn headings(knowledge: &Knowledge, id: PassageId) -> String {
    let own = label(knowledge, id, false);
    if knowledge.language == Language::En {
        own
    } else {
        format!("{own} · {}", label(knowledge, id, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::tests::sample;

    #[test]
    fn labels_use_the_documents_headings_and_the_languages_item_words() {
        let mut k = sample();
        assert_eq!(
            headings(&k, PassageId::Strategy(2)),
            "Stratégia ORG, bod 2 · Stratégia ORG, point 2"
        );
        k.titles.strategy = "Naše strategie".into();
        k.language = Language::Cs;
        assert_eq!(
            label(&k, PassageId::Strategy(2), false),
            "Naše strategie, bod 2"
        );
        assert_eq!(label(&k, PassageId::Aim(1), false), "Poslanie ORG, cíl 1");
        k.titles.strategy_en = Some("Our strategy".into());
        assert_eq!(
            label(&k, PassageId::Strategy(2), true),
            "Our strategy, point 2"
        );
        k.titles.strategy = "Our Strategy".into();
        k.titles.strategy_en = Some("Unused".into());
        k.language = Language::En;
        assert_eq!(
            headings(&k, PassageId::Strategy(3)),
            "Our Strategy, point 3"
        );
        assert_eq!(headings(&k, PassageId::Mission), "Poslanie ORG");
    }
}
