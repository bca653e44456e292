//! The replies moderators get: previews, confirmations, refusals and history,
//! in either language, as transport-independent [`Reply`] values.

use super::{ModerationError, Preview};
use crate::knowledge::edit::EditError;
use crate::moderation::Entry;
use crate::reply::Lang;
use crate::reply::messages::fill;
use crate::reply::{Reply, ReplyKind, RichText};

/// The preview a moderator confirms: removed lines, then added ones.
pub fn preview(preview: &Preview, lang: Lang) -> Reply {
    let m = lang.messages();
    let mut body = RichText::default();
    if preview.diff.lines.is_empty() {
        body.push(m.mod_preview_empty, false);
    }
    for line in preview.diff.to_string().lines() {
        // Added and moved lines stand out; removed ones stay plain.
        body.push(line, line.starts_with(['+', '~']));
        body.push("\n", false);
    }
    Reply {
        kind: ReplyKind::Overview,
        title: fill(m.mod_preview_title, &[("what", &preview.edit.describe())]),
        body,
        fields: Vec::new(),
        citations: Vec::new(),
        footer: Some(m.mod_confirm.to_string()),
        suggestions: Vec::new(),
    }
}

/// The confirmation once a change is saved.
pub fn saved(entry: &Entry, lang: Lang) -> Reply {
    let m = lang.messages();
    let id = entry.id.to_string();
    let mut reply = Reply::notice(
        ReplyKind::Overview,
        fill(m.mod_saved_title, &[("id", &id)]),
        fill(m.mod_saved, &[("id", &id)]),
    );
    reply.footer = Some(entry.what.clone());
    reply
}

/// Why a change was not made, in the moderator's language.
pub fn refused(error: &ModerationError, lang: Lang) -> Reply {
    let m = lang.messages();
    let body = match error {
        ModerationError::Edit(edit) => match edit {
            EditError::NoSuchPoint { number, count } => fill(
                m.no_such_point,
                &[("n", &number.to_string()), ("max", &count.to_string())],
            ),
            EditError::NoSuchAim { number, count } => fill(
                m.mod_no_such_aim,
                &[("n", &number.to_string()), ("max", &count.to_string())],
            ),
            EditError::BadPosition { max } => {
                fill(m.mod_bad_position, &[("max", &max.to_string())])
            }
            EditError::EmptyText => m.mod_empty_text.to_string(),
            EditError::TooLong { max } => fill(m.mod_too_long, &[("max", &max.to_string())]),
            EditError::LastPoint => m.mod_last_point.to_string(),
            EditError::BadSynonym => m.mod_bad_synonym.to_string(),
            EditError::Unreadable { .. } => fill(m.mod_invalid, &[("why", &edit.to_string())]),
        },
        ModerationError::Stale => m.mod_stale.to_string(),
        ModerationError::Busy => m.mod_busy.to_string(),
        ModerationError::Invalid(problems) | ModerationError::Unreadable(problems) => {
            fill(m.mod_invalid, &[("why", &problems.to_string())])
        }
        ModerationError::ReadOnly => m.mod_read_only.to_string(),
        ModerationError::Write(why) => fill(m.mod_write_failed, &[("why", &why.to_string())]),
        ModerationError::Store(why) => fill(m.mod_write_failed, &[("why", &why.to_string())]),
        ModerationError::Search(why) => fill(m.mod_write_failed, &[("why", &why.to_string())]),
        ModerationError::UnknownChange(id) => {
            fill(m.mod_unknown_change, &[("id", &id.to_string())])
        }
        ModerationError::Conflict { id, later } => {
            let later: Vec<String> = later.iter().map(|l| format!("#{l}")).collect();
            fill(
                m.mod_conflict,
                &[("id", &id.to_string()), ("later", &later.join(", "))],
            )
        }
    };
    Reply::notice(ReplyKind::Problem, m.mod_refused_title, body)
}

/// A list of changes, newest first.
pub fn history(entries: &[Entry], lang: Lang) -> Reply {
    let m = lang.messages();
    let mut body = RichText::default();
    if entries.is_empty() {
        body.push(m.mod_history_empty, false);
    }
    for entry in entries {
        body.push(&format!("#{}", entry.id), true);
        body.push(
            &format!(" · {} · {} · {}\n", entry.at, entry.who, entry.what),
            false,
        );
        for line in &entry.diff {
            body.push(
                &format!("    {}\n", crate::reply::answer::shorten(line, 100)),
                false,
            );
        }
    }
    Reply {
        kind: ReplyKind::Overview,
        title: m.mod_history_title.to_string(),
        body,
        fields: Vec::new(),
        citations: Vec::new(),
        footer: None,
        suggestions: Vec::new(),
    }
}

/// The reply to a non-moderator who tried to change the knowledge.
pub fn not_moderator(lang: Lang) -> Reply {
    let m = lang.messages();
    Reply::notice(ReplyKind::Problem, m.mod_refused_title, m.mod_not_moderator)
}
