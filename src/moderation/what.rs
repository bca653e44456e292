//! What a change did, as moderators read it in previews, confirmations and
//! the history ("nový bod na koniec stratégie", "vrátenie zmeny #4"): made
//! from the edit itself, or read back from the audit log's `what`
//! ("add-point at end", "revert 4"), which stays machine-readable for the
//! log's readers and scripts and is never shown as it is.

use crate::knowledge::edit::Edit;
use crate::knowledge::{PassageId, SectionId};
use crate::reply::Lang;
use crate::tr;

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A new item of a section, at the end or at that number.
    AddPoint(SectionId, Option<u32>),
    EditPoint(SectionId, u32),
    RemovePoint(SectionId, u32),
    MovePoint {
        section: SectionId,
        from: u32,
        to: u32,
    },
    EditMission,
    EditAim(u32),
    /// The community's words, as the log lists them ("a, b").
    AddSynonym(String),
    /// A passage's English translation.
    Translate(PassageId),
    AddQuestion(PassageId),
    Revert(u64),
    /// A change interrupted before its file was written, recorded as not made.
    Interrupted(u64),
    /// A knowledge file edited by hand.
    EditedOnDisk(String),
    /// What an audit log written by another version of the bot names in a
    /// way this one does not know.
    Other,
}

impl What {
    /// What `edit` does.
    pub fn of(edit: &Edit) -> Self {
        match edit {
            Edit::AddPoint { section, at, .. } => What::AddPoint(*section, *at),
            Edit::EditPoint {
                section, number, ..
            } => What::EditPoint(*section, *number),
            Edit::RemovePoint { section, number } => What::RemovePoint(*section, *number),
            Edit::MovePoint { section, from, to } => What::MovePoint {
                section: *section,
                from: *from,
                to: *to,
            },
            Edit::EditMission { .. } => What::EditMission,
            Edit::EditAim { number, .. } => What::EditAim(*number),
            Edit::AddSynonym { words, .. } => What::AddSynonym(words.join(", ")),
            Edit::Translate { passage, .. } => What::Translate(*passage),
            Edit::AddQuestion { passage, .. } => What::AddQuestion(*passage),
        }
    }

    /// What the audit log's `what` says was done: [`Edit::describe`]'s
    /// names, and those of reverts, interrupted changes and edits on disk.
    pub fn parse(what: &str) -> Self {
        let (verb, rest) = what.split_once(' ').unwrap_or((what, ""));
        let number = |text: &str| text.parse::<u32>().ok();
        // "principles 3 …": another section's id before the rest; the
        // strategy's edits name none.
        let of_items = matches!(
            verb,
            "add-point" | "edit-point" | "remove-point" | "move-point" | "edit-point-en"
        );
        let (section, rest) = match rest.split_once(' ') {
            Some((first, after))
                if of_items
                    && first.starts_with(|c: char| c.is_ascii_lowercase())
                    && first != "at" =>
            {
                match SectionId::new(first) {
                    Some(section) => (section, after),
                    None => return What::Other,
                }
            }
            _ => (SectionId::STRATEGY, rest),
        };
        let parsed = match verb {
            "add-point" => match rest {
                "at end" => Some(What::AddPoint(section, None)),
                _ => rest
                    .strip_prefix("at ")
                    .and_then(number)
                    .map(|n| What::AddPoint(section, Some(n))),
            },
            "edit-point" => number(rest).map(|n| What::EditPoint(section, n)),
            "remove-point" => number(rest).map(|n| What::RemovePoint(section, n)),
            "move-point" => rest.split_once(" to ").and_then(|(from, to)| {
                Some(What::MovePoint {
                    section,
                    from: number(from)?,
                    to: number(to)?,
                })
            }),
            "edit-point-en" => number(rest).map(|n| What::Translate(PassageId::item(section, n))),
            "edit-mission" if rest.is_empty() => Some(What::EditMission),
            "edit-aim" => number(rest).map(What::EditAim),
            "add-synonym" => Some(What::AddSynonym(rest.to_string())),
            "edit-mission-en" if rest.is_empty() => Some(What::Translate(PassageId::Mission)),
            "edit-aim-en" => number(rest).map(|n| What::Translate(PassageId::Aim(n))),
            "add-question" => rest.parse().ok().map(What::AddQuestion),
            "revert" => rest.parse().ok().map(What::Revert),
            "not" => rest
                .strip_prefix("made: change ")
                .and_then(|r| r.strip_suffix(" was interrupted"))
                .and_then(|id| id.parse().ok())
                .map(What::Interrupted),
            "edit" => rest
                .strip_prefix("on disk: ")
                .map(|file| What::EditedOnDisk(file.to_string())),
            _ => None,
        };
        parsed.unwrap_or(What::Other)
    }

    /// The change in a moderator's words, lower case: "nový text bodu 7".
    pub fn words(&self, lang: Lang) -> String {
        match self {
            What::AddPoint(SectionId::STRATEGY, None) => tr!(lang, "change-add-point-end"),
            What::AddPoint(SectionId::STRATEGY, Some(n)) => {
                tr!(lang, "change-add-point-at", n = n)
            }
            What::EditPoint(SectionId::STRATEGY, n) => tr!(lang, "change-edit-point", n = n),
            What::RemovePoint(SectionId::STRATEGY, n) => {
                tr!(lang, "change-remove-point", n = n)
            }
            What::MovePoint {
                section: SectionId::STRATEGY,
                from,
                to,
            } => tr!(lang, "change-move-point", from = from, to = to),
            What::AddPoint(section, None) => {
                tr!(lang, "change-add-item-end", section = section.as_str())
            }
            What::AddPoint(section, Some(n)) => {
                tr!(
                    lang,
                    "change-add-item-at",
                    section = section.as_str(),
                    n = n
                )
            }
            What::EditPoint(section, n) => {
                tr!(lang, "change-edit-item", section = section.as_str(), n = n)
            }
            What::RemovePoint(section, n) => tr!(
                lang,
                "change-remove-item",
                section = section.as_str(),
                n = n
            ),
            What::MovePoint { section, from, to } => tr!(
                lang,
                "change-move-item",
                section = section.as_str(),
                from = from,
                to = to
            ),
            What::EditMission => tr!(lang, "change-edit-mission"),
            What::EditAim(n) => tr!(lang, "change-edit-aim", n = n),
            What::AddSynonym(words) => tr!(
                lang,
                "change-add-synonym",
                words = words,
                count = words.split(',').count()
            ),
            What::Translate(passage) => {
                let (kind, section, n) = kind(*passage);
                tr!(
                    lang,
                    "change-translate",
                    kind = kind,
                    section = section,
                    n = n
                )
            }
            What::AddQuestion(passage) => {
                let (kind, section, n) = kind(*passage);
                tr!(
                    lang,
                    "change-add-question",
                    kind = kind,
                    section = section,
                    n = n
                )
            }
            What::Revert(id) => tr!(lang, "change-revert", id = id),
            What::Interrupted(id) => tr!(lang, "change-interrupted", id = id),
            What::EditedOnDisk(file) => tr!(lang, "change-edited-on-disk", file = file),
            What::Other => tr!(lang, "change-other"),
        }
    }
}

/// A passage as the change messages select on it: its kind and number (0
/// for the mission, which has none), and the section of another section's
/// item.
fn kind(passage: PassageId) -> (&'static str, &'static str, u32) {
    match passage {
        PassageId::Mission => ("mission", "", 0),
        PassageId::Aim(n) => ("aim", "", n),
        PassageId::Strategy(n) => ("point", "", n),
        PassageId::Item(section, n) => ("item", section.as_str(), n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principles() -> SectionId {
        SectionId::new("principles").expect("an id")
    }

    /// One edit of every kind.
    fn edits() -> Vec<Edit> {
        let text = || "Text.".to_string();
        vec![
            Edit::AddPoint {
                section: SectionId::STRATEGY,
                at: None,
                text: text(),
                text_en: None,
            },
            Edit::AddPoint {
                section: SectionId::STRATEGY,
                at: Some(3),
                text: text(),
                text_en: None,
            },
            Edit::EditPoint {
                section: SectionId::STRATEGY,
                number: 7,
                text: text(),
                text_en: None,
            },
            Edit::RemovePoint {
                section: SectionId::STRATEGY,
                number: 2,
            },
            Edit::MovePoint {
                section: SectionId::STRATEGY,
                from: 3,
                to: 1,
            },
            Edit::EditMission {
                text: text(),
                text_en: None,
            },
            Edit::EditAim {
                number: 4,
                text: text(),
                text_en: None,
            },
            Edit::AddSynonym {
                words: vec!["schôdza".into(), "stretko".into()],
                means: "stretnutie".into(),
            },
            Edit::Translate {
                passage: PassageId::Mission,
                text_en: text(),
            },
            Edit::Translate {
                passage: PassageId::Aim(2),
                text_en: text(),
            },
            Edit::Translate {
                passage: PassageId::Strategy(5),
                text_en: text(),
            },
            Edit::AddQuestion {
                passage: PassageId::Strategy(13),
                question: "Kde?".into(),
            },
            Edit::AddQuestion {
                passage: PassageId::Mission,
                question: "Kde?".into(),
            },
            Edit::AddPoint {
                section: principles(),
                at: None,
                text: text(),
                text_en: None,
            },
            Edit::AddPoint {
                section: principles(),
                at: Some(2),
                text: text(),
                text_en: None,
            },
            Edit::EditPoint {
                section: principles(),
                number: 3,
                text: text(),
                text_en: None,
            },
            Edit::RemovePoint {
                section: principles(),
                number: 1,
            },
            Edit::MovePoint {
                section: principles(),
                from: 1,
                to: 2,
            },
            Edit::Translate {
                passage: PassageId::Item(principles(), 2),
                text_en: text(),
            },
            Edit::AddQuestion {
                passage: PassageId::Item(principles(), 2),
                question: "Kde?".into(),
            },
        ]
    }

    #[test]
    fn the_audit_logs_names_read_back_as_the_edits_they_name() {
        for edit in edits() {
            assert_eq!(What::parse(&edit.describe()), What::of(&edit), "{edit:?}");
        }
        for (what, expected) in [
            ("revert 12", What::Revert(12)),
            ("not made: change 2 was interrupted", What::Interrupted(2)),
            (
                "edit on disk: strategy.toml",
                What::EditedOnDisk("strategy.toml".into()),
            ),
            ("edit-point x", What::Other),
            ("add-question strategy-0", What::Other),
            ("", What::Other),
            ("rename the bot", What::Other),
        ] {
            assert_eq!(What::parse(what), expected, "{what:?}");
        }
    }

    #[test]
    fn changes_are_worded_as_people_say_them_in_every_language() {
        let say = |what: &str, lang| What::parse(what).words(lang);
        for (what, sk, en) in [
            (
                "add-point at end",
                "nový bod na koniec stratégie",
                "new point at the end of the strategy",
            ),
            (
                "add-question strategy-13",
                "nová otázka k bodu 13",
                "new question for point 13",
            ),
            (
                "add-question aim-2",
                "nová otázka k cieľu 2",
                "new question for aim 2",
            ),
            (
                "edit-mission-en",
                "nový anglický preklad poslania",
                "new English translation of the mission",
            ),
            (
                "add-synonym schôdza",
                "nové synonymum: schôdza",
                "new synonym: schôdza",
            ),
            (
                "add-synonym a, b",
                "nové synonymá: a, b",
                "new synonyms: a, b",
            ),
            (
                "move-point 3 to 1",
                "presun bodu 3 na miesto 1",
                "moving point 3 to number 1",
            ),
            ("revert 4", "vrátenie zmeny #4", "undoing change #4"),
        ] {
            assert_eq!(say(what, Lang::SK), sk);
            assert_eq!(say(what, Lang::EN), en);
        }
        assert_eq!(say("add-question aim-2", Lang::CS), "nová otázka k cíli 2");
        // No reply shows the log's own names, in any language.
        for lang in Lang::all() {
            for edit in edits() {
                let worded = What::of(&edit).words(lang);
                let described = edit.describe();
                assert!(!worded.contains(&described), "{lang}: {worded}");
                assert!(
                    !worded.contains("strategy-")
                        && !worded.contains("aim-")
                        && !worded.contains("principles-"),
                    "{worded}"
                );
            }
        }
    }
}
