//! The knowledge's files as texts: what a store keeps and what loading
//! validates, wherever the texts come from (a directory, a database, an
//! edit not yet made).

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::load::is_knowledge_file;
use crate::diagnostic::{Diagnostic, Diagnostics, read_text};

/// The knowledge files' texts by file name (`mission.toml`, …), and a
/// problem for each one that is there but could not be read (not UTF-8).
/// A file in neither is missing from the knowledge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    texts: BTreeMap<String, String>,
    unreadable: Vec<Diagnostic>,
}

impl Texts {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the knowledge files of `dir` that exist. Fails only when `dir`
    /// is not a directory; a file that cannot be read is kept as a problem
    /// for loading to report beside the others.
    pub fn read(dir: &Path) -> Result<Self, Diagnostics> {
        if !dir.is_dir() {
            return Err(Diagnostics(vec![Diagnostic::file(
                dir,
                "the knowledge directory does not exist (check `knowledge` in config.toml)",
            )]));
        }
        let listing = std::fs::read_dir(dir).map_err(|e| {
            Diagnostics(vec![Diagnostic::file(
                dir,
                format!("the knowledge directory cannot be listed: {e}"),
            )])
        })?;
        let mut names: Vec<String> = listing
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| is_knowledge_file(name))
            .collect();
        names.sort();
        let mut read = Self::new();
        for file in names {
            let path = dir.join(&file);
            if path.is_dir() {
                continue;
            }
            match read_text(&path) {
                Ok(text) => read.insert(&file, text),
                Err(problem) => read.unreadable.push(problem),
            }
        }
        Ok(read)
    }

    /// One file's text, if it is there and readable.
    pub fn get(&self, file: &str) -> Option<&str> {
        self.texts.get(file).map(String::as_str)
    }

    /// Sets one file's text (a read problem it had is gone with it).
    pub fn insert(&mut self, file: &str, text: String) {
        self.unreadable
            .retain(|p| p.path.file_name().and_then(|n| n.to_str()) != Some(file));
        self.texts.insert(file.to_string(), text);
    }

    /// These texts with `file` holding `text`.
    pub fn with(&self, file: &str, text: &str) -> Self {
        let mut next = self.clone();
        next.insert(file, text.to_string());
        next
    }

    /// The files with their texts, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts.iter().map(|(f, t)| (f.as_str(), t.as_str()))
    }

    /// The problems of files that are there but could not be read.
    pub fn unreadable(&self) -> &[Diagnostic] {
        &self.unreadable
    }

    /// A digest of every file's bytes (and of which could not be read): any
    /// change to the stored texts, a comment too, changes it, so a preview
    /// made on other texts is refused as stale.
    pub fn fingerprint(&self) -> String {
        let mut hasher = Sha256::new();
        for file in self.names() {
            let file = file.as_str();
            hasher.update(file.as_bytes());
            hasher.update([0]);
            match (self.get(file), self.is_unreadable(file)) {
                (Some(text), _) => hasher.update(text.as_bytes()),
                (None, true) => hasher.update([1]),
                (None, false) => {}
            }
            hasher.update([0]);
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Every file these texts know of, read or not, by name.
    pub fn names(&self) -> std::collections::BTreeSet<String> {
        let mut names: std::collections::BTreeSet<String> = self.texts.keys().cloned().collect();
        names.extend(
            self.unreadable
                .iter()
                .filter_map(|p| p.path.file_name().and_then(|n| n.to_str()))
                .map(str::to_string),
        );
        names
    }

    /// Whether `file` is there but could not be read.
    pub fn is_unreadable(&self, file: &str) -> bool {
        self.unreadable
            .iter()
            .any(|p| p.path.file_name().and_then(|n| n.to_str()) == Some(file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_exists_and_keeps_what_cannot_be_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("mission.toml"), "a").expect("write");
        std::fs::write(dir.path().join("strategy.toml"), b"\xff").expect("write");
        std::fs::write(dir.path().join("notes.txt"), "not knowledge").expect("write");
        std::fs::write(dir.path().join(".hidden.toml"), "not knowledge").expect("write");
        let texts = Texts::read(dir.path()).expect("reads");
        assert_eq!(texts.get("mission.toml"), Some("a"));
        assert_eq!(texts.get("strategy.toml"), None);
        assert_eq!(texts.unreadable().len(), 1);
        assert_eq!(texts.iter().count(), 1, "only the knowledge's files");
        let fixed = texts.with("strategy.toml", "b");
        assert!(fixed.unreadable().is_empty());
        assert_ne!(texts.fingerprint(), fixed.fingerprint());
        assert_ne!(
            fixed.fingerprint(),
            fixed.with("mission.toml", "a ").fingerprint()
        );
        assert!(Texts::read(&dir.path().join("missing")).is_err());
    }
}
