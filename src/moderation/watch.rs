//! Watching `knowledge/` so that an edit made on disk (by hand, `git pull`,
//! another process) reaches a running process without a restart: file events,
//! debounced so one save is one event, make the editor reconcile the disk
//! under the knowledge lock (recording the edit, swapping it into the engine,
//! or reporting why it is invalid). Only the knowledge files count: staged
//! files, the lock and the audit log do not.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use super::editor::Editor;
use crate::knowledge;

/// Quiet time after the last event before the directory is read: an editor
/// that writes a file in several steps is read once, and an edit is still
/// seen well within two seconds.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// A running watch; dropping it stops watching.
pub struct Watching {
    _debouncer: Debouncer<RecommendedWatcher>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot watch {dir} for edits: {source}")]
pub struct WatchError {
    dir: String,
    source: notify_debouncer_mini::notify::Error,
}

/// Whether `path` is one of the files the knowledge is read from.
fn is_knowledge_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| knowledge::FILES.contains(&name))
}

/// Watches the editor's knowledge directory until the result is dropped.
pub fn watch(editor: Arc<Editor>) -> Result<Watching, WatchError> {
    let dir = editor.knowledge_dir().to_path_buf();
    let failed = |source| WatchError {
        dir: dir.display().to_string(),
        source,
    };
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            if !events.iter().any(|e| is_knowledge_file(&e.path)) {
                return;
            }
            tracing::debug!("a knowledge file changed on disk");
            if let Err(error) = editor.sync() {
                tracing::warn!(%error, "cannot take in the knowledge edited on disk");
            }
        }
        Err(error) => tracing::warn!(%error, "watching the knowledge directory failed"),
    };
    let mut debouncer = new_debouncer(DEBOUNCE, handler).map_err(failed)?;
    debouncer
        .watcher()
        .watch(&dir, RecursiveMode::NonRecursive)
        .map_err(failed)?;
    tracing::debug!(dir = %dir.display(), "watching");
    tracing::info!("watching the knowledge for edits made on disk");
    Ok(Watching {
        _debouncer: debouncer,
    })
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
