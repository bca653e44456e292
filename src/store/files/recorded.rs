//! What the audit log last recorded of each knowledge file: its digest and
//! its text, kept beside the log (`audit.jsonl` → `audit.recorded/`) so that
//! an edit made on disk is told and described against it without the log
//! keeping whole files, and without reading the log back to its start.
//!
//! Written after each change is in place, so it can lag the log by the
//! changes a crash cut short: those are read from the log's end (the
//! entries after [`Head::id`]), never lost.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic_write;
use crate::store::knowledge::digest;

/// The last change taken in, and each file's digest as of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub id: u64,
    pub files: BTreeMap<String, String>,
}

/// The record's directory.
#[derive(Debug, Clone)]
pub struct Record {
    dir: PathBuf,
}

const HEAD: &str = "head.json";

impl Record {
    /// The record kept beside the audit log at `log`.
    pub fn beside(log: &Path) -> Self {
        let stem = log
            .file_stem()
            .map_or_else(|| "audit".into(), |s| s.to_string_lossy().into_owned());
        let parent = log.parent().unwrap_or(Path::new("."));
        Self {
            dir: parent.join(format!("{stem}.recorded")),
        }
    }

    /// The directory the record is kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The head, if one was written (and reads).
    pub fn head(&self) -> Option<Head> {
        let text = std::fs::read_to_string(self.dir.join(HEAD)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// The recorded text of `file`, if it is the one with `wanted` digest.
    pub fn text(&self, file: &str, wanted: &str) -> Option<String> {
        let text = std::fs::read_to_string(self.dir.join(file)).ok()?;
        (digest(&text) == wanted).then_some(text)
    }

    /// Keeps `texts` (file, text) and then `head`: a crash between them
    /// leaves a head that does not yet count them, which is read again from
    /// the log.
    pub fn save(&self, head: &Head, texts: &[(&str, &str)]) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        for (file, text) in texts {
            atomic_write::write_atomic(&self.dir.join(file), text.as_bytes())?;
        }
        let json = serde_json::to_vec(head).map_err(io::Error::other)?;
        atomic_write::write_atomic(&self.dir.join(HEAD), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_given_only_for_the_digest_asked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let record = Record::beside(&dir.path().join("audit.jsonl"));
        assert_eq!(record.head(), None);
        let head = Head {
            id: 4,
            files: BTreeMap::from([("strategy.toml".to_string(), digest("b"))]),
        };
        record
            .save(&head, &[("strategy.toml", "b")])
            .expect("saved");
        assert!(dir.path().join("audit.recorded/head.json").is_file());
        assert_eq!(record.head(), Some(head));
        assert_eq!(
            record.text("strategy.toml", &digest("b")).as_deref(),
            Some("b")
        );
        assert_eq!(record.text("strategy.toml", &digest("a")), None);
        assert_eq!(record.text("mission.toml", &digest("b")), None);
    }
}
