//! A consistent copy of the knowledge files, the audit log and the record
//! beside it, for a backup: read while the knowledge lock is held, so no
//! change is half in it (a change holds the same lock from its audit entry
//! to its file); and putting such a copy back, under the same lock.
//!
//! The knowledge files are the directory's `*.toml` files, whatever the
//! knowledge model names them; the lock file, staged leftovers and anything
//! hidden stay out.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::LOCK_FILE;
use super::atomic_write;
use super::recorded::Record;
use crate::dir_lock::{DirLock, LockError, Mode};

/// Longest wait for a change in progress to finish (each takes milliseconds).
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The knowledge's files and their audit trail, as they were at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The knowledge directory's files, by name, in name order.
    pub knowledge: Vec<(String, Vec<u8>)>,
    /// The audit log; `None` where no change was ever recorded.
    pub audit: Option<Vec<u8>>,
    /// The record kept beside the log (`audit.recorded/`), by file name.
    pub recorded: Vec<(String, Vec<u8>)>,
}

/// Why a copy could not be taken or put back.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("the knowledge lock")]
    Lock(#[from] LockError),
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A name in a copy that is not a plain file name: never written.
    #[error("{0:?} is not a file name a knowledge directory holds")]
    BadName(String),
}

/// Whether `name` is a knowledge file: `*.toml`, not hidden.
fn is_knowledge_file(name: &str) -> bool {
    name.ends_with(".toml") && !name.starts_with('.')
}

/// Whether `name` names a file directly inside a directory (no separator,
/// no `..`, not hidden).
fn plain(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && Path::new(name).file_name() == Some(std::ffi::OsStr::new(name))
}

/// The regular files directly in `dir` that `keep` accepts, by name.
fn files_in(dir: &Path, keep: fn(&str) -> bool) -> Result<Vec<(String, Vec<u8>)>, SnapshotError> {
    let read = |path: &Path, source| SnapshotError::Read {
        path: path.to_path_buf(),
        source,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(read(dir, error)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| read(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        // Followed: a knowledge file may be a link to the real one.
        let is_file = std::fs::metadata(&path).is_ok_and(|m| m.is_file());
        if !is_file || !keep(&name) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| read(&path, e))?;
        files.push((name, bytes));
    }
    files.sort();
    Ok(files)
}

/// Reads the knowledge in `dir` and the audit log at `audit_log` (with its
/// record) while holding the knowledge lock.
pub fn take(dir: &Path, audit_log: &Path) -> Result<Snapshot, SnapshotError> {
    let _lock = DirLock::acquire(dir, LOCK_FILE, Mode::Exclusive, LOCK_WAIT)?;
    let knowledge = files_in(dir, is_knowledge_file)?;
    let audit = match std::fs::read(audit_log) {
        Ok(bytes) => Some(bytes),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(SnapshotError::Read {
                path: audit_log.to_path_buf(),
                source,
            });
        }
    };
    let recorded = files_in(Record::beside(audit_log).dir(), plain)?;
    Ok(Snapshot {
        knowledge,
        audit,
        recorded,
    })
}

/// What a copy would be put over: the knowledge files, the audit log and
/// its record that exist now.
pub fn existing(dir: &Path, audit_log: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = files_in(dir, is_knowledge_file)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, _)| dir.join(name))
        .collect();
    if audit_log.exists() {
        found.push(audit_log.to_path_buf());
    }
    let record = Record::beside(audit_log);
    if record.dir().exists() {
        found.push(record.dir().to_path_buf());
    }
    found
}

/// Makes `dir` and `audit_log` hold `snapshot`, under the knowledge lock:
/// its knowledge files written (each atomically) and other knowledge files
/// removed, the audit log and its record replaced.
pub fn put(dir: &Path, audit_log: &Path, snapshot: &Snapshot) -> Result<(), SnapshotError> {
    for (name, _) in snapshot.knowledge.iter().chain(&snapshot.recorded) {
        if !plain(name) {
            return Err(SnapshotError::BadName(name.clone()));
        }
    }
    let _lock = DirLock::acquire(dir, LOCK_FILE, Mode::Exclusive, LOCK_WAIT)?;
    let write = |path: &Path, bytes: &[u8]| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| SnapshotError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        atomic_write::write_atomic(path, bytes).map_err(|source| SnapshotError::Write {
            path: path.to_path_buf(),
            source,
        })
    };
    let remove = |path: &Path| match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(SnapshotError::Write {
            path: path.to_path_buf(),
            source,
        }),
    };
    // The record first: a stale one would be trusted over the log.
    let record = Record::beside(audit_log);
    match std::fs::remove_dir_all(record.dir()) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(SnapshotError::Write {
                path: record.dir().to_path_buf(),
                source,
            });
        }
    }
    match &snapshot.audit {
        Some(bytes) => write(audit_log, bytes)?,
        None => remove(audit_log)?,
    }
    for (name, _) in files_in(dir, is_knowledge_file)? {
        if !snapshot.knowledge.iter().any(|(kept, _)| *kept == name) {
            remove(&dir.join(&name))?;
        }
    }
    for (name, bytes) in &snapshot.knowledge {
        write(&dir.join(name), bytes)?;
    }
    for (name, bytes) in &snapshot.recorded {
        write(&record.dir().join(name), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_put_elsewhere_reads_back_the_same() {
        let from = tempfile::tempdir().expect("temp dir");
        let knowledge = from.path().join("knowledge");
        std::fs::create_dir_all(&knowledge).expect("dir");
        std::fs::write(knowledge.join("mission.toml"), "a = 1\n").expect("write");
        std::fs::write(knowledge.join("notes.txt"), "not knowledge").expect("write");
        let log = knowledge.join("audit.jsonl");
        std::fs::write(&log, "{\"id\":1}\n").expect("write");
        let record = knowledge.join("audit.recorded");
        std::fs::create_dir_all(&record).expect("dir");
        std::fs::write(record.join("head.json"), "{}").expect("write");
        let copy = take(&knowledge, &log).expect("taken");
        assert_eq!(
            copy.knowledge,
            vec![("mission.toml".to_string(), b"a = 1\n".to_vec())],
            "only the knowledge files: no log, no other file, no lock"
        );
        assert_eq!(copy.audit.as_deref(), Some(&b"{\"id\":1}\n"[..]));
        assert_eq!(copy.recorded.len(), 1);

        let to = tempfile::tempdir().expect("temp dir");
        let (dir, log) = (to.path().join("k"), to.path().join("audit.jsonl"));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("old.toml"), "gone").expect("write");
        put(&dir, &log, &copy).expect("put");
        assert_eq!(take(&dir, &log).expect("taken again"), copy);
        assert!(!dir.join("old.toml").exists(), "a file the copy lacks goes");
    }

    #[test]
    fn names_that_leave_the_directory_are_refused() {
        let to = tempfile::tempdir().expect("temp dir");
        let bad = Snapshot {
            knowledge: vec![("../escape.toml".to_string(), Vec::new())],
            ..Snapshot::default()
        };
        let log = to.path().join("audit.jsonl");
        assert!(matches!(
            put(to.path(), &log, &bad),
            Err(SnapshotError::BadName(_))
        ));
        assert!(
            !to.path()
                .parent()
                .expect("parent")
                .join("escape.toml")
                .exists()
        );
    }
}
