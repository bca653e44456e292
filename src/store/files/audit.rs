//! The audit log of the knowledge files: who changed what, when, and the
//! text before and after, one JSON line per change, fsynced before a change
//! is acknowledged. It is what `/history` lists and `/revert` restores from.

use std::fs::OpenOptions;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::store::knowledge::{Entry, NewEntry, StoreError};

/// An append-only JSON-lines file.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self, source: io::Error) -> StoreError {
        StoreError::Audit {
            path: self.path.clone(),
            source,
        }
    }

    /// Every entry, oldest first. A line that does not parse (the torn tail of
    /// a write cut by a crash) is skipped, never fatal.
    pub fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        let file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(e)),
        };
        let mut entries = Vec::new();
        for line in BufReader::new(file).split(b'\n') {
            let line = line.map_err(|e| self.io(e))?;
            match serde_json::from_slice::<Entry>(&line) {
                Ok(entry) => entries.push(entry),
                Err(_) if line.iter().all(u8::is_ascii_whitespace) => {}
                Err(error) => tracing::warn!(%error, "skipping an unreadable audit log line"),
            }
        }
        Ok(entries)
    }

    /// Appends a change and fsyncs it; returns it with its id and time.
    pub fn append(&self, new: NewEntry) -> Result<Entry, StoreError> {
        let id = self.entries()?.last().map_or(1, |e| e.id + 1);
        let entry = Entry {
            id,
            at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            who: new.who,
            what: new.what,
            passages: new.passages,
            diff: new.diff,
            file: new.file,
            file_before: new.file_before,
            file_after: new.file_after,
            reverts: new.reverts,
        };
        let mut line = serde_json::to_vec(&entry).map_err(|e| self.io(e.into()))?;
        line.push(b'\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| self.io(e))?;
        // A torn line left by a crash would glue onto this one: start afresh.
        let length = file.metadata().map_err(|e| self.io(e))?.len();
        if length > 0 && !ends_with_newline(&self.path).map_err(|e| self.io(e))? {
            line.insert(0, b'\n');
        }
        file.write_all(&line).map_err(|e| self.io(e))?;
        file.sync_all().map_err(|e| self.io(e))?;
        Ok(entry)
    }
}

impl AuditLog {
    /// Takes back `entry` when it is the last line and its change could not be
    /// made after all (its file could not be put in place): the log never
    /// records a change that did not happen. A log that held only it is
    /// removed. Callers hold the knowledge lock, so no line follows it.
    pub fn retract(&self, entry: &Entry) -> Result<(), StoreError> {
        let text = std::fs::read(&self.path).map_err(|e| self.io(e))?;
        let body = text.strip_suffix(b"\n").unwrap_or(&text);
        let start = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        match serde_json::from_slice::<Entry>(&body[start..]) {
            Ok(last) if last.id == entry.id => {}
            _ => return Ok(()),
        }
        if start == 0 {
            return std::fs::remove_file(&self.path).map_err(|e| self.io(e));
        }
        let file = OpenOptions::new()
            .write(true)
            .open(&self.path)
            .map_err(|e| self.io(e))?;
        file.set_len(start as u64).map_err(|e| self.io(e))?;
        file.sync_all().map_err(|e| self.io(e))
    }
}

fn ends_with_newline(path: &Path) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(what: &str) -> NewEntry {
        NewEntry {
            who: "console:test".into(),
            what: what.into(),
            passages: vec!["strategy-1".into()],
            diff: vec!["- 1. a".into(), "+ 1. b".into()],
            file: "strategy.toml".into(),
            file_before: "a".into(),
            file_after: "b".into(),
            reverts: None,
        }
    }

    #[test]
    fn appends_numbered_entries_and_reads_them_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = AuditLog::new(dir.path().join("audit.jsonl"));
        assert!(log.entries().expect("empty log").is_empty());
        assert_eq!(log.append(change("one")).expect("append").id, 1);
        assert_eq!(log.append(change("two")).expect("append").id, 2);
        let entries = log.entries().expect("read");
        assert_eq!(
            entries.iter().map(|e| e.what.as_str()).collect::<Vec<_>>(),
            ["one", "two"]
        );
        assert!(entries[0].at.ends_with('Z'));
    }

    #[test]
    fn a_retracted_entry_leaves_the_log_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::new(&path);
        let only = log.append(change("one")).expect("append");
        log.retract(&only).expect("retract");
        assert!(!path.exists(), "a log of one retracted entry is no log");
        let first = log.append(change("one")).expect("append");
        let before = std::fs::read(&path).expect("read");
        let second = log.append(change("two")).expect("append");
        log.retract(&first).expect("not the last: nothing happens");
        assert_eq!(log.entries().expect("read").len(), 2);
        log.retract(&second).expect("retract");
        assert_eq!(std::fs::read(&path).expect("read"), before);
        assert_eq!(log.append(change("three")).expect("append").id, 2);
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_not_glued_to_the_next() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::new(&path);
        log.append(change("one")).expect("append");
        let mut file = OpenOptions::new().append(true).open(&path).expect("open");
        file.write_all(b"{\"id\": 2, \"at\": \"20").expect("tear");
        assert_eq!(log.entries().expect("read").len(), 1);
        assert_eq!(log.append(change("three")).expect("append").id, 2);
        let whats: Vec<String> = log
            .entries()
            .expect("read")
            .into_iter()
            .map(|e| e.what)
            .collect();
        assert_eq!(whats, ["one", "three"]);
    }
}
