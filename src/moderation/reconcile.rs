//! Bringing the audit log and the engine up to the stored texts, at the
//! start of every transaction (before every change, and whenever the
//! watcher hears of an edit): what the store reports as drifted from its
//! record ([`Drift`]) is recorded, then the engine takes the stored
//! knowledge if it differs from what it answers from.
//!
//! - An interrupted change (its process died between the audit entry and
//!   the file) was never acknowledged, so it is not made after the fact
//!   (rolling it forward would publish what its moderator was never told had
//!   been saved, and a retry of theirs would make it twice): a compensating
//!   entry records that it was not made, so the log ends where the files
//!   are. Reverting that entry makes the change after all.
//! - An edit made on disk is recorded as one (who: `disk`), with its diff
//!   and the file before and after, so `/history` shows it and `/revert`
//!   can undo it; only valid knowledge is recorded, an invalid edit is
//!   reported at file:line:column and waits to be fixed, the engine keeping
//!   the knowledge it had.

use std::path::Path;

use super::ModerationError;
use super::change;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::knowledge::Knowledge;
use crate::store::knowledge::{Drift, NewEntry, Transaction};

/// Who the audit log names for changes made on disk.
pub const DISK: &str = "disk";
/// Who the audit log names for the entry compensating an interrupted change.
pub const MISSIONBOT: &str = "missionbot";

/// What the stored knowledge is, once what drifted is recorded.
#[derive(Debug)]
pub enum Stored {
    /// What is being answered from.
    Same,
    /// Other than what is being answered from: to take.
    Other(Box<Knowledge>),
    /// Invalid (an edit on disk waiting to be fixed): the knowledge loaded
    /// before stays.
    Invalid(Diagnostics),
}

/// Records what drifted in `tx`, then says how the stored knowledge stands
/// against what is `answering` (none: any valid knowledge is other). Fails
/// only when the audit log cannot be read or written.
pub fn reconcile(
    tx: &mut dyn Transaction,
    location: &Path,
    answering: Option<&Knowledge>,
) -> Result<Stored, ModerationError> {
    for drift in tx.drift()? {
        match drift {
            Drift::Interrupted {
                entry,
                file,
                intended,
                now,
            } => {
                let new = NewEntry {
                    who: MISSIONBOT.to_string(),
                    what: format!("not made: change {} was interrupted", entry.id),
                    reverts: Some(entry.id),
                    ..change::describe(location, tx.texts(), &file, &intended, &now)
                };
                let recorded = tx.record(new)?;
                tracing::warn!(
                    change = entry.id,
                    compensation = recorded.id,
                    file,
                    "a change was interrupted before its file was written; recorded as not made"
                );
            }
            Drift::Edited { file, before, now } => {
                if change::next(location, tx.texts(), &[(file.clone(), now.clone())]).is_err() {
                    // Reported below; recorded once it is fixed.
                    continue;
                }
                // What it held before is not known when the record of it was
                // lost: the edit is recorded from nothing (and cannot be
                // reverted to what it was).
                let new = NewEntry {
                    who: DISK.to_string(),
                    what: format!("edit on disk: {file}"),
                    reverts: None,
                    ..change::describe(
                        location,
                        tx.texts(),
                        &file,
                        before.as_deref().unwrap_or_default(),
                        &now,
                    )
                };
                let recorded = tx.record(new)?;
                tracing::info!(
                    change = recorded.id,
                    file,
                    "an edit made on disk was recorded"
                );
            }
        }
    }
    Ok(match change::current(location, tx.texts()) {
        Ok(stored) if answering == Some(&stored) => Stored::Same,
        Ok(stored) => Stored::Other(Box::new(stored)),
        Err(ModerationError::Unreadable(problems)) => Stored::Invalid(problems),
        Err(other) => Stored::Invalid(Diagnostics(vec![Diagnostic::file(
            location,
            other.to_string(),
        )])),
    })
}
