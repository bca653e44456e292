//! The Discord transport: connects the [`Engine`] to Discord through serenity.
//! The only part of missionbot that knows Discord exists.
//!
//! [`start`] builds the client (HTTP through `api_base` when set, gateway
//! intents from the config) and runs it in the background; [`run`] is
//! `missionbot run`: start, then shut down cleanly on SIGINT/SIGTERM. Tests
//! call [`start`] against a fake Discord.
//!
//! serenity reconnects by itself (resume, or re-identify through its shard
//! queuer) and retries a failing connection forever. What it does not do is
//! notice a gateway that accepts the connection and never sends READY: a
//! [`startup`] watchdog restarts such shards and, if the bot never gets its
//! first READY within [`Timing::startup_timeout`], stops it with
//! [`DiscordError::NoReady`], so `missionbot run` fails clearly instead of
//! hanging silently.
//!
//! Must not know: what the bot says or which passages are relevant (the
//! core's `reply` and `search`), nor how a change is made (`moderation`):
//! this folder only translates Discord's events to the core and back.

mod asking;
mod blocking;
mod buttons;
mod commands;
mod cooldown;
mod custom_id;
mod decode;
mod deliver;
#[cfg(feature = "postgres")]
mod endpoint;
mod expiring;
mod free_text;
mod handler;
mod insight;
mod modals;
mod moderation;
mod more;
mod observer;
mod pending;
mod permission;
mod register;
mod respond;
mod shared;
mod slash;
mod span;
mod startup;
mod token;
mod votes;

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ClientBuilder, GatewayIntents, HttpBuilder, ShardManager};
use serenity::gateway::GatewayError;
use serenity::http::HttpError;
use tokio::task::JoinHandle;

use crate::config::{Config, InteractionsConfig, Shards, StoreConfig};
use crate::desk::Desk;
use crate::engine::Engine;

pub use commands::Asked;
pub use decode::{Route, decode};
pub use observer::{Event, Handled, Observer, Outcome, Unanswered};
pub use startup::Timing;
pub use token::{TOKEN_VAR, Token};

/// The README section that explains the privileged intent.
const INTENT_HINT: &str = "see README.md, section \"Discord\" → \"Message content intent\"";

#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    #[error(
        "DISCORD_TOKEN is not set: put the bot token from the Discord developer portal \
         (your application → Bot → Reset Token) in it, e.g. `DISCORD_TOKEN=… missionbot run`"
    )]
    MissingToken,
    #[error(
        "DISCORD_TOKEN does not look like a bot token (three parts of letters, digits, '-' \
         and '_', separated by dots); copy it again from the developer portal (Bot → Reset Token)"
    )]
    MalformedToken,
    #[error("Discord refused the token: reset it in the developer portal (Bot → Reset Token)")]
    InvalidToken,
    #[error(
        "Discord refused the MESSAGE CONTENT intent, which `discord.channels` needs: enable it \
         in the developer portal (Bot → Privileged Gateway Intents) or empty `discord.channels`; \
         {INTENT_HINT}"
    )]
    DisallowedIntents,
    #[error("cannot reach Discord's API at {base}")]
    Unreachable {
        base: String,
        #[source]
        source: Box<serenity::Error>,
    },
    #[error(
        "Discord sent no READY within {} s of connecting, reconnects included: the gateway may \
         be down (see https://discordstatus.com) or the connection filtered; giving up so that \
         the service manager can start missionbot again",
        waited.as_secs()
    )]
    NoReady { waited: Duration },
    #[error("the Discord connection failed")]
    Client(#[source] Box<serenity::Error>),
    /// This process's shards could not be claimed (another process runs
    /// one, or the store that keeps processes apart cannot be reached).
    #[error("cannot start this process's shards")]
    Shards(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("cannot serve the interactions endpoint on {addr}")]
    Endpoint {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

impl DiscordError {
    fn from_client(error: serenity::Error) -> Self {
        match error {
            serenity::Error::Gateway(GatewayError::DisallowedGatewayIntents) => {
                Self::DisallowedIntents
            }
            serenity::Error::Gateway(GatewayError::InvalidAuthentication) => Self::InvalidToken,
            serenity::Error::Http(HttpError::UnsuccessfulRequest(response))
                if response.status_code.as_u16() == 401 =>
            {
                Self::InvalidToken
            }
            other => Self::Client(Box::new(other)),
        }
    }
}

/// What the Discord transport needs from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Guilds to register the commands in; empty registers them globally.
    pub guilds: Vec<u64>,
    /// Channels where every message is a question (needs MESSAGE_CONTENT).
    pub channels: Vec<u64>,
    /// Time one user waits between two questions.
    pub cooldown: Duration,
    /// Another host for HTTP and the gateway (a proxy, or a test's fake Discord).
    pub api_base: Option<String>,
    pub shards: Shards,
    /// With a range of shards: how many all processes run together.
    pub shard_total: Option<u32>,
    /// Whether to connect to the gateway (false: interactions only).
    pub gateway: bool,
    /// Discord's HTTP interactions endpoint, served beside the gateway.
    pub interactions: Option<InteractionsConfig>,
    /// `[store]`: the database that keeps this bot's processes apart (shard
    /// guards, the identify lease) and shares buttons' state among them.
    pub store: Option<StoreConfig>,
    /// Roles whose members may change the knowledge, besides Manage Server.
    pub moderator_roles: Vec<u64>,
    /// The site of the knowledge (`[site] url`): each citation in an answer
    /// links to its passage there; `None`: nothing is linked.
    pub site: Option<String>,
    /// Told what became of each member's message and interaction (none from
    /// the config: an operator's program or a test sets one).
    pub observer: Observer,
}

impl Settings {
    pub fn from_config(config: &Config) -> Self {
        let discord = &config.discord;
        Self {
            guilds: discord.guilds.clone(),
            channels: discord.channels.clone(),
            cooldown: Duration::try_from_secs_f64(discord.cooldown_secs).unwrap_or_default(),
            api_base: discord.api_base.clone(),
            shards: discord.shards,
            shard_total: discord.shard_total,
            gateway: discord.gateway,
            interactions: config.interactions.clone(),
            store: config.store.clone(),
            moderator_roles: discord.moderator_roles.clone(),
            site: config.site.url.clone(),
            observer: Observer::default(),
        }
    }

    /// GUILDS for the guild list, messages in guilds and DMs (their content
    /// arrives without MESSAGE_CONTENT when the bot is mentioned or DMed), and
    /// the privileged MESSAGE_CONTENT only when whole channels are answered.
    pub fn intents(&self) -> GatewayIntents {
        let base = GatewayIntents::GUILDS
            | GatewayIntents::GUILD_MESSAGES
            | GatewayIntents::DIRECT_MESSAGES;
        if self.channels.is_empty() {
            base
        } else {
            base | GatewayIntents::MESSAGE_CONTENT
        }
    }
}

/// The bot running in the background.
pub struct RunningBot {
    shard_manager: Arc<ShardManager>,
    /// `None` once [`RunningBot::stopped`] has seen it end.
    task: Option<JoinHandle<Result<(), DiscordError>>>,
    /// Tells the interactions endpoint (and an interactions-only bot's
    /// task) to stop.
    stop: Arc<tokio::sync::Notify>,
    /// The shard guards, held while the bot runs.
    _held: Option<Box<dyn Send + Sync>>,
}

/// Stops a running bot from elsewhere (a signal handler, a test).
#[derive(Clone)]
pub struct ShutdownHandle(Arc<ShardManager>, Arc<tokio::sync::Notify>);

impl ShutdownHandle {
    /// Closes every shard's connection (and the endpoint); the bot's task
    /// then ends.
    pub async fn shutdown(&self) {
        self.1.notify_waiters();
        self.0.shutdown_all().await;
    }
}

/// How long a shutdown may take before the bot's task is abandoned.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

impl RunningBot {
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        ShutdownHandle(self.shard_manager.clone(), self.stop.clone())
    }

    /// Closes the connections and waits (bounded) for the bot to stop.
    pub async fn shutdown(self) -> Result<(), DiscordError> {
        // A bot that already stopped has no shard to close; asking serenity to
        // close it anyway waits five seconds for an answer that never comes.
        let Some(mut task) = self.task else {
            return Ok(());
        };
        if task.is_finished() {
            return join(&mut task).await;
        }
        self.stop.notify_waiters();
        self.shard_manager.shutdown_all().await;
        match tokio::time::timeout(SHUTDOWN_GRACE, join(&mut task)).await {
            Ok(result) => result,
            Err(_) => {
                tracing::warn!("the Discord task did not stop in time");
                Ok(())
            }
        }
    }

    /// How many shards are running (connected, connecting or queued to);
    /// none once the bot has stopped.
    pub async fn running_shards(&self) -> usize {
        self.shard_manager.runners.lock().await.len()
    }

    /// Waits until the bot stops by itself: a fatal gateway error (a refused
    /// token or intent), or a shutdown through a [`ShutdownHandle`].
    pub async fn stopped(&mut self) -> Result<(), DiscordError> {
        let Some(task) = &mut self.task else {
            return Ok(());
        };
        let result = join(task).await;
        self.task = None;
        result
    }
}

/// The bot task's own result, or why it has none.
async fn join(task: &mut JoinHandle<Result<(), DiscordError>>) -> Result<(), DiscordError> {
    match task.await {
        Ok(result) => result,
        Err(join_error) => Err(DiscordError::Client(Box::new(serenity::Error::Other(
            if join_error.is_panic() {
                "the Discord task panicked"
            } else {
                "the Discord task was cancelled"
            },
        )))),
    }
}

/// Connects to Discord (or `settings.api_base`) and starts answering in the
/// background. Returns once the client is built; the gateway connects after.
/// With an `editor`, moderators may change the knowledge; without one they
/// are told it cannot be edited. Questions and votes are recorded in
/// `learning` (when it is off, answers carry no 👍/👎).
pub async fn start(
    engine: Arc<Engine>,
    desk: Arc<Desk>,
    settings: Settings,
    token: &Token,
) -> Result<RunningBot, DiscordError> {
    start_with(engine, desk, settings, token, Timing::default()).await
}

/// [`start`] with other time limits (tests shorten them).
pub async fn start_with(
    engine: Arc<Engine>,
    desk: Arc<Desk>,
    settings: Settings,
    token: &Token,
    timing: Timing,
) -> Result<RunningBot, DiscordError> {
    let mut http =
        HttpBuilder::new(token.expose()).default_allowed_mentions(deliver::no_mentions());
    if let Some(base) = &settings.api_base {
        // serenity's rate limiter ignores the proxy (discord.md): with it on,
        // requests would silently go to the real Discord.
        http = http
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let http = http.build();
    let base = settings
        .api_base
        .clone()
        .unwrap_or_else(|| "https://discord.com".to_string());
    // serenity's HTTP client waits for an answer forever.
    let unanswered = |_| DiscordError::Unreachable {
        base: base.clone(),
        source: Box::new(serenity::Error::Other(
            "no answer within the connect timeout",
        )),
    };
    {
        // Asked first, so that a network that is not up yet (a reboot) is
        // told apart from a refusal; and serenity falls back to Discord's
        // own gateway when this fails, which with a proxy configured would
        // be wrong.
        tokio::time::timeout(timing.connect_timeout, http.get_gateway())
            .await
            .map_err(unanswered)?
            .map_err(|source| DiscordError::Unreachable {
                base: base.clone(),
                source: Box::new(source),
            })?;
    }
    let intents = settings.intents();
    let shards = settings.shards;
    tracing::info!(
        message_content = intents.contains(GatewayIntents::MESSAGE_CONTENT),
        ?shards,
        proxy = settings.api_base.is_some(),
        "connecting to Discord"
    );
    let (watch, ready) = startup::ReadyWatch::new();
    let shared = shared::Shared::from_settings(&settings);
    let handler = Arc::new(handler::Handler::new(
        engine,
        desk.clone(),
        settings.clone(),
        shared,
    ));
    let build = ClientBuilder::new_with_http(http, intents)
        .event_handler_arc(handler.clone())
        .event_handler(watch);
    let mut client = tokio::time::timeout(timing.connect_timeout, build)
        .await
        .map_err(unanswered)?
        .map_err(DiscordError::from_client)?;
    let http = client.http.clone();
    reregister_after_changes(&desk, &handler, &http);
    let stop = Arc::new(tokio::sync::Notify::new());
    #[cfg(feature = "postgres")]
    if let Some(interactions) = &settings.interactions {
        endpoint::serve(interactions, handler.clone(), http.clone(), stop.clone()).await?;
    }
    let shard_manager = client.shard_manager.clone();
    if !settings.gateway {
        tracing::info!("interactions only: not connecting to the gateway");
        let stopped = stop.clone();
        let task = tokio::spawn(async move {
            stopped.notified().await;
            Ok(())
        });
        return Ok(RunningBot {
            shard_manager,
            task: Some(task),
            stop,
            _held: None,
        });
    }
    let held = claim_shards(&settings, ready.clone(), timing).await?;
    let manager = shard_manager.clone();
    let total = settings.shard_total.unwrap_or(1);
    let task = tokio::spawn(async move {
        let connect = async {
            let result = match shards {
                Shards::Auto => client.start_autosharded().await,
                Shards::Fixed(count) => client.start_shards(count).await,
                // serenity's range is inclusive at both ends.
                Shards::Range { first, last } => client.start_shard_range(first..last, total).await,
            };
            result.map_err(|error| {
                let error = DiscordError::from_client(error);
                if matches!(error, DiscordError::DisallowedIntents) {
                    tracing::error!(
                        "the gateway closed with 4014 (disallowed intents): {INTENT_HINT}"
                    );
                }
                error
            })
        };
        tokio::pin!(connect);
        tokio::select! {
            result = &mut connect => result,
            failure = startup::watch(ready, &manager, timing) => {
                startup::stop_all(&manager).await;
                // serenity may be stuck before its shards exist (asking for
                // the gateway); then there is nothing to wait for.
                let _ = tokio::time::timeout(SHUTDOWN_GRACE, connect).await;
                Err(failure)
            }
        }
    });
    Ok(RunningBot {
        shard_manager,
        task: Some(task),
        stop,
        _held: held,
    })
}

/// Registers the commands again (in the process that registered them)
/// whenever the engine takes other knowledge: this process's changes and
/// those it took in from elsewhere alike.
fn reregister_after_changes(
    desk: &Desk,
    handler: &Arc<handler::Handler>,
    http: &Arc<serenity::all::Http>,
) {
    let Some(editor) = desk.editor() else {
        return;
    };
    let (changed, mut heard) = tokio::sync::watch::channel(());
    editor.after_swap(Box::new(move || {
        changed.send_replace(());
    }));
    let handler = Arc::downgrade(handler);
    let http = http.clone();
    tokio::spawn(async move {
        while heard.changed().await.is_ok() {
            let Some(handler) = handler.upgrade() else {
                return;
            };
            handler
                .registration()
                .after_change(&http, handler.engine())
                .await;
        }
    });
}

/// With a range of shards (several processes run the bot): takes this
/// process's shard guards (refusing to start when another process runs one
/// of them), then waits for the identify lease and holds it until every
/// shard here is READY and the identify rate limit's window has passed.
/// Returns what must be held while the bot runs.
#[cfg(feature = "postgres")]
async fn claim_shards(
    settings: &Settings,
    mut ready: tokio::sync::watch::Receiver<usize>,
    timing: Timing,
) -> Result<Option<Box<dyn Send + Sync>>, DiscordError> {
    use crate::store::postgres::{Postgres, locks};
    let (Shards::Range { first, last }, Some(store)) = (settings.shards, &settings.store) else {
        return Ok(None);
    };
    let failed = |error: locks::LockError| DiscordError::Shards(Box::new(error));
    let pg = Postgres::shared(store).map_err(|e| DiscordError::Shards(Box::new(e)))?;
    let guard = locks::guard_shards(&pg, first..=last)
        .await
        .map_err(failed)?;
    tracing::info!(first, last, "holding this process's shards");
    let lease = locks::identify_lease(&pg).await.map_err(failed)?;
    let count = usize::try_from(last - first + 1).unwrap_or(usize::MAX);
    tokio::spawn(async move {
        let all_ready = ready.wait_for(|readies| *readies >= count);
        if tokio::time::timeout(timing.startup_timeout, all_ready)
            .await
            .is_ok()
        {
            // Discord counts IDENTIFYs per 5 s: the next process waits it out.
            tokio::time::sleep(IDENTIFY_WINDOW).await;
        }
        drop(lease);
    });
    Ok(Some(Box::new(guard)))
}

/// Without PostgreSQL there are no other processes to keep apart.
#[cfg(not(feature = "postgres"))]
async fn claim_shards(
    _settings: &Settings,
    _ready: tokio::sync::watch::Receiver<usize>,
    _timing: Timing,
) -> Result<Option<Box<dyn Send + Sync>>, DiscordError> {
    Ok(None)
}

/// Discord's identify rate limit counts IDENTIFYs per this window.
#[cfg(feature = "postgres")]
const IDENTIFY_WINDOW: Duration = Duration::from_secs(5);

/// `missionbot register`: the slash commands registered over HTTP (for a
/// bot whose interactions arrive at its endpoint, and no gateway process
/// registers them on READY); returns how many Discord took.
pub async fn register(
    engine: &Engine,
    settings: &Settings,
    token: &Token,
) -> Result<usize, DiscordError> {
    let mut http =
        HttpBuilder::new(token.expose()).default_allowed_mentions(deliver::no_mentions());
    if let Some(base) = &settings.api_base {
        http = http
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let http = http.build();
    let user = http
        .get_current_application_info()
        .await
        .map_err(DiscordError::from_client)?;
    http.set_application_id(user.id);
    let registration = register::Registration::new(settings.guilds.clone());
    if registration.register(&http, engine).await {
        Ok(commands::definitions(commands::Shape::of(&engine.knowledge())).len())
    } else {
        Err(DiscordError::Client(Box::new(serenity::Error::Other(
            "Discord refused the slash commands (see the log above)",
        ))))
    }
}

/// The first pause between attempts to reach Discord at start, doubled up
/// to [`LAST_RETRY`].
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LAST_RETRY: Duration = Duration::from_secs(60);

/// `missionbot run`: answers on Discord until SIGINT or SIGTERM, then closes
/// the gateway connections cleanly. Discord out of reach at start (a
/// machine whose network is not up yet) is tried again with a growing
/// pause, one log line per attempt, until it answers or the process is
/// stopped; a refusal (a bad token, an intent) ends it at once.
pub async fn run(
    engine: Arc<Engine>,
    desk: Arc<Desk>,
    settings: Settings,
    token: Token,
) -> Result<(), DiscordError> {
    let mut pause = FIRST_RETRY;
    let mut attempt = 1;
    let mut bot = loop {
        match start(engine.clone(), desk.clone(), settings.clone(), &token).await {
            Ok(bot) => break bot,
            Err(error @ DiscordError::Unreachable { .. }) => {
                tracing::warn!(
                    attempt,
                    retry_in_s = pause.as_secs(),
                    error = %crate::diagnostic::chain(&error),
                    "cannot reach Discord yet; trying again"
                );
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    () = shutdown_signal() => {
                        tracing::info!("stopped before Discord could be reached");
                        return Ok(());
                    }
                }
                pause = (pause * 2).min(LAST_RETRY);
                attempt += 1;
            }
            Err(refused) => return Err(refused),
        }
    };
    tokio::select! {
        result = bot.stopped() => return result,
        () = shutdown_signal() => tracing::info!("shutting down"),
    }
    bot.shutdown().await
}

/// SIGINT (Ctrl-C) or, on Unix, SIGTERM (what service managers send).
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
