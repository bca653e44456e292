//! The knowledge as files in a directory (the default store): the TOML
//! texts, a lock file that serializes changes across every process on the
//! directory, the append-only audit log (`audit`), crash-safe replacement of
//! a file in two steps (`atomic_write`) and watching the directory for edits
//! made by hand (`watch`).
//!
//! A change is staged beside its file, recorded in the audit log (fsynced),
//! and only then renamed over the file; a process killed in between leaves
//! its staged file behind, which the next transaction reports as an
//! interrupted change ([`Drift::Interrupted`]). A file that differs from
//! what the log (or, for a file the log never recorded, this process) last
//! saw was edited on disk ([`Drift::Edited`]). Deciding that under the lock,
//! against the log, means an edit on disk is found exactly once however many
//! processes watch the directory.

pub mod atomic_write;
pub mod audit;
mod watch;

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use audit::AuditLog;

use crate::diagnostic::Diagnostics;
use crate::dir_lock::{DirLock, LockError, Mode};
use crate::knowledge;
use crate::store::knowledge::{
    Change, Drift, Entry, KnowledgeStore, NewEntry, StoreError, Texts, Transaction, Watching,
};

/// The lock file in the knowledge directory.
pub const LOCK_FILE: &str = ".missionbot.lock";

/// Longest wait for another process's change (each takes milliseconds).
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// What a test makes a change do at the one moment a crash could leave the
/// audit log ahead of the files: after the entry is durable, before the file
/// is replaced. Production code sets none.
#[derive(Clone, Default)]
pub struct Hooks {
    pub after_audit: Option<Arc<dyn Fn() + Send + Sync>>,
}

/// The text this process last saw of each knowledge file the audit log has
/// not recorded yet: the baseline an edit on disk is measured against.
type Seen = HashMap<String, String>;

/// The knowledge files in one directory, with their audit log.
pub struct FileStore {
    dir: PathBuf,
    audit: AuditLog,
    /// Serializes this process's transactions (the lock file serializes
    /// processes), and holds what it saw of each file.
    seen: Mutex<Seen>,
    hooks: Hooks,
}

impl FileStore {
    pub fn new(dir: PathBuf, audit_log: PathBuf) -> Self {
        Self::with_hooks(dir, audit_log, Hooks::default())
    }

    pub fn with_hooks(dir: PathBuf, audit_log: PathBuf, hooks: Hooks) -> Self {
        Self {
            dir,
            audit: AuditLog::new(audit_log),
            seen: Mutex::new(Seen::new()),
            hooks,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl KnowledgeStore for FileStore {
    fn location(&self) -> &Path {
        &self.dir
    }

    fn read(&self) -> Result<Texts, Diagnostics> {
        Texts::read(&self.dir)
    }

    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StoreError> {
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let lock = DirLock::acquire(&self.dir, LOCK_FILE, Mode::Exclusive, LOCK_WAIT).map_err(
            |error| match error {
                LockError::Busy { .. } => StoreError::Busy,
                LockError::Io { source, .. } if is_read_only(&source) => {
                    StoreError::ReadOnly(source)
                }
                LockError::Io { source, .. } => StoreError::Write(source),
            },
        )?;
        // The directory exists now (the lock made it), so this reads.
        let texts = Texts::read(&self.dir).unwrap_or_default();
        Ok(Box::new(FileTransaction {
            store: self,
            seen,
            texts,
            _lock: lock,
        }))
    }

    fn history(&self, passage: Option<&str>, limit: usize) -> Result<Vec<Entry>, StoreError> {
        let mut entries = self.audit.entries()?;
        if let Some(id) = passage {
            entries.retain(|e| e.passages.iter().any(|p| p == id));
        }
        entries.reverse();
        entries.truncate(limit);
        Ok(entries)
    }

    fn watch(&self, changed: Box<dyn Fn() + Send + Sync>) -> Result<Watching, StoreError> {
        watch::watch(&self.dir, changed)
    }
}

/// Whether a failure to open the lock file means the directory is not
/// writable (so nobody changes it through this process).
fn is_read_only(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// The directory held by this process for one change.
struct FileTransaction<'a> {
    store: &'a FileStore,
    seen: MutexGuard<'a, Seen>,
    texts: Texts,
    _lock: DirLock,
}

impl Transaction for FileTransaction<'_> {
    fn texts(&self) -> &Texts {
        &self.texts
    }

    fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        self.store.audit.entries()
    }

    fn drift(&mut self) -> Result<Vec<Drift>, StoreError> {
        let entries = self.store.audit.entries()?;
        let mut drifted = Vec::new();
        for file in knowledge::FILES {
            let path = self.store.dir.join(file);
            let leftovers = atomic_write::leftovers(&path);
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
            // Unreadable or missing: reported when the knowledge loads.
            let Some(now) = self.texts.get(file) else {
                continue;
            };
            let last = entries.iter().rev().find(|e| e.file == file);
            let seen = self.seen.get(file).map(String::as_str);
            match compare(now, last, seen, &staged) {
                Found::Unchanged => {
                    self.seen.insert(file.to_string(), now.to_string());
                }
                Found::Interrupted(entry) => drifted.push(Drift::Interrupted {
                    entry: entry.clone(),
                    file: file.to_string(),
                    now: now.to_string(),
                }),
                Found::EditedOnDisk { before } => drifted.push(Drift::Edited {
                    file: file.to_string(),
                    before: before.to_string(),
                    now: now.to_string(),
                }),
            }
        }
        Ok(drifted)
    }

    fn record(&mut self, entry: NewEntry) -> Result<Entry, StoreError> {
        let recorded = self.store.audit.append(entry)?;
        self.seen
            .insert(recorded.file.clone(), recorded.file_after.clone());
        Ok(recorded)
    }

    fn commit(&mut self, change: Change) -> Result<Vec<Entry>, StoreError> {
        // Every file staged first: a failure here changes nothing.
        let mut staged = Vec::with_capacity(change.files.len());
        for (file, after) in &change.files {
            let path = self.store.dir.join(file);
            staged.push(atomic_write::stage(&path, after.as_bytes()).map_err(StoreError::Write)?);
        }
        let mut recorded = Vec::with_capacity(change.files.len());
        for (file, after) in &change.files {
            let entry = NewEntry {
                who: change.who.clone(),
                what: change.what.clone(),
                passages: change.passages.clone(),
                diff: change.diff.clone(),
                file: file.clone(),
                file_before: self.texts.get(file).unwrap_or_default().to_string(),
                file_after: after.clone(),
                reverts: change.reverts,
            };
            match self.store.audit.append(entry) {
                Ok(entry) => recorded.push(entry),
                Err(error) => {
                    self.retract(&recorded);
                    return Err(error);
                }
            }
        }
        if let Some(hook) = &self.store.hooks.after_audit {
            hook();
        }
        for (done, staged) in staged.into_iter().enumerate() {
            if let Err(error) = staged.commit() {
                // These files are as they were: take their entries back so the
                // log never records a change that did not happen.
                self.retract(&recorded[done..]);
                recorded.truncate(done);
                self.take(&recorded);
                if done > 0 {
                    tracing::error!(%error, files = done, "a change was only partly made");
                }
                return Err(StoreError::Write(error));
            }
        }
        self.take(&recorded);
        Ok(recorded)
    }
}

impl FileTransaction<'_> {
    /// Takes back entries of files that were not replaced, newest first.
    fn retract(&self, entries: &[Entry]) {
        for entry in entries.iter().rev() {
            if let Err(retract) = self.store.audit.retract(entry) {
                tracing::error!(%retract, change = entry.id, "cannot take back the audit entry of a change not made");
            }
        }
    }

    /// The files now hold what these entries recorded.
    fn take(&mut self, entries: &[Entry]) {
        for entry in entries {
            self.seen
                .insert(entry.file.clone(), entry.file_after.clone());
            self.texts.insert(&entry.file, entry.file_after.clone());
        }
    }
}

/// How a knowledge file on disk compares with what the audit log knows.
#[derive(Debug, PartialEq, Eq)]
enum Found<'a> {
    /// As last recorded, or with nothing recorded to compare with.
    Unchanged,
    /// The last recorded change never reached the file.
    Interrupted(&'a Entry),
    /// Changed on disk since `before` was recorded.
    EditedOnDisk { before: &'a str },
}

/// Compares a file's text on disk with the last entry for it, what this
/// process saw of it otherwise, and the texts staged beside it.
///
/// - Equal: nothing to do. A process's own writes, and another process's
///   recorded changes, always land here: each is in the log before its file.
/// - The file holds the text from before the last recorded change, and that
///   change's staged file is still beside it: the process making it died
///   between the audit entry and the file replace.
/// - Anything else: an edit made on disk.
fn compare<'a>(
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
