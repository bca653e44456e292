//! The bot's settings from `config.toml`: defaults only, never secrets.
//!
//! Paths in the file are relative to the file itself, so the bot behaves the same
//! whatever directory it is started from.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, read_text};
use crate::reply::Lang;

/// Where the configuration is looked for when `--config` is not given.
pub const DEFAULT_PATH: &str = "config.toml";

/// Settings after loading: paths are absolute (resolved against the config's directory).
#[derive(Debug, Clone)]
pub struct Config {
    /// The file these settings came from, or `None` for built-in defaults.
    pub path: Option<PathBuf>,
    pub knowledge_dir: PathBuf,
    pub index_dir: PathBuf,
    /// The log of moderators' changes (JSON lines).
    pub audit_log: PathBuf,
    pub answers: Answers,
    pub discord: DiscordConfig,
    pub learning: LearningConfig,
}

/// How answers to questions look.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Answers {
    /// How many passages an answer to a question shows (1–10).
    pub passages: usize,
    /// Language of the bot's own words when the asker's is not known.
    pub language: Lang,
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            passages: 3,
            language: Lang::Sk,
        }
    }
}

/// The file's shape; unknown keys are errors so a typo never silently falls back
/// to a default.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default = "default_knowledge")]
    knowledge: PathBuf,
    #[serde(default = "default_index")]
    index: PathBuf,
    #[serde(default = "default_audit_log")]
    audit_log: PathBuf,
    #[serde(default)]
    answers: Answers,
    #[serde(default)]
    discord: DiscordConfig,
    #[serde(default)]
    learning: LearningFile,
}

/// `[learning]`: what members ask, kept for the moderators (see
/// [`crate::learning`]). Paths resolved like the others.
#[derive(Debug, Clone)]
pub struct LearningConfig {
    /// Whether questions, outcomes and votes are recorded at all.
    pub record: bool,
    /// The SQLite file; never inside the knowledge directory, which is the
    /// organization's text under version control.
    pub db: PathBuf,
    /// Rows older than this many days are deleted when a process starts.
    pub keep_days: u32,
}

/// Longest `keep_days` accepted: a hundred years is "keep everything".
pub const MAX_KEEP_DAYS: u32 = 36_500;

/// The `[learning]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct LearningFile {
    record: bool,
    db: PathBuf,
    keep_days: u32,
}

impl Default for LearningFile {
    fn default() -> Self {
        Self {
            record: true,
            db: PathBuf::from("learning.sqlite"),
            keep_days: 90,
        }
    }
}

impl LearningFile {
    fn resolve(self, base: &Path) -> LearningConfig {
        LearningConfig {
            record: self.record,
            db: base.join(self.db),
            keep_days: self.keep_days,
        }
    }
}

/// `path` with `.` and `..` taken out, without asking the file system (the
/// file need not exist yet).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether `file` lies inside `dir`, comparing the paths as written and, where
/// they exist, as the file system resolves them (a symlink into the directory).
fn inside(file: &Path, dir: &Path) -> bool {
    if lexical(file).starts_with(lexical(dir)) {
        return true;
    }
    let parent = file.parent().and_then(|p| p.canonicalize().ok());
    match (parent, dir.canonicalize()) {
        (Some(parent), Ok(dir)) => parent.starts_with(dir),
        _ => false,
    }
}

/// The `[discord]` table. Read even in builds without Discord, so one config
/// file serves every build and `check` validates it everywhere.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    /// Guilds to register the slash commands in (instant); empty registers them
    /// globally, which Discord can take up to an hour to show.
    pub guilds: Vec<u64>,
    /// Channels where every message is answered as a question. Needs the
    /// privileged MESSAGE_CONTENT intent, requested only when this is non-empty.
    pub channels: Vec<u64>,
    /// Seconds one user waits between two questions, so nobody floods a channel.
    pub cooldown_secs: f64,
    /// Another host for all HTTP and gateway traffic (a self-hosted proxy, or a
    /// test server); `None` talks to Discord itself.
    pub api_base: Option<String>,
    /// `"auto"` lets Discord say how many shards the bot needs; a number fixes it.
    pub shards: Shards,
    /// Role ids whose members may edit the knowledge, besides Manage Server.
    pub moderator_roles: Vec<u64>,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        Self {
            guilds: Vec::new(),
            channels: Vec::new(),
            cooldown_secs: 5.0,
            api_base: None,
            shards: Shards::default(),
            moderator_roles: Vec::new(),
        }
    }
}

impl DiscordConfig {
    fn validate(&self) -> Result<(), String> {
        if !(0.0..=3600.0).contains(&self.cooldown_secs) {
            return Err(format!(
                "discord.cooldown_secs must be between 0 and 3600, not {}",
                self.cooldown_secs
            ));
        }
        if let Some(base) = &self.api_base
            && !(base.starts_with("http://") || base.starts_with("https://"))
        {
            return Err(format!(
                "discord.api_base must start with http:// or https://, not {base:?}"
            ));
        }
        if let Shards::Fixed(0) = self.shards {
            return Err("discord.shards must be \"auto\" or at least 1".to_string());
        }
        Ok(())
    }
}

/// How many gateway shards to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shards {
    /// Ask Discord (serenity's autosharding): right for large bots.
    #[default]
    Auto,
    Fixed(u32),
}

impl<'de> Deserialize<'de> for Shards {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u32),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(Shards::Fixed(n)),
            Raw::Text(t) if t == "auto" => Ok(Shards::Auto),
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "shards must be \"auto\" or a number, not {t:?}"
            ))),
        }
    }
}

fn default_knowledge() -> PathBuf {
    PathBuf::from("knowledge")
}

fn default_index() -> PathBuf {
    PathBuf::from("index")
}

fn default_audit_log() -> PathBuf {
    PathBuf::from("knowledge/audit.jsonl")
}

impl Config {
    /// Loads the config file. A missing file is an error only when it was asked
    /// for explicitly; the default path falls back to built-in defaults.
    pub fn load(path: &Path, explicit: bool) -> Result<Self, Diagnostic> {
        if !explicit && !path.exists() {
            return Ok(Self::defaults_in(Path::new(".")));
        }
        let text = read_text(path)?;
        let file: ConfigFile =
            toml::from_str(&text).map_err(|e| Diagnostic::from_toml(path, &text, &e))?;
        if !(1..=10).contains(&file.answers.passages) {
            let offset = text.find("passages").unwrap_or(0);
            return Err(Diagnostic::at(
                path,
                &text,
                offset,
                format!(
                    "answers.passages must be between 1 and 10, not {}",
                    file.answers.passages
                ),
            ));
        }
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Err(message) = file.discord.validate() {
            let offset = text.find("[discord]").unwrap_or(0);
            return Err(Diagnostic::at(path, &text, offset, message));
        }
        let knowledge_dir = base.join(file.knowledge);
        let at = |key: &str| {
            let table = text.find("[learning]").unwrap_or(0);
            text[table..].find(key).map_or(table, |i| table + i)
        };
        if !(1..=MAX_KEEP_DAYS).contains(&file.learning.keep_days) {
            return Err(Diagnostic::at(
                path,
                &text,
                at("keep_days"),
                format!(
                    "learning.keep_days must be between 1 and {MAX_KEEP_DAYS}, not {} \
                     (to keep nothing, set learning.record = false)",
                    file.learning.keep_days
                ),
            ));
        }
        let learning = file.learning.resolve(base);
        if inside(&learning.db, &knowledge_dir) {
            return Err(Diagnostic::at(
                path,
                &text,
                at("db"),
                format!(
                    "learning.db must not be inside the knowledge directory ({}): it holds what \
                     members ask, not the organization's text",
                    knowledge_dir.display()
                ),
            ));
        }
        Ok(Self {
            path: Some(path.to_path_buf()),
            knowledge_dir,
            index_dir: base.join(file.index),
            audit_log: base.join(file.audit_log),
            answers: file.answers,
            discord: file.discord,
            learning,
        })
    }

    /// Built-in defaults with `knowledge/` and `index/` under `base`.
    pub fn defaults_in(base: &Path) -> Self {
        Self {
            path: None,
            knowledge_dir: base.join(default_knowledge()),
            index_dir: base.join(default_index()),
            audit_log: base.join(default_audit_log()),
            answers: Answers::default(),
            discord: DiscordConfig::default(),
            learning: LearningFile::default().resolve(base),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, Diagnostic> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).expect("write config");
        Config::load(&path, true)
    }

    #[test]
    fn paths_are_relative_to_the_config_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "knowledge = \"kb\"\n").expect("write config");
        let config = Config::load(&path, true).expect("valid config");
        assert_eq!(config.knowledge_dir, dir.path().join("kb"));
        assert_eq!(config.index_dir, dir.path().join("index"));
    }

    #[test]
    fn unknown_keys_are_located() {
        let err = load("knowledge = \"k\"\n\n[answers]\npasages = 3\n").expect_err("typo");
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("pasages"), "{err}");
    }

    #[test]
    fn passages_out_of_range_is_refused() {
        let err = load("[answers]\npassages = 0\n").expect_err("zero passages");
        assert_eq!(err.line, Some(2), "{err}");
    }

    #[test]
    fn learning_has_defaults_and_stays_out_of_the_knowledge() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "").expect("write config");
        let config = Config::load(&path, true).expect("valid config");
        assert!(config.learning.record);
        assert_eq!(config.learning.db, dir.path().join("learning.sqlite"));
        assert_eq!(config.learning.keep_days, 90);
        for db in [
            "knowledge/learning.sqlite",
            "./knowledge/x/../learning.sqlite",
            "other/../knowledge/l.db",
        ] {
            let err = load(&format!("[learning]\ndb = {db:?}\n")).expect_err(db);
            assert_eq!(err.line, Some(2), "{db}: {err}");
            assert!(err.message.contains("knowledge directory"), "{err}");
        }
        let ok = load("[learning]\ndb = \"knowledge-stats.sqlite\"\nrecord = false\n")
            .expect("beside the knowledge is fine");
        assert!(!ok.learning.record);
        let err = load("[learning]\nkeep_days = 0\n").expect_err("zero days");
        assert_eq!(err.line, Some(2), "{err}");
        assert!(load("[learning]\nkeep = 3\n").is_err(), "unknown key");
    }

    #[test]
    fn explicit_missing_file_is_an_error_default_is_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("nope.toml");
        assert!(Config::load(&missing, true).is_err());
        assert!(Config::load(&missing, false).is_ok());
    }
}
