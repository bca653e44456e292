//! The fake as a whole: its options, starting its two servers (the HTTP API and the gateway)
//! on 127.0.0.1, the handle a test holds (stopping both when dropped), and the addresses and
//! identities a client needs.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::gateway::{self, Gateway};
use crate::guild::{
    APPLICATION_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, MODERATOR_ROLE_ID, THREAD_ID, perms,
};
use crate::http;
use crate::payload::FakeUser;
use crate::state::{Config, Inner, State};

/// The bot token the fake accepts unless the builder sets another.
pub const DEFAULT_TOKEN: &str = "fake-bot-token.missionbot.test";

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
        let cfg = Config {
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
        };
        let state = State {
            gw: Gateway::withholding_ready(self.withhold_ready),
            ..State::default()
        };
        let inner = Arc::new(Inner::new(cfg, state));

        let app = axum::Router::new()
            .fallback(http::handler)
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
        let gateway_task = tokio::spawn(gateway::accept_loop(Arc::clone(&inner), gateway_listener));

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
    pub(crate) inner: Arc<Inner>,
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
}

/// Starts a fake with default options; a test cannot go on without it.
pub async fn fake() -> FakeDiscord {
    FakeDiscord::start()
        .await
        .expect("fake discord starts on 127.0.0.1")
}
