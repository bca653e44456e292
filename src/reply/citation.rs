//! How a passage is cited ("Stratégia IOM, bod 7", "IOM Strategy, point 7"):
//! shown in replies, and indexed so that questions naming a passage find it.

use crate::knowledge::{Knowledge, PassageId};
use crate::reply::Lang;
use crate::reply::messages::fill;

/// How a passage is cited: "Stratégia IOM, bod 7".
pub fn citation(knowledge: &Knowledge, id: PassageId, lang: Lang) -> String {
    let m = lang.messages();
    match id {
        PassageId::Mission => mission_title(knowledge, lang).to_string(),
        PassageId::Aim(n) => fill(
            m.aim_citation,
            &[
                ("title", mission_title(knowledge, lang)),
                ("n", &n.to_string()),
            ],
        ),
        PassageId::Strategy(n) => fill(
            m.point_citation,
            &[
                ("title", strategy_title(knowledge, lang)),
                ("n", &n.to_string()),
            ],
        ),
    }
}

pub fn mission_title(knowledge: &Knowledge, lang: Lang) -> &str {
    match (lang, &knowledge.titles.mission_en) {
        (Lang::En, Some(en)) => en,
        _ => &knowledge.titles.mission,
    }
}

pub fn strategy_title(knowledge: &Knowledge, lang: Lang) -> &str {
    match (lang, &knowledge.titles.strategy_en) {
        (Lang::En, Some(en)) => en,
        _ => &knowledge.titles.strategy,
    }
}

/// Every way a passage is cited, for the index: questions such as "bod 7" or
/// "ciele IOM" name passages by their headings.
pub fn headings(knowledge: &Knowledge, id: PassageId) -> String {
    format!(
        "{} · {}",
        citation(knowledge, id, Lang::Sk),
        citation(knowledge, id, Lang::En)
    )
}
