//! Whether the bot is up, told without a call to Discord: `missionbot run`
//! touches a heartbeat file (`heartbeat` in the configuration) every
//! [`EVERY`] from its async runtime, and removes it when it stops cleanly;
//! `missionbot health` (a container's HEALTHCHECK, a monitoring probe)
//! reads its age. A beat proves the process lives and its runtime still
//! schedules work; the gateway connection itself serenity keeps up,
//! reconnecting as long as the process runs.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often the running bot beats.
pub const EVERY: Duration = Duration::from_secs(15);

/// A beat older than this means the bot is not up (three beats missed).
pub const MAX_AGE: Duration = Duration::from_secs(60);

/// Why the bot is not reported up.
#[derive(Debug, thiserror::Error)]
pub enum HealthError {
    #[error(
        "{} does not exist: `missionbot run` is not running with this configuration \
         (or has not started yet)", path.display()
    )]
    NotRunning { path: PathBuf },
    #[error("the last heartbeat in {} is {} s old (at most {} s expected)",
        path.display(), age.as_secs(), max.as_secs())]
    Stale {
        path: PathBuf,
        age: Duration,
        max: Duration,
    },
    #[error("{} is not a heartbeat missionbot wrote", path.display())]
    Garbled { path: PathBuf },
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// A beat: the process and the time, written whole (a reader never sees
/// half of one).
pub fn beat(path: &Path) -> io::Result<()> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let text = format!("{} {now}\n", std::process::id());
    let name = path
        .file_name()
        .map_or_else(|| "heartbeat".into(), |n| n.to_string_lossy().into_owned());
    let staged = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&staged, text)?;
    std::fs::rename(&staged, path)
}

/// The heartbeat removed: the bot stopped cleanly.
pub fn stopped(path: &Path) {
    if let Err(error) = std::fs::remove_file(path)
        && error.kind() != io::ErrorKind::NotFound
    {
        tracing::warn!(%error, path = %path.display(), "cannot remove the heartbeat file");
    }
}

/// The age of the last beat in `path`, if it is at most `max`.
pub fn check(path: &Path, max: Duration) -> Result<Duration, HealthError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(HealthError::NotRunning {
                path: path.to_path_buf(),
            });
        }
        Err(source) => {
            return Err(HealthError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let at = text
        .split_whitespace()
        .nth(1)
        .and_then(|ms| ms.parse::<u64>().ok())
        .ok_or_else(|| HealthError::Garbled {
            path: path.to_path_buf(),
        })?;
    let at = UNIX_EPOCH + Duration::from_millis(at);
    // A beat from the future (a clock set back) counts as fresh.
    let age = SystemTime::now().duration_since(at).unwrap_or_default();
    if age > max {
        return Err(HealthError::Stale {
            path: path.to_path_buf(),
            age,
            max,
        });
    }
    Ok(age)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_beat_is_up_an_old_or_missing_one_is_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missionbot.heartbeat");
        assert!(matches!(
            check(&path, MAX_AGE),
            Err(HealthError::NotRunning { .. })
        ));
        beat(&path).expect("beats");
        assert!(check(&path, MAX_AGE).is_ok());
        std::fs::write(&path, "1 1000\n").expect("an old beat");
        assert!(matches!(
            check(&path, MAX_AGE),
            Err(HealthError::Stale { .. })
        ));
        std::fs::write(&path, "hello").expect("not a beat");
        assert!(matches!(
            check(&path, MAX_AGE),
            Err(HealthError::Garbled { .. })
        ));
        stopped(&path);
        assert!(!path.exists());
    }
}
