//! The last knowledge this machine loaded from PostgreSQL, on local disk
//! (`[store] cache_dir`): a process that starts while the database is down
//! answers from it, read-only, instead of not starting. One JSON file,
//! replaced atomically, so it is always one version whole.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::knowledge::Texts;
use crate::store::files::atomic_write;

/// The file in `cache_dir`.
const FILE: &str = "knowledge.json";

#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    version: i64,
    files: BTreeMap<String, String>,
}

/// The cache in one directory.
#[derive(Debug, Clone)]
pub struct Cache {
    path: PathBuf,
}

impl Cache {
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join(FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps `texts` as version `version`; a failure is logged, not fatal
    /// (the next load writes it again).
    pub fn keep(&self, version: i64, texts: &Texts) {
        let cached = Cached {
            version,
            files: texts
                .iter()
                .map(|(f, t)| (f.to_string(), t.to_string()))
                .collect(),
        };
        let written = serde_json::to_vec(&cached)
            .map_err(std::io::Error::other)
            .and_then(|bytes| {
                if let Some(dir) = self.path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                atomic_write::write_atomic(&self.path, &bytes)
            });
        if let Err(error) = written {
            tracing::warn!(%error, path = %self.path.display(), "cannot keep the knowledge's local copy");
        }
    }

    /// The version kept and its texts, if a whole one is there.
    pub fn load(&self) -> Option<(i64, Texts)> {
        let bytes = std::fs::read(&self.path).ok()?;
        let cached: Cached = serde_json::from_slice(&bytes).ok()?;
        let mut texts = Texts::new();
        for (file, text) in cached.files {
            texts.insert(&file, text);
        }
        Some((cached.version, texts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_kept_comes_back_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(&dir.path().join("cache"));
        assert!(cache.load().is_none());
        let texts = Texts::new()
            .with("mission.toml", "a")
            .with("strategy.toml", "b");
        cache.keep(3, &texts);
        assert_eq!(cache.load(), Some((3, texts.clone())));
        cache.keep(4, &texts.with("mission.toml", "c"));
        assert_eq!(cache.load().map(|(v, _)| v), Some(4));
        std::fs::write(cache.path(), "{").expect("damaged");
        assert!(cache.load().is_none(), "a damaged copy is none");
    }
}
