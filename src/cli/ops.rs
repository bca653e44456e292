//! Running the bot on a server: `init` (a data directory apart from the
//! code), `backup` and `restore`, `health` (for a container's HEALTHCHECK)
//! and `invite` (the link with every permission the features need).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use super::{CliError, Import, import};
use crate::app;
use crate::backup::{self, Archive, BackupError, Counts};
use crate::config::{self, Config};
use crate::health;
use crate::knowledge::{self, Texts};
use crate::moderation::Editor;
use crate::store::FileStore;

/// The knowledge shipped with this build, for `init` without a document.
const SHIPPED_KNOWLEDGE: [(&str, &str); 3] = [
    (
        knowledge::MISSION_FILE,
        include_str!("../../knowledge/mission.toml"),
    ),
    (
        knowledge::STRATEGY_FILE,
        include_str!("../../knowledge/strategy.toml"),
    ),
    (
        knowledge::SYNONYMS_FILE,
        include_str!("../../knowledge/synonyms.toml"),
    ),
];

/// Why an operations command failed.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Cli(#[from] CliError),
    #[error("{} already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the new configuration {} does not load", .0.display())]
    Config(PathBuf, #[source] crate::diagnostic::Diagnostic),
    #[error("the backup's configuration is not UTF-8 text")]
    ConfigText,
    #[error("cannot write the shipped knowledge into {}", dir.display())]
    Knowledge {
        dir: PathBuf,
        #[source]
        source: crate::moderation::ModerationError,
    },
}

/// Writes `text` as the configuration in `dir` (made when missing) and
/// loads it.
fn lay_out(dir: &Path, text: &str, force: bool) -> Result<Config, OpsError> {
    let path = dir.join(config::DEFAULT_PATH);
    if path.exists() && !force {
        return Err(OpsError::Exists(path));
    }
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| OpsError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    std::fs::write(&path, text).map_err(write_error(&path))?;
    Config::load(&path, true).map_err(|error| OpsError::Config(path, error))
}

/// `missionbot init DIR [--import FILE]`: a data directory holding a
/// configuration (the shipped one, laid out for the directory), the
/// knowledge (shipped, or imported from a document) and, once the bot
/// runs, its audit log, index and learning store.
pub fn init(dir: &Path, document: Option<Import>, force: bool) -> Result<ExitCode, OpsError> {
    let knowledge = dir.join("knowledge");
    let occupied = std::fs::read_dir(&knowledge).is_ok_and(|mut d| d.next().is_some());
    if occupied && !force {
        return Err(OpsError::Exists(knowledge));
    }
    let text = config::with_data_layout(config::SHIPPED).map_err(BackupError::from)?;
    let config = lay_out(dir, &text, force)?;
    match document {
        Some(document) => {
            let code = import(
                &config,
                Import {
                    force: true,
                    out: None,
                    ..document
                },
            )?;
            if code != ExitCode::SUCCESS {
                return Ok(code);
            }
        }
        None => {
            let mut texts = Texts::new();
            for (file, text) in SHIPPED_KNOWLEDGE {
                texts.insert(file, text.to_string());
            }
            let store = FileStore::new(config.knowledge_dir.clone(), config.audit_log.clone());
            Editor::import(&store, &texts, &app::local_user(), "init").map_err(|source| {
                OpsError::Knowledge {
                    dir: config.knowledge_dir.clone(),
                    source,
                }
            })?;
        }
    }
    let shown = dir.join(config::DEFAULT_PATH);
    println!(
        "initialized {}: the configuration {}, the knowledge in {}; check it with\n  \
         missionbot --config {} check",
        dir.display(),
        shown.display(),
        config.knowledge_dir.display(),
        shown.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn counted(counts: &Counts) -> String {
    format!(
        "{} passages, {} audit entries, {} recorded questions",
        counts.passages, counts.audit_entries, counts.questions
    )
}

/// `missionbot backup FILE`: a consistent copy, while the bot runs.
pub fn backup(config: &Config, to: &Path, force: bool) -> Result<ExitCode, OpsError> {
    let manifest = backup::backup(config, to, force)?;
    println!(
        "backed up {}: {} files; {}",
        to.display(),
        manifest.files.len(),
        counted(&manifest.counts)
    );
    Ok(ExitCode::SUCCESS)
}

/// Where `restore` puts a backup.
pub enum Into<'a> {
    /// Where this configuration names.
    Configured(&'a Config),
    /// A new data directory, with the backup's configuration laid out for it.
    Dir(&'a Path),
}

/// `missionbot restore FILE [--into DIR]`: the backup verified, then put
/// where the configuration names (or into a new data directory).
pub fn restore(from: &Path, into: Into, force: bool) -> Result<ExitCode, OpsError> {
    let archive = Archive::open(from)?;
    let target = match into {
        Into::Dir(dir) => {
            let text = match archive.config() {
                Some(bytes) => std::str::from_utf8(bytes).map_err(|_| OpsError::ConfigText)?,
                None => config::SHIPPED,
            };
            let text = config::with_data_layout(text).map_err(BackupError::from)?;
            lay_out(dir, &text, force)?
        }
        Into::Configured(config) => config.clone(),
    };
    let counts = archive.restore(&target, force)?;
    println!(
        "restored {} (made {} by missionbot {}): {}",
        from.display(),
        archive.manifest.created,
        archive.manifest.missionbot,
        counted(&counts)
    );
    if counts != archive.manifest.counts {
        eprintln!(
            "warning: the backup's manifest counted {}",
            counted(&archive.manifest.counts)
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `missionbot health`: success when the running bot's heartbeat is fresh.
pub fn health(config: &Config, max_age: Duration) -> ExitCode {
    match health::check(&config.heartbeat, max_age) {
        Ok(age) => {
            println!("up: last heartbeat {} s ago", age.as_secs());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("down: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `missionbot invite --application-id ID`: the link, and each permission
/// with the feature it is for.
#[cfg(feature = "discord")]
pub fn invite(application_id: u64) -> ExitCode {
    use crate::discord::invite;
    println!("{}", invite::url(application_id));
    println!();
    println!(
        "scopes: bot (the bot user), applications.commands (its slash commands); \
         permissions = {}, the sum of:",
        invite::permissions().bits()
    );
    for line in invite::explained() {
        println!("{line}");
    }
    ExitCode::SUCCESS
}
