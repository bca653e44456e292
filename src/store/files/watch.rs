//! Watching the knowledge directory so that an edit made on disk (by hand,
//! `git pull`, another process) reaches a running process without a
//! restart, and nothing else does: only events that can change a file's
//! content (written, created, renamed, removed; never opened, read or
//! touched) count, only for the knowledge files, and only when a file's
//! content differs from what the watch last saw of it. Reading the files in
//! reply (the process's own reload) is not an event that counts, so a
//! watch settles: one edit, one reload.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use sha2::{Digest, Sha256};

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
        .is_some_and(knowledge::load::is_knowledge_file)
}

/// Whether an event of this kind can change what a file holds: opening,
/// reading, closing and metadata (`touch`, permissions) cannot.
fn may_change_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other | EventKind::Any => false,
    }
}

/// A digest of each knowledge file's bytes (`None`: missing or unreadable).
/// A file that was there and is gone shows as missing from the map, which
/// differs from what was seen as much as a changed digest does.
type Contents = HashMap<String, Option<[u8; 32]>>;

fn contents(dir: &Path) -> Contents {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Contents::new();
    };
    listing
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| knowledge::load::is_knowledge_file(name))
        .map(|file| {
            let digest = std::fs::read(dir.join(&file))
                .ok()
                .map(|bytes| Sha256::digest(&bytes).into());
            (file, digest)
        })
        .collect()
}

/// What the watch last saw of the files: it lets a batch of events through
/// only when one of them may change a knowledge file and a file's content
/// did change since.
struct Gate {
    dir: PathBuf,
    seen: Mutex<Contents>,
}

impl Gate {
    fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            seen: Mutex::new(contents(dir)),
        }
    }

    fn opens(&self, events: &[(EventKind, Vec<PathBuf>)]) -> bool {
        let relevant = events.iter().any(|(kind, paths)| {
            may_change_content(kind) && paths.iter().any(|p| is_knowledge_file(p))
        });
        if !relevant {
            return false;
        }
        let now = contents(&self.dir);
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if *seen == now {
            return false;
        }
        *seen = now;
        true
    }
}

/// Calls `changed` after the content of knowledge files in `dir` changes,
/// until the result is dropped.
pub fn watch(dir: &Path, changed: Box<dyn Fn() + Send + Sync>) -> Result<Watching, StoreError> {
    let failed = |source| StoreError::Watch {
        dir: PathBuf::from(dir),
        source,
    };
    let gate = Gate::new(dir);
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            let events: Vec<(EventKind, Vec<PathBuf>)> =
                events.iter().map(|e| (e.kind, e.paths.clone())).collect();
            if gate.opens(&events) {
                tracing::debug!("a knowledge file changed on disk");
                changed();
            }
        }
        Err(errors) => {
            for error in errors {
                tracing::warn!(%error, "watching the knowledge directory failed");
            }
        }
    };
    let mut debouncer: Debouncer<RecommendedWatcher, RecommendedCache> =
        new_debouncer(DEBOUNCE, None, handler).map_err(failed)?;
    debouncer
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(failed)?;
    tracing::info!("watching the knowledge for edits made on disk");
    Ok(Watching::new(debouncer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::event::{
        AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode,
    };

    #[test]
    fn only_knowledge_files_count() {
        assert!(is_knowledge_file(Path::new("/k/strategy.toml")));
        assert!(is_knowledge_file(Path::new("synonyms.toml")));
        for other in [
            "/k/.strategy.toml.tmp-12",
            "/k/audit.jsonl",
            "/k/.missionbot.lock",
            "/k/notes.txt",
        ] {
            assert!(!is_knowledge_file(Path::new(other)), "{other}");
        }
    }

    #[test]
    fn only_a_changed_content_opens_the_gate() {
        let dir = tempfile::tempdir().expect("temp dir");
        let strategy = dir.path().join("strategy.toml");
        std::fs::write(&strategy, "a").expect("write");
        let gate = Gate::new(dir.path());
        let written = |path: &Path| {
            vec![(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                vec![path.to_path_buf()],
            )]
        };
        let touched = vec![(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
            vec![strategy.clone()],
        )];
        assert!(!gate.opens(&touched), "a touch");
        assert!(
            !gate.opens(&written(&strategy)),
            "the same bytes written again"
        );
        std::fs::write(&strategy, "b").expect("write");
        assert!(!gate.opens(&touched), "a change only a touch announced");
        assert!(gate.opens(&written(&strategy)), "a new content");
        assert!(!gate.opens(&written(&strategy)), "seen once");
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, "x").expect("write");
        std::fs::write(&strategy, "c").expect("write");
        assert!(!gate.opens(&written(&notes)), "not a knowledge file");
        std::fs::remove_file(&strategy).expect("remove");
        let removed = vec![(EventKind::Remove(RemoveKind::File), vec![strategy.clone()])];
        assert!(gate.opens(&removed), "a file gone");
    }

    #[test]
    fn only_events_that_can_change_content_count() {
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Any),
        ] {
            assert!(may_change_content(&kind), "{kind:?}");
        }
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime)),
            EventKind::Other,
        ] {
            assert!(!may_change_content(&kind), "{kind:?}");
        }
    }
}
