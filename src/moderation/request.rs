//! What a moderator asks for, whatever the transport, and its console syntax
//! (`/edit 7 text`, `/edit-en 7 English text`, `/revert 3`). Discord builds the same [`Request`] from a
//! slash command's options.

use crate::knowledge::PassageId;
use crate::knowledge::edit::Edit;

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
    /// A new point at that number, or at the end.
    AddPoint {
        at: Option<u32>,
    },
    EditPoint {
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
            Draft::AddPoint { at } => Edit::AddPoint { at, text, text_en },
            Draft::EditPoint { number } => Edit::EditPoint {
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

/// A moderator command as the console writes it: its syntax, its help
/// (a message in the locale files) and an example (that message's
/// `.example` attribute). `/help` lists them to moderators, and a
/// malformed line is answered with its command's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    pub name: &'static str,
    pub usage: &'static str,
    pub help: &'static str,
}

/// Every moderator command of the console, in the order `/help` lists them.
pub const SYNTAX: &[Syntax] = &[
    syntax("add", "/add TEXT", "mod-help-add"),
    syntax("insert", "/insert N TEXT", "mod-help-insert"),
    syntax("edit", "/edit N TEXT", "mod-help-edit"),
    syntax("edit-en", "/edit-en N TEXT", "mod-help-edit-en"),
    syntax("remove", "/remove N", "mod-help-remove"),
    syntax("move", "/move FROM TO", "mod-help-move"),
    syntax(
        "edit-mission",
        "/edit-mission TEXT",
        "mod-help-edit-mission",
    ),
    syntax(
        "edit-mission-en",
        "/edit-mission-en TEXT",
        "mod-help-edit-mission-en",
    ),
    syntax("edit-aim", "/edit-aim N TEXT", "mod-help-edit-aim"),
    syntax("edit-aim-en", "/edit-aim-en N TEXT", "mod-help-edit-aim-en"),
    syntax("synonym", "/synonym WORDS = MEANING", "mod-help-synonym"),
    syntax("teach", "/teach PASSAGE QUESTION", "mod-help-teach"),
    syntax("history", "/history [N]", "mod-help-history"),
    syntax("revert", "/revert ID", "mod-help-revert"),
    syntax("gaps", "/gaps", "mod-help-gaps"),
    syntax("stats", "/stats", "mod-help-stats"),
    syntax("dismiss", "/dismiss QUESTION", "mod-help-dismiss"),
];

const fn syntax(name: &'static str, usage: &'static str, help: &'static str) -> Syntax {
    Syntax { name, usage, help }
}

/// The moderator command a console line names (`/add`, `/gaps x`), well
/// formed or not; `None` for any other line.
pub fn named(line: &str) -> Option<&'static Syntax> {
    let rest = line.trim().strip_prefix('/')?;
    let name = rest.split(char::is_whitespace).next().unwrap_or(rest);
    SYNTAX.iter().find(|s| s.name == name)
}

/// Parses a moderator command; `None` when the line is not one (so it is an
/// ordinary command), `Some(Err(usage))` when it is one but malformed.
pub fn parse(line: &str) -> Option<Result<Request, ()>> {
    let line = line.trim();
    let rest = line.strip_prefix('/')?;
    let (name, argument) = match rest.split_once(char::is_whitespace) {
        Some((name, argument)) => (name, argument.trim()),
        None => (rest, ""),
    };
    let number_and_text = |argument: &str| -> Option<(u32, String)> {
        let (number, text) = argument.split_once(char::is_whitespace)?;
        Some((number.parse().ok()?, text.trim().to_string()))
    };
    let request = match name {
        "add" => (!argument.is_empty()).then(|| {
            Request::Change(Edit::AddPoint {
                at: None,
                text: argument.to_string(),
                text_en: None,
            })
        }),
        "insert" => number_and_text(argument).map(|(n, text)| {
            Request::Change(Edit::AddPoint {
                at: Some(n),
                text,
                text_en: None,
            })
        }),
        "edit" => number_and_text(argument).map(|(number, text)| {
            Request::Change(Edit::EditPoint {
                number,
                text,
                text_en: None,
            })
        }),
        "edit-en" => number_and_text(argument).map(|(number, text_en)| {
            Request::Change(Edit::Translate {
                passage: PassageId::Strategy(number),
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
        "remove" => argument
            .parse()
            .ok()
            .map(|number| Request::Change(Edit::RemovePoint { number })),
        "move" => {
            let mut parts = argument.split_whitespace().map(str::parse::<u32>);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(Ok(from)), Some(Ok(to)), None) => {
                    Some(Request::Change(Edit::MovePoint { from, to }))
                }
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
                argument
                    .parse()
                    .ok()
                    .map(|n| Request::History(Some(PassageId::Strategy(n))))
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
                    passage: passage_id(id)?,
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

/// A passage as a moderator names it: its id (`strategy-5`, `aim-2`,
/// `mission`), or a bare number for that strategy point.
pub fn passage_id(text: &str) -> Option<PassageId> {
    let text = text.trim().trim_start_matches('#');
    match text.parse::<u32>() {
        Ok(0) => None,
        Ok(n) => Some(PassageId::Strategy(n)),
        Err(_) => text.to_lowercase().parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moderator_lines() {
        let text = |t: &str| t.to_string();
        assert_eq!(
            parse("/edit 7 Nový text."),
            Some(Ok(Request::Change(Edit::EditPoint {
                number: 7,
                text: text("Nový text."),
                text_en: None
            })))
        );
        assert_eq!(
            parse("/move 3 1"),
            Some(Ok(Request::Change(Edit::MovePoint { from: 3, to: 1 })))
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
        assert_eq!(parse("/teach bod-5 x"), Some(Err(())));
        assert_eq!(parse("/teach 5"), Some(Err(())));
        assert_eq!(parse("/strategy 7"), None);
        assert_eq!(parse("otázka"), None);
    }

    #[test]
    fn every_command_parse_knows_has_its_syntax_and_no_other() {
        for line in [
            "/add",
            "/insert",
            "/edit",
            "/edit-en",
            "/remove",
            "/move",
            "/edit-mission",
            "/edit-mission-en",
            "/edit-aim",
            "/edit-aim-en",
            "/synonym",
            "/teach",
            "/history",
            "/revert",
        ] {
            assert!(parse(line).is_some(), "{line} is a moderator command");
            assert!(named(line).is_some(), "{line} has its syntax");
        }
        for syntax in SYNTAX {
            assert!(
                syntax.usage.starts_with(&format!("/{} ", syntax.name))
                    || syntax.usage == format!("/{}", syntax.name)
            );
        }
        assert_eq!(named("/gaps 3").map(|s| s.name), Some("gaps"));
        assert_eq!(named("/strategy 7"), None);
    }
}
