//! Watching the knowledge directory so that an edit made on disk (by hand,
//! `git pull`, another process) reaches a running process without a
//! restart: file events, debounced so one save is one event, call back the
//! process, which takes the edit in under the knowledge lock. Only the
//! knowledge files count: staged files, the lock and the audit log do not.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::knowledge;
use crate::store::knowledge::{StoreError, Watching};

/// Quiet time after the last event before the directory is read: an editor
/// that writes a file in several steps is read once, and an edit is still
/// seen well within two seconds.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Whether `path` is one of the files the knowledge is read from.
fn is_knowledge_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| knowledge::FILES.contains(&name))
}

/// Calls `changed` after knowledge files in `dir` change, until the result
/// is dropped.
pub fn watch(dir: &Path, changed: Box<dyn Fn() + Send + Sync>) -> Result<Watching, StoreError> {
    let failed = |source| StoreError::Watch {
        dir: PathBuf::from(dir),
        source,
    };
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            if events.iter().any(|e| is_knowledge_file(&e.path)) {
                tracing::debug!("a knowledge file changed on disk");
                changed();
            }
        }
        Err(error) => tracing::warn!(%error, "watching the knowledge directory failed"),
    };
    let mut debouncer: Debouncer<RecommendedWatcher> =
        new_debouncer(DEBOUNCE, handler).map_err(failed)?;
    debouncer
        .watcher()
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(failed)?;
    tracing::info!("watching the knowledge for edits made on disk");
    Ok(Watching::new(debouncer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_knowledge_files_count() {
        assert!(is_knowledge_file(Path::new("/k/strategy.toml")));
        assert!(is_knowledge_file(Path::new("synonyms.toml")));
        for other in [
            "/k/.strategy.toml.tmp-12",
            "/k/audit.jsonl",
            "/k/.missionbot.lock",
            "/k/notes.toml",
        ] {
            assert!(!is_knowledge_file(Path::new(other)), "{other}");
        }
    }
}
