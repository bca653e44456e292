//! What a change looks like to a moderator and in the audit log: the passages
//! and glossary entries two knowledge bases differ in (the original text, the
//! English translation and each question a passage answers, on lines of their
//! own), and the passages that concerns.

use super::edit::{self, Diff, DiffLine};
use super::labels::label as passage_label;
use super::{Knowledge, Language};

/// How an English line is told from the original in a diff.
const ENGLISH: &str = " (EN)";
/// How a line holding one of a passage's questions is told from its text,
/// in the knowledge's language (the moderators' language).
fn question_suffix(language: Language) -> &'static str {
    match language {
        Language::Sk | Language::Cs => " (otázka)",
        Language::En => " (question)",
    }
}

/// Which of a passage's texts a diff line shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Original,
    English,
    Question,
}

/// The label of a passage in a diff: "Stratégia IOM, bod 7:", for its
/// English "Stratégia IOM, bod 7 (EN):", for a question it answers
/// "Stratégia IOM, bod 7 (otázka):".
fn label(knowledge: &Knowledge, id: crate::knowledge::PassageId, part: Part) -> String {
    let suffix = match part {
        Part::Original => "",
        Part::English => ENGLISH,
        Part::Question => question_suffix(knowledge.language),
    };
    format!("{}{suffix}:", passage_label(knowledge, id, false))
}

/// The original texts labelled as citations, and the glossary.
fn originals(knowledge: &Knowledge) -> Vec<(String, String)> {
    let passages = knowledge
        .passages()
        .iter()
        .map(|p| (label(knowledge, p.id, Part::Original), p.text.clone()));
    let glossary = knowledge.synonyms.iter().map(|s| {
        (
            "synonym:".to_string(),
            format!("{} → {}", s.words.join(", "), s.means),
        )
    });
    passages.chain(glossary).collect()
}

/// The English translations, labelled as citations with "(EN)".
fn translations(knowledge: &Knowledge) -> Vec<(String, String)> {
    knowledge
        .passages()
        .iter()
        .filter_map(|p| Some((label(knowledge, p.id, Part::English), p.text_en.clone()?)))
        .collect()
}

/// The questions each passage answers, one line each.
fn questions(knowledge: &Knowledge) -> Vec<(String, String)> {
    knowledge
        .passages()
        .iter()
        .flat_map(|p| {
            let label = label(knowledge, p.id, Part::Question);
            knowledge
                .questions(p.id)
                .iter()
                .map(move |q| (label.clone(), q.clone()))
        })
        .collect()
}

/// What changes from `before` to `after`: the originals' lines (removed,
/// added, moved), then the translations' and the questions' removed and
/// added lines. A translation or a question that only moved with its
/// passage is not repeated: the original's line says so.
pub fn between(before: &Knowledge, after: &Knowledge) -> Diff {
    let mut diff = edit::diff(&originals(before), &originals(after));
    for part in [translations, questions] {
        let lines = edit::diff(&part(before), &part(after)).lines;
        diff.lines.extend(
            lines
                .into_iter()
                .filter(|line| !matches!(line, DiffLine::Moved(..))),
        );
    }
    diff
}

/// Everything in `after` as added: the change that makes a knowledge base
/// where there was none (or none that loaded).
pub fn all_new(after: &Knowledge) -> Diff {
    let mut diff = edit::diff(&[], &originals(after));
    for part in [translations, questions] {
        diff.lines.extend(edit::diff(&[], &part(after)).lines);
    }
    diff
}

/// The ids of the passages a diff mentions, for `/history` of one passage.
pub fn passages_in(before: &Knowledge, after: &Knowledge, diff: &Diff) -> Vec<String> {
    let text = diff.to_string();
    let mentioned = |knowledge: &Knowledge, id| {
        [Part::Original, Part::English, Part::Question]
            .into_iter()
            .any(|part| text.contains(&label(knowledge, id, part)))
    };
    let mut ids: Vec<String> = before
        .passages()
        .iter()
        .chain(after.passages())
        .filter(|p| mentioned(after, p.id) || mentioned(before, p.id))
        .map(|p| p.id.to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::PassageId;

    fn with_english(point: usize, english: Option<&str>) -> Knowledge {
        let mut knowledge = crate::knowledge::tests::sample();
        crate::knowledge::tests::edit_passage(
            &mut knowledge,
            PassageId::Strategy(point as u32 + 1),
            |p| p.text_en = english.map(str::to_string),
        );
        knowledge
    }

    #[test]
    fn a_change_of_the_translation_alone_is_shown() {
        let before = with_english(1, Some("Protect nature."));
        let after = with_english(1, Some("Protect nature and forests."));
        let diff = between(&before, &after);
        assert_eq!(
            diff.to_string(),
            "- Stratégia ORG, bod 2 (EN): Protect nature.\n\
             + Stratégia ORG, bod 2 (EN): Protect nature and forests.\n"
        );
        assert_eq!(passages_in(&before, &after, &diff), ["strategy-2"]);
        let added = between(&with_english(0, None), &with_english(0, Some("Support.")));
        assert_eq!(added.to_string(), "+ Stratégia ORG, bod 1 (EN): Support.\n");
        assert!(between(&before, &before).lines.is_empty());
    }

    #[test]
    fn a_taught_question_is_shown_with_its_passage() {
        let before = crate::knowledge::tests::sample();
        let mut after = before.clone();
        let id = crate::knowledge::PassageId::Strategy(2);
        assert!(after.set_questions(id, vec!["Ako chránite lesy?".into()]));
        let diff = between(&before, &after);
        assert_eq!(
            diff.to_string(),
            "+ Stratégia ORG, bod 2 (otázka): Ako chránite lesy?\n"
        );
        assert_eq!(passages_in(&before, &after, &diff), ["strategy-2"]);
    }

    #[test]
    fn point_1_is_not_point_12() {
        let before = crate::knowledge::tests::sample();
        let diff = Diff {
            lines: vec![DiffLine::Added("Stratégia ORG, bod 12: x".into())],
        };
        assert!(passages_in(&before, &before, &diff).is_empty());
    }
}
