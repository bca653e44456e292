//! Backups and restores: the knowledge, its audit log (with the record
//! beside it), the learning store and the configuration in one gzipped tar
//! archive, with a manifest (`manifest.json`: what is in it, how many
//! passages, audit entries and questions, and each file's SHA-256).
//!
//! A backup is consistent while the bot runs: the knowledge files and the
//! audit trail are read under the knowledge lock (no change is half in
//! them), the learning store through SQLite's online backup (copying the
//! file would miss what is still in its WAL). A restore verifies every
//! checksum and that the knowledge loads before it writes anything, and
//! writes over existing data only when told to.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::knowledge;
use crate::store::files::snapshot::{self, Snapshot, SnapshotError};
use crate::store::learning::{LOCK_WAIT, LearningStoreError};
use crate::store::sqlite;

/// The archive format this missionbot writes and reads.
pub const FORMAT: u32 = 1;

const MANIFEST: &str = "manifest.json";
const CONFIG: &str = "config.toml";
const KNOWLEDGE: &str = "knowledge/";
const AUDIT_LOG: &str = "audit/audit.jsonl";
const RECORDED: &str = "audit/recorded/";
const LEARNING: &str = "learning/learning.sqlite";

/// Largest archive member read (the learning store is the largest).
const MAX_MEMBER: u64 = 4 << 30;

/// What an archive holds, as its manifest says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The missionbot version that wrote it.
    pub missionbot: String,
    /// When, in UTC (RFC 3339).
    pub created: String,
    pub counts: Counts,
    pub files: Vec<Member>,
}

/// What the data held when it was copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub passages: usize,
    pub audit_entries: usize,
    pub questions: u64,
}

/// One file in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{} already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error(
        "with [store] the knowledge, its audit log and the learning store are in PostgreSQL: \
         back them up with pg_dump (`missionbot store export DIR` writes the knowledge's files)"
    )]
    InPostgres,
    #[error(
        "there is data already where the backup would be restored ({}); pass --force to \
         replace it (stop the bot first)", .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    Occupied(Vec<PathBuf>),
    #[error("cannot copy the knowledge")]
    Snapshot(#[from] SnapshotError),
    #[error("the learning store")]
    Learning(#[from] LearningStoreError),
    #[error("{}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{} is not a missionbot backup (a gzipped tar archive)", path.display())]
    Archive {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the backup has no manifest.json")]
    NoManifest,
    #[error("the backup's manifest cannot be read")]
    Manifest(#[source] serde_json::Error),
    #[error("the backup has format {0}, newer than this missionbot's {FORMAT}: upgrade missionbot")]
    Newer(u32),
    #[error("the backup's {0} does not match its checksum: the archive is damaged")]
    Checksum(String),
    #[error("the backup's manifest lists {0}, which the archive lacks")]
    Missing(String),
    #[error("the backup holds {0}, which its manifest does not list")]
    Unlisted(String),
    #[error("the backup's knowledge does not load:\n{0}")]
    Knowledge(Diagnostics),
    #[error("the backup's configuration cannot be laid out")]
    Layout(#[from] toml_edit::TomlError),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Lines in an audit log: its entries.
fn entries(audit: Option<&[u8]>) -> usize {
    audit.map_or(0, |bytes| {
        bytes
            .split(|b| *b == b'\n')
            .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
            .count()
    })
}

/// The passages of the knowledge files in `snapshot`, loaded in `scratch`.
fn passages(snapshot: &Snapshot, scratch: &Path) -> Result<usize, BackupError> {
    let dir = scratch.join("knowledge");
    std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
    for (name, bytes) in &snapshot.knowledge {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(io_error(&path))?;
    }
    let loaded = knowledge::load(&dir).map_err(BackupError::Knowledge)?;
    Ok(loaded.passages().len())
}

fn scratch_dir() -> Result<tempfile::TempDir, BackupError> {
    tempfile::Builder::new()
        .prefix("missionbot-backup-")
        .tempdir()
        .map_err(io_error(&std::env::temp_dir()))
}

/// Writes a backup of what `config` names to `to` (refused when it exists,
/// unless `force`), while the bot may be running.
pub fn backup(config: &Config, to: &Path, force: bool) -> Result<Manifest, BackupError> {
    // The files beside the configuration are not what the bot serves then.
    if config.store.is_some() {
        return Err(BackupError::InPostgres);
    }
    if to.exists() && !force {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    let scratch = scratch_dir()?;
    let copy = snapshot::take(&config.knowledge_dir, &config.audit_log)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some(path) = &config.path {
        files.push((
            CONFIG.to_string(),
            std::fs::read(path).map_err(io_error(path))?,
        ));
    }
    for (name, bytes) in &copy.knowledge {
        files.push((format!("{KNOWLEDGE}{name}"), bytes.clone()));
    }
    if let Some(audit) = &copy.audit {
        files.push((AUDIT_LOG.to_string(), audit.clone()));
    }
    for (name, bytes) in &copy.recorded {
        files.push((format!("{RECORDED}{name}"), bytes.clone()));
    }
    let mut questions = 0;
    if config.learning.db.exists() {
        let path = scratch.path().join("learning.sqlite");
        sqlite::copy_to(&config.learning.db, &path, LOCK_WAIT)?;
        questions = sqlite::count_questions(&path, LOCK_WAIT)?;
        files.push((
            LEARNING.to_string(),
            std::fs::read(&path).map_err(io_error(&path))?,
        ));
    }
    let manifest = Manifest {
        format: FORMAT,
        missionbot: env!("CARGO_PKG_VERSION").to_string(),
        created: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        counts: Counts {
            passages: passages(&copy, scratch.path())?,
            audit_entries: entries(copy.audit.as_deref()),
            questions,
        },
        files: files
            .iter()
            .map(|(path, bytes)| Member {
                path: path.clone(),
                bytes: bytes.len() as u64,
                sha256: sha256(bytes),
            })
            .collect(),
    };
    write_archive(to, &manifest, &files)?;
    Ok(manifest)
}

/// The archive, written beside `to` and renamed over it once complete.
fn write_archive(
    to: &Path,
    manifest: &Manifest,
    files: &[(String, Vec<u8>)],
) -> Result<(), BackupError> {
    let dir = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staged = tempfile::Builder::new()
        .prefix(".missionbot-backup-")
        .tempfile_in(dir)
        .map_err(io_error(dir))?;
    let json = serde_json::to_vec_pretty(manifest).map_err(BackupError::Manifest)?;
    let gz = flate2::write::GzEncoder::new(staged.as_file(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let mtime = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let members = std::iter::once((MANIFEST, json.as_slice()))
        .chain(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    for (path, bytes) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        header.set_mtime(mtime);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, path, bytes)
            .map_err(io_error(to))?;
    }
    let gz = tar.into_inner().map_err(io_error(to))?;
    let mut file = gz.finish().map_err(io_error(to))?;
    file.flush().map_err(io_error(to))?;
    file.sync_all().map_err(io_error(to))?;
    staged
        .persist(to)
        .map_err(|error| BackupError::Io {
            path: to.to_path_buf(),
            source: error.error,
        })
        .map(drop)
}

/// A backup read and verified: every file its manifest lists, with the
/// checksum listed, and nothing else.
#[derive(Debug)]
pub struct Archive {
    pub manifest: Manifest,
    files: BTreeMap<String, Vec<u8>>,
}

impl Archive {
    /// Reads the archive at `path` and verifies it.
    pub fn open(path: &Path) -> Result<Self, BackupError> {
        let file = std::fs::File::open(path).map_err(io_error(path))?;
        let bad = |source| BackupError::Archive {
            path: path.to_path_buf(),
            source,
        };
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
        let mut files = BTreeMap::new();
        for entry in tar.entries().map_err(bad)? {
            let entry = entry.map_err(bad)?;
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let name = entry.path().map_err(bad)?.to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            entry
                .take(MAX_MEMBER)
                .read_to_end(&mut bytes)
                .map_err(bad)?;
            files.insert(name, bytes);
        }
        let manifest = files.remove(MANIFEST).ok_or(BackupError::NoManifest)?;
        let manifest: Manifest =
            serde_json::from_slice(&manifest).map_err(BackupError::Manifest)?;
        if manifest.format > FORMAT {
            return Err(BackupError::Newer(manifest.format));
        }
        for listed in &manifest.files {
            let bytes = files
                .get(&listed.path)
                .ok_or_else(|| BackupError::Missing(listed.path.clone()))?;
            if bytes.len() as u64 != listed.bytes || sha256(bytes) != listed.sha256 {
                return Err(BackupError::Checksum(listed.path.clone()));
            }
        }
        if let Some(extra) = files
            .keys()
            .find(|name| !manifest.files.iter().any(|m| m.path == **name))
        {
            return Err(BackupError::Unlisted(extra.clone()));
        }
        Ok(Self { manifest, files })
    }

    /// The configuration the backup was taken with, if it had a file.
    pub fn config(&self) -> Option<&[u8]> {
        self.files.get(CONFIG).map(Vec::as_slice)
    }

    fn snapshot(&self) -> Snapshot {
        let under = |prefix: &str| -> Vec<(String, Vec<u8>)> {
            self.files
                .iter()
                .filter_map(|(path, bytes)| Some((path.strip_prefix(prefix)?, bytes)))
                .map(|(name, bytes)| (name.to_string(), bytes.clone()))
                .collect()
        };
        Snapshot {
            knowledge: under(KNOWLEDGE),
            audit: self.files.get(AUDIT_LOG).cloned(),
            recorded: under(RECORDED),
        }
    }

    /// Puts the backup where `config` names (refused over existing data
    /// unless `force`): the learning store first, then the knowledge and
    /// its audit trail under the knowledge lock. Returns what was restored.
    pub fn restore(&self, config: &Config, force: bool) -> Result<Counts, BackupError> {
        if config.store.is_some() {
            return Err(BackupError::InPostgres);
        }
        let scratch = scratch_dir()?;
        let snapshot = self.snapshot();
        let passages = passages(&snapshot, scratch.path())?;
        let learning = self.files.get(LEARNING);
        let mut occupied = snapshot::existing(&config.knowledge_dir, &config.audit_log);
        if learning.is_some() && config.learning.db.exists() {
            occupied.push(config.learning.db.clone());
        }
        if !occupied.is_empty() && !force {
            return Err(BackupError::Occupied(occupied));
        }
        let mut questions = 0;
        if let Some(bytes) = learning {
            let copy = scratch.path().join("learning.sqlite");
            std::fs::write(&copy, bytes).map_err(io_error(&copy))?;
            questions = sqlite::restore_from(&config.learning.db, &copy, LOCK_WAIT)?;
        }
        snapshot::put(&config.knowledge_dir, &config.audit_log, &snapshot)?;
        Ok(Counts {
            passages,
            audit_entries: entries(snapshot.audit.as_deref()),
            questions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_or_padded_archive_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = vec![("knowledge/a.toml".to_string(), b"x = 1\n".to_vec())];
        let manifest = |sha: &str| Manifest {
            format: FORMAT,
            missionbot: "test".into(),
            created: "now".into(),
            counts: Counts {
                passages: 0,
                audit_entries: 0,
                questions: 0,
            },
            files: vec![Member {
                path: "knowledge/a.toml".into(),
                bytes: 6,
                sha256: sha.into(),
            }],
        };
        let good = dir.path().join("good.tar.gz");
        write_archive(&good, &manifest(&sha256(b"x = 1\n")), &files).expect("written");
        assert!(Archive::open(&good).is_ok());
        let bad = dir.path().join("bad.tar.gz");
        write_archive(&bad, &manifest(&sha256(b"other")), &files).expect("written");
        assert!(matches!(
            Archive::open(&bad),
            Err(BackupError::Checksum(path)) if path == "knowledge/a.toml"
        ));
        let padded = dir.path().join("padded.tar.gz");
        let mut more = files.clone();
        more.push(("knowledge/b.toml".into(), Vec::new()));
        write_archive(&padded, &manifest(&sha256(b"x = 1\n")), &more).expect("written");
        assert!(matches!(
            Archive::open(&padded),
            Err(BackupError::Unlisted(_))
        ));
        let newer = dir.path().join("newer.tar.gz");
        let mut future = manifest(&sha256(b"x = 1\n"));
        future.format = FORMAT + 1;
        write_archive(&newer, &future, &files).expect("written");
        assert!(matches!(Archive::open(&newer), Err(BackupError::Newer(_))));
        std::fs::write(dir.path().join("text"), "not an archive").expect("write");
        assert!(matches!(
            Archive::open(&dir.path().join("text")),
            Err(BackupError::Archive { .. })
        ));
    }

    #[test]
    fn with_postgres_neither_backup_nor_restore_touches_the_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        // As `[store]` loads in a build with the postgres feature.
        let mut config = Config::defaults_in(dir.path());
        config.store = Some(crate::config::StoreConfig {
            url: "postgres://bot@db/bot".into(),
            pool_size: 4,
            acquire_timeout_ms: 1500,
            poll_secs: 10,
            cache_dir: dir.path().join("cache"),
        });
        let to = dir.path().join("backup.tar.gz");
        assert!(matches!(
            backup(&config, &to, false),
            Err(BackupError::InPostgres)
        ));
        assert!(!to.exists(), "no archive of files the bot does not serve");

        let plain = Config::defaults_in(dir.path());
        std::fs::create_dir_all(&plain.knowledge_dir).expect("mkdir");
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        for file in std::fs::read_dir(&shipped).expect("the shipped knowledge") {
            let file = file.expect("a file").path();
            if file.extension().is_some_and(|e| e == "toml") {
                let name = file.file_name().expect("a name");
                std::fs::copy(&file, plain.knowledge_dir.join(name)).expect("copied");
            }
        }
        backup(&plain, &to, false).expect("a backup of the files");
        let archive = Archive::open(&to).expect("opens");
        assert!(matches!(
            archive.restore(&config, true),
            Err(BackupError::InPostgres)
        ));
    }
}
