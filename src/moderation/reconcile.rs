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
use crate::knowledge::Knowledge;
use crate::store::knowledge::{Drift, NewEntry, Transaction};

/// Who the audit log names for changes made on disk.
pub const DISK: &str = "disk";
/// Who the audit log names for the entry compensating an interrupted change.
pub const MISSIONBOT: &str = "missionbot";

/// Records what drifted in `tx`, then returns the stored knowledge when it
/// differs from what is `answering` (none: any valid knowledge; `None`
/// back: nothing to take, or it is invalid, which is logged). Fails only
/// when the audit log cannot be read or written.
pub fn reconcile(
    tx: &mut dyn Transaction,
    location: &Path,
    answering: Option<&Knowledge>,
) -> Result<Option<Knowledge>, ModerationError> {
    for drift in tx.drift()? {
        match drift {
            Drift::Interrupted { entry, file, now } => {
                let new = NewEntry {
                    who: MISSIONBOT.to_string(),
                    what: format!("not made: change {} was interrupted", entry.id),
                    reverts: Some(entry.id),
                    ..change::describe(location, tx.texts(), &file, &entry.file_after, &now)
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
                let new = NewEntry {
                    who: DISK.to_string(),
                    what: format!("edit on disk: {file}"),
                    reverts: None,
                    ..change::describe(location, tx.texts(), &file, &before, &now)
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
    match change::current(location, tx.texts()) {
        Ok(stored) => Ok((answering != Some(&stored)).then_some(stored)),
        // Nothing answers from it yet (an import): nothing to warn about.
        Err(_) if answering.is_none() => Ok(None),
        Err(ModerationError::Unreadable(problems)) => {
            for problem in &problems.0 {
                tracing::warn!(%problem, "the knowledge on disk is invalid; answering from the knowledge loaded before");
            }
            Ok(None)
        }
        Err(error) => {
            tracing::warn!(%error, "cannot read the knowledge on disk");
            Ok(None)
        }
    }
}
