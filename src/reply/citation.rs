//! How a passage is cited ("Stratégia IOM, bod 7", "IOM Strategy, point 7"):
//! shown in replies, and indexed so that questions naming a passage find it.

use crate::knowledge::{Knowledge, Language, PassageId};
use crate::reply::Lang;
use crate::tr;

/// How a passage is cited: "Stratégia IOM, bod 7".
pub fn citation(knowledge: &Knowledge, id: PassageId, lang: Lang) -> String {
    match id {
        PassageId::Mission => mission_title(knowledge, lang).to_string(),
        PassageId::Aim(n) => tr!(
            lang,
            "citation-aim",
            title = mission_title(knowledge, lang),
            n = n
        ),
        PassageId::Strategy(n) => tr!(
            lang,
            "citation-point",
            title = strategy_title(knowledge, lang),
            n = n
        ),
    }
}

/// Whether a reader of `lang` reads the knowledge's English translation:
/// English readers of a knowledge base in another language.
pub fn reads_translation(knowledge: &Knowledge, lang: Lang) -> bool {
    lang == Lang::EN && knowledge.language != Language::En
}

/// The document's own heading of the mission, or its English title for a
/// reader of the translation.
pub fn mission_title(knowledge: &Knowledge, lang: Lang) -> &str {
    match &knowledge.titles.mission_en {
        Some(en) if reads_translation(knowledge, lang) => en,
        _ => &knowledge.titles.mission,
    }
}

/// The document's own heading of the strategy, or its English title for a
/// reader of the translation.
pub fn strategy_title(knowledge: &Knowledge, lang: Lang) -> &str {
    match &knowledge.titles.strategy_en {
        Some(en) if reads_translation(knowledge, lang) => en,
        _ => &knowledge.titles.strategy,
    }
}

/// Every way a passage is cited, for the index: questions such as "bod 7" or
/// "ciele IOM" name passages by their headings. In the knowledge's language
/// and, for a knowledge base in another one, in English as well. (The words
/// for a point or an aim come from the locale files of those languages.)
pub fn headings(knowledge: &Knowledge, id: PassageId) -> String {
    let own = citation(knowledge, id, knowledge.language.into());
    if knowledge.language == Language::En {
        own
    } else {
        format!("{own} · {}", citation(knowledge, id, Lang::EN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::tests::sample;

    #[test]
    fn citations_use_the_documents_headings_and_the_languages_point_word() {
        let mut k = sample();
        k.titles.strategy = "Naše strategie".into();
        k.language = Language::Cs;
        assert_eq!(
            citation(&k, PassageId::Strategy(2), Lang::CS),
            "Naše strategie, bod 2"
        );
        assert_eq!(
            citation(&k, PassageId::Aim(1), Lang::CS),
            "Poslanie ORG, cíl 1"
        );
        k.titles.strategy = "Our Strategy".into();
        k.titles.strategy_en = Some("Unused".into());
        k.language = Language::En;
        assert_eq!(
            citation(&k, PassageId::Strategy(3), Lang::EN),
            "Our Strategy, point 3"
        );
        assert_eq!(
            headings(&k, PassageId::Strategy(3)),
            "Our Strategy, point 3"
        );
    }
}
