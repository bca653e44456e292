//! The one way a change is made, whoever makes it (a moderator's edit or
//! revert, an import, and any kind added later): inside a store
//! transaction, the knowledge the new texts would make is validated whole,
//! its diff computed, and the store records and writes it. The engine takes
//! the new knowledge only after the store returned (the editor's part).

use std::path::Path;

use super::ModerationError;
use crate::knowledge::{self, Knowledge, Texts, diff};
use crate::store::knowledge::{Change, Entry, FileChange, NewEntry, Transaction};

/// A change to make: new texts for some files, and how the audit log names it.
pub struct Proposed {
    pub who: String,
    pub what: String,
    pub files: Vec<(String, String)>,
    pub reverts: Option<u64>,
}

/// The knowledge the stored texts make; files that cannot be read or are
/// invalid make it unreadable.
pub fn current(location: &Path, texts: &Texts) -> Result<Knowledge, ModerationError> {
    knowledge::from_texts(location, texts).map_err(ModerationError::Unreadable)
}

/// One stored file's text, for an edit to start from: the optional
/// glossary reads as empty when missing; any other file missing or
/// unreadable makes the knowledge unreadable.
pub fn file_text<'a>(
    location: &Path,
    texts: &'a Texts,
    file: &str,
) -> Result<&'a str, ModerationError> {
    match texts.get(file) {
        Some(text) => Ok(text),
        None if file == knowledge::SYNONYMS_FILE && texts.unreadable().is_empty() => Ok(""),
        None => Err(match knowledge::from_texts(location, texts) {
            Err(problems) => ModerationError::Unreadable(problems),
            Ok(_) => ModerationError::Unreadable(crate::diagnostic::Diagnostics(vec![
                crate::diagnostic::Diagnostic::file(&location.join(file), "missing"),
            ])),
        }),
    }
}

/// The knowledge `texts` would make with `files` replaced: invalid is a
/// refusal, with every problem located.
pub fn next(
    location: &Path,
    texts: &Texts,
    files: &[(String, String)],
) -> Result<(Texts, Knowledge), ModerationError> {
    let mut next = texts.clone();
    for (file, text) in files {
        next.insert(file, text.clone());
    }
    let knowledge = knowledge::from_texts(location, &next).map_err(ModerationError::Invalid)?;
    Ok((next, knowledge))
}

/// Makes `proposed` in `tx`: validated as the whole knowledge it would make,
/// recorded and written. Returns its entry and the new knowledge, for the
/// engine.
pub fn commit(
    tx: &mut dyn Transaction,
    location: &Path,
    proposed: Proposed,
) -> Result<(Entry, Knowledge), ModerationError> {
    let (_, after) = next(location, tx.texts(), &proposed.files)?;
    // A change to knowledge that does not load (none yet, or broken) is
    // an import: everything it makes is new.
    let (shown, passages) = match current(location, tx.texts()) {
        Ok(before) => {
            let shown = diff::between(&before, &after);
            let passages = diff::passages_in(&before, &after, &shown);
            (shown, passages)
        }
        Err(_) => (
            diff::all_new(&after),
            after.passages().iter().map(|p| p.id.to_string()).collect(),
        ),
    };
    let entry = tx.commit(Change {
        passages,
        diff: shown.to_string().lines().map(str::to_string).collect(),
        who: proposed.who,
        what: proposed.what,
        files: proposed.files,
        reverts: proposed.reverts,
    })?;
    Ok((entry, after))
}

/// An entry for `file` going from `before` to `after` (the rest of the
/// knowledge as stored), its diff shown as far as both sides load.
pub fn describe(location: &Path, texts: &Texts, file: &str, before: &str, after: &str) -> NewEntry {
    let side = |text: &str| knowledge::from_texts(location, &texts.with(file, text));
    let (passages, lines) = match (side(before), side(after)) {
        (Ok(old), Ok(new)) => {
            let shown = diff::between(&old, &new);
            let lines = shown.to_string().lines().map(str::to_string).collect();
            (diff::passages_in(&old, &new, &shown), lines)
        }
        _ => (Vec::new(), Vec::new()),
    };
    NewEntry {
        who: String::new(),
        what: String::new(),
        passages,
        diff: lines,
        files: vec![FileChange::between(file, before, after)],
        reverts: None,
    }
}
