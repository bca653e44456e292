//! What a moderator asks for, whatever the transport, and its console syntax
//! (`/edit 7 text`, `/edit-en 7 English text`, `/revert 3`). Discord builds the same [`Request`] from a
//! slash command's options.

use crate::knowledge::edit::Edit;
use crate::knowledge::{Knowledge, PassageId, SectionId};

/// What a moderator asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A change with its text, previewed before it is made.
    Change(Edit),
    /// A change whose text is still to be written: Discord opens a form
    /// prefilled with the current text; the console takes the text inline, so
    /// it never asks for this.
    Compose(Draft),
    /// Recent changes, or those of one passage.
    History(Option<PassageId>),
    /// Undo a change by its number in the audit log.
    Revert(u64),
}

/// A change that needs text before it can be previewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    /// A new item of a section at that number, or at the end.
    AddPoint {
        section: SectionId,
        at: Option<u32>,
    },
    EditPoint {
        section: SectionId,
        number: u32,
    },
    EditMission,
    EditAim {
        number: u32,
    },
}

impl Draft {
    /// The change this draft makes with the text written for it (`text_en`
    /// `None` keeps the current translation).
    pub fn edit(self, text: String, text_en: Option<String>) -> Edit {
        match self {
            Draft::AddPoint { section, at } => Edit::AddPoint {
                section,
                at,
                text,
                text_en,
            },
            Draft::EditPoint { section, number } => Edit::EditPoint {
                section,
                number,
                text,
                text_en,
            },
            Draft::EditMission => Edit::EditMission { text, text_en },
            Draft::EditAim { number } => Edit::EditAim {
                number,
                text,
                text_en,
            },
        }
    }
}

/// Parses a moderator command; `None` when the line is not one (so it is an
/// ordinary command), `Some(Err(usage))` when it is one but malformed. A
/// bare number names an item of the document's main list
/// ([`Knowledge::main_list`]); an item of another section is named by its
/// id (`principles-3`), and `/add principles: text` adds to that section.
pub fn parse(line: &str, knowledge: &Knowledge) -> Option<Result<Request, ()>> {
    let main = knowledge.main_list().map_or(SectionId::STRATEGY, |s| s.id);
    let line = line.trim();
    let rest = line.strip_prefix('/')?;
    let (name, argument) = match rest.split_once(char::is_whitespace) {
        Some((name, argument)) => (name, argument.trim()),
        None => (rest, ""),
    };
    // `7 text` or `principles-3 text`: an item and a text.
    let item_and_text = |argument: &str| -> Option<(SectionId, u32, String)> {
        let (target, text) = argument.split_once(char::is_whitespace)?;
        let (section, number) = item(target, main)?;
        Some((section, number, text.trim().to_string()))
    };
    // `3 text`: an aim's number and a text.
    let number_and_text = |argument: &str| -> Option<(u32, String)> {
        let (number, text) = argument.split_once(char::is_whitespace)?;
        Some((number.parse().ok()?, text.trim().to_string()))
    };
    let request =
        match name {
            "add" => {
                // `principles: text` adds to that section.
                let named = argument.split_once(':').and_then(|(id, text)| {
                    let section = SectionId::new(&id.trim().to_lowercase())?;
                    knowledge.section(section).map(|_| (section, text.trim()))
                });
                let (section, text) = named.unwrap_or((main, argument));
                (!text.is_empty()).then(|| {
                    Request::Change(Edit::AddPoint {
                        section,
                        at: None,
                        text: text.to_string(),
                        text_en: None,
                    })
                })
            }
            "insert" => item_and_text(argument).map(|(section, n, text)| {
                Request::Change(Edit::AddPoint {
                    section,
                    at: Some(n),
                    text,
                    text_en: None,
                })
            }),
            "edit" => item_and_text(argument).map(|(section, number, text)| {
                Request::Change(Edit::EditPoint {
                    section,
                    number,
                    text,
                    text_en: None,
                })
            }),
            "edit-en" => item_and_text(argument).map(|(section, number, text_en)| {
                Request::Change(Edit::Translate {
                    passage: PassageId::item(section, number),
                    text_en,
                })
            }),
            "edit-mission-en" => (!argument.is_empty()).then(|| {
                Request::Change(Edit::Translate {
                    passage: PassageId::Mission,
                    text_en: argument.to_string(),
                })
            }),
            "edit-aim-en" => number_and_text(argument).map(|(number, text_en)| {
                Request::Change(Edit::Translate {
                    passage: PassageId::Aim(number),
                    text_en,
                })
            }),
            "remove" => item(argument, main)
                .map(|(section, number)| Request::Change(Edit::RemovePoint { section, number })),
            "move" => {
                let mut parts = argument.split_whitespace();
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(from), Some(to), None) => item(from, main)
                        .zip(to.parse::<u32>().ok())
                        .map(|((section, from), to)| {
                            Request::Change(Edit::MovePoint { section, from, to })
                        }),
                    _ => None,
                }
            }
            "edit-mission" => (!argument.is_empty()).then(|| {
                Request::Change(Edit::EditMission {
                    text: argument.to_string(),
                    text_en: None,
                })
            }),
            "edit-aim" => number_and_text(argument).map(|(number, text)| {
                Request::Change(Edit::EditAim {
                    number,
                    text,
                    text_en: None,
                })
            }),
            "history" => {
                if argument.is_empty() {
                    Some(Request::History(None))
                } else {
                    passage_id(argument, main).map(|id| Request::History(Some(id)))
                }
            }
            "revert" => argument
                .trim_start_matches('#')
                .parse()
                .ok()
                .map(Request::Revert),
            "teach" => argument
                .split_once(char::is_whitespace)
                .and_then(|(id, question)| {
                    Some(Request::Change(Edit::AddQuestion {
                        passage: passage_id(id, main)?,
                        question: question.trim().to_string(),
                    }))
                }),
            "synonym" => argument.split_once('=').map(|(words, means)| {
                Request::Change(Edit::AddSynonym {
                    words: words.split(',').map(|w| w.trim().to_string()).collect(),
                    means: means.trim().to_string(),
                })
            }),
            _ => return None,
        };
    Some(request.ok_or(()))
}

/// An item as a moderator names it: a number (of `main`) or its id
/// (`principles-3`, `strategy-7`); not the statement of purpose or an aim,
/// which have commands of their own.
fn item(text: &str, main: SectionId) -> Option<(SectionId, u32)> {
    let id = passage_id(text, main)?;
    match (id.section(), id.position()) {
        (Some(section), Some(number)) if section != SectionId::AIM => Some((section, number)),
        _ => None,
    }
}

/// A passage as a moderator names it: its id (`strategy-5`, `aim-2`,
/// `principles-3`, `mission`), or a bare number for that item of `main`.
pub fn passage_id(text: &str, main: SectionId) -> Option<PassageId> {
    let text = text.trim().trim_start_matches('#');
    match text.parse::<u32>() {
        Ok(0) => None,
        Ok(n) => Some(PassageId::item(main, n)),
        Err(_) => text.to_lowercase().parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Option<Result<Request, ()>> {
        super::parse(line, &crate::knowledge::tests::sample())
    }

    #[test]
    fn items_of_other_sections_by_their_ids() {
        let principles = SectionId::new("principles").expect("id");
        let document = crate::knowledge::tests::principles();
        assert_eq!(
            super::parse("/edit 2 Nový.", &document),
            Some(Ok(Request::Change(Edit::EditPoint {
                section: principles,
                number: 2,
                text: "Nový.".into(),
                text_en: None
            })))
        );
        assert_eq!(
            parse("/remove principles-3"),
            Some(Ok(Request::Change(Edit::RemovePoint {
                section: principles,
                number: 3
            })))
        );
        assert_eq!(
            parse("/move principles-3 1"),
            Some(Ok(Request::Change(Edit::MovePoint {
                section: principles,
                from: 3,
                to: 1
            })))
        );
        assert_eq!(
            super::parse("/add principles: Sme férovi.", &document),
            Some(Ok(Request::Change(Edit::AddPoint {
                section: principles,
                at: None,
                text: "Sme férovi.".into(),
                text_en: None
            })))
        );
        // A colon after a word that names no section is the text's.
        assert_eq!(
            parse("/add Note: bring a towel."),
            Some(Ok(Request::Change(Edit::AddPoint {
                section: SectionId::STRATEGY,
                at: None,
                text: "Note: bring a towel.".into(),
                text_en: None
            })))
        );
        assert_eq!(parse("/remove aim-2"), Some(Err(())));
        assert_eq!(parse("/edit mission text"), Some(Err(())));
    }

    #[test]
    fn moderator_lines() {
        let text = |t: &str| t.to_string();
        assert_eq!(
            parse("/edit 7 Nový text."),
            Some(Ok(Request::Change(Edit::EditPoint {
                section: SectionId::STRATEGY,
                number: 7,
                text: text("Nový text."),
                text_en: None
            })))
        );
        assert_eq!(
            parse("/move 3 1"),
            Some(Ok(Request::Change(Edit::MovePoint {
                section: SectionId::STRATEGY,
                from: 3,
                to: 1
            })))
        );
        assert_eq!(parse("/revert #4"), Some(Ok(Request::Revert(4))));
        assert_eq!(
            parse("/edit-en 7 New English."),
            Some(Ok(Request::Change(Edit::Translate {
                passage: PassageId::Strategy(7),
                text_en: text("New English.")
            })))
        );
        assert_eq!(
            parse("/edit-aim-en 2 Aim."),
            Some(Ok(Request::Change(Edit::Translate {
                passage: PassageId::Aim(2),
                text_en: text("Aim.")
            })))
        );
        assert_eq!(
            parse("/edit-mission-en Mission."),
            Some(Ok(Request::Change(Edit::Translate {
                passage: PassageId::Mission,
                text_en: text("Mission.")
            })))
        );
        assert_eq!(parse("/edit-en seven x"), Some(Err(())));
        assert_eq!(
            parse("/history 7"),
            Some(Ok(Request::History(Some(PassageId::Strategy(7)))))
        );
        assert_eq!(parse("/edit seven x"), Some(Err(())));
        assert_eq!(parse("/add"), Some(Err(())));
        assert_eq!(parse("/move 1 2 3"), Some(Err(())));
        assert_eq!(
            parse("/teach 5 Čo robíte s pašerákmi?"),
            Some(Ok(Request::Change(Edit::AddQuestion {
                passage: PassageId::Strategy(5),
                question: text("Čo robíte s pašerákmi?")
            })))
        );
        assert_eq!(
            parse("/teach aim-2 Prečo?"),
            Some(Ok(Request::Change(Edit::AddQuestion {
                passage: PassageId::Aim(2),
                question: text("Prečo?")
            })))
        );
        assert_eq!(parse("/teach bod x"), Some(Err(())));
        assert_eq!(parse("/teach 5"), Some(Err(())));
        assert_eq!(parse("/strategy 7"), None);
        assert_eq!(parse("otázka"), None);
    }
}
