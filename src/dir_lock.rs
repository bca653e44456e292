//! Advisory locks on a directory across processes: a lock file inside it,
//! held shared (readers) or exclusive (the one writer), waited for a bounded
//! time. The operating system releases a lock when its holder ends, however
//! it ends, so a killed process never leaves a directory locked.
//!
//! Built on the standard library's `File::lock` family (`flock` on Unix,
//! `LockFileEx` on Windows).

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a waiting process tries the lock again.
const RETRY: Duration = Duration::from_millis(20);

/// Shared or exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Shared,
    Exclusive,
}

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct DirLock {
    file: File,
    path: PathBuf,
}

/// Why a lock is not held.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process held it for the whole wait.
    #[error("{path} is held by another process")]
    Busy { path: PathBuf },
    /// The lock file cannot be created or opened (a read-only directory).
    #[error("cannot open the lock file {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

impl DirLock {
    /// Takes the lock `name` in `dir` (created, with the directory, when
    /// missing), waiting up to `wait` for another holder to release it.
    pub fn acquire(dir: &Path, name: &str, mode: Mode, wait: Duration) -> Result<Self, LockError> {
        let path = dir.join(name);
        let io_error = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io_error)?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .or_else(|_| File::open(&path))
            .map_err(io_error)?;
        let deadline = Instant::now() + wait;
        loop {
            let attempt = match mode {
                Mode::Shared => file.try_lock_shared(),
                Mode::Exclusive => file.try_lock(),
            };
            match attempt {
                Ok(()) => return Ok(Self { file, path }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(RETRY);
                }
                Err(TryLockError::WouldBlock) => return Err(LockError::Busy { path }),
                Err(TryLockError::Error(source)) => return Err(LockError::Io { path, source }),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first says so plainly.
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_excludes_and_shared_shares() {
        let dir = tempfile::tempdir().expect("temp dir");
        let none = Duration::ZERO;
        let one = DirLock::acquire(dir.path(), ".lock", Mode::Shared, none).expect("shared");
        let two = DirLock::acquire(dir.path(), ".lock", Mode::Shared, none).expect("shared too");
        assert!(matches!(
            DirLock::acquire(dir.path(), ".lock", Mode::Exclusive, none),
            Err(LockError::Busy { .. })
        ));
        drop((one, two));
        let writer = DirLock::acquire(dir.path(), ".lock", Mode::Exclusive, none).expect("free");
        assert!(matches!(
            DirLock::acquire(dir.path(), ".lock", Mode::Shared, none),
            Err(LockError::Busy { .. })
        ));
        drop(writer);
        DirLock::acquire(dir.path(), ".lock", Mode::Exclusive, none).expect("released on drop");
    }

    #[test]
    fn a_missing_directory_is_created() {
        let dir = tempfile::tempdir().expect("temp dir");
        let nested = dir.path().join("a").join("index");
        DirLock::acquire(&nested, ".lock", Mode::Exclusive, Duration::ZERO).expect("created");
        assert!(nested.is_dir());
    }
}
