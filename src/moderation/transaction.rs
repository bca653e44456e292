//! The one path every change to the knowledge on disk takes, whoever makes it
//! (a moderator's edit or revert, an edit made on disk being recorded, and
//! any kind added later): the knowledge directory is locked across processes
//! ([`LOCK_FILE`]), the files are read again under the lock, what changed on
//! disk since the last record is reconciled first (`reconcile`), and only
//! then is the change validated, staged beside its file, recorded in the
//! audit log (fsynced), put in place and swapped into the engine, all before
//! the lock is released. So audit ids stay sequential across processes, a
//! change is never based on files another process has since replaced, and a
//! change is in the audit log before it is live.

use std::path::Path;
use std::sync::MutexGuard;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::ModerationError;
use super::atomic_write;
use super::audit::{Entry, NewEntry};
use super::diff;
use super::editor::{Editor, Seen};
use crate::diagnostic::{Diagnostics, read_text};
use crate::dir_lock::{DirLock, Mode};
use crate::knowledge::{self, Knowledge};

/// The lock file in the knowledge directory.
pub const LOCK_FILE: &str = ".missionbot.lock";

/// Longest wait for another process's change (each takes milliseconds).
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Set to `after-audit`, a change stops for good between its audit entry and
/// putting its file in place, after saying so on stderr: how the tests kill a
/// process at the one moment a crash could leave the log ahead of the files.
pub const PAUSE_VAR: &str = "MISSIONBOT_TEST_PAUSE";
/// What the paused process prints on stderr.
pub const PAUSED: &str = "paused between the audit entry and the file";

/// The knowledge files as they are on disk now.
pub struct Disk<'a> {
    dir: &'a Path,
}

impl<'a> Disk<'a> {
    pub fn new(dir: &'a Path) -> Self {
        Self { dir }
    }

    pub fn dir(&self) -> &Path {
        self.dir
    }

    pub fn path(&self, file: &str) -> std::path::PathBuf {
        self.dir.join(file)
    }

    /// One file's text; the optional glossary reads as empty when missing.
    pub fn text(&self, file: &str) -> Result<String, ModerationError> {
        let path = self.path(file);
        if file == knowledge::SYNONYMS_FILE && !path.exists() {
            return Ok(String::new());
        }
        read_text(&path).map_err(|d| ModerationError::Unreadable(Diagnostics(vec![d])))
    }

    /// The knowledge as it is on disk.
    pub fn knowledge(&self) -> Result<Knowledge, ModerationError> {
        knowledge::load(self.dir).map_err(ModerationError::Unreadable)
    }

    /// The knowledge as it would be with `file` holding `text`.
    pub fn with(&self, file: &str, text: &str) -> Result<Knowledge, ModerationError> {
        knowledge::load_with(self.dir, &[(file, text)]).map_err(ModerationError::Invalid)
    }

    /// A digest of every knowledge file's bytes: what a preview was based on,
    /// so any change on disk since (a comment too) makes it stale.
    pub fn fingerprint(&self) -> Result<String, ModerationError> {
        let mut hasher = Sha256::new();
        for file in knowledge::FILES {
            hasher.update(file.as_bytes());
            hasher.update([0]);
            hasher.update(self.text(file)?.as_bytes());
            hasher.update([0]);
        }
        Ok(hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }
}

/// A change to make: one knowledge file's new text, and how the audit log
/// names it.
pub struct Change {
    pub who: String,
    pub what: String,
    pub file: String,
    pub file_after: String,
    pub reverts: Option<u64>,
}

/// The knowledge directory held by this process, for one change.
pub struct Locked<'a> {
    pub editor: &'a Editor,
    pub disk: Disk<'a>,
    pub seen: MutexGuard<'a, Seen>,
    _lock: DirLock,
}

impl Editor {
    /// Runs `work` with the knowledge directory held: serialized in this
    /// process and locked across processes, after reconciling the disk with
    /// the audit log. A lock another process holds for longer than a short
    /// wait refuses the change ([`ModerationError::Busy`]).
    pub(super) fn transact<T>(
        &self,
        work: impl FnOnce(&mut Locked<'_>) -> Result<T, ModerationError>,
    ) -> Result<T, ModerationError> {
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let dir = &self.store.knowledge_dir;
        let lock = DirLock::acquire(dir, LOCK_FILE, Mode::Exclusive, LOCK_WAIT)?;
        let mut locked = Locked {
            editor: self,
            disk: Disk::new(dir),
            seen,
            _lock: lock,
        };
        locked.reconcile()?;
        work(&mut locked)
    }
}

impl Locked<'_> {
    /// Makes `change`: validated as the whole knowledge it would make, staged
    /// beside its file, recorded in the audit log, put in place, swapped into
    /// the engine. Returns the audit entry once all of that is done.
    pub fn commit(&mut self, change: Change) -> Result<Entry, ModerationError> {
        let current = self.disk.knowledge()?;
        let file_before = self.disk.text(&change.file)?;
        let next = self.disk.with(&change.file, &change.file_after)?;
        let shown = diff::between(&current, &next);
        let entry = NewEntry {
            who: change.who,
            what: change.what,
            passages: diff::passages_in(&current, &next, &shown),
            diff: shown.to_string().lines().map(str::to_string).collect(),
            file: change.file,
            file_before,
            file_after: change.file_after,
            reverts: change.reverts,
        };
        let path = self.disk.path(&entry.file);
        let staged = atomic_write::stage(&path, entry.file_after.as_bytes())
            .map_err(ModerationError::Write)?;
        // If this fails, `staged` is dropped and removed: nothing changed.
        let recorded = self.editor.store.audit.append(entry)?;
        if self.editor.pause_after_audit {
            pause();
        }
        if let Err(error) = staged.commit() {
            // The file is as it was: take the entry back so the log never
            // records a change that did not happen.
            if let Err(retract) = self.editor.store.audit.retract(&recorded) {
                tracing::error!(%retract, change = recorded.id, "cannot take back the audit entry of a change not made");
            }
            return Err(ModerationError::Write(error));
        }
        self.seen
            .insert(recorded.file.clone(), recorded.file_after.clone());
        self.swap(next, recorded.id);
        tracing::info!(change = recorded.id, what = %recorded.what, who = %recorded.who, "knowledge changed");
        Ok(recorded)
    }

    /// Records a change already on disk (or one that never reached it) in the
    /// audit log, without touching the knowledge files.
    pub fn record(&mut self, entry: NewEntry) -> Result<Entry, ModerationError> {
        let recorded = self.editor.store.audit.append(entry)?;
        self.seen
            .insert(recorded.file.clone(), recorded.file_after.clone());
        Ok(recorded)
    }

    /// Makes `knowledge` the engine's. The change is on disk and recorded
    /// whatever happens here; a failed index update only delays it to the
    /// next change or start.
    pub fn swap(&self, knowledge: Knowledge, change: u64) {
        if let Err(error) = self.editor.engine().replace_knowledge(knowledge) {
            tracing::error!(%error, change, "the index could not take the change yet");
        }
    }
}

/// Stops this process's change for good (see [`PAUSE_VAR`]).
fn pause() -> ! {
    eprintln!("missionbot: {PAUSED} ({PAUSE_VAR})");
    loop {
        std::thread::park();
    }
}
