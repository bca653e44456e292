//! A fake Discord for missionbot's integration tests: the HTTP API (`/api/v10`, axum) and the
//! gateway (websocket, tokio-tungstenite) on 127.0.0.1, so the real serenity client (and the bot)
//! run against it through `HttpBuilder::proxy(api_base)` with the rate limiter disabled.
//!
//! What it does, in short:
//! - records every HTTP call ([`Call`]) and lets a test await one ([`FakeDiscord::wait_for_call`]);
//! - answers the routes a bot uses (gateway discovery, current user and application, command
//!   registration, interaction callbacks and follow-ups, channel messages) with payloads serenity
//!   0.12.5 parses, and rejects what Discord rejects (unknown locale keys, over-long content,
//!   a second callback for one interaction, ...) with Discord's error JSON;
//! - injects faults ([`FakeDiscord::fail_next`]): 429 with Discord's headers and body, 5xx, delays;
//! - runs a gateway: HELLO, heartbeat ACKs, READY (+ GUILD_CREATE) on IDENTIFY, RESUMED on RESUME
//!   (replaying what was dispatched while the client was away), sequence numbers per session,
//!   intent filtering, and control calls to dispatch events or drop the connection;
//! - builds realistic event payloads (interactions, messages) shaped as Discord sends them; a
//!   slash command can be typed as the client shows it ([`FakeDiscord::interaction_typed`]).
//!
//! Reconnect choice: a RESUME with a known session id gets the missed dispatches and RESUMED.
//! (serenity 0.12.5 re-identifies only through its shard queuer, which waits 5 s between
//! starts; resuming keeps reconnect tests fast.) An unknown session id gets op 9 `false`.
//!
//! Every wait takes a timeout; dropping the [`FakeDiscord`] stops both servers.
//!
//! Typical use (see tests/fake_discord_smoke.rs):
//! ```text
//! let fake = fake().await;
//! // ... build and start a client on `fake.serenity_http()`, keep its shard manager ...
//! assert!(fake.wait_ready(Duration::from_secs(5)).await);
//! let payload = fake.interaction_command("strategy", json!([{"name": "number", "type": 4, "value": 7}]),
//!     &InteractionOpts::default().locale("cs"));
//! let id = id_of(&payload);
//! fake.dispatch("INTERACTION_CREATE", payload);
//! let call = fake.wait_for_call(|c| c.matches(&format!("POST /interactions/{id}/*/callback")),
//!     Duration::from_secs(5)).await.expect("answered");
//! assert_eq!(call.body["data"]["flags"], json!(64));
//! // ... shard_manager.shutdown_all().await
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Map, Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::handshake::server::{
    Request as WsRequest, Response as WsResponse,
};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

/// Discord's locales (discord.md). A localization keyed by anything else is rejected.
pub const DISCORD_LOCALES: &[&str] = &[
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

/// Upper bound for one awaited event (they take milliseconds).
pub const STEP: Duration = Duration::from_secs(5);
/// Any interaction's callback.
pub const CALLBACK: &str = "POST /interactions/*/*/callback";

/// The bot token the fake accepts unless the builder sets another.
pub const DEFAULT_TOKEN: &str = "fake-bot-token.missionbot.test";

/// Discord permission bits used by the fake's guild.
pub mod perms {
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const MANAGE_GUILD: u64 = 1 << 5;
    pub const ADD_REACTIONS: u64 = 1 << 6;
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const MANAGE_MESSAGES: u64 = 1 << 13;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const USE_EXTERNAL_EMOJIS: u64 = 1 << 18;
    pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
    pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
    /// What `@everyone` may do in the fake guild (and the bot, unless the builder says otherwise).
    pub const MEMBER_DEFAULT: u64 = ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | USE_EXTERNAL_EMOJIS
        | USE_APPLICATION_COMMANDS
        | SEND_MESSAGES_IN_THREADS;
    /// The fake guild's "Moderator" role adds these.
    pub const MODERATOR: u64 = MANAGE_GUILD | MANAGE_MESSAGES;
}

/// Gateway intent bits the fake looks at.
pub mod intents {
    pub const GUILDS: u64 = 1 << 0;
    pub const GUILD_MEMBERS: u64 = 1 << 1;
    pub const GUILD_PRESENCES: u64 = 1 << 8;
    pub const GUILD_MESSAGES: u64 = 1 << 9;
    pub const DIRECT_MESSAGES: u64 = 1 << 12;
    pub const MESSAGE_CONTENT: u64 = 1 << 15;
    pub const PRIVILEGED: u64 = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT;
}

const APPLICATION_ID: u64 = 1_300_000_000_000_000_001;
const GUILD_ID: u64 = 1_300_000_000_000_000_100;
const CHANNEL_ID: u64 = 1_300_000_000_000_000_200;
const DM_CHANNEL_ID: u64 = 1_300_000_000_000_000_300;
/// A public thread in the guild's text channel.
const THREAD_ID: u64 = 1_300_000_000_000_000_250;
const OWNER_ID: u64 = 1_300_000_000_000_000_400;
const TESTER_ID: u64 = 1_300_000_000_000_000_500;
const BOT_ROLE_ID: u64 = 1_300_000_000_000_000_600;
const MODERATOR_ROLE_ID: u64 = 1_300_000_000_000_000_700;
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// One HTTP request the fake received, with the status it answered.
#[derive(Clone, Debug)]
pub struct Call {
    /// Position in [`FakeDiscord::calls`], from 0.
    pub seq: usize,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The full path, e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// The path below `/api/v10`, e.g. `/channels/1/messages` (the full path if it lacks the prefix).
    pub route: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// Headers of interest, names lowercased: authorization, content-type, user-agent,
    /// x-audit-log-reason.
    pub headers: BTreeMap<String, String>,
    /// The JSON body (for multipart, its `payload_json` part); `Null` when empty or not JSON.
    pub body: Value,
    /// The status the fake answered.
    pub status: u16,
    /// When the request arrived.
    pub at: Instant,
}

impl Call {
    /// Whether this call matches `pattern`: `"METHOD /route"` or just `"/route"` (any method);
    /// in the route, `*` matches one path segment and a trailing `**` the rest.
    /// Example: `call.matches("POST /interactions/*/*/callback")`.
    pub fn matches(&self, pattern: &str) -> bool {
        let (method, route) = match pattern.split_once(' ') {
            Some((m, r)) => (Some(m), r.trim()),
            None => (None, pattern.trim()),
        };
        if method.is_some_and(|m| m != "*" && !m.eq_ignore_ascii_case(&self.method)) {
            return false;
        }
        let want: Vec<&str> = route.trim_matches('/').split('/').collect();
        let have: Vec<&str> = self.route.trim_matches('/').split('/').collect();
        for (i, w) in want.iter().enumerate() {
            if *w == "**" {
                return true;
            }
            match have.get(i) {
                Some(h) if *w == "*" || w == h => {}
                _ => return false,
            }
        }
        want.len() == have.len()
    }

    /// The body field at a JSON pointer (`/data/flags`), if present.
    pub fn body_at(&self, pointer: &str) -> Option<&Value> {
        self.body.pointer(pointer)
    }
}

/// A fault to answer instead of (or before) the normal reply.
#[derive(Clone, Debug, PartialEq)]
pub enum FakeFault {
    /// 429 with Discord's body `{"message": "You are being rate limited.", "retry_after": s,
    /// "global": false}` and headers `retry-after` (seconds, float), `x-ratelimit-limit`,
    /// `x-ratelimit-remaining: 0`, `x-ratelimit-reset`, `x-ratelimit-reset-after`,
    /// `x-ratelimit-bucket`, `x-ratelimit-scope: user`. Nothing else happens (no side effect).
    RateLimited { retry_after_secs: f64 },
    /// That status (e.g. 500 or 503) with `{"message": "...", "code": 0}`, no side effect.
    ServerError(u16),
    /// The normal reply, sent after this delay (the call is recorded at once).
    Delay(Duration),
    /// The request takes effect and is recorded at once, but its answer is held until the test
    /// calls [`FakeDiscord::release_held`]: a slow Discord whose slowness the test controls.
    Hold,
    /// The request takes effect as usual (a message is posted, an interaction acknowledged), but
    /// the answer is that status (e.g. 500) with `{"message": "...", "code": 0}`: Discord failing
    /// after doing the work, so the client cannot tell whether it landed.
    ServerErrorAfterEffect(u16),
}

/// A user the fake knows (the bot, or a member who talks to it).
#[derive(Clone, Debug, PartialEq)]
pub struct FakeUser {
    pub id: u64,
    pub username: String,
    pub global_name: Option<String>,
    pub bot: bool,
}

impl FakeUser {
    /// A human user.
    pub fn new(id: u64, username: &str) -> Self {
        Self {
            id,
            username: username.to_string(),
            global_name: Some(username.to_string()),
            bot: false,
        }
    }

    /// The default human member of the fake guild.
    pub fn tester() -> Self {
        Self::new(TESTER_ID, "tester")
    }

    /// Another bot (messages from bots are usually to be ignored).
    pub fn other_bot(id: u64, username: &str) -> Self {
        Self {
            id,
            username: username.to_string(),
            global_name: None,
            bot: true,
        }
    }

    /// `<@id>`: how a mention of this user reads in message content.
    pub fn mention(&self) -> String {
        format!("<@{}>", self.id)
    }

    /// The user object as Discord sends it.
    pub fn to_json(&self) -> Value {
        let mut user = json!({
            "id": self.id.to_string(),
            "username": self.username,
            "discriminator": if self.bot { "1234" } else { "0" },
            "global_name": self.global_name,
            "avatar": null,
            "public_flags": 0,
            "flags": 0,
            "banner": null,
            "accent_color": null,
            "avatar_decoration_data": null,
            "collectibles": null,
            "primary_guild": null,
        });
        if self.bot {
            user["bot"] = json!(true);
        }
        user
    }
}

/// Who invokes an interaction, and where. `Default`: [`FakeUser::tester`] in the fake guild's
/// text channel, locale `en-US`, no extra roles, `@everyone` permissions.
#[derive(Clone, Debug)]
pub struct InteractionOpts {
    pub user: FakeUser,
    pub locale: String,
    /// `false`: a DM with the bot (`user` instead of `member`, no guild).
    pub in_guild: bool,
    /// The channel; `None` = the fake's text channel (or DM channel).
    pub channel_id: Option<u64>,
    /// Role ids in addition to `@everyone`.
    pub roles: Vec<u64>,
    /// Give the member the fake guild's Moderator role (and its permissions).
    pub moderator: bool,
    /// Override the member's computed permissions.
    pub permissions: Option<u64>,
}

impl Default for InteractionOpts {
    fn default() -> Self {
        Self {
            user: FakeUser::tester(),
            locale: "en-US".to_string(),
            in_guild: true,
            channel_id: None,
            roles: Vec::new(),
            moderator: false,
            permissions: None,
        }
    }
}

impl InteractionOpts {
    pub fn locale(mut self, locale: &str) -> Self {
        self.locale = locale.to_string();
        self
    }
    pub fn dm(mut self) -> Self {
        self.in_guild = false;
        self
    }
    pub fn user(mut self, user: FakeUser) -> Self {
        self.user = user;
        self
    }
    pub fn channel(mut self, channel_id: u64) -> Self {
        self.channel_id = Some(channel_id);
        self
    }
    pub fn roles(mut self, roles: Vec<u64>) -> Self {
        self.roles = roles;
        self
    }
    pub fn moderator(mut self) -> Self {
        self.moderator = true;
        self
    }
    pub fn permissions(mut self, permissions: u64) -> Self {
        self.permissions = Some(permissions);
        self
    }
}

/// Author and place of a MESSAGE_CREATE. `Default`: [`FakeUser::tester`] in the fake guild's
/// text channel, no mentions.
#[derive(Clone, Debug)]
pub struct MessageOpts {
    pub author: FakeUser,
    /// `false`: a DM to the bot.
    pub in_guild: bool,
    pub channel_id: Option<u64>,
    /// Users mentioned (their `<@id>` is not added to the content: write it there yourself).
    pub mentions: Vec<FakeUser>,
    /// The author's roles in addition to `@everyone`.
    pub roles: Vec<u64>,
    /// `message_reference` to this message id (a reply).
    pub reply_to: Option<u64>,
}

impl Default for MessageOpts {
    fn default() -> Self {
        Self {
            author: FakeUser::tester(),
            in_guild: true,
            channel_id: None,
            mentions: Vec::new(),
            roles: Vec::new(),
            reply_to: None,
        }
    }
}

impl MessageOpts {
    pub fn dm(mut self) -> Self {
        self.in_guild = false;
        self
    }
    pub fn author(mut self, author: FakeUser) -> Self {
        self.author = author;
        self
    }
    pub fn channel(mut self, channel_id: u64) -> Self {
        self.channel_id = Some(channel_id);
        self
    }
    pub fn mention(mut self, user: FakeUser) -> Self {
        self.mentions.push(user);
        self
    }
    pub fn roles(mut self, roles: Vec<u64>) -> Self {
        self.roles = roles;
        self
    }
    pub fn reply_to(mut self, message_id: u64) -> Self {
        self.reply_to = Some(message_id);
        self
    }
}

/// Which component a [`FakeDiscord::interaction_component`] comes from.
#[derive(Clone, Debug)]
pub enum ComponentKind {
    Button,
    /// A string select with the chosen values.
    StringSelect(Vec<String>),
}

/// A snapshot of the gateway side.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GatewayStats {
    /// Websocket connections accepted so far.
    pub connections: usize,
    pub identifies: usize,
    pub resumes: usize,
    pub heartbeats: usize,
    /// READY dispatches sent.
    pub readies: usize,
    /// RESUMED dispatches sent.
    pub resumed: usize,
    /// The current session is attached to an open connection (READY or RESUMED sent on it).
    pub live: bool,
    pub session_id: Option<String>,
    /// The last sequence number of the current session.
    pub seq: u64,
    /// Close codes the client sent.
    pub client_close_codes: Vec<u16>,
    /// IDENTIFYs left without READY ([`FakeDiscordBuilder::withhold_ready`]).
    pub withheld_readies: usize,
}

// ---------------------------------------------------------------------------------------------
// Builder and handle
// ---------------------------------------------------------------------------------------------

/// Options for [`FakeDiscord`]; [`FakeDiscord::start`] uses the defaults.
#[derive(Clone, Debug)]
pub struct FakeDiscordBuilder {
    token: String,
    heartbeat_interval: Duration,
    guild_create: bool,
    allow_privileged_intents: bool,
    bot_permissions: u64,
    guild_locale: String,
    bot_name: String,
    withhold_ready: usize,
}

impl Default for FakeDiscordBuilder {
    fn default() -> Self {
        Self {
            token: DEFAULT_TOKEN.to_string(),
            heartbeat_interval: Duration::from_millis(41_250),
            guild_create: true,
            allow_privileged_intents: true,
            bot_permissions: perms::MEMBER_DEFAULT,
            guild_locale: "en-US".to_string(),
            bot_name: "missionbot".to_string(),
            withhold_ready: 0,
        }
    }
}

impl FakeDiscordBuilder {
    /// The bot token the fake accepts (without `Bot `).
    pub fn token(mut self, token: &str) -> Self {
        self.token = token.to_string();
        self
    }
    /// HELLO's `heartbeat_interval` (default 41.25 s, as Discord).
    pub fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.heartbeat_interval = interval;
        self
    }
    /// Send GUILD_CREATE for the fake guild after READY (default true).
    pub fn guild_create(mut self, send: bool) -> Self {
        self.guild_create = send;
        self
    }
    /// `false`: an IDENTIFY asking for a privileged intent is closed with 4014, as Discord does
    /// when the intent is not enabled in the developer portal.
    pub fn allow_privileged_intents(mut self, allow: bool) -> Self {
        self.allow_privileged_intents = allow;
        self
    }
    /// The bot's permissions in the fake guild (its managed role).
    pub fn bot_permissions(mut self, permissions: u64) -> Self {
        self.bot_permissions = permissions;
        self
    }
    /// The guild's `preferred_locale` and interactions' `guild_locale` (default `en-US`).
    pub fn guild_locale(mut self, locale: &str) -> Self {
        self.guild_locale = locale.to_string();
        self
    }

    /// The first `n` valid IDENTIFYs get no READY (nor a session): the connection stays open and
    /// heartbeats are acknowledged, as when Discord's gateway is in trouble. Default 0.
    pub fn withhold_ready(mut self, n: usize) -> Self {
        self.withhold_ready = n;
        self
    }

    /// Binds 127.0.0.1:0 twice (HTTP API and gateway) and starts serving.
    pub async fn start(self) -> io::Result<FakeDiscord> {
        let http_listener = TcpListener::bind("127.0.0.1:0").await?;
        let gateway_listener = TcpListener::bind("127.0.0.1:0").await?;
        let http_addr = http_listener.local_addr()?;
        let gateway_addr = gateway_listener.local_addr()?;
        let (changes, _) = watch::channel(0u64);
        let inner = Arc::new(Inner {
            cfg: Config {
                token: self.token,
                heartbeat_interval: self.heartbeat_interval,
                guild_create: self.guild_create,
                allow_privileged_intents: self.allow_privileged_intents,
                bot_permissions: self.bot_permissions,
                guild_locale: self.guild_locale,
                bot: FakeUser {
                    id: APPLICATION_ID,
                    username: self.bot_name,
                    global_name: None,
                    bot: true,
                },
                api_base: format!("http://{http_addr}"),
                gateway_url: format!("ws://{gateway_addr}"),
            },
            state: Mutex::new(State {
                gw: Gateway {
                    withhold_ready: self.withhold_ready,
                    ..Gateway::default()
                },
                ..State::default()
            }),
            changes,
            next_id: AtomicU64::new(1),
            heartbeat_ack: AtomicBool::new(true),
            released: watch::channel(false).0,
        });

        let app = axum::Router::new()
            .fallback(http_handler)
            .with_state(Arc::clone(&inner));
        let (http_stop, http_stop_rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let serve = axum::serve(http_listener, app).with_graceful_shutdown(async move {
                let _ = http_stop_rx.await;
            });
            if let Err(e) = serve.await {
                eprintln!("fake discord: HTTP server stopped: {e}");
            }
        });
        let gateway_task = tokio::spawn(gateway_accept_loop(Arc::clone(&inner), gateway_listener));

        Ok(FakeDiscord {
            inner,
            http_stop: Some(http_stop),
            gateway_task,
        })
    }
}

/// The running fake. Dropping it stops the HTTP server (graceful) and the gateway (all
/// websocket connections are closed).
pub struct FakeDiscord {
    inner: Arc<Inner>,
    http_stop: Option<oneshot::Sender<()>>,
    gateway_task: JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        if let Some(stop) = self.http_stop.take() {
            let _ = stop.send(());
        }
        // The HTTP server stops accepting and closes idle connections by itself.
        self.gateway_task.abort();
    }
}

impl FakeDiscord {
    /// Starts a fake with default options.
    pub async fn start() -> io::Result<FakeDiscord> {
        FakeDiscordBuilder::default().start().await
    }

    pub fn builder() -> FakeDiscordBuilder {
        FakeDiscordBuilder::default()
    }

    // --- addresses and identities --------------------------------------------------------

    /// `http://127.0.0.1:PORT`: give it to `HttpBuilder::proxy`.
    pub fn api_base(&self) -> String {
        self.inner.cfg.api_base.clone()
    }
    /// `ws://127.0.0.1:PORT`, as `GET /api/v10/gateway` answers.
    pub fn gateway_url(&self) -> String {
        self.inner.cfg.gateway_url.clone()
    }
    /// The bot token the fake accepts (without `Bot `).
    pub fn token(&self) -> String {
        self.inner.cfg.token.clone()
    }
    /// The application id, which is also the bot user's id.
    pub fn application_id(&self) -> u64 {
        APPLICATION_ID
    }
    pub fn bot_user(&self) -> FakeUser {
        self.inner.cfg.bot.clone()
    }
    pub fn guild_id(&self) -> u64 {
        GUILD_ID
    }
    /// The guild's text channel.
    pub fn channel_id(&self) -> u64 {
        CHANNEL_ID
    }
    /// A public thread in the guild's text channel (listed in GUILD_CREATE, as Discord lists
    /// the active threads the bot can see); post in it with `MessageOpts::channel`.
    pub fn thread_id(&self) -> u64 {
        THREAD_ID
    }
    /// The DM channel between [`FakeUser::tester`] (or any user) and the bot.
    pub fn dm_channel_id(&self) -> u64 {
        DM_CHANNEL_ID
    }
    pub fn moderator_role_id(&self) -> u64 {
        MODERATOR_ROLE_ID
    }
    /// A fresh snowflake.
    pub fn next_id(&self) -> u64 {
        self.inner.snowflake()
    }

    /// A serenity `Http` pointed at this fake, as the bot builds it:
    /// `HttpBuilder::new(token).proxy(api_base).ratelimiter_disabled(true)`. Its application id
    /// is unset until READY (or `set_application_id`).
    pub fn serenity_http(&self) -> serenity::http::Http {
        serenity::http::HttpBuilder::new(self.token())
            .proxy(self.api_base())
            .ratelimiter_disabled(true)
            .build()
    }

    // --- HTTP record -------------------------------------------------------------------------

    /// Every HTTP call so far, in arrival order.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.lock().calls.clone()
    }

    /// The calls from position `from` on (cheaper than [`Self::calls`] for a long record).
    pub fn calls_from(&self, from: usize) -> Vec<Call> {
        let st = self.inner.lock();
        st.calls
            .get(from..)
            .map(<[Call]>::to_vec)
            .unwrap_or_default()
    }

    /// How many calls so far (a mark for "calls after this point": `c.seq >= mark`).
    pub fn call_count(&self) -> usize {
        self.inner.lock().calls.len()
    }

    /// The first recorded call (already recorded or arriving within `timeout`) matching `pred`.
    pub async fn wait_for_call(
        &self,
        pred: impl Fn(&Call) -> bool,
        timeout: Duration,
    ) -> Option<Call> {
        self.wait_until(timeout, || {
            self.inner.lock().calls.iter().find(|c| pred(c)).cloned()
        })
        .await
    }

    /// Panics if a call matching `pred` is recorded (already, or within `during`).
    pub async fn assert_no_call(&self, pred: impl Fn(&Call) -> bool, during: Duration) {
        if let Some(call) = self.wait_for_call(pred, during).await {
            panic!("unexpected call {} {}: {call:#?}", call.method, call.route);
        }
    }

    /// Sends every answer held by [`FakeFault::Hold`], and any held later, at once.
    pub fn release_held(&self) {
        self.inner.released.send_replace(true);
    }

    /// The next `n` calls matching `pattern` (see [`Call::matches`]) get `fault`.
    pub fn fail_next(&self, pattern: &str, n: usize, fault: FakeFault) {
        let pattern = pattern.to_string();
        self.fail_next_matching(move |c| c.matches(&pattern), n, fault);
    }

    /// The next `n` calls matching `pred` get `fault`. Rules are tried in the order added.
    pub fn fail_next_matching(
        &self,
        pred: impl Fn(&Call) -> bool + Send + Sync + 'static,
        n: usize,
        fault: FakeFault,
    ) {
        self.inner.lock().faults.push(FaultRule {
            pred: Box::new(pred),
            remaining: n,
            fault,
        });
    }

    /// The commands registered globally (`None`) or in a guild, as the fake stored them.
    pub fn registered_commands(&self, guild_id: Option<u64>) -> Vec<Value> {
        self.inner
            .lock()
            .commands
            .get(&guild_id)
            .cloned()
            .unwrap_or_default()
    }

    /// The message the fake stored as the original response of the interaction with `token`.
    pub fn original_response(&self, token: &str) -> Option<Value> {
        let st = self.inner.lock();
        let id = st
            .tokens
            .get(token)
            .and_then(|iid| st.interactions.get(iid))?
            .original?;
        st.messages.get(&id).cloned()
    }

    /// A message the bot sent or the fake dispatched, by id.
    pub fn message(&self, id: u64) -> Option<Value> {
        self.inner.lock().messages.get(&id).cloned()
    }

    /// Messages the bot sent (channel messages, interaction responses, follow-ups), in order.
    pub fn bot_messages(&self) -> Vec<Value> {
        let st = self.inner.lock();
        st.bot_message_order
            .iter()
            .filter_map(|id| st.messages.get(id).cloned())
            .collect()
    }

    // --- gateway -----------------------------------------------------------------------------

    pub fn gateway_stats(&self) -> GatewayStats {
        let st = self.inner.lock();
        let gw = &st.gw;
        let current = gw.current.as_ref().and_then(|id| gw.sessions.get(id));
        GatewayStats {
            connections: gw.connections,
            identifies: gw.identifies.len(),
            resumes: gw.resumes.len(),
            heartbeats: gw.heartbeats,
            readies: gw.readies,
            resumed: gw.resumed,
            live: current.is_some_and(|s| s.conn.is_some()),
            session_id: current.map(|s| s.id.clone()),
            seq: current.map_or(0, |s| s.seq),
            client_close_codes: gw.client_close_codes.clone(),
            withheld_readies: gw.withheld,
        }
    }

    pub fn identify_count(&self) -> usize {
        self.gateway_stats().identifies
    }
    pub fn resume_count(&self) -> usize {
        self.gateway_stats().resumes
    }

    /// The `d` of every IDENTIFY received (token, intents, shard, properties, ...).
    pub fn identifies(&self) -> Vec<Value> {
        self.inner.lock().gw.identifies.clone()
    }

    /// Every frame the client sent over the gateway (`{"op": .., "d": ..}`), in order.
    pub fn gateway_frames(&self) -> Vec<Value> {
        self.inner.lock().gw.frames.clone()
    }

    /// The query string of each websocket connection (serenity sends `v=10`).
    pub fn gateway_queries(&self) -> Vec<String> {
        self.inner.lock().gw.queries.clone()
    }

    /// Waits until the current session is attached to an open connection (READY or RESUMED
    /// sent on it). After [`Self::close_connection`] this waits for the reconnection.
    pub async fn wait_ready(&self, timeout: Duration) -> bool {
        self.wait_gateway(|g| g.live, timeout).await
    }

    /// Waits until `pred` holds for the gateway stats.
    pub async fn wait_gateway(
        &self,
        pred: impl Fn(&GatewayStats) -> bool,
        timeout: Duration,
    ) -> bool {
        self.wait_until(timeout, || pred(&self.gateway_stats()).then_some(()))
            .await
            .is_some()
    }

    /// Sends a dispatch (op 0) with the next sequence number of the current session. While no
    /// connection is attached, it is kept and replayed on RESUME, as Discord does.
    ///
    /// Applies Discord's intent rules to the session's IDENTIFY: `None` when Discord would not
    /// deliver the event (MESSAGE_CREATE/UPDATE without GUILD_MESSAGES or DIRECT_MESSAGES); without
    /// MESSAGE_CONTENT, a guild message that does not mention the bot arrives with empty content,
    /// embeds, attachments and components. INTERACTION_CREATE payloads are remembered so their
    /// callbacks are accepted.
    ///
    /// Panics when no session exists yet (await [`Self::wait_ready`] first).
    #[track_caller]
    pub fn dispatch(&self, event: &str, data: Value) -> Option<u64> {
        let seq = {
            let mut st = self.inner.lock();
            let Some(session_id) = st.gw.current.clone() else {
                panic!(
                    "fake discord: dispatch({event}) before any IDENTIFY: await wait_ready first"
                );
            };
            let intents = st.gw.sessions.get(&session_id).map_or(0, |s| s.intents);
            let mut data = data;
            if event == "MESSAGE_CREATE" || event == "MESSAGE_UPDATE" {
                let in_guild = data.get("guild_id").is_some_and(|g| !g.is_null());
                let needed = if in_guild {
                    intents::GUILD_MESSAGES
                } else {
                    intents::DIRECT_MESSAGES
                };
                if intents & needed == 0 {
                    return None;
                }
                let mentions_bot = data["mentions"].as_array().is_some_and(|m| {
                    m.iter()
                        .any(|u| u["id"] == json!(APPLICATION_ID.to_string()))
                });
                let from_bot = data["author"]["id"] == json!(APPLICATION_ID.to_string());
                if in_guild && intents & intents::MESSAGE_CONTENT == 0 && !mentions_bot && !from_bot
                {
                    data["content"] = json!("");
                    data["embeds"] = json!([]);
                    data["attachments"] = json!([]);
                    data["components"] = json!([]);
                }
                if let Some(id) = value_id(&data["id"]) {
                    st.messages.insert(id, data.clone());
                }
            }
            if event == "INTERACTION_CREATE" {
                st.remember_interaction(&data);
            }
            st.emit(&session_id, event, data)
        };
        self.inner.changed();
        Some(seq)
    }

    /// Closes the current connection with `code` (e.g. 4000, resumable); the client must
    /// reconnect. Returns whether a connection was open.
    pub fn close_connection(&self, code: u16) -> bool {
        let closed = {
            let mut st = self.inner.lock();
            st.detach_current().is_some_and(|tx| {
                tx.send(Outgoing::Close(
                    code,
                    "fake discord closed the connection".into(),
                ))
                .is_ok()
            })
        };
        self.inner.changed();
        closed
    }

    /// Sends op 7 RECONNECT on the current connection (the client resumes on a new one).
    pub fn request_reconnect(&self) -> bool {
        self.send_op(json!({"op": 7, "d": null}))
    }

    /// Sends op 9 INVALID SESSION with `d: resumable` on the current connection.
    pub fn invalidate_session(&self, resumable: bool) -> bool {
        self.send_op(json!({"op": 9, "d": resumable}))
    }

    /// From now on, the next `n` valid IDENTIFYs get no READY (see
    /// [`FakeDiscordBuilder::withhold_ready`]); 0 lets every IDENTIFY through again.
    pub fn set_withhold_ready(&self, n: usize) {
        self.inner.lock().gw.withhold_ready = n;
        self.inner.changed();
    }

    /// Whether heartbeats get op 11 (default true). Without ACKs serenity reconnects.
    pub fn set_heartbeat_ack(&self, ack: bool) {
        self.inner.heartbeat_ack.store(ack, Ordering::SeqCst);
    }

    /// The current connection becomes a zombie: its heartbeats are no longer acknowledged (the
    /// connection stays open); later connections are not affected. Returns whether one was open.
    pub fn zombify_connection(&self) -> bool {
        let zombified = {
            let mut st = self.inner.lock();
            let conn = st
                .gw
                .current
                .as_ref()
                .and_then(|id| st.gw.sessions.get(id))
                .and_then(|s| s.conn);
            conn.is_some_and(|c| st.gw.zombies.insert(c))
        };
        self.inner.changed();
        zombified
    }

    fn send_op(&self, frame: Value) -> bool {
        let st = self.inner.lock();
        st.current_conn()
            .is_some_and(|tx| tx.send(Outgoing::Text(frame.to_string())).is_ok())
    }

    // --- payload builders --------------------------------------------------------------------

    /// INTERACTION_CREATE `d` for a slash command (type 2). `options`: a JSON array such as
    /// `json!([{"name": "number", "type": 4, "value": 7}])` (or `Null` for none). The command id
    /// is the registered command's, when one with that name was registered.
    pub fn interaction_command(&self, name: &str, options: Value, opts: &InteractionOpts) -> Value {
        let data = self.command_data(name, options);
        self.interaction(2, data, None, opts)
    }

    /// INTERACTION_CREATE `d` for a slash command typed as Discord's client shows it:
    /// `/strategy number:7 public:true`, `/ask question:how does IOM help?`. Each `name:` must
    /// name an option of the registered command, whose type says how its value is sent; a value
    /// runs to the next `name:` of the command's options (its words joined by one space).
    #[track_caller]
    pub fn interaction_typed(&self, line: &str, opts: &InteractionOpts) -> Value {
        let typed = line
            .strip_prefix('/')
            .unwrap_or_else(|| panic!("a slash command starts with '/': {line:?}"));
        let (name, rest) = typed.split_once(' ').unwrap_or((typed, ""));
        let command = self
            .registered_commands(Some(GUILD_ID))
            .into_iter()
            .chain(self.registered_commands(None))
            .find(|c| c["name"] == json!(name))
            .unwrap_or_else(|| panic!("{line:?}: /{name} is not registered"));
        let declared = command["options"].as_array().cloned().unwrap_or_default();
        let option_start = |word: &str| {
            let (option, value) = word.split_once(':')?;
            let kind = declared.iter().find(|o| o["name"] == json!(option))?["type"].as_u64()?;
            Some((option.to_string(), kind, value.to_string()))
        };
        let mut options: Vec<(String, u64, String)> = Vec::new();
        for word in rest.split_whitespace() {
            match (option_start(word), options.last_mut()) {
                (Some(option), _) => options.push(option),
                (None, Some((_, _, value))) => {
                    value.push(' ');
                    value.push_str(word);
                }
                (None, None) => panic!("{line:?}: {word:?} is not an option of /{name}"),
            }
        }
        let options: Vec<Value> =
            options
                .into_iter()
                .map(|(option, kind, value)| {
                    let value =
                        match kind {
                            3 => json!(value),
                            4 => json!(value.parse::<i64>().unwrap_or_else(|_| {
                                panic!("{line:?}: {option} takes an integer")
                            })),
                            5 => json!(value.parse::<bool>().unwrap_or_else(|_| {
                                panic!("{line:?}: {option} takes true or false")
                            })),
                            other => panic!("{line:?}: option type {other} is not typed here"),
                        };
                    json!({"name": option, "type": kind, "value": value})
                })
                .collect();
        self.interaction_command(name, Value::Array(options), opts)
    }

    /// INTERACTION_CREATE `d` for autocomplete (type 4). Exactly one option must carry
    /// `"focused": true`; its `value` is the raw typed text as a string, even for integer options
    /// (use [`focused_option`]).
    #[track_caller]
    pub fn interaction_autocomplete(
        &self,
        name: &str,
        options: Value,
        opts: &InteractionOpts,
    ) -> Value {
        fn count_focused(options: &Value) -> usize {
            options.as_array().map_or(0, |opts| {
                opts.iter()
                    .map(|o| {
                        usize::from(o["focused"] == json!(true)) + count_focused(&o["options"])
                    })
                    .sum()
            })
        }
        assert_eq!(
            count_focused(&options),
            1,
            "autocomplete needs exactly one focused option: {options}"
        );
        let data = self.command_data(name, options);
        self.interaction(4, data, None, opts)
    }

    /// INTERACTION_CREATE `d` for a message component (type 3) on `message` (a message object,
    /// e.g. [`Self::original_response`] or [`Self::bot_message`]).
    pub fn interaction_component(
        &self,
        custom_id: &str,
        kind: ComponentKind,
        message: Value,
        opts: &InteractionOpts,
    ) -> Value {
        let data = match kind {
            ComponentKind::Button => json!({"custom_id": custom_id, "component_type": 2}),
            ComponentKind::StringSelect(values) => {
                json!({"custom_id": custom_id, "component_type": 3, "values": values})
            }
        };
        self.interaction(3, data, Some(message), opts)
    }

    /// INTERACTION_CREATE `d` for a modal submit (type 5): one text input per field, each in its
    /// own action row, as Discord sends them.
    pub fn interaction_modal_submit(
        &self,
        custom_id: &str,
        fields: &[(&str, &str)],
        opts: &InteractionOpts,
    ) -> Value {
        let rows: Vec<Value> = fields
            .iter()
            .map(|(id, value)| {
                json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]})
            })
            .collect();
        let data = json!({"custom_id": custom_id, "components": rows});
        self.interaction(5, data, None, opts)
    }

    /// MESSAGE_CREATE `d` for `@bot text` (where `opts` puts it), the bot among the mentions.
    pub fn mention_create(&self, text: &str, opts: MessageOpts) -> Value {
        let me = self.bot_user();
        self.message_create(&format!("{} {text}", me.mention()), &opts.mention(me))
    }

    /// MESSAGE_CREATE `d` with every field serenity's `Message` needs.
    pub fn message_create(&self, content: &str, opts: &MessageOpts) -> Value {
        let id = self.next_id();
        let channel_id = opts.channel_id.unwrap_or(if opts.in_guild {
            CHANNEL_ID
        } else {
            DM_CHANNEL_ID
        });
        let mentions: Vec<Value> = opts
            .mentions
            .iter()
            .map(|u| {
                let mut user = u.to_json();
                if opts.in_guild {
                    user["member"] = partial_member_json(&[]);
                }
                user
            })
            .collect();
        let mut msg = json!({
            "id": id.to_string(),
            "channel_id": channel_id.to_string(),
            "author": opts.author.to_json(),
            "content": content,
            "timestamp": iso8601(SystemTime::now()),
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": mentions,
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": false,
            "type": if opts.reply_to.is_some() { 19 } else { 0 },
            "flags": 0,
            "nonce": id.to_string(),
        });
        if opts.in_guild {
            msg["guild_id"] = json!(GUILD_ID.to_string());
            msg["member"] = partial_member_json(&opts.roles);
        }
        if let Some(reply_to) = opts.reply_to {
            msg["message_reference"] = json!({
                "type": 0,
                "message_id": reply_to.to_string(),
                "channel_id": channel_id.to_string(),
                "guild_id": if opts.in_guild { json!(GUILD_ID.to_string()) } else { Value::Null },
            });
        }
        msg
    }

    /// A message from the bot (as if sent earlier) carrying `components`, to attach a component
    /// interaction to. Stored, so the bot may edit it.
    pub fn bot_message(&self, content: &str, components: Value) -> Value {
        let body = json!({"content": content, "components": components});
        let mut st = self.inner.lock();
        let msg = st.new_bot_message(&self.inner, CHANNEL_ID, &body, 0, None);
        // A fixture, not something the bot sent during the test.
        st.bot_message_order.pop();
        msg
    }

    fn command_data(&self, name: &str, options: Value) -> Value {
        let st = self.inner.lock();
        let registered = st
            .commands
            .get(&Some(GUILD_ID))
            .into_iter()
            .chain(st.commands.get(&None))
            .flatten()
            .find(|c| c["name"] == json!(name))
            .cloned();
        drop(st);
        let options = if options.is_null() {
            json!([])
        } else {
            options
        };
        let mut data = json!({"name": name, "type": 1, "options": options});
        match registered {
            Some(cmd) => {
                data["id"] = cmd["id"].clone();
                if !cmd["guild_id"].is_null() {
                    data["guild_id"] = cmd["guild_id"].clone();
                }
            }
            None => data["id"] = json!(self.next_id().to_string()),
        }
        data
    }

    fn interaction(
        &self,
        kind: u8,
        data: Value,
        message: Option<Value>,
        opts: &InteractionOpts,
    ) -> Value {
        let id = self.next_id();
        let cfg = &self.inner.cfg;
        let channel_id = opts.channel_id.unwrap_or(if opts.in_guild {
            CHANNEL_ID
        } else {
            DM_CHANNEL_ID
        });
        let mut v = json!({
            "id": id.to_string(),
            "application_id": APPLICATION_ID.to_string(),
            "type": kind,
            "token": format!("fake-interaction-token-{id}"),
            "version": 1,
            "locale": opts.locale,
            "entitlements": [],
            "attachment_size_limit": 10_485_760,
            "channel_id": channel_id.to_string(),
            "data": data,
        });
        if opts.in_guild {
            let mut member_perms = perms::MEMBER_DEFAULT;
            let mut roles = opts.roles.clone();
            if opts.moderator {
                member_perms |= perms::MODERATOR;
                roles.push(MODERATOR_ROLE_ID);
            }
            let member_perms = opts.permissions.unwrap_or(member_perms);
            v["guild_id"] = json!(GUILD_ID.to_string());
            v["guild_locale"] = json!(cfg.guild_locale);
            v["app_permissions"] = json!(cfg.bot_permissions.to_string());
            v["authorizing_integration_owners"] = json!({"0": GUILD_ID.to_string()});
            v["context"] = json!(0);
            v["channel"] = json!({
                "id": channel_id.to_string(),
                "type": 0,
                "guild_id": GUILD_ID.to_string(),
                "name": "general",
                "position": 0,
                "parent_id": null,
                "topic": null,
                "nsfw": false,
                "last_message_id": null,
                "rate_limit_per_user": 0,
                "flags": 0,
                "permissions": member_perms.to_string(),
            });
            v["member"] = json!({
                "user": opts.user.to_json(),
                "nick": null,
                "avatar": null,
                "banner": null,
                "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
                "joined_at": iso8601(SystemTime::now() - Duration::from_secs(86_400 * 30)),
                "premium_since": null,
                "deaf": false,
                "mute": false,
                "flags": 0,
                "pending": false,
                "permissions": member_perms.to_string(),
                "communication_disabled_until": null,
                "unusual_dm_activity_until": null,
            });
        } else {
            let dm_perms = perms::MEMBER_DEFAULT & !perms::USE_APPLICATION_COMMANDS;
            v["app_permissions"] = json!(dm_perms.to_string());
            v["authorizing_integration_owners"] = json!({"0": "0"});
            v["context"] = json!(1);
            v["channel"] = json!({
                "id": channel_id.to_string(),
                "type": 1,
                "last_message_id": null,
                "flags": 0,
                "recipients": [opts.user.to_json()],
            });
            v["user"] = opts.user.to_json();
        }
        if let Some(message) = message {
            v["message"] = message;
        }
        v
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut probe: impl FnMut() -> Option<T>,
    ) -> Option<T> {
        let mut rx = self.inner.changes.subscribe();
        let wait = async {
            loop {
                // Mark the current version seen before probing, so no change slips between.
                rx.borrow_and_update();
                if let Some(found) = probe() {
                    return found;
                }
                if rx.changed().await.is_err() {
                    std::future::pending::<()>().await;
                }
            }
        };
        tokio::time::timeout(timeout, wait).await.ok()
    }
}

/// Starts a fake with default options; a test cannot go on without it.
pub async fn fake() -> FakeDiscord {
    FakeDiscord::start()
        .await
        .expect("fake discord starts on 127.0.0.1")
}

/// The snowflake id of a payload the fake built (an interaction, a message).
#[track_caller]
pub fn id_of(payload: &Value) -> u64 {
    payload["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("payload has a snowflake id")
}

/// An autocomplete option being typed: `{"name", "type", "value": typed, "focused": true}`.
/// `kind`: 3 string, 4 integer, 10 number. The value stays the raw text whatever the type.
pub fn focused_option(name: &str, kind: u8, typed: &str) -> Value {
    json!({"name": name, "type": kind, "value": typed, "focused": true})
}

// ---------------------------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------------------------

struct Config {
    token: String,
    heartbeat_interval: Duration,
    guild_create: bool,
    allow_privileged_intents: bool,
    bot_permissions: u64,
    guild_locale: String,
    bot: FakeUser,
    api_base: String,
    gateway_url: String,
}

struct Inner {
    cfg: Config,
    state: Mutex<State>,
    /// Bumped on every change a test may wait for.
    changes: watch::Sender<u64>,
    next_id: AtomicU64,
    heartbeat_ack: AtomicBool,
    /// Held answers ([`FakeFault::Hold`]) go out once this is true.
    released: watch::Sender<bool>,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn changed(&self) {
        self.changes.send_modify(|v| *v += 1);
    }

    fn snowflake(&self) -> u64 {
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let n = self.next_id.fetch_add(1, Ordering::SeqCst);
        (now_ms.saturating_sub(DISCORD_EPOCH_MS) << 22) | (n & 0x3F_FFFF)
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.strip_prefix("Bot ").unwrap_or(v) == self.cfg.token)
    }
}

struct FaultRule {
    pred: Box<dyn Fn(&Call) -> bool + Send + Sync>,
    remaining: usize,
    fault: FakeFault,
}

#[derive(Default)]
struct State {
    calls: Vec<Call>,
    faults: Vec<FaultRule>,
    /// Registered commands: `None` global, `Some(guild)`.
    commands: BTreeMap<Option<u64>, Vec<Value>>,
    messages: HashMap<u64, Value>,
    bot_message_order: Vec<u64>,
    interactions: HashMap<u64, InteractionInfo>,
    tokens: HashMap<String, u64>,
    gw: Gateway,
}

struct InteractionInfo {
    kind: u64,
    channel_id: u64,
    /// `interaction_metadata` for the messages that answer it.
    metadata: Value,
    /// The message a component interaction is attached to.
    message_id: Option<u64>,
    /// The callback type once acknowledged.
    acked: Option<u64>,
    original: Option<u64>,
}

#[derive(Default)]
struct Gateway {
    conns: HashMap<u64, mpsc::UnboundedSender<Outgoing>>,
    sessions: HashMap<String, Session>,
    current: Option<String>,
    identifies: Vec<Value>,
    resumes: Vec<Value>,
    frames: Vec<Value>,
    queries: Vec<String>,
    heartbeats: usize,
    connections: usize,
    readies: usize,
    resumed: usize,
    client_close_codes: Vec<u16>,
    /// IDENTIFYs still to leave without READY.
    withhold_ready: usize,
    /// IDENTIFYs left without READY so far.
    withheld: usize,
    /// Connections whose heartbeats get no ACK ([`FakeDiscord::zombify_connection`]).
    zombies: std::collections::HashSet<u64>,
}

struct Session {
    id: String,
    seq: u64,
    intents: u64,
    /// Every dispatch of the session, for replay on RESUME.
    log: Vec<(u64, String)>,
    conn: Option<u64>,
}

enum Outgoing {
    Text(String),
    Close(u16, String),
}

impl State {
    /// Sends a dispatch on the session (or keeps it for replay); returns its sequence number.
    fn emit(&mut self, session_id: &str, event: &str, data: Value) -> u64 {
        let Some(session) = self.gw.sessions.get_mut(session_id) else {
            return 0;
        };
        session.seq += 1;
        let seq = session.seq;
        let frame = json!({"op": 0, "t": event, "s": seq, "d": data}).to_string();
        session.log.push((seq, frame.clone()));
        if let Some(tx) = session.conn.and_then(|c| self.gw.conns.get(&c)) {
            let _ = tx.send(Outgoing::Text(frame));
        }
        seq
    }

    fn current_conn(&self) -> Option<&mpsc::UnboundedSender<Outgoing>> {
        let session = self.gw.sessions.get(self.gw.current.as_ref()?)?;
        self.gw.conns.get(&session.conn?)
    }

    /// Detaches the current session from its connection; returns the connection's sender.
    fn detach_current(&mut self) -> Option<mpsc::UnboundedSender<Outgoing>> {
        let session = self.gw.sessions.get_mut(self.gw.current.as_ref()?)?;
        let conn = session.conn.take()?;
        self.gw.conns.get(&conn).cloned()
    }

    fn remember_interaction(&mut self, data: &Value) {
        let (Some(id), Some(token)) = (value_id(&data["id"]), data["token"].as_str()) else {
            return;
        };
        self.tokens.insert(token.to_string(), id);
        let user = if data["member"]["user"].is_object() {
            &data["member"]["user"]
        } else {
            &data["user"]
        };
        let mut metadata = json!({
            "id": id.to_string(),
            "type": data["type"],
            "user": user,
            "authorizing_integration_owners": data["authorizing_integration_owners"],
        });
        // A component's answer names the message the component was on, as Discord's does.
        if data["type"] == json!(3) {
            metadata["interacted_message_id"] = data["message"]["id"].clone();
        }
        self.interactions.insert(
            id,
            InteractionInfo {
                kind: data["type"].as_u64().unwrap_or(0),
                channel_id: value_id(&data["channel_id"]).unwrap_or(CHANNEL_ID),
                metadata,
                message_id: value_id(&data["message"]["id"]),
                acked: None,
                original: None,
            },
        );
        if let Some(message_id) = value_id(&data["message"]["id"]) {
            self.messages
                .entry(message_id)
                .or_insert_with(|| data["message"].clone());
        }
    }

    /// A message object for something the bot sends, stored and returned.
    fn new_bot_message(
        &mut self,
        inner: &Inner,
        channel_id: u64,
        body: &Value,
        kind: u8,
        interaction_metadata: Option<Value>,
    ) -> Value {
        let id = inner.snowflake();
        let mut msg = json!({
            "id": id.to_string(),
            "channel_id": channel_id.to_string(),
            "author": inner.cfg.bot.to_json(),
            "content": "",
            "timestamp": iso8601(SystemTime::now()),
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": false,
            "type": kind,
            "flags": 0,
        });
        if let Some(metadata) = interaction_metadata {
            msg["webhook_id"] = json!(APPLICATION_ID.to_string());
            msg["application_id"] = json!(APPLICATION_ID.to_string());
            msg["interaction_metadata"] = metadata;
        }
        apply_message_body(&mut msg, body);
        msg["edited_timestamp"] = Value::Null;
        self.messages.insert(id, msg.clone());
        self.bot_message_order.push(id);
        msg
    }
}

/// Copies the fields of a create/edit message body onto a message object, as Discord renders
/// them (`embeds` gain `type: rich`).
fn apply_message_body(msg: &mut Value, body: &Value) {
    for key in [
        "content",
        "tts",
        "flags",
        "components",
        "attachments",
        "poll",
        "message_reference",
        "nonce",
    ] {
        if let Some(v) = body.get(key)
            && !v.is_null()
        {
            msg[key] = v.clone();
        }
    }
    if let Some(embeds) = body.get("embeds").and_then(Value::as_array) {
        let embeds: Vec<Value> = embeds
            .iter()
            .map(|e| {
                let mut e = e.clone();
                if e.get("type").is_none() {
                    e["type"] = json!("rich");
                }
                e
            })
            .collect();
        msg["embeds"] = json!(embeds);
    }
    msg["edited_timestamp"] = json!(iso8601(SystemTime::now()));
}

fn value_id(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

fn partial_member_json(roles: &[u64]) -> Value {
    json!({
        "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "nick": null,
        "avatar": null,
        "banner": null,
        "joined_at": iso8601(SystemTime::now() - Duration::from_secs(86_400 * 30)),
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    })
}

// ---------------------------------------------------------------------------------------------
// HTTP API
// ---------------------------------------------------------------------------------------------

/// A reply before it becomes an HTTP response.
struct Reply {
    status: u16,
    body: Option<Value>,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }
    fn ok(body: Value) -> Self {
        Self::json(200, body)
    }
    fn no_content() -> Self {
        Self {
            status: 204,
            body: None,
            headers: Vec::new(),
        }
    }
    fn error(status: u16, code: u64, message: &str) -> Self {
        Self::json(status, json!({"message": message, "code": code}))
    }
    fn not_found() -> Self {
        Self::error(404, 0, "404: Not Found")
    }
}

/// A field error in Discord's "Invalid Form Body" answer.
struct FieldError {
    path: Vec<String>,
    code: &'static str,
    message: String,
}

fn field_error(path: &[&str], code: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        path: path.iter().map(|s| s.to_string()).collect(),
        code,
        message: message.into(),
    }
}

/// `{"code": 50035, "message": "Invalid Form Body", "errors": {path: {"_errors": [...]}}}`.
fn invalid_form_body(errors: Vec<FieldError>) -> Reply {
    let mut tree = Map::new();
    for e in errors {
        let mut node = &mut tree;
        for segment in &e.path {
            node = node
                .entry(segment.clone())
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("error tree nodes are objects");
        }
        let list = node.entry("_errors").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(json!({"code": e.code, "message": e.message}));
        }
    }
    Reply::json(
        400,
        json!({"code": 50035, "message": "Invalid Form Body", "errors": tree}),
    )
}

async fn http_handler(
    AxumState(inner): AxumState<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let route = path.strip_prefix("/api/v10").unwrap_or(&path).to_string();
    let mut kept = BTreeMap::new();
    for name in [
        "authorization",
        "content-type",
        "user-agent",
        "x-audit-log-reason",
    ] {
        if let Some(v) = headers.get(name).and_then(|v| v.to_str().ok()) {
            kept.insert(name.to_string(), v.to_string());
        }
    }
    let content_type = kept.get("content-type").cloned().unwrap_or_default();
    let json_body = parse_body(&body, &content_type);

    let mut call = Call {
        seq: 0,
        method: method.as_str().to_string(),
        path: path.clone(),
        route: route.clone(),
        query: uri.query().map(str::to_string),
        headers: kept,
        body: json_body,
        status: 0,
        at: Instant::now(),
    };

    let (reply, delay) = {
        let mut st = inner.lock();
        let fault = st
            .faults
            .iter_mut()
            .find(|r| r.remaining > 0 && (r.pred)(&call))
            .map(|r| {
                r.remaining -= 1;
                r.fault.clone()
            });
        st.faults.retain(|r| r.remaining > 0);
        let (reply, delay) = match fault {
            Some(FakeFault::RateLimited { retry_after_secs }) => {
                (rate_limited(retry_after_secs), None)
            }
            Some(FakeFault::ServerError(status)) => (
                Reply::error(
                    status,
                    0,
                    &format!("{status}: fake discord injected a server error"),
                ),
                None,
            ),
            Some(FakeFault::Delay(d)) => (
                route_call(&inner, &mut st, &method, &route, &headers, &call),
                Some(Hold::For(d)),
            ),
            Some(FakeFault::Hold) => (
                route_call(&inner, &mut st, &method, &route, &headers, &call),
                Some(Hold::UntilReleased),
            ),
            Some(FakeFault::ServerErrorAfterEffect(status)) => {
                let _ = route_call(&inner, &mut st, &method, &route, &headers, &call);
                (
                    Reply::error(
                        status,
                        0,
                        &format!("{status}: fake discord failed after acting on the request"),
                    ),
                    None,
                )
            }
            None => (
                route_call(&inner, &mut st, &method, &route, &headers, &call),
                None,
            ),
        };
        call.seq = st.calls.len();
        call.status = reply.status;
        st.calls.push(call);
        (reply, delay)
    };
    inner.changed();
    match delay {
        Some(Hold::For(d)) => tokio::time::sleep(d).await,
        Some(Hold::UntilReleased) => {
            let mut released = inner.released.subscribe();
            let _ = released.wait_for(|r| *r).await;
        }
        None => {}
    }
    into_response(reply)
}

/// How long an answer waits before it goes out.
enum Hold {
    For(Duration),
    UntilReleased,
}

fn into_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match reply.body {
        Some(body) => (status, axum::Json(body)).into_response(),
        None => status.into_response(),
    };
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn rate_limited(retry_after: f64) -> Reply {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    Reply {
        status: 429,
        body: Some(
            json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": false}),
        ),
        headers: vec![
            ("retry-after".into(), format!("{retry_after}")),
            ("x-ratelimit-limit".into(), "5".into()),
            ("x-ratelimit-remaining".into(), "0".into()),
            (
                "x-ratelimit-reset".into(),
                format!("{:.3}", now + retry_after),
            ),
            (
                "x-ratelimit-reset-after".into(),
                format!("{retry_after:.3}"),
            ),
            (
                "x-ratelimit-bucket".into(),
                "fakebucket0123456789abcdef".into(),
            ),
            ("x-ratelimit-scope".into(), "user".into()),
        ],
    }
}

/// JSON bodies as they are; multipart bodies by their `payload_json` part.
fn parse_body(body: &[u8], content_type: &str) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    if let Some(boundary) = content_type.split("boundary=").nth(1) {
        let boundary = format!("--{}", boundary.trim_matches('"'));
        let text = String::from_utf8_lossy(body);
        for part in text.split(boundary.as_str()) {
            if let Some((head, content)) = part.split_once("\r\n\r\n")
                && head.contains("name=\"payload_json\"")
            {
                return serde_json::from_str(content.trim_end_matches("\r\n"))
                    .unwrap_or(Value::Null);
            }
        }
        return Value::Null;
    }
    serde_json::from_slice(body).unwrap_or(Value::Null)
}

fn route_call(
    inner: &Inner,
    st: &mut State,
    method: &Method,
    route: &str,
    headers: &HeaderMap,
    call: &Call,
) -> Reply {
    if !call.path.starts_with("/api/v10/") {
        return Reply::not_found();
    }
    let segs: Vec<&str> = route.trim_matches('/').split('/').collect();
    let body = &call.body;
    let m = method.as_str();

    // Interaction callbacks and webhooks are authorized by the token in the path.
    let token_routes = matches!(segs.first(), Some(&"interactions") | Some(&"webhooks"));
    let open_routes = matches!(segs.as_slice(), ["gateway"]);
    if !token_routes && !open_routes && !inner.authorized(headers) {
        return Reply::error(401, 0, "401: Unauthorized");
    }

    match (m, segs.as_slice()) {
        ("GET", ["gateway"]) => Reply::ok(json!({"url": inner.cfg.gateway_url})),
        ("GET", ["gateway", "bot"]) => Reply::ok(json!({
            "url": inner.cfg.gateway_url,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1},
        })),
        ("GET", ["users", "@me"]) => {
            let mut user = inner.cfg.bot.to_json();
            user["verified"] = json!(true);
            user["mfa_enabled"] = json!(false);
            user["email"] = Value::Null;
            user["locale"] = json!("en-US");
            Reply::ok(user)
        }
        ("GET", ["oauth2", "applications", "@me"]) => Reply::ok(application_json(inner)),
        (_, ["applications", app, rest @ ..]) => {
            if value_id(&json!(app)) != Some(APPLICATION_ID) {
                return Reply::error(404, 10002, "Unknown Application");
            }
            match rest {
                ["commands"] => commands_route(inner, st, m, None, body),
                ["commands", id] => command_route(st, m, None, id),
                ["guilds", guild, "commands"] => match value_id(&json!(guild)) {
                    Some(g) if g == GUILD_ID => commands_route(inner, st, m, Some(g), body),
                    _ => Reply::error(403, 50001, "Missing Access"),
                },
                ["guilds", guild, "commands", id] => match value_id(&json!(guild)) {
                    Some(g) if g == GUILD_ID => command_route(st, m, Some(g), id),
                    _ => Reply::error(403, 50001, "Missing Access"),
                },
                _ => Reply::not_found(),
            }
        }
        ("POST", ["interactions", id, token, "callback"]) => {
            interaction_callback(inner, st, id, token, body)
        }
        (_, ["webhooks", app, token, rest @ ..]) => {
            if value_id(&json!(app)) != Some(APPLICATION_ID) {
                return Reply::error(404, 10015, "Unknown Webhook");
            }
            webhook_route(inner, st, m, token, rest, body)
        }
        (_, ["channels", channel, rest @ ..]) => {
            let Some(channel_id) = value_id(&json!(channel)) else {
                return Reply::not_found();
            };
            channel_route(inner, st, m, channel_id, rest, body)
        }
        _ => Reply::not_found(),
    }
}

fn application_json(inner: &Inner) -> Value {
    json!({
        "id": APPLICATION_ID.to_string(),
        "name": inner.cfg.bot.username,
        "icon": null,
        "description": "A fake application for missionbot's tests",
        "summary": "",
        "type": null,
        "rpc_origins": [],
        "bot_public": false,
        "bot_require_code_grant": false,
        "bot": inner.cfg.bot.to_json(),
        "owner": FakeUser::new(OWNER_ID, "owner").to_json(),
        "team": null,
        "verify_key": "0".repeat(64),
        "flags": 8_912_896,
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "role_connections_verification_url": null,
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
        "integration_types_config": {"0": {}},
    })
}

fn commands_route(
    inner: &Inner,
    st: &mut State,
    m: &str,
    guild: Option<u64>,
    body: &Value,
) -> Reply {
    match m {
        "GET" => Reply::ok(json!(st.commands.get(&guild).cloned().unwrap_or_default())),
        "PUT" => {
            let Some(list) = body.as_array() else {
                return invalid_form_body(vec![field_error(
                    &[],
                    "BASE_TYPE_ARRAY",
                    "Must be an array.",
                )]);
            };
            let errors = validate_commands(list);
            if !errors.is_empty() {
                return invalid_form_body(errors);
            }
            let old = st.commands.get(&guild).cloned().unwrap_or_default();
            let stored: Vec<Value> = list
                .iter()
                .map(|c| registered_command(inner, c, guild, &old))
                .collect();
            st.commands.insert(guild, stored.clone());
            Reply::ok(json!(stored))
        }
        "POST" => {
            let errors: Vec<FieldError> = validate_commands(std::slice::from_ref(body))
                .into_iter()
                .map(|mut e| {
                    e.path.remove(0);
                    e
                })
                .collect();
            if !errors.is_empty() {
                return invalid_form_body(errors);
            }
            let list = st.commands.entry(guild).or_default();
            let cmd = registered_command(inner, body, guild, list);
            let existing = list
                .iter()
                .position(|c| c["name"] == cmd["name"] && c["type"] == cmd["type"]);
            let status = match existing {
                Some(i) => {
                    list[i] = cmd.clone();
                    200
                }
                None => {
                    list.push(cmd.clone());
                    201
                }
            };
            Reply::json(status, cmd)
        }
        _ => Reply::not_found(),
    }
}

fn command_route(st: &mut State, m: &str, guild: Option<u64>, id: &str) -> Reply {
    let list = st.commands.entry(guild).or_default();
    let Some(pos) = list.iter().position(|c| c["id"] == json!(id)) else {
        return Reply::error(404, 10063, "Unknown application command");
    };
    match m {
        "GET" => Reply::ok(list[pos].clone()),
        "DELETE" => {
            list.remove(pos);
            Reply::no_content()
        }
        _ => Reply::not_found(),
    }
}

/// A command as Discord stores and returns it: the request plus id, application_id, version,
/// type and defaults. Keeps the id of an existing command with the same name and type.
fn registered_command(
    inner: &Inner,
    input: &Value,
    guild: Option<u64>,
    existing: &[Value],
) -> Value {
    let mut cmd = input.as_object().cloned().unwrap_or_default();
    let kind = cmd.get("type").and_then(Value::as_u64).unwrap_or(1);
    let id = existing
        .iter()
        .find(|c| c["name"] == input["name"] && c["type"] == json!(kind))
        .map_or_else(|| json!(inner.snowflake().to_string()), |c| c["id"].clone());
    cmd.insert("id".into(), id);
    cmd.insert("application_id".into(), json!(APPLICATION_ID.to_string()));
    cmd.insert("version".into(), json!(inner.snowflake().to_string()));
    cmd.insert("type".into(), json!(kind));
    if let Some(g) = guild {
        cmd.insert("guild_id".into(), json!(g.to_string()));
    }
    for (key, default) in [
        ("description", json!("")),
        ("name_localizations", Value::Null),
        ("description_localizations", Value::Null),
        ("default_member_permissions", Value::Null),
        ("nsfw", json!(false)),
        ("integration_types", json!([0])),
        ("contexts", Value::Null),
    ] {
        let entry = cmd.entry(key).or_insert(Value::Null);
        if entry.is_null() {
            *entry = default;
        }
    }
    if guild.is_none() {
        cmd.entry("dm_permission").or_insert(json!(true));
    }
    Value::Object(cmd)
}

fn is_valid_command_name(name: &str, chat_input: bool) -> bool {
    let len = name.chars().count();
    if !(1..=32).contains(&len) {
        return false;
    }
    !chat_input
        || name.chars().all(|c| {
            (c.is_alphanumeric() || c == '-' || c == '_' || c == '\'')
                && c.to_lowercase().eq(std::iter::once(c))
        })
}

/// Discord's checks on a bulk command registration, as field errors with Discord's paths.
fn validate_commands(commands: &[Value]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for (i, cmd) in commands.iter().enumerate() {
        let idx = i.to_string();
        let kind = cmd["type"].as_u64().unwrap_or(1);
        let chat_input = kind == 1;
        let name = cmd["name"].as_str().unwrap_or_default();
        if seen.contains(&(name, kind)) {
            errors.push(field_error(
                &[&idx, "name"],
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                format!("Application command names must be unique: {name}"),
            ));
        }
        seen.push((name, kind));
        validate_named(&mut errors, &[idx.as_str()], cmd, chat_input, chat_input);
        let options = cmd["options"].as_array().cloned().unwrap_or_default();
        validate_options(&mut errors, &[idx.as_str(), "options"], &options);
    }
    errors
}

/// Name, description and their localizations of a command or option.
fn validate_named(
    errors: &mut Vec<FieldError>,
    path: &[&str],
    v: &Value,
    chat_input: bool,
    needs_description: bool,
) {
    let with = |extra: &[&str]| -> Vec<String> {
        path.iter()
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let name = v["name"].as_str().unwrap_or_default();
    if !is_valid_command_name(name, chat_input) {
        errors.push(FieldError {
            path: with(&["name"]),
            code: "APPLICATION_COMMAND_INVALID_NAME",
            message: format!("Command name is invalid: {name:?}"),
        });
    }
    if needs_description {
        let len = v["description"].as_str().map_or(0, |d| d.chars().count());
        if !(1..=100).contains(&len) {
            errors.push(FieldError {
                path: with(&["description"]),
                code: "BASE_TYPE_BAD_LENGTH",
                message: "Must be between 1 and 100 in length.".into(),
            });
        }
    }
    for key in ["name_localizations", "description_localizations"] {
        let Some(map) = v[key].as_object() else {
            continue;
        };
        for (locale, text) in map {
            if !DISCORD_LOCALES.contains(&locale.as_str()) {
                errors.push(FieldError {
                    path: with(&[key, locale]),
                    code: "ENUM_TYPE_COERCE",
                    message: format!("Value \"{locale}\" is not a valid enum value."),
                });
                continue;
            }
            let text = text.as_str().unwrap_or_default();
            let ok = if key == "name_localizations" {
                is_valid_command_name(text, chat_input)
            } else {
                (1..=100).contains(&text.chars().count())
            };
            if !ok {
                errors.push(FieldError {
                    path: with(&[key, locale]),
                    code: if key == "name_localizations" {
                        "APPLICATION_COMMAND_INVALID_NAME"
                    } else {
                        "BASE_TYPE_BAD_LENGTH"
                    },
                    message: format!("Invalid localization {text:?}"),
                });
            }
        }
    }
}

fn validate_options(errors: &mut Vec<FieldError>, path: &[&str], options: &[Value]) {
    let owned = |extra: &[&str]| -> Vec<String> {
        path.iter()
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    if options.len() > 25 {
        errors.push(FieldError {
            path: owned(&[]),
            code: "BASE_TYPE_MAX_LENGTH",
            message: "Must be 25 or fewer in length.".into(),
        });
    }
    let mut optional_seen = false;
    for (i, opt) in options.iter().enumerate() {
        let idx = i.to_string();
        let here: Vec<&str> = path
            .iter()
            .copied()
            .chain(std::iter::once(idx.as_str()))
            .collect();
        validate_named(errors, &here, opt, true, true);
        let kind = opt["type"].as_u64().unwrap_or(0);
        if kind == 1 || kind == 2 {
            let sub = opt["options"].as_array().cloned().unwrap_or_default();
            let sub_path: Vec<&str> = here
                .iter()
                .copied()
                .chain(std::iter::once("options"))
                .collect();
            validate_options(errors, &sub_path, &sub);
            continue;
        }
        let required = opt["required"].as_bool().unwrap_or(false);
        if required && optional_seen {
            errors.push(FieldError {
                path: owned(&[idx.as_str(), "required"]),
                code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                message: "Required options must be placed before non-required options".into(),
            });
        }
        optional_seen |= !required;
        if let Some(choices) = opt["choices"].as_array() {
            if choices.len() > 25 {
                errors.push(FieldError {
                    path: owned(&[idx.as_str(), "choices"]),
                    code: "BASE_TYPE_MAX_LENGTH",
                    message: "Must be 25 or fewer in length.".into(),
                });
            }
            for (c, choice) in choices.iter().enumerate() {
                let len = choice["name"].as_str().map_or(0, |n| n.chars().count());
                if !(1..=100).contains(&len) {
                    errors.push(FieldError {
                        path: owned(&[idx.as_str(), "choices", c.to_string().as_str(), "name"]),
                        code: "BASE_TYPE_BAD_LENGTH",
                        message: "Must be between 1 and 100 in length.".into(),
                    });
                }
                if let Some(map) = choice["name_localizations"].as_object() {
                    for locale in map
                        .keys()
                        .filter(|l| !DISCORD_LOCALES.contains(&l.as_str()))
                    {
                        errors.push(FieldError {
                            path: owned(&[
                                idx.as_str(),
                                "choices",
                                c.to_string().as_str(),
                                "name_localizations",
                                locale.as_str(),
                            ]),
                            code: "ENUM_TYPE_COERCE",
                            message: format!("Value \"{locale}\" is not a valid enum value."),
                        });
                    }
                }
            }
        }
    }
}

fn len_error(path: &[&str], max: usize) -> FieldError {
    field_error(
        path,
        "BASE_TYPE_MAX_LENGTH",
        format!("Must be {max} or fewer in length."),
    )
}

/// Discord's limits on a message body (content, embeds, components). `prefix` is the path of the
/// message object in the request (`["data"]` in a callback).
fn validate_message(body: &Value, prefix: &[&str], creating: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let p = |extra: &[&str]| -> Vec<String> {
        prefix
            .iter()
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let content_len = body["content"].as_str().map_or(0, |c| c.chars().count());
    if content_len > 2000 {
        errors.push(FieldError {
            path: p(&["content"]),
            code: "BASE_TYPE_MAX_LENGTH",
            message: "Must be 2000 or fewer in length.".into(),
        });
    }
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    if embeds.len() > 10 {
        errors.push(FieldError {
            path: p(&["embeds"]),
            code: "BASE_TYPE_MAX_LENGTH",
            message: "Must be 10 or fewer in length.".into(),
        });
    }
    let chars = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let i = i.to_string();
        for (key, pointer, max) in [
            ("title", "/title", 256),
            ("description", "/description", 4096),
            ("footer", "/footer/text", 2048),
            ("author", "/author/name", 256),
        ] {
            let n = e.pointer(pointer).map_or(0, chars);
            total += n;
            if n > max {
                let mut path: Vec<&str> = prefix.to_vec();
                path.extend(["embeds", i.as_str(), key]);
                errors.push(len_error(&path, max));
            }
        }
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        if fields.len() > 25 {
            let mut path: Vec<&str> = prefix.to_vec();
            path.extend(["embeds", i.as_str(), "fields"]);
            errors.push(len_error(&path, 25));
        }
        for (f, field) in fields.iter().enumerate() {
            let f = f.to_string();
            for (key, max) in [("name", 256), ("value", 1024)] {
                let n = chars(&field[key]);
                total += n;
                if n > max || n == 0 {
                    let mut path: Vec<&str> = prefix.to_vec();
                    path.extend(["embeds", i.as_str(), "fields", f.as_str(), key]);
                    errors.push(field_error(
                        &path,
                        "BASE_TYPE_BAD_LENGTH",
                        format!("Must be between 1 and {max} in length."),
                    ));
                }
            }
        }
    }
    if total > 6000 {
        errors.push(FieldError {
            path: p(&["embeds"]),
            code: "MAX_EMBED_SIZE_EXCEEDED",
            message: "Embed size exceeds maximum size of 6000".into(),
        });
    }
    validate_components(&mut errors, prefix, &body["components"]);
    if creating && errors.is_empty() {
        let empty = content_len == 0
            && embeds.is_empty()
            && body["components"].as_array().is_none_or(Vec::is_empty)
            && body["attachments"].as_array().is_none_or(Vec::is_empty)
            && body["sticker_ids"].as_array().is_none_or(Vec::is_empty)
            && body["poll"].is_null();
        if empty {
            errors.push(FieldError {
                path: Vec::new(),
                code: "EMPTY",
                message: "Cannot send an empty message".into(),
            });
        }
    }
    errors
}

fn validate_components(errors: &mut Vec<FieldError>, prefix: &[&str], components: &Value) {
    let Some(rows) = components.as_array() else {
        return;
    };
    let mut path: Vec<&str> = prefix.to_vec();
    path.push("components");
    if rows.len() > 5 {
        errors.push(len_error(&path, 5));
    }
    // custom_ids are unique within a message.
    let mut ids = std::collections::HashSet::new();
    for id in rows
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|item| item["custom_id"].as_str().map(str::to_string))
    {
        if !ids.insert(id) {
            errors.push(field_error(
                &path,
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                "Component custom id cannot be duplicated",
            ));
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r.to_string();
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if items.len() > 5 {
            let mut p = path.clone();
            p.extend([r.as_str(), "components"]);
            errors.push(len_error(&p, 5));
        }
        // A select menu fills its row alone.
        let selects = items.iter().filter(|i| i["type"] == json!(3)).count();
        if selects > 0 && items.len() > 1 {
            let mut p = path.clone();
            p.extend([r.as_str(), "components"]);
            errors.push(field_error(
                &p,
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            ));
        }
        for (c, item) in items.iter().enumerate() {
            let c = c.to_string();
            let mut at = path.clone();
            at.extend([r.as_str(), "components", c.as_str()]);
            if item["type"] == json!(2) {
                let label = item["label"].as_str().map_or(0, |s| s.chars().count());
                if label > 80 {
                    let mut q = at.clone();
                    q.push("label");
                    errors.push(len_error(&q, 80));
                }
            }
            if item["type"] == json!(3) {
                let options = item["options"].as_array().cloned().unwrap_or_default();
                if !(1..=25).contains(&options.len()) {
                    let mut q = at.clone();
                    q.push("options");
                    errors.push(field_error(
                        &q,
                        "BASE_TYPE_BAD_LENGTH",
                        "Must be between 1 and 25 in length.",
                    ));
                }
                let placeholder = item["placeholder"]
                    .as_str()
                    .map_or(0, |s| s.chars().count());
                if placeholder > 150 {
                    let mut q = at.clone();
                    q.push("placeholder");
                    errors.push(len_error(&q, 150));
                }
                let mut values = std::collections::HashSet::new();
                for (o, option) in options.iter().enumerate() {
                    let o = o.to_string();
                    for key in ["label", "value", "description"] {
                        let n = option[key].as_str().map_or(0, |s| s.chars().count());
                        if n > 100 || (n == 0 && key != "description") {
                            let mut q = at.clone();
                            q.extend(["options", o.as_str(), key]);
                            errors.push(field_error(
                                &q,
                                "BASE_TYPE_BAD_LENGTH",
                                "Must be between 1 and 100 in length.",
                            ));
                        }
                    }
                    if !values.insert(option["value"].to_string()) {
                        let mut q = at.clone();
                        q.extend(["options", o.as_str(), "value"]);
                        errors.push(field_error(
                            &q,
                            "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                            "Select component option values must be unique",
                        ));
                    }
                }
            }
            let n = item["custom_id"].as_str().map_or(0, |s| s.chars().count());
            if n > 100 {
                let mut p = path.clone();
                p.extend([r.as_str(), "components", c.as_str(), "custom_id"]);
                errors.push(len_error(&p, 100));
            }
            if item["type"] == json!(4) {
                let value = item["value"].as_str().map_or(0, |s| s.chars().count());
                let label = item["label"].as_str().map_or(0, |s| s.chars().count());
                let mut p = path.clone();
                p.extend([r.as_str(), "components", c.as_str()]);
                if value > 4000 {
                    let mut q = p.clone();
                    q.push("value");
                    errors.push(len_error(&q, 4000));
                }
                if label > 45 {
                    p.push("label");
                    errors.push(len_error(&p, 45));
                }
            }
        }
    }
}

fn interaction_callback(
    inner: &Inner,
    st: &mut State,
    id: &str,
    token: &str,
    body: &Value,
) -> Reply {
    let Some(iid) = value_id(&json!(id)) else {
        return Reply::error(404, 10062, "Unknown interaction");
    };
    let Some(info) = st.interactions.get(&iid) else {
        return Reply::error(404, 10062, "Unknown interaction");
    };
    if st.tokens.get(token) != Some(&iid) {
        return Reply::error(401, 50027, "Invalid Webhook Token");
    }
    if info.acked.is_some() {
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    let kind = body["type"].as_u64().unwrap_or(0);
    let data = &body["data"];
    let interaction_kind = info.kind;
    let metadata = info.metadata.clone();
    let allowed = match interaction_kind {
        2 => matches!(kind, 4 | 5 | 9),
        3 => matches!(kind, 4 | 5 | 6 | 7 | 9),
        4 => kind == 8,
        5 => (4..=7).contains(&kind),
        _ => false,
    };
    if !allowed {
        return invalid_form_body(vec![field_error(
            &["type"],
            "INTERACTION_RESPONSE_TYPE_INVALID",
            format!("Response type {kind} is not valid for interaction type {interaction_kind}"),
        )]);
    }
    let errors = match kind {
        4 => validate_message(data, &["data"], true),
        7 => validate_message(data, &["data"], false),
        8 => {
            let choices = data["choices"].as_array().cloned().unwrap_or_default();
            let mut errors = Vec::new();
            if choices.len() > 25 {
                errors.push(len_error(&["data", "choices"], 25));
            }
            for (i, c) in choices.iter().enumerate() {
                let n = c["name"].as_str().map_or(0, |s| s.chars().count());
                if !(1..=100).contains(&n) {
                    errors.push(field_error(
                        &["data", "choices", i.to_string().as_str(), "name"],
                        "BASE_TYPE_BAD_LENGTH",
                        "Must be between 1 and 100 in length.",
                    ));
                }
            }
            errors
        }
        9 => {
            let mut errors = Vec::new();
            let title = data["title"].as_str().map_or(0, |s| s.chars().count());
            if !(1..=45).contains(&title) {
                errors.push(field_error(
                    &["data", "title"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 45 in length.",
                ));
            }
            if data["custom_id"]
                .as_str()
                .is_none_or(|s| s.is_empty() || s.chars().count() > 100)
            {
                errors.push(field_error(
                    &["data", "custom_id"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 100 in length.",
                ));
            }
            validate_components(&mut errors, &["data"], &data["components"]);
            errors
        }
        _ => Vec::new(),
    };
    if !errors.is_empty() {
        return invalid_form_body(errors);
    }
    let channel_id = info.channel_id;
    let message_id = info.message_id;
    let original = match kind {
        4 => Some(st.new_bot_message(inner, channel_id, data, 20, Some(metadata))),
        5 => {
            let mut flags = 128; // LOADING
            flags |= data["flags"].as_u64().unwrap_or(0) & 64;
            let body = json!({"flags": flags});
            Some(st.new_bot_message(inner, channel_id, &body, 20, Some(metadata)))
        }
        7 => {
            if let Some(msg) = message_id.and_then(|m| st.messages.get_mut(&m)) {
                apply_message_body(msg, data);
            }
            None
        }
        _ => None,
    };
    if let Some(info) = st.interactions.get_mut(&iid) {
        info.acked = Some(kind);
        info.original = original
            .as_ref()
            .and_then(|m| value_id(&m["id"]))
            .or(match kind {
                6 | 7 => message_id,
                _ => None,
            });
    }
    Reply::no_content()
}

fn webhook_route(
    inner: &Inner,
    st: &mut State,
    m: &str,
    token: &str,
    rest: &[&str],
    body: &Value,
) -> Reply {
    let Some(&iid) = st.tokens.get(token) else {
        return Reply::error(404, 10015, "Unknown Webhook");
    };
    let Some(info) = st.interactions.get(&iid) else {
        return Reply::error(404, 10015, "Unknown Webhook");
    };
    if info.acked.is_none() {
        return Reply::error(404, 10015, "Unknown Webhook");
    }
    let channel_id = info.channel_id;
    let metadata = info.metadata.clone();
    let original = info.original;
    match (m, rest) {
        ("POST", []) => {
            let errors = validate_message(body, &[], true);
            if !errors.is_empty() {
                return invalid_form_body(errors);
            }
            Reply::ok(st.new_bot_message(inner, channel_id, body, 20, Some(metadata)))
        }
        (_, ["messages", which]) => {
            let target = if *which == "@original" {
                original
            } else {
                value_id(&json!(which))
            };
            let Some(target) = target.filter(|t| st.messages.contains_key(t)) else {
                return Reply::error(404, 10008, "Unknown Message");
            };
            match m {
                "GET" => Reply::ok(st.messages[&target].clone()),
                "PATCH" => {
                    let errors = validate_message(body, &[], false);
                    if !errors.is_empty() {
                        return invalid_form_body(errors);
                    }
                    let Some(msg) = st.messages.get_mut(&target) else {
                        return Reply::not_found();
                    };
                    apply_message_body(msg, body);
                    // Editing a deferred response ends its loading state.
                    if let Some(flags) = msg["flags"].as_u64() {
                        msg["flags"] = json!(flags & !128);
                    }
                    Reply::ok(msg.clone())
                }
                "DELETE" => {
                    st.messages.remove(&target);
                    Reply::no_content()
                }
                _ => Reply::not_found(),
            }
        }
        _ => Reply::not_found(),
    }
}

fn channel_route(
    inner: &Inner,
    st: &mut State,
    m: &str,
    channel_id: u64,
    rest: &[&str],
    body: &Value,
) -> Reply {
    match (m, rest) {
        ("POST", ["messages"]) => {
            let errors = validate_message(body, &[], true);
            if !errors.is_empty() {
                return invalid_form_body(errors);
            }
            // `enforce_nonce`: a message by the same author with the same nonce is returned
            // instead of posting another (Discord checks the last few minutes).
            if body["enforce_nonce"] == json!(true) && !body["nonce"].is_null() {
                let existing = st.bot_message_order.iter().rev().find_map(|id| {
                    st.messages.get(id).filter(|m| {
                        m["nonce"] == body["nonce"]
                            && m["channel_id"] == json!(channel_id.to_string())
                    })
                });
                if let Some(existing) = existing {
                    return Reply::ok(existing.clone());
                }
            }
            let kind = if body["message_reference"].is_object() {
                19
            } else {
                0
            };
            Reply::ok(st.new_bot_message(inner, channel_id, body, kind, None))
        }
        ("POST", ["typing"]) => Reply::no_content(),
        ("PUT" | "DELETE", ["messages", _, "reactions", _, "@me"]) => Reply::no_content(),
        (_, ["messages", id]) => {
            let Some(id) = value_id(&json!(id)).filter(|id| st.messages.contains_key(id)) else {
                return Reply::error(404, 10008, "Unknown Message");
            };
            match m {
                "GET" => Reply::ok(st.messages[&id].clone()),
                "PATCH" => {
                    let errors = validate_message(body, &[], false);
                    if !errors.is_empty() {
                        return invalid_form_body(errors);
                    }
                    let Some(msg) = st.messages.get_mut(&id) else {
                        return Reply::not_found();
                    };
                    apply_message_body(msg, body);
                    Reply::ok(msg.clone())
                }
                "DELETE" => {
                    st.messages.remove(&id);
                    Reply::no_content()
                }
                _ => Reply::not_found(),
            }
        }
        _ => Reply::not_found(),
    }
}

// ---------------------------------------------------------------------------------------------
// Gateway
// ---------------------------------------------------------------------------------------------

async fn gateway_accept_loop(inner: Arc<Inner>, listener: TcpListener) {
    // Dropping the JoinSet (when this task is aborted) aborts every connection task.
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    conns.spawn(gateway_connection(Arc::clone(&inner), stream));
                }
                Err(e) => {
                    eprintln!("fake discord: gateway accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
}

async fn gateway_connection(inner: Arc<Inner>, stream: TcpStream) {
    let query = Arc::new(Mutex::new(String::new()));
    let query_slot = Arc::clone(&query);
    // The signature is tungstenite's `Callback`; its error type is not ours to shrink.
    #[allow(clippy::result_large_err)]
    let callback = move |req: &WsRequest, resp: WsResponse| {
        if let Ok(mut q) = query_slot.lock() {
            *q = req.uri().query().unwrap_or_default().to_string();
        }
        Ok::<_, tokio_tungstenite::tungstenite::handshake::server::ErrorResponse>(resp)
    };
    let mut ws = match tokio_tungstenite::accept_hdr_async(stream, callback).await {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("fake discord: websocket handshake failed: {e}");
            return;
        }
    };
    let conn_id = inner.next_id.fetch_add(1, Ordering::SeqCst);
    let (tx, mut rx) = mpsc::unbounded_channel::<Outgoing>();
    {
        let mut st = inner.lock();
        st.gw.connections += 1;
        st.gw
            .queries
            .push(query.lock().map(|q| q.clone()).unwrap_or_default());
        st.gw.conns.insert(conn_id, tx.clone());
    }
    inner.changed();
    let hello = json!({"op": 10, "d": {"heartbeat_interval": inner.cfg.heartbeat_interval.as_millis() as u64}});
    let _ = tx.send(Outgoing::Text(hello.to_string()));

    // Set once we sent a close frame: then wait (bounded) for the client's reply and hang up.
    let mut close_deadline: Option<tokio::time::Instant> = None;
    loop {
        let deadline = close_deadline
            .unwrap_or_else(|| tokio::time::Instant::now() + Duration::from_secs(3600));
        tokio::select! {
            out = rx.recv(), if close_deadline.is_none() => match out {
                Some(Outgoing::Text(text)) => {
                    if ws.send(WsMessage::Text(text)).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Close(code, reason)) => {
                    let frame = CloseFrame { code: code.into(), reason: reason.into() };
                    if ws.send(WsMessage::Close(Some(frame))).await.is_err() {
                        break;
                    }
                    close_deadline = Some(tokio::time::Instant::now() + Duration::from_secs(2));
                }
                None => break,
            },
            _ = tokio::time::sleep_until(deadline), if close_deadline.is_some() => break,
            incoming = ws.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) if close_deadline.is_none() => {
                    on_client_frame(&inner, conn_id, &tx, &text);
                }
                Some(Ok(WsMessage::Binary(bytes))) if close_deadline.is_none() => {
                    on_client_frame(&inner, conn_id, &tx, &String::from_utf8_lossy(&bytes));
                }
                Some(Ok(WsMessage::Close(frame))) => {
                    if close_deadline.is_none() {
                        let code = frame.map_or(1005, |f| u16::from(f.code));
                        inner.lock().gw.client_close_codes.push(code);
                        inner.changed();
                        // Answer the close handshake (serenity waits for it on shutdown).
                        let _ = ws.close(None).await;
                    }
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            },
        }
    }

    {
        let mut st = inner.lock();
        st.gw.conns.remove(&conn_id);
        for session in st.gw.sessions.values_mut() {
            if session.conn == Some(conn_id) {
                session.conn = None;
            }
        }
    }
    inner.changed();
}

fn on_client_frame(inner: &Inner, conn_id: u64, tx: &mpsc::UnboundedSender<Outgoing>, text: &str) {
    let close = |code: u16, reason: &str| {
        let _ = tx.send(Outgoing::Close(code, reason.to_string()));
    };
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        close(4002, "Error while decoding payload.");
        return;
    };
    let op = frame["op"].as_u64();
    let d = frame["d"].clone();
    {
        let mut st = inner.lock();
        st.gw.frames.push(frame);
        let attached = st.gw.sessions.values().any(|s| s.conn == Some(conn_id));
        match op {
            Some(1) => {
                st.gw.heartbeats += 1;
                if inner.heartbeat_ack.load(Ordering::SeqCst) && !st.gw.zombies.contains(&conn_id) {
                    let _ = tx.send(Outgoing::Text(json!({"op": 11}).to_string()));
                }
            }
            Some(2) => {
                st.gw.identifies.push(d.clone());
                if attached {
                    close(4005, "Already authenticated.");
                } else if !token_ok(inner, &d["token"]) {
                    close(4004, "Authentication failed.");
                } else {
                    let requested = d["intents"].as_u64().unwrap_or(0);
                    if !inner.cfg.allow_privileged_intents && requested & intents::PRIVILEGED != 0 {
                        close(4014, "Disallowed intent(s).");
                    } else if st.gw.withhold_ready > 0 {
                        st.gw.withhold_ready -= 1;
                        st.gw.withheld += 1;
                    } else {
                        identify(inner, &mut st, conn_id, &d, requested);
                    }
                }
            }
            Some(6) => {
                st.gw.resumes.push(d.clone());
                let session_id = d["session_id"].as_str().unwrap_or_default().to_string();
                let known = st.gw.sessions.contains_key(&session_id);
                if !token_ok(inner, &d["token"]) {
                    close(4004, "Authentication failed.");
                } else if !known {
                    let _ = tx.send(Outgoing::Text(json!({"op": 9, "d": false}).to_string()));
                } else {
                    resume(
                        &mut st,
                        conn_id,
                        &session_id,
                        d["seq"].as_u64().unwrap_or(0),
                    );
                }
            }
            Some(3 | 4 | 8 | 31) => {}
            _ => close(4001, "Unknown opcode."),
        }
    }
    inner.changed();
}

fn token_ok(inner: &Inner, token: &Value) -> bool {
    token
        .as_str()
        .is_some_and(|t| t.strip_prefix("Bot ").unwrap_or(t) == inner.cfg.token)
}

fn identify(inner: &Inner, st: &mut State, conn_id: u64, d: &Value, requested_intents: u64) {
    let session_id = format!(
        "{:032x}",
        u128::from(inner.snowflake()) * 0x9E37_79B9_7F4A_7C15
    );
    st.gw.sessions.insert(
        session_id.clone(),
        Session {
            id: session_id.clone(),
            seq: 0,
            intents: requested_intents,
            log: Vec::new(),
            conn: Some(conn_id),
        },
    );
    st.gw.current = Some(session_id.clone());
    let mut bot = inner.cfg.bot.to_json();
    bot["verified"] = json!(true);
    bot["mfa_enabled"] = json!(false);
    bot["email"] = Value::Null;
    let mut ready = json!({
        "v": 10,
        "user": bot,
        "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": inner.cfg.gateway_url,
        "application": {"id": APPLICATION_ID.to_string(), "flags": 8_912_896},
        "private_channels": [],
        "presences": [],
        "relationships": [],
        "guild_join_requests": [],
        "user_settings": {},
        "geo_ordered_rtc_regions": ["fake"],
        "_trace": ["[\"fake-discord\",{}]"],
    });
    if d["shard"].is_array() {
        ready["shard"] = d["shard"].clone();
    }
    st.emit(&session_id, "READY", ready);
    st.gw.readies += 1;
    if inner.cfg.guild_create && requested_intents & intents::GUILDS != 0 {
        st.emit(&session_id, "GUILD_CREATE", guild_json(inner));
    }
}

fn resume(st: &mut State, conn_id: u64, session_id: &str, client_seq: u64) {
    // Another connection still holding the session loses it (Discord closes it).
    let Some(session) = st.gw.sessions.get_mut(session_id) else {
        return;
    };
    let previous = session.conn.replace(conn_id);
    let replay: Vec<String> = session
        .log
        .iter()
        .filter(|(s, _)| *s > client_seq)
        .map(|(_, f)| f.clone())
        .collect();
    if let Some(old) = previous
        .filter(|c| *c != conn_id)
        .and_then(|c| st.gw.conns.get(&c))
    {
        let _ = old.send(Outgoing::Close(4009, "Session timed out.".into()));
    }
    if let Some(tx) = st.gw.conns.get(&conn_id) {
        for frame in replay {
            let _ = tx.send(Outgoing::Text(frame));
        }
    }
    st.gw.current = Some(session_id.to_string());
    st.emit(session_id, "RESUMED", json!({"_trace": ["fake-discord"]}));
    st.gw.resumed += 1;
}

fn role_json(id: u64, name: &str, permissions: u64, position: u64, managed: bool) -> Value {
    let mut role = json!({
        "id": id.to_string(),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions.to_string(),
        "managed": managed,
        "mentionable": false,
        "flags": 0,
    });
    if managed {
        role["tags"] = json!({"bot_id": APPLICATION_ID.to_string()});
    }
    role
}

/// GUILD_CREATE `d` for the fake guild: one text channel, roles @everyone / bot / Moderator,
/// the bot and the tester as members.
fn guild_json(inner: &Inner) -> Value {
    let joined = iso8601(SystemTime::now() - Duration::from_secs(86_400 * 30));
    let member = |user: &FakeUser, roles: &[u64]| {
        json!({
            "user": user.to_json(),
            "nick": null,
            "avatar": null,
            "banner": null,
            "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
            "joined_at": joined,
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "communication_disabled_until": null,
        })
    };
    let mut guild = json!({
        "id": GUILD_ID.to_string(),
        "name": "Fake Guild",
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": OWNER_ID.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": [
            role_json(GUILD_ID, "@everyone", perms::MEMBER_DEFAULT, 0, false),
            role_json(BOT_ROLE_ID, &inner.cfg.bot.username, inner.cfg.bot_permissions, 1, true),
            role_json(MODERATOR_ROLE_ID, "Moderator", perms::MEMBER_DEFAULT | perms::MODERATOR, 2, false),
        ],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": CHANNEL_ID.to_string(),
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": inner.cfg.guild_locale,
    });
    // Two halves: one `json!` this large exceeds the macro recursion limit.
    let rest = json!({
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
        "joined_at": joined,
        "large": false,
        "unavailable": false,
        "member_count": 3,
        "voice_states": [],
        "members": [
            member(&inner.cfg.bot, &[BOT_ROLE_ID]),
            member(&FakeUser::tester(), &[]),
        ],
        "channels": [{
            "id": CHANNEL_ID.to_string(),
            "type": 0,
            "name": "general",
            "position": 0,
            "parent_id": null,
            "topic": null,
            "nsfw": false,
            "last_message_id": null,
            "rate_limit_per_user": 0,
            "permission_overwrites": [],
            "flags": 0,
        }],
        "threads": [{
            "id": THREAD_ID.to_string(),
            "type": 11,
            "guild_id": GUILD_ID.to_string(),
            "name": "otázky",
            "parent_id": CHANNEL_ID.to_string(),
            "owner_id": TESTER_ID.to_string(),
            "last_message_id": null,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": false,
                "auto_archive_duration": 1440,
                "archive_timestamp": joined,
                "locked": false,
            },
        }],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    });
    if let (Some(guild), Value::Object(rest)) = (guild.as_object_mut(), rest) {
        guild.extend(rest);
    }
    guild
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

/// `2026-05-01T12:00:00.000000+00:00`, as Discord writes timestamps.
pub fn iso8601(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (y, m, day) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_micros()
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
