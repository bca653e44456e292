//! The real bot (`missionbot::discord::start_with`) against the fake Discord, for the fault,
//! load and log tests: starting it, reading what the fake saw, and capturing the bot's logs.
//! Use it with `mod support; mod bot_harness;`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use missionbot::config::Shards;
use missionbot::discord::{self, RunningBot, Settings, Timing, Token};
use missionbot::{Engine, Lang};
use serde_json::Value;
use tracing_subscriber::fmt::MakeWriter;

use crate::support::fake_discord::{Call, FakeDiscord};

/// Upper bound for one awaited event (they take milliseconds).
pub const STEP: Duration = Duration::from_secs(5);
/// How long "nothing more happens" is watched for.
pub const QUIET: Duration = Duration::from_millis(400);
pub const CALLBACK: &str = "POST /interactions/*/*/callback";

pub fn engine() -> Arc<Engine> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    Arc::new(Engine::in_memory_from(&dir, 3).expect("the shipped knowledge loads"))
}

/// Commands in the fake's guild, no cooldown, no watched channel.
pub fn settings(fake: &FakeDiscord) -> Settings {
    Settings {
        guilds: vec![fake.guild_id()],
        channels: Vec::new(),
        cooldown: Duration::ZERO,
        api_base: Some(fake.api_base()),
        shards: Shards::Fixed(1),
        default_lang: Lang::Sk,
        moderator_roles: Vec::new(),
    }
}

/// The default time limits, but a test never waits long for a startup request.
pub fn timing() -> Timing {
    Timing {
        connect_timeout: STEP,
        ..Timing::default()
    }
}

/// Starts the bot against `fake` without waiting for anything.
pub async fn launch(fake: &FakeDiscord, timing: Timing) -> RunningBot {
    let token = Token::parse(&fake.token()).expect("the fake's token is token-shaped");
    discord::start_with(engine(), None, settings(fake), &token, timing)
        .await
        .expect("the bot starts")
}

/// Starts the bot and waits until its session is live and its commands registered.
pub async fn start_bot(fake: &FakeDiscord) -> RunningBot {
    let bot = launch(fake, timing()).await;
    assert!(fake.wait_ready(STEP).await, "the bot's session is live");
    fake.wait_for_call(|c| c.matches("PUT /applications/**"), STEP)
        .await
        .expect("commands registered");
    bot
}

pub fn id_of(payload: &Value) -> u64 {
    payload["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("payload has a snowflake id")
}

/// The callback calls for one interaction, in order.
pub fn callbacks_for(fake: &FakeDiscord, id: u64) -> Vec<Call> {
    let route = format!("POST /interactions/{id}/*/callback");
    fake.calls()
        .into_iter()
        .filter(|c| c.matches(&route))
        .collect()
}

pub fn statuses(calls: &[Call]) -> Vec<u16> {
    calls.iter().map(|c| c.status).collect()
}

/// Waits for the fake to hold a response to interaction `id` (whatever status the bot saw).
pub async fn wait_answered(fake: &FakeDiscord, id: u64, timeout: Duration) -> bool {
    let id = id.to_string();
    let deadline = tokio::time::Instant::now() + timeout;
    while tokio::time::Instant::now() < deadline {
        if responses_per_interaction(fake).contains_key(&id) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

/// How many responses the fake stored per interaction id: what users would see.
pub fn responses_per_interaction(fake: &FakeDiscord) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for message in fake.bot_messages() {
        if let Some(id) = message["interaction_metadata"]["id"].as_str() {
            *counts.entry(id.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// Every interaction the fake saw a callback for got at most one successful callback, and
/// at most one response message.
pub fn assert_never_answered_twice(fake: &FakeDiscord) {
    let mut successes: HashMap<String, usize> = HashMap::new();
    for call in fake.calls().iter().filter(|c| c.matches(CALLBACK)) {
        let id = call.route.split('/').nth(2).unwrap_or_default().to_string();
        let entry = successes.entry(id).or_insert(0);
        if call.status == 204 {
            *entry += 1;
        }
    }
    for (id, n) in successes {
        assert!(n <= 1, "interaction {id} got {n} successful callbacks");
    }
    for (id, n) in responses_per_interaction(fake) {
        assert_eq!(n, 1, "interaction {id} has {n} responses");
    }
}

/// The bot's log lines, captured in memory.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

pub struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Logs {
    type Writer = LogWriter;
    fn make_writer(&'a self) -> Self::Writer {
        LogWriter(Arc::clone(&self.0))
    }
}

/// Captures this thread's logs (`filter` as in `RUST_LOG`) until the guard drops. The test must
/// run on a current-thread runtime (`#[tokio::test]`'s default), so the bot's tasks log here too.
pub fn capture_logs(filter: &str) -> (Logs, tracing::subscriber::DefaultGuard) {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(logs.clone())
        .with_ansi(false)
        .with_target(false)
        .finish();
    (logs, tracing::subscriber::set_default(subscriber))
}
