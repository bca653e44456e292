//! The real bot (`missionbot::discord::start_with`) in the test's process against the fake
//! Discord: starting it, waiting for it, and reading what it answered from what the fake saw.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use missionbot::config::Shards;
use missionbot::discord::{self, DiscordError, RunningBot, Settings, Timing, Token};
use missionbot::{Editor, Engine, Learning};
use serde_json::Value;

use super::fake_discord::{
    CALLBACK, Call, FakeDiscord, FakeUser, InteractionOpts, MessageOpts, STEP, id_of,
};
use super::logs::Logs;
use super::shipped;

/// What the bot starts with. [`BotSetup::new`] gives the shipped knowledge, no editor, no
/// recording, [`settings`] and [`timing`]; a test changes what it needs with
/// `..BotSetup::new(&fake)`.
pub struct BotSetup {
    pub engine: Arc<Engine>,
    pub editor: Option<Arc<Editor>>,
    pub learning: Arc<Learning>,
    pub settings: Settings,
    pub timing: Timing,
}

impl BotSetup {
    pub fn new(fake: &FakeDiscord) -> Self {
        Self {
            engine: Arc::new(shipped::engine()),
            editor: None,
            learning: Arc::new(Learning::off()),
            settings: settings(fake),
            timing: timing(),
        }
    }

    /// Starts the bot with the fake's token; the error is `start_with`'s.
    pub async fn try_start(self, fake: &FakeDiscord) -> Result<RunningBot, DiscordError> {
        discord::start_with(
            self.engine,
            self.editor,
            self.learning,
            self.settings,
            &token(fake),
            self.timing,
        )
        .await
    }

    /// Starts the bot without waiting for anything.
    pub async fn launch(self, fake: &FakeDiscord) -> RunningBot {
        self.try_start(fake).await.expect("the bot starts")
    }

    /// Starts the bot and waits until its session is live and its commands registered.
    pub async fn start(self, fake: &FakeDiscord) -> RunningBot {
        let bot = self.launch(fake).await;
        wait_started(fake).await;
        bot
    }
}

/// Commands in the fake's guild, one shard, no cooldown, no watched channel, no moderator role.
pub fn settings(fake: &FakeDiscord) -> Settings {
    Settings {
        guilds: vec![fake.guild_id()],
        channels: Vec::new(),
        cooldown: Duration::ZERO,
        api_base: Some(fake.api_base()),
        shards: Shards::Fixed(1),
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

/// The token the fake accepts.
pub fn token(fake: &FakeDiscord) -> Token {
    Token::parse(&fake.token()).expect("the fake's token is token-shaped")
}

/// The bot as [`BotSetup::new`] has it, live and with its commands registered.
pub async fn start_bot(fake: &FakeDiscord) -> RunningBot {
    BotSetup::new(fake).start(fake).await
}

/// Waits until a bot (in this process or not) has a live session and registered its commands.
pub async fn wait_started(fake: &FakeDiscord) {
    assert!(fake.wait_ready(STEP).await, "the bot's session is live");
    fake.wait_for_call(|c| c.matches("PUT /applications/**"), STEP)
        .await
        .expect("commands registered");
}

/// Dispatches an interaction and returns the bot's accepted callback for it, waiting up to
/// `within`; otherwise fails with every attempt the bot made.
pub async fn callback(fake: &FakeDiscord, payload: Value, within: Duration) -> Call {
    let route = format!("POST /interactions/{}/*/callback", id_of(&payload));
    let what = format!("type {} {}", payload["type"], payload["data"]);
    fake.dispatch("INTERACTION_CREATE", payload);
    match fake
        .wait_for_call(|c| c.matches(&route) && c.status == 204, within)
        .await
    {
        Some(call) => call,
        None => {
            let tried: Vec<String> = fake
                .calls()
                .iter()
                .filter(|c| c.matches(&route))
                .map(|c| format!("{} {}", c.status, c.body))
                .collect();
            panic!("{what} is not answered; the bot tried: {tried:#?}")
        }
    }
}

/// A slash command typed as Discord's client shows it (`/strategy number:7`, see
/// `FakeDiscord::interaction_typed`); the bot's accepted callback.
pub async fn slash(fake: &FakeDiscord, line: &str, opts: &InteractionOpts) -> Call {
    callback(fake, fake.interaction_typed(line, opts), STEP).await
}

/// Mentions the bot with `text` in the guild's channel; returns its reply there.
pub async fn ask_by_mention(fake: &FakeDiscord, text: &str) -> Call {
    fake.dispatch(
        "MESSAGE_CREATE",
        fake.mention_create(text, MessageOpts::default()),
    )
    .expect("delivered");
    let route = format!("POST /channels/{}/messages", fake.channel_id());
    fake.wait_for_call(|c| c.matches(&route), STEP)
        .await
        .expect("the mention is answered")
}

/// The first embed of a callback's or a message's body.
pub fn embed(body: &Value) -> &Value {
    if body["data"].is_object() {
        &body["data"]["embeds"][0]
    } else {
        &body["embeds"][0]
    }
}

/// A string of an embed without Discord's markdown escapes and bold markers (empty for
/// anything else).
pub fn unmarked(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_default()
        .replace("**", "")
        .replace('\\', "")
}

/// An interaction from a member with no moderator rights, in a locale that
/// picks no language of the bot's (so it speaks the knowledge's).
pub fn member() -> InteractionOpts {
    InteractionOpts::default()
        .locale("de")
        .user(FakeUser::new(555_000_111, "member"))
}

/// An interaction from a moderator (Manage Server), locale as [`member`]'s.
pub fn moderator() -> InteractionOpts {
    InteractionOpts::default().locale("de").moderator()
}

/// The first embed's title.
pub fn title(body: &Value) -> String {
    embed(body)["title"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The embed's text (description, then each field's name and value) without Discord markdown
/// escapes and bold markers.
pub fn text(body: &Value) -> String {
    let embed = embed(body);
    let fields = embed["fields"].as_array().into_iter().flatten();
    std::iter::once(unmarked(&embed["description"]))
        .chain(fields.flat_map(|f| [unmarked(&f["name"]), unmarked(&f["value"])]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a callback's response is seen by the one who asked only.
pub fn ephemeral(body: &Value) -> bool {
    body["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0
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

/// Waits for the bot's word that it is done with interaction `id`: its reply went out
/// ("answered") or was given up ("could not be delivered"). No attempt for it comes after.
pub async fn wait_done(logs: &Logs, id: u64) {
    wait_logged_done(logs, &format!("interaction={id}")).await;
}

/// Waits for the bot's word that it is done replying to message `id` (see [`wait_done`]).
pub async fn wait_message_done(logs: &Logs, id: u64) {
    wait_logged_done(logs, &format!("message_id={id}")).await;
}

async fn wait_logged_done(logs: &Logs, named: &str) {
    logs.wait_lines(
        |l| {
            l.contains(named)
                && (l.contains(": answered") || l.contains("the reply could not be delivered"))
        },
        1,
        STEP,
    )
    .await;
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
