//! Replacing a file so that a crash at any moment leaves either the old or the
//! new content on disk, never a mix or an empty file.
//!
//! A replacement is two steps, so that something (the audit log) can be made
//! durable between them: [`stage`] writes the new content beside the file
//! (`.<name>.tmp-<pid>`) and fsyncs it; [`Staged::commit`] renames it over the
//! file and fsyncs the directory. A staged file left by a process that died
//! before committing is found by [`leftovers`].

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// New content written beside its file, not yet in its place. Dropped
/// without [`Staged::commit`], it is removed.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    dir: PathBuf,
    committed: bool,
}

fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The prefix of every staged file for `name`: `.<name>.tmp-`.
fn staged_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Where a write to `path` lands: `path` itself, or, when it is a symbolic
/// link, the file it points to (followed to the end), so the link stays a
/// link and its target gets the new content.
pub fn resolved(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // A bounded walk: a loop of links is written as it stands (and fails).
    for _ in 0..40 {
        match fs::read_link(&path) {
            Ok(target) => path = dir_of(&path).join(target),
            Err(_) => break,
        }
    }
    path
}

/// Writes `bytes` beside `path` (the file a link at `path` points to) and
/// fsyncs them; nothing at `path` changes yet.
pub fn stage(path: &Path, bytes: &[u8]) -> io::Result<Staged> {
    let path = &resolved(path);
    let dir = dir_of(path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let tmp = dir.join(format!(
        "{}{}",
        staged_prefix(&name.to_string_lossy()),
        std::process::id()
    ));
    let written = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(error) = written {
        let _ = fs::remove_file(&tmp);
        return Err(error);
    }
    Ok(Staged {
        tmp,
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        committed: false,
    })
}

impl Staged {
    /// Puts the staged content in place: a rename, then the directory fsynced
    /// so the rename itself is durable.
    pub fn commit(mut self) -> io::Result<()> {
        fs::rename(&self.tmp, &self.path)?;
        self.committed = true;
        sync_dir(&self.dir)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to `path` atomically: staged, then committed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes)?.commit()
}

/// Staged files for `path` that no commit took (a process died between the
/// two steps), by any process.
pub fn leftovers(path: &Path) -> Vec<PathBuf> {
    let path = &resolved(path);
    let Some(name) = path.file_name() else {
        return Vec::new();
    };
    let prefix = staged_prefix(&name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir_of(path)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let file_name = e.file_name();
            let file_name = file_name.to_string_lossy();
            file_name.starts_with(&prefix)
                && file_name[prefix.len()..]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && e.file_type().is_ok_and(|t| t.is_file())
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.toml");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_staged_file_changes_nothing_until_committed_and_is_found_if_left() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.toml");
        write_atomic(&path, b"old").expect("write");
        let staged = stage(&path, b"new").expect("stage");
        assert_eq!(fs::read(&path).expect("read"), b"old");
        assert_eq!(leftovers(&path).len(), 1);
        drop(staged);
        assert!(leftovers(&path).is_empty(), "dropped means removed");
        stage(&path, b"new")
            .expect("stage")
            .commit()
            .expect("commit");
        assert_eq!(fs::read(&path).expect("read"), b"new");
        assert!(leftovers(&path).is_empty());
        assert!(leftovers(&dir.path().join("b.toml")).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_written_through_to_its_target() {
        let dir = tempfile::tempdir().expect("temp dir");
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).expect("dir");
        let target = elsewhere.join("strategy.toml");
        fs::write(&target, b"old").expect("write");
        let knowledge = dir.path().join("knowledge");
        fs::create_dir(&knowledge).expect("dir");
        let link = knowledge.join("strategy.toml");
        std::os::unix::fs::symlink("../elsewhere/strategy.toml", &link).expect("link");
        let staged = stage(&link, b"new").expect("stage");
        assert_eq!(leftovers(&link).len(), 1, "found beside the target");
        staged.commit().expect("commit");
        assert!(fs::symlink_metadata(&link).expect("link").is_symlink());
        assert_eq!(fs::read(&target).expect("read"), b"new");
        assert_eq!(fs::read(&link).expect("read"), b"new");
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing-dir").join("a.toml");
        assert!(write_atomic(&path, b"x").is_err());
    }
}
