//! The replies moderators get: previews, confirmations, refusals and history,
//! in their language, as transport-independent [`Reply`] values. A change is
//! named as people say it ([`What`]), never by the audit log's `what`.

use super::what::What;
use super::{ModerationError, Preview};
use crate::knowledge::edit::EditError;
use crate::moderation::Entry;
use crate::reply::Lang;
use crate::reply::{Reply, ReplyKind, RichText};
use crate::tr;

/// The preview a moderator confirms: removed lines, then added ones.
pub fn preview(preview: &Preview, lang: Lang) -> Reply {
    let mut body = RichText::default();
    if preview.diff.lines.is_empty() {
        body.push(&tr!(lang, "mod-preview-empty"), false);
    }
    for line in preview.diff.to_string().lines() {
        // Added and moved lines stand out; removed ones stay plain.
        body.push(line, line.starts_with(['+', '~']));
        body.push("\n", false);
    }
    Reply {
        kind: ReplyKind::Overview,
        title: tr!(
            lang,
            "mod-preview-title",
            change = What::of(&preview.edit).words(lang)
        ),
        body,
        fields: Vec::new(),
        citations: Vec::new(),
        footer: Some(tr!(lang, "mod-confirm")),
        suggestions: Vec::new(),
    }
}

/// The confirmation once a change is saved, what it did in the footer.
pub fn saved(entry: &Entry, lang: Lang) -> Reply {
    let mut reply = Reply::notice(
        ReplyKind::Overview,
        tr!(lang, "mod-saved-title", id = entry.id),
        tr!(lang, "mod-saved", id = entry.id),
    );
    reply.footer = Some(sentence(&What::parse(&entry.what).words(lang)));
    reply
}

/// `text` with its first letter in upper case, to stand alone.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Why a change was not made, in the moderator's language.
pub fn refused(error: &ModerationError, lang: Lang) -> Reply {
    let body = match error {
        ModerationError::Edit(edit) => match edit {
            EditError::NoSuchPoint { number, count } => {
                tr!(lang, "no-such-point", n = number, max = count)
            }
            EditError::NoSuchAim { number, count } => {
                tr!(lang, "mod-no-such-aim", n = number, max = count)
            }
            EditError::BadPosition { max } => tr!(lang, "mod-bad-position", max = max),
            EditError::EmptyText => tr!(lang, "mod-empty-text"),
            EditError::TooLong { max } => tr!(lang, "mod-too-long", max = max),
            EditError::LastPoint => tr!(lang, "mod-last-point"),
            EditError::BadSynonym => tr!(lang, "mod-bad-synonym"),
            EditError::Unreadable { .. } => tr!(lang, "mod-invalid", why = edit.to_string()),
        },
        ModerationError::Stale => tr!(lang, "mod-stale"),
        ModerationError::Busy => tr!(lang, "mod-busy"),
        ModerationError::Unavailable(_) => tr!(lang, "mod-unavailable"),
        ModerationError::Invalid(problems) | ModerationError::Unreadable(problems) => {
            tr!(lang, "mod-invalid", why = problems.to_string())
        }
        ModerationError::ReadOnly => tr!(lang, "mod-read-only"),
        ModerationError::Write(why) => tr!(lang, "mod-write-failed", why = why.to_string()),
        ModerationError::Store(why) => tr!(lang, "mod-write-failed", why = why.to_string()),
        ModerationError::Search(why) => tr!(lang, "mod-write-failed", why = why.to_string()),
        ModerationError::UnknownChange(id) => tr!(lang, "mod-unknown-change", id = id),
        ModerationError::Conflict { id, later } => {
            let listed: Vec<String> = later.iter().map(|l| format!("#{l}")).collect();
            tr!(
                lang,
                "mod-conflict",
                id = id,
                later = listed.join(", "),
                count = later.len()
            )
        }
    };
    Reply::notice(ReplyKind::Problem, tr!(lang, "mod-refused-title"), body)
}

/// A list of changes, newest first.
pub fn history(entries: &[Entry], lang: Lang) -> Reply {
    let mut body = RichText::default();
    if entries.is_empty() {
        body.push(&tr!(lang, "mod-history-empty"), false);
    }
    for entry in entries {
        body.push(&format!("#{}", entry.id), true);
        body.push(
            &format!(
                " · {} · {} · {}\n",
                entry.at,
                entry.who,
                What::parse(&entry.what).words(lang)
            ),
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
        title: tr!(lang, "mod-history-title"),
        body,
        fields: Vec::new(),
        citations: Vec::new(),
        footer: None,
        suggestions: Vec::new(),
    }
}

/// The reply to a non-moderator who tried to change the knowledge.
pub fn not_moderator(lang: Lang) -> Reply {
    Reply::notice(
        ReplyKind::Problem,
        tr!(lang, "mod-refused-title"),
        tr!(lang, "mod-not-moderator"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64, what: &str) -> Entry {
        Entry {
            id,
            at: "2026-05-01T10:00:00Z".into(),
            who: "console:eva".into(),
            what: what.into(),
            passages: Vec::new(),
            diff: Vec::new(),
            files: Vec::new(),
            reverts: None,
        }
    }

    #[test]
    fn saved_changes_and_the_history_name_changes_in_words() {
        let saved = saved(&entry(3, "add-question strategy-13"), Lang::SK);
        assert_eq!(saved.title, "Zmena #3 uložená");
        assert_eq!(saved.footer.as_deref(), Some("Nová otázka k bodu 13"));
        let listed = history(
            &[entry(5, "revert 4"), entry(4, "remove-point 2")],
            Lang::EN,
        );
        assert_eq!(
            listed.body.to_plain(),
            "#5 · 2026-05-01T10:00:00Z · console:eva · undoing change #4\n\
             #4 · 2026-05-01T10:00:00Z · console:eva · removing point 2\n"
        );
    }

    #[test]
    fn a_conflict_names_one_later_change_or_several() {
        let one = refused(
            &ModerationError::Conflict {
                id: 2,
                later: vec![5],
            },
            Lang::EN,
        );
        assert!(
            one.body
                .to_plain()
                .contains("change #5 changed the same text since; revert that first"),
            "{}",
            one.body.to_plain()
        );
        let two = refused(
            &ModerationError::Conflict {
                id: 2,
                later: vec![5, 6],
            },
            Lang::SK,
        );
        assert!(
            two.body
                .to_plain()
                .ends_with("zmenili zmeny #5, #6; vráťte najprv tie."),
            "{}",
            two.body.to_plain()
        );
    }
}
