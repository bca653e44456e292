//! The knowledge store seam: where the knowledge's texts live, how one
//! change reaches them (exclusive across processes, recorded in the audit
//! log before the texts change, both before it is acknowledged), what the
//! audit log holds, and how a process hears that the texts changed
//! elsewhere.
//!
//! The core (`moderation`) validates a change against the whole knowledge it
//! would make and decides what to record; a store only keeps texts and
//! entries, and says where the stored texts drifted from what it recorded.

use std::fmt;
use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use crate::knowledge::Texts;

/// One recorded change to the knowledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Sequential, starting at 1; what `/revert change:<id>` names.
    pub id: u64,
    /// UTC, RFC 3339.
    pub at: String,
    /// Who made it ("discord:123 (name)", "console:user", `disk`).
    pub who: String,
    /// What was done, for machines ("edit-point 7", "revert 12"); replies
    /// word it from the change itself.
    pub what: String,
    /// The passages it concerns (ids before and after), for `/history` of one point.
    pub passages: Vec<String>,
    /// The changed passages as they were (`- 7. text`) and became (`+ 7. text`).
    pub diff: Vec<String>,
    /// Each file changed: its digests before and after and the patch between
    /// them, so a revert restores it exactly without the log keeping whole
    /// files.
    pub files: Vec<FileChange>,
    /// The change this one reverts, if it is a revert.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reverts: Option<u64>,
}

impl Entry {
    /// The change of `file`, if this entry changed it.
    pub fn file(&self, file: &str) -> Option<&FileChange> {
        self.files.iter().find(|f| f.file == file)
    }
}

/// How one file changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    pub file: String,
    /// SHA-256 of the text before and after, hex (of "" for a file that was
    /// not there).
    pub before: String,
    pub after: String,
    /// A unified diff from the text before to the text after.
    pub patch: String,
}

impl FileChange {
    /// How `file` went from `before` to `after`.
    pub fn between(file: &str, before: &str, after: &str) -> Self {
        Self {
            file: file.to_string(),
            before: digest(before),
            after: digest(after),
            patch: diffy::create_patch(before, after).to_string(),
        }
    }

    /// The text before the change, from the text after it: `None` when
    /// `after` is not what the change left, or the patch does not restore
    /// the recorded text.
    pub fn undo(&self, after: &str) -> Option<String> {
        if digest(after) != self.after {
            return None;
        }
        let patch = diffy::Patch::from_str(&self.patch).ok()?;
        let before = diffy::apply(after, &patch.reverse()).ok()?;
        (digest(&before) == self.before).then_some(before)
    }
}

/// SHA-256 of a text, hex.
pub fn digest(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A change to record; the store assigns its id and time.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub who: String,
    pub what: String,
    pub passages: Vec<String>,
    pub diff: Vec<String>,
    pub files: Vec<FileChange>,
    pub reverts: Option<u64>,
}

/// A change to make: new texts for some files, and how the audit log
/// names it. The store records what each file held before.
#[derive(Debug, Clone)]
pub struct Change {
    pub who: String,
    pub what: String,
    pub passages: Vec<String>,
    pub diff: Vec<String>,
    /// Each file changed, with its text after the change.
    pub files: Vec<(String, String)>,
    pub reverts: Option<u64>,
}

impl Change {
    /// The audit entry recording this change over `before`, the texts it
    /// replaces: every store records a change this way.
    pub fn entry(&self, before: &Texts) -> NewEntry {
        NewEntry {
            who: self.who.clone(),
            what: self.what.clone(),
            passages: self.passages.clone(),
            diff: self.diff.clone(),
            files: self
                .files
                .iter()
                .map(|(file, after)| {
                    FileChange::between(file, before.get(file).unwrap_or_default(), after)
                })
                .collect(),
            reverts: self.reverts,
        }
    }
}

/// Where the stored texts differ from what the store last recorded of them:
/// found at the start of every transaction, for the core to record (or
/// report) before anything else happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The last recorded change of `file` never reached it: the process
    /// making it died between its audit entry and replacing the file. It
    /// was never acknowledged; `intended` is what it would have written,
    /// `now` what the file holds.
    Interrupted {
        entry: Entry,
        file: String,
        intended: String,
        now: String,
    },
    /// `file` was changed outside the store (by hand, `git pull`) since it
    /// held `before` (`None`: what it held is no longer known, the record of
    /// it was lost).
    Edited {
        file: String,
        before: Option<String>,
        now: String,
    },
}

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process held the store for the whole wait.
    #[error("another process is changing the knowledge")]
    Busy,
    /// The store cannot be written (a read-only directory): nobody changes it
    /// through this process.
    #[error("the knowledge cannot be changed here: {0}")]
    ReadOnly(#[source] io::Error),
    #[error("cannot write the knowledge")]
    Write(#[source] io::Error),
    #[error("audit log {path}")]
    Audit {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A line of the audit log longer than any entry the bot writes: not an
    /// audit log (a device, a wrong path) or a damaged one.
    #[error("audit log {path}: a line longer than {limit} bytes; is `audit_log` the right file?")]
    Oversized { path: PathBuf, limit: usize },
    #[error("cannot watch {dir} for edits")]
    Watch {
        dir: PathBuf,
        #[source]
        source: notify_debouncer_full::notify::Error,
    },
    /// The texts changed since this transaction read them (another
    /// process's change committed first): nothing was written.
    #[error("the knowledge changed since it was read")]
    Stale,
    /// The store cannot be reached (a database that is down): nothing
    /// was changed, and the answers go on from the knowledge loaded.
    #[error("the knowledge store cannot be reached")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The knowledge's texts, kept somewhere: files under a directory lock
/// today. Shared by every part of a process that reads or changes them.
pub trait KnowledgeStore: Send + Sync {
    /// Where the texts are, for problems (file:line:column) and messages.
    fn location(&self) -> &std::path::Path;

    /// The texts as stored now, without holding the store: for loading and
    /// previews (a change checks again under the lock).
    fn read(&self) -> Result<Texts, crate::diagnostic::Diagnostics>;

    /// The texts a process starts from: [`KnowledgeStore::read`], or where
    /// the store cannot be reached, the last ones this machine loaded from
    /// it (the process is then read-only until the store answers).
    fn read_at_start(&self) -> Result<Texts, crate::diagnostic::Diagnostics> {
        self.read()
    }

    /// Whether the store can be reached now: a change is refused at once
    /// (with [`StoreError::Unavailable`]) rather than previewed on texts
    /// that cannot be read.
    fn reachable(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Holds the store exclusively (across processes) until the transaction
    /// drops, with the texts read again under it.
    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StoreError>;

    /// Recorded changes, newest first: at most `limit`, only those touching
    /// `passage` when given.
    fn history(&self, passage: Option<&str>, limit: usize) -> Result<Vec<Entry>, StoreError>;

    /// Calls `changed` whenever the stored texts may have changed outside
    /// this process, until the result drops.
    fn watch(&self, changed: Box<dyn Fn() + Send + Sync>) -> Result<Watching, StoreError>;
}

/// The store held by this process for one change.
pub trait Transaction {
    /// The texts as stored, read under the hold; updated by each commit.
    fn texts(&self) -> &Texts;

    /// Change `id` and every recorded change after it, oldest first (empty
    /// when there is no change `id`).
    fn since(&self, id: u64) -> Result<Vec<Entry>, StoreError>;

    /// Where the stored texts drifted from what was last recorded of them;
    /// each is reported once per transaction and must be recorded (or left
    /// to be found again by the next one).
    fn drift(&mut self) -> Result<Vec<Drift>, StoreError>;

    /// Records a change already made to the texts (or one that never reached
    /// them) without touching them.
    fn record(&mut self, entry: NewEntry) -> Result<Entry, StoreError>;

    /// Makes `change`: recorded in the audit log (durably) before its files
    /// replace the old ones, all before this returns. Returns its entry.
    fn commit(&mut self, change: Change) -> Result<Entry, StoreError>;
}

/// A running watch; dropping it stops watching.
pub struct Watching {
    _guard: Box<dyn Send>,
}

impl Watching {
    pub fn new(guard: impl Send + 'static) -> Self {
        Self {
            _guard: Box::new(guard),
        }
    }
}

impl fmt::Debug for Watching {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Watching")
    }
}
