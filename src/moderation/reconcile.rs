//! Bringing the audit log and the engine up to what is on disk, under the
//! knowledge lock, before every change and whenever the watcher sees a file
//! change: each knowledge file is compared with the last state the audit log
//! recorded for it (or, for a file the log has never recorded, with what this
//! process read when it started).
//!
//! - Equal: nothing to do. A process's own writes, and another process's
//!   recorded changes, always land here: each is in the log before its file.
//! - The file holds the text from before the last recorded change, and that
//!   change's staged file is still beside it: the process making it died
//!   between the audit entry and the file replace. The change was never
//!   acknowledged, so it is not made after the fact (rolling it forward
//!   would publish what its moderator was never told had been saved, and a
//!   retry of theirs would make it twice); a compensating entry records that
//!   it was not made, so the log ends where the files are. Reverting that
//!   entry makes the change after all.
//! - Anything else: an edit made on disk (by hand, `git pull`, a copy). It is
//!   recorded as one, with its diff and the file before and after, so
//!   `/history` shows it and `/revert` can undo it; only valid knowledge is
//!   recorded, an invalid edit is reported and waits to be fixed.
//!
//! Deciding under the lock against the log means an edit on disk is recorded
//! exactly once however many processes watch the directory. Then the engine
//! takes the knowledge on disk if it differs from what it answers from; an
//! invalid edit keeps the old knowledge and logs each problem at its
//! file:line:column.

use super::ModerationError;
use super::atomic_write;
use super::audit::{Entry, NewEntry};
use super::diff;
use super::transaction::Locked;
use crate::knowledge::{self, Knowledge};

/// Who the audit log names for changes made on disk.
pub const DISK: &str = "disk";
/// Who the audit log names for the entry compensating an interrupted change.
pub const MISSIONBOT: &str = "missionbot";

/// How a knowledge file on disk compares with what the audit log knows.
#[derive(Debug, PartialEq, Eq)]
pub enum Found<'a> {
    /// As last recorded, or with nothing recorded to compare with.
    Unchanged,
    /// The last recorded change never reached the file.
    Interrupted(&'a Entry),
    /// Changed on disk since `before` was recorded.
    EditedOnDisk { before: &'a str },
}

/// Compares a file's text on disk with the last entry for it, what this
/// process saw of it otherwise, and the texts staged beside it.
pub fn compare<'a>(
    disk: &str,
    last: Option<&'a Entry>,
    seen: Option<&'a str>,
    staged: &[String],
) -> Found<'a> {
    let Some(before) = last.map(|e| e.file_after.as_str()).or(seen) else {
        return Found::Unchanged;
    };
    if before == disk {
        return Found::Unchanged;
    }
    match last {
        Some(entry) if entry.file_before == disk && staged.contains(&entry.file_after) => {
            Found::Interrupted(entry)
        }
        _ => Found::EditedOnDisk { before },
    }
}

impl Locked<'_> {
    /// Reconciles every knowledge file, then gives the engine the knowledge
    /// on disk. Fails only when the audit log cannot be read or written.
    pub fn reconcile(&mut self) -> Result<(), ModerationError> {
        let entries = self.editor.store.audit.entries()?;
        let mut reconciled: Vec<(&str, String)> = Vec::new();
        for file in knowledge::FILES {
            if let Some(text) = self.reconcile_file(file, &entries)? {
                reconciled.push((file, text));
            }
        }
        // The knowledge of the texts just compared, not the disk read again:
        // a file rewritten meanwhile is taken in only once it is recorded.
        let texts: Vec<(&str, &str)> = reconciled.iter().map(|(f, t)| (*f, t.as_str())).collect();
        self.take_in_disk(&texts);
        Ok(())
    }

    /// Reconciles one file; returns the text compared (`None` when it
    /// cannot be read, or is the optional glossary and missing).
    fn reconcile_file(
        &mut self,
        file: &'static str,
        entries: &[Entry],
    ) -> Result<Option<String>, ModerationError> {
        let leftovers = atomic_write::leftovers(&self.disk.path(file));
        let staged: Vec<String> = leftovers
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        // Nobody else writes while the lock is held: what is staged is stale.
        for path in &leftovers {
            if let Err(error) = std::fs::remove_file(path) {
                tracing::warn!(%error, path = %path.display(), "cannot remove a stale staged file");
            }
        }
        let Ok(disk) = self.disk.text(file) else {
            // Unreadable (not UTF-8, missing): reported when the knowledge loads.
            return Ok(None);
        };
        let compared = (self.disk.path(file).exists()).then(|| disk.clone());
        let last = entries.iter().rev().find(|e| e.file == file);
        let seen = self.seen.get(file).cloned();
        match compare(&disk, last, seen.as_deref(), &staged) {
            Found::Unchanged => {
                self.seen.insert(file.to_string(), disk);
            }
            Found::Interrupted(entry) => {
                let new = NewEntry {
                    who: MISSIONBOT.to_string(),
                    what: format!("not made: change {} was interrupted", entry.id),
                    reverts: Some(entry.id),
                    ..self.describe(file, &entry.file_after, &disk)
                };
                let recorded = self.record(new)?;
                tracing::warn!(
                    change = entry.id,
                    compensation = recorded.id,
                    file,
                    "a change was interrupted before its file was written; recorded as not made"
                );
            }
            Found::EditedOnDisk { before } => {
                if self.disk.with(file, &disk).is_err() {
                    // Reported by `take_in_disk`; recorded once it is fixed.
                    return Ok(compared);
                }
                let new = NewEntry {
                    who: DISK.to_string(),
                    what: format!("edit on disk: {file}"),
                    reverts: None,
                    ..self.describe(file, before, &disk)
                };
                let recorded = self.record(new)?;
                tracing::info!(
                    change = recorded.id,
                    file,
                    "an edit made on disk was recorded"
                );
            }
        }
        Ok(compared)
    }

    /// An entry for `file` going from `before` to `after` (the rest of the
    /// knowledge as on disk), its diff shown as far as both sides load.
    fn describe(&self, file: &str, before: &str, after: &str) -> NewEntry {
        let sides = (self.disk.with(file, before), self.disk.with(file, after));
        let (passages, lines) = match sides {
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
            file: file.to_string(),
            file_before: before.to_string(),
            file_after: after.to_string(),
            reverts: None,
        }
    }

    /// Gives the engine the knowledge on disk when it differs from what it
    /// answers from; an invalid knowledge base keeps the old one.
    fn take_in_disk(&self, texts: &[(&str, &str)]) {
        let on_disk =
            knowledge::load_with(self.disk.dir(), texts).map_err(ModerationError::Unreadable);
        match on_disk {
            Ok(on_disk) => {
                if *self.editor.engine().knowledge() != on_disk {
                    self.take(on_disk);
                }
            }
            Err(ModerationError::Unreadable(problems)) => {
                for problem in &problems.0 {
                    tracing::warn!(%problem, "the knowledge on disk is invalid; answering from the knowledge loaded before");
                }
            }
            Err(error) => tracing::warn!(%error, "cannot read the knowledge on disk"),
        }
    }

    fn take(&self, on_disk: Knowledge) {
        match self.editor.engine().replace_knowledge(on_disk) {
            Ok(()) => tracing::info!("knowledge reloaded from disk"),
            Err(error) => {
                tracing::error!(%error, "the index could not take the knowledge on disk yet")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(before: &str, after: &str) -> Entry {
        Entry {
            id: 4,
            at: "2025-01-01T00:00:00Z".into(),
            who: "console:test".into(),
            what: "edit-point 1".into(),
            passages: Vec::new(),
            diff: Vec::new(),
            file: knowledge::STRATEGY_FILE.into(),
            file_before: before.into(),
            file_after: after.into(),
            reverts: None,
        }
    }

    #[test]
    fn the_disk_is_compared_with_the_last_record() {
        let last = entry("A", "B");
        let staged_b = ["B".to_string()];
        assert_eq!(compare("B", Some(&last), None, &[]), Found::Unchanged);
        assert_eq!(
            compare("A", Some(&last), None, &staged_b),
            Found::Interrupted(&last)
        );
        // The old text back without a staged file: someone restored it by hand.
        assert_eq!(
            compare("A", Some(&last), None, &[]),
            Found::EditedOnDisk { before: "B" }
        );
        assert_eq!(
            compare("C", Some(&last), Some("A"), &staged_b),
            Found::EditedOnDisk { before: "B" }
        );
        // Nothing recorded for the file: what the process saw is the baseline.
        assert_eq!(compare("A", None, Some("A"), &[]), Found::Unchanged);
        assert_eq!(
            compare("C", None, Some("A"), &[]),
            Found::EditedOnDisk { before: "A" }
        );
        assert_eq!(compare("C", None, None, &[]), Found::Unchanged);
    }
}
