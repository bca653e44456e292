//! How a passage is cited in a reply ("Stratégia IOM, bod 7", "IOM
//! Strategy, point 7"): as the document labels it ([`labels`]), in its own
//! language, or in its English headings for an English reader of a
//! document written in another language.

use crate::knowledge::{Knowledge, Language, PassageId, labels};
use crate::reply::Lang;

/// How a passage is cited: "Stratégia IOM, bod 7".
pub fn citation(knowledge: &Knowledge, id: PassageId, lang: Lang) -> String {
    labels::label(knowledge, id, reads_translation(knowledge, lang))
}

/// Whether a reader of `lang` reads the knowledge's English translation:
/// English readers of a knowledge base in another language.
pub fn reads_translation(knowledge: &Knowledge, lang: Lang) -> bool {
    lang == Lang::EN && knowledge.language != Language::En
}

/// The document's own heading of the mission, or its English title for a
/// reader of the translation.
pub fn mission_title(knowledge: &Knowledge, lang: Lang) -> &str {
    labels::mission_title(knowledge, reads_translation(knowledge, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::tests::{retitle_strategy, sample};

    #[test]
    fn citations_use_the_documents_labels_in_its_language_or_english() {
        let mut k = sample();
        retitle_strategy(&mut k, "Naše strategie", None);
        k.language = Language::Cs;
        assert_eq!(
            citation(&k, PassageId::Strategy(2), Lang::CS),
            "Naše strategie, bod 2"
        );
        assert_eq!(
            citation(&k, PassageId::Aim(1), Lang::CS),
            "Poslanie ORG, cíl 1"
        );
        retitle_strategy(&mut k, "Our Strategy", Some("Unused"));
        k.language = Language::En;
        assert_eq!(
            citation(&k, PassageId::Strategy(3), Lang::EN),
            "Our Strategy, point 3"
        );
        // A Czech reader of a Slovak document reads the document's words.
        k.language = Language::Sk;
        assert_eq!(
            citation(&k, PassageId::Aim(1), Lang::CS),
            "Poslanie ORG, cieľ 1"
        );
    }
}
