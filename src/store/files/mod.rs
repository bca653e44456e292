//! The knowledge as files in a directory (the default store): the TOML
//! texts, a lock file that serializes changes across every process on the
//! directory, the append-only audit log (`audit`), crash-safe replacement of
//! a file in two steps (`atomic_write`), watching the directory for edits
//! made by hand (`watch`), and a consistent copy of it all for a backup
//! (`snapshot`).
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
mod recorded;
pub mod snapshot;
mod watch;

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use audit::AuditLog;
use recorded::{Head, Record};

use crate::diagnostic::Diagnostics;
use crate::dir_lock::{DirLock, LockError, Mode};

use crate::store::knowledge::{
    Change, Drift, Entry, KnowledgeStore, NewEntry, StoreError, Texts, Transaction, Watching,
    digest,
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
    record: Record,
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
            record: Record::beside(&audit_log),
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
        // The record, then what the log holds after it (changes a crash cut
        // short, or the whole log when the record is missing).
        let (head, stale) = match self.record.head() {
            Some(head) => (head, false),
            None => (Head::default(), true),
        };
        let tail = self.audit.since(head.id + 1)?;
        let mut known: BTreeMap<String, Known> = head
            .files
            .iter()
            .map(|(file, digest)| (file.clone(), Known::recorded(digest)))
            .collect();
        let mut last = head.id;
        for logged in &tail {
            last = last.max(logged.entry.id);
            for change in &logged.entry.files {
                known.insert(
                    change.file.clone(),
                    Known {
                        digest: change.after.clone(),
                        text: logged.text_after.clone(),
                        entry: Some(logged.entry.clone()),
                    },
                );
            }
        }
        Ok(Box::new(FileTransaction {
            store: self,
            seen,
            texts,
            known,
            next_id: last + 1,
            stale: stale || !tail.is_empty(),
            _lock: lock,
        }))
    }

    fn history(&self, passage: Option<&str>, limit: usize) -> Result<Vec<Entry>, StoreError> {
        self.audit.history(passage, limit)
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

/// What the audit log last recorded of a file.
#[derive(Debug, Clone)]
struct Known {
    digest: String,
    /// Its text, where it is at hand without reading.
    text: Option<String>,
    /// The entry that recorded it, when that entry is not yet in the record
    /// (a crash may have cut its change short).
    entry: Option<Entry>,
}

impl Known {
    fn recorded(digest: &str) -> Self {
        Self {
            digest: digest.to_string(),
            text: None,
            entry: None,
        }
    }
}

/// The directory held by this process for one change.
struct FileTransaction<'a> {
    store: &'a FileStore,
    seen: MutexGuard<'a, Seen>,
    texts: Texts,
    /// The log's last word on each file it ever recorded.
    known: BTreeMap<String, Known>,
    next_id: u64,
    /// The record lags the log (or is missing): written once this
    /// transaction has taken in what it found.
    stale: bool,
    _lock: DirLock,
}

impl Transaction for FileTransaction<'_> {
    fn texts(&self) -> &Texts {
        &self.texts
    }

    fn since(&self, id: u64) -> Result<Vec<Entry>, StoreError> {
        Ok(self
            .store
            .audit
            .since(id)?
            .into_iter()
            .map(|logged| logged.entry)
            .filter(|entry| entry.id >= id)
            .collect())
    }

    fn drift(&mut self) -> Result<Vec<Drift>, StoreError> {
        let mut drifted = Vec::new();
        // Every file there is, and every file the log knows (one it recorded
        // an edit of may be gone, or only staged).
        let mut files = self.texts.names();
        files.extend(self.known.keys().cloned());
        for file in &files {
            let file = file.as_str();
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
            let Some(now) = self.texts.get(file).map(str::to_string) else {
                continue;
            };
            match self.found(file, &now, &staged) {
                Found::Unchanged => {
                    self.seen.insert(file.to_string(), now);
                }
                Found::Interrupted { entry, intended } => drifted.push(Drift::Interrupted {
                    entry,
                    file: file.to_string(),
                    intended,
                    now,
                }),
                Found::Edited { before } => drifted.push(Drift::Edited {
                    file: file.to_string(),
                    before,
                    now,
                }),
            }
        }
        // Nothing recorded yet, nothing to keep a record of.
        if drifted.is_empty() && self.stale && !self.known.is_empty() {
            self.save(&[]);
        }
        Ok(drifted)
    }

    fn record(&mut self, entry: NewEntry) -> Result<Entry, StoreError> {
        let recorded = self.store.audit.append(self.next_id, entry)?;
        self.next_id = recorded.id + 1;
        // What it records is on disk already: the texts as read.
        let changed: Vec<String> = recorded.files.iter().map(|f| f.file.clone()).collect();
        self.take(&recorded, &changed);
        Ok(recorded)
    }

    fn commit(&mut self, change: Change) -> Result<Entry, StoreError> {
        // Every file staged first: a failure here changes nothing.
        let mut staged = Vec::with_capacity(change.files.len());
        for (file, after) in &change.files {
            let path = self.store.dir.join(file);
            staged.push(atomic_write::stage(&path, after.as_bytes()).map_err(StoreError::Write)?);
        }
        let entry = change.entry(&self.texts);
        let recorded = self.store.audit.append(self.next_id, entry)?;
        if let Some(hook) = &self.store.hooks.after_audit {
            hook();
        }
        for (done, staged) in staged.into_iter().enumerate() {
            if let Err(error) = staged.commit() {
                // The entry goes: the log never records a change that did not
                // happen. Files already in place are found as edits on disk
                // by the next transaction.
                if let Err(retract) = self.store.audit.retract(&recorded) {
                    tracing::error!(%retract, change = recorded.id, "cannot take back the audit entry of a change not made");
                }
                if done > 0 {
                    tracing::error!(%error, files = done, "a change was only partly made");
                }
                return Err(StoreError::Write(error));
            }
        }
        self.next_id = recorded.id + 1;
        for (file, after) in &change.files {
            self.texts.insert(file, after.clone());
        }
        let changed: Vec<String> = change.files.into_iter().map(|(file, _)| file).collect();
        self.take(&recorded, &changed);
        Ok(recorded)
    }
}

impl FileTransaction<'_> {
    /// How `file`, holding `now` on disk, stands against the log's last
    /// word on it, with `staged` the texts left staged beside it.
    fn found(&mut self, file: &str, now: &str, staged: &[String]) -> Found {
        let Some(known) = self.known.get(file).cloned() else {
            // Never recorded: what this process saw of it is the baseline.
            return match self.seen.get(file) {
                Some(seen) if seen != now => Found::Edited {
                    before: Some(seen.clone()),
                },
                _ => Found::Unchanged,
            };
        };
        if known.digest == digest(now) {
            return Found::Unchanged;
        }
        // The file as it was before its last recorded change, and that
        // change's text staged beside it: its process died in between.
        if let Some(entry) = &known.entry
            && let Some(change) = entry.file(file)
            && change.before == digest(now)
            && let Some(intended) = staged.iter().find(|s| digest(s) == change.after)
        {
            return Found::Interrupted {
                entry: entry.clone(),
                intended: intended.clone(),
            };
        }
        Found::Edited {
            before: self.text_of(file, &known),
        }
    }

    /// The text the log last recorded for `file`, from wherever it is at
    /// hand: the entry, the record beside the log, this process's memory.
    fn text_of(&self, file: &str, known: &Known) -> Option<String> {
        known
            .text
            .clone()
            .or_else(|| self.store.record.text(file, &known.digest))
            .or_else(|| {
                self.seen
                    .get(file)
                    .filter(|seen| digest(seen) == known.digest)
                    .cloned()
            })
    }

    /// Takes in `entry`, whose `changed` files now hold what the texts hold.
    fn take(&mut self, entry: &Entry, changed: &[String]) {
        for change in &entry.files {
            let text = self.texts.get(&change.file).map(str::to_string);
            if let Some(text) = &text {
                self.seen.insert(change.file.clone(), text.clone());
            }
            self.known.insert(
                change.file.clone(),
                Known {
                    digest: change.after.clone(),
                    text,
                    entry: None,
                },
            );
        }
        self.save(changed);
    }

    /// Writes the record: each file's last recorded digest as of the last
    /// entry, and the texts of `changed` files (and, where the record was
    /// stale, of every file whose text on disk is the recorded one). A
    /// record that cannot be written is only a slower start: the log is
    /// read back to it next time.
    fn save(&mut self, changed: &[String]) {
        let head = Head {
            id: self.next_id - 1,
            files: self
                .known
                .iter()
                .map(|(file, known)| (file.clone(), known.digest.clone()))
                .collect(),
        };
        let texts: Vec<(&str, &str)> = self
            .known
            .iter()
            .filter(|(file, _)| self.stale || changed.contains(file))
            .filter_map(|(file, known)| {
                let text = self.texts.get(file)?;
                (digest(text) == known.digest).then_some((file.as_str(), text))
            })
            .collect();
        match self.store.record.save(&head, &texts) {
            Ok(()) => self.stale = false,
            Err(error) => tracing::warn!(%error, "cannot keep the record beside the audit log"),
        }
    }
}

/// How a knowledge file on disk compares with what the audit log knows.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// As last recorded, or with nothing recorded to compare with.
    Unchanged,
    /// The last recorded change never reached the file.
    Interrupted { entry: Entry, intended: String },
    /// Changed on disk since it held `before` (`None`: not known any more).
    Edited { before: Option<String> },
}
