//! The audit log of the knowledge files: who changed what, when, and a
//! patch per file with the digests of its text before and after, one JSON
//! line per change, fsynced before a change is acknowledged. It is what
//! `/history` lists and `/revert` restores from.
//!
//! It grows by what a change changed, not by whole files, and is read from
//! its end: the next id, the entries since a change, and the history each
//! read only the lines they need, each line bounded ([`MAX_LINE`]), so a log
//! of years (or a wrong path such as a device) never means reading it all.
//! Lines written by earlier versions (the whole text before and after) are
//! read as patches.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::store::knowledge::{Entry, FileChange, NewEntry, StoreError};

/// Longest line read: far beyond any entry the bot writes for a real
/// knowledge base (a patch adding a whole large file is the longest).
pub const MAX_LINE: usize = 128 << 20;

/// Bytes read at a time from the end.
const BLOCK: u64 = 64 << 10;

/// A line as written: this version's, or an earlier one's with whole texts.
#[derive(Deserialize)]
struct Line {
    id: u64,
    at: String,
    who: String,
    what: String,
    #[serde(default)]
    passages: Vec<String>,
    #[serde(default)]
    diff: Vec<String>,
    #[serde(default)]
    files: Vec<FileLine>,
    #[serde(default)]
    reverts: Option<u64>,
    /// Earlier versions: the one file changed and its whole texts.
    file: Option<String>,
    file_before: Option<String>,
    file_after: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct FileLine {
    file: String,
    before: String,
    after: String,
    patch: String,
}

/// What a line says: the entry, and for a line of an earlier version the
/// text its file had after the change (which the record of the files uses).
#[derive(Debug, Clone)]
pub struct Logged {
    pub entry: Entry,
    pub text_after: Option<String>,
}

impl Line {
    fn read(self) -> Logged {
        let mut text_after = None;
        let files = if self.files.is_empty() {
            match (self.file, self.file_before, self.file_after) {
                (Some(file), Some(before), Some(after)) => {
                    let change = FileChange::between(&file, &before, &after);
                    text_after = Some(after);
                    vec![change]
                }
                _ => Vec::new(),
            }
        } else {
            self.files
                .into_iter()
                .map(|f| FileChange {
                    file: f.file,
                    before: f.before,
                    after: f.after,
                    patch: f.patch,
                })
                .collect()
        };
        Logged {
            entry: Entry {
                id: self.id,
                at: self.at,
                who: self.who,
                what: self.what,
                passages: self.passages,
                diff: self.diff,
                files,
                reverts: self.reverts,
            },
            text_after,
        }
    }
}

/// An append-only JSON-lines file.
#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
    max_line: usize,
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            max_line: MAX_LINE,
        }
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

    /// Whether the configured path can hold the log: a regular file, or
    /// nothing yet (it is made on the first change).
    pub fn check(&self) -> Result<(), StoreError> {
        match std::fs::metadata(&self.path) {
            Ok(meta) if meta.is_file() => Ok(()),
            Ok(_) => Err(self.io(io::Error::other(
                "not a regular file (a directory or a device); point `audit_log` at a file",
            ))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.io(e)),
        }
    }

    /// The log's lines from the last to the first, each parsed; a line that
    /// does not parse (the torn tail of a write cut by a crash) is skipped.
    fn backwards(&self) -> Result<Backwards, StoreError> {
        self.check()?;
        let file = match File::open(&self.path) {
            Ok(file) => Some(file),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(self.io(e)),
        };
        let end = match &file {
            Some(file) => file.metadata().map_err(|e| self.io(e))?.len(),
            None => 0,
        };
        Ok(Backwards {
            log: self.clone(),
            file,
            pos: end,
            pending: Vec::new(),
            line_start: end,
        })
    }

    /// The last entry's id (0 for an empty or missing log).
    pub fn last_id(&self) -> Result<u64, StoreError> {
        match self.backwards()?.next() {
            Some(line) => Ok(line?.entry.id),
            None => Ok(0),
        }
    }

    /// Change `id` and every change after it, oldest first; reads the log
    /// from its end back to `id` only.
    pub fn since(&self, id: u64) -> Result<Vec<Logged>, StoreError> {
        let mut found = Vec::new();
        for line in self.backwards()? {
            let line = line?;
            if line.entry.id < id {
                break;
            }
            found.push(line);
        }
        found.reverse();
        Ok(found)
    }

    /// The last `limit` changes, newest first, only those touching `passage`
    /// when given; reads back only as far as it needs.
    pub fn history(&self, passage: Option<&str>, limit: usize) -> Result<Vec<Entry>, StoreError> {
        let mut found = Vec::new();
        for line in self.backwards()? {
            if found.len() >= limit {
                break;
            }
            let entry = line?.entry;
            if passage.is_none_or(|p| entry.passages.iter().any(|e| e == p)) {
                found.push(entry);
            }
        }
        Ok(found)
    }

    /// Appends a change with id `id` and fsyncs it; returns it with its
    /// time. A write that fails (a full disk) is cut back, so no torn line
    /// stays behind a change its moderator was told was not made.
    pub fn append(&self, id: u64, new: NewEntry) -> Result<Entry, StoreError> {
        self.check()?;
        let entry = Entry {
            id,
            at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            who: new.who,
            what: new.what,
            passages: new.passages,
            diff: new.diff,
            files: new.files,
            reverts: new.reverts,
        };
        let mut line = serde_json::to_vec(&entry).map_err(|e| self.io(e.into()))?;
        line.push(b'\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| self.io(e))?;
        let length = file.metadata().map_err(|e| self.io(e))?.len();
        // A torn line left by a crash would glue onto this one: start afresh.
        if length > 0 && !ends_with_newline(&self.path).map_err(|e| self.io(e))? {
            line.insert(0, b'\n');
        }
        let written = file.write_all(&line).and_then(|()| file.sync_all());
        if let Err(error) = written {
            if let Err(cut) = file.set_len(length).and_then(|()| file.sync_all()) {
                tracing::error!(%cut, "cannot cut back a failed write of the audit log");
            }
            return Err(self.io(error));
        }
        Ok(entry)
    }

    /// Takes back `entry` when it is the last line and its change could not be
    /// made after all (its file could not be put in place): the log never
    /// records a change that did not happen. A log that held only it is
    /// removed. Callers hold the knowledge lock, so no line follows it.
    pub fn retract(&self, entry: &Entry) -> Result<(), StoreError> {
        let mut lines = self.backwards()?;
        match lines.next() {
            Some(Ok(last)) if last.entry.id == entry.id => {}
            _ => return Ok(()),
        }
        let start = lines.line_start;
        if start == 0 {
            return std::fs::remove_file(&self.path).map_err(|e| self.io(e));
        }
        let file = OpenOptions::new()
            .write(true)
            .open(&self.path)
            .map_err(|e| self.io(e))?;
        file.set_len(start).map_err(|e| self.io(e))?;
        file.sync_all().map_err(|e| self.io(e))
    }
}

/// The log's lines from the end, parsed.
struct Backwards {
    log: AuditLog,
    file: Option<File>,
    /// Where the bytes not yet read end.
    pos: u64,
    /// Bytes read but not yet split into lines.
    pending: Vec<u8>,
    /// Where the line returned last starts in the file.
    line_start: u64,
}

impl Backwards {
    /// The next line back, raw; `None` at the start of the file.
    fn raw(&mut self) -> Option<Result<(u64, Vec<u8>), StoreError>> {
        let file = self.file.as_mut()?;
        loop {
            // A line ends at the last newline of what is pending (the
            // file's own last newline ends the last line).
            let body_end = if self.pending.last() == Some(&b'\n') {
                self.pending.len() - 1
            } else {
                self.pending.len()
            };
            if let Some(newline) = self.pending[..body_end].iter().rposition(|&b| b == b'\n') {
                let line = self.pending[newline + 1..body_end].to_vec();
                self.pending.truncate(newline + 1);
                return Some(Ok((self.pos + newline as u64 + 1, line)));
            }
            if self.pos == 0 {
                if body_end == 0 {
                    return None;
                }
                let line = self.pending[..body_end].to_vec();
                self.pending.clear();
                return Some(Ok((0, line)));
            }
            if self.pending.len() > self.log.max_line {
                let limit = self.log.max_line;
                let path = self.log.path.clone();
                self.file = None;
                return Some(Err(StoreError::Oversized { path, limit }));
            }
            let take = BLOCK.min(self.pos);
            self.pos -= take;
            let mut block = vec![0; take as usize];
            let read = file
                .seek(SeekFrom::Start(self.pos))
                .and_then(|_| file.read_exact(&mut block));
            if let Err(error) = read {
                self.file = None;
                return Some(Err(self.log.io(error)));
            }
            block.extend_from_slice(&self.pending);
            self.pending = block;
        }
    }
}

impl Iterator for Backwards {
    type Item = Result<Logged, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (start, line) = match self.raw()? {
                Ok(found) => found,
                Err(error) => return Some(Err(error)),
            };
            self.line_start = start;
            match serde_json::from_slice::<Line>(&line) {
                Ok(parsed) => return Some(Ok(parsed.read())),
                Err(_) if line.iter().all(u8::is_ascii_whitespace) => {}
                Err(error) => tracing::warn!(%error, "skipping an unreadable audit log line"),
            }
        }
    }
}

fn ends_with_newline(path: &Path) -> io::Result<bool> {
    let mut file = File::open(path)?;
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
            files: vec![FileChange::between("strategy.toml", "a\n", "b\n")],
            reverts: None,
        }
    }

    fn whats(log: &AuditLog) -> Vec<String> {
        log.since(1)
            .expect("read")
            .into_iter()
            .map(|l| l.entry.what)
            .collect()
    }

    #[test]
    fn appends_numbered_entries_and_reads_them_back_from_the_end() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = AuditLog::new(dir.path().join("audit.jsonl"));
        assert_eq!(log.last_id().expect("empty log"), 0);
        assert_eq!(log.append(1, change("one")).expect("append").id, 1);
        assert_eq!(log.append(2, change("two")).expect("append").id, 2);
        assert_eq!(whats(&log), ["one", "two"]);
        assert_eq!(log.last_id().expect("read"), 2);
        let since = log.since(2).expect("read");
        assert_eq!(since.len(), 1);
        assert!(since[0].entry.at.ends_with('Z'));
        assert_eq!(since[0].entry.files[0].undo("b\n").as_deref(), Some("a\n"));
        let history = log.history(Some("strategy-1"), 1).expect("read");
        assert_eq!(history[0].what, "two");
        assert!(log.history(Some("aim-1"), 5).expect("read").is_empty());
    }

    #[test]
    fn lines_longer_than_a_block_and_many_lines_read_back_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = AuditLog::new(dir.path().join("audit.jsonl"));
        let long = "x".repeat(3 * BLOCK as usize);
        for id in 1..=40 {
            let mut entry = change(&format!("change {id}"));
            if id % 7 == 0 {
                entry.diff = vec![long.clone()];
            }
            log.append(id, entry).expect("append");
        }
        let all = log.since(1).expect("read");
        assert_eq!(all.len(), 40);
        assert!(
            all.iter()
                .enumerate()
                .all(|(i, l)| l.entry.id == i as u64 + 1)
        );
        assert_eq!(all[6].entry.diff, [long]);
        assert_eq!(log.since(38).expect("read").len(), 3);
    }

    #[test]
    fn a_retracted_entry_leaves_the_log_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::new(&path);
        let only = log.append(1, change("one")).expect("append");
        log.retract(&only).expect("retract");
        assert!(!path.exists(), "a log of one retracted entry is no log");
        let first = log.append(1, change("one")).expect("append");
        let before = std::fs::read(&path).expect("read");
        let second = log.append(2, change("two")).expect("append");
        log.retract(&first).expect("not the last: nothing happens");
        assert_eq!(log.since(1).expect("read").len(), 2);
        log.retract(&second).expect("retract");
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[test]
    fn a_torn_last_line_is_skipped_and_not_glued_to_the_next() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("audit.jsonl");
        let log = AuditLog::new(&path);
        log.append(1, change("one")).expect("append");
        let mut file = OpenOptions::new().append(true).open(&path).expect("open");
        file.write_all(b"{\"id\": 2, \"at\": \"20").expect("tear");
        assert_eq!(log.last_id().expect("read"), 1);
        log.append(2, change("three")).expect("append");
        assert_eq!(whats(&log), ["one", "three"]);
    }

    #[test]
    fn an_earlier_versions_whole_texts_read_as_a_patch() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("audit.jsonl");
        std::fs::write(
            &path,
            r#"{"id":1,"at":"2025-01-01T00:00:00Z","who":"disk","what":"edit on disk: strategy.toml","passages":["strategy-1"],"diff":[],"file":"strategy.toml","file_before":"a\n","file_after":"b\n"}
"#,
        )
        .expect("write");
        let log = AuditLog::new(&path);
        let read = log.since(1).expect("read");
        assert_eq!(read[0].text_after.as_deref(), Some("b\n"));
        assert_eq!(read[0].entry.files[0].undo("b\n").as_deref(), Some("a\n"));
        assert_eq!(log.append(2, change("two")).expect("append").id, 2);
    }

    #[test]
    fn a_device_or_an_endless_line_is_refused_not_read_to_the_end() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(AuditLog::new(dir.path()).last_id().is_err(), "a directory");
        #[cfg(unix)]
        assert!(AuditLog::new("/dev/zero").last_id().is_err(), "a device");
        let path = dir.path().join("audit.jsonl");
        std::fs::write(&path, vec![b'x'; 4 * BLOCK as usize]).expect("write");
        let log = AuditLog {
            path,
            max_line: 2 * BLOCK as usize,
        };
        assert!(matches!(log.last_id(), Err(StoreError::Oversized { .. })));
    }
}
