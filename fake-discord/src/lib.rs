//! A fake Discord for missionbot's tests: the HTTP API (`/api/v10`, axum) and the gateway
//! (websocket, tokio-tungstenite) on 127.0.0.1, so the real serenity client (and the bot) run
//! against it through `HttpBuilder::proxy(api_base)` with the rate limiter disabled.
//!
//! What it does, in short, and where:
//! - [`server`]: starts both servers on 127.0.0.1 and stops them when the [`FakeDiscord`] drops;
//! - [`record`]: records every HTTP call ([`Call`]) and lets a test await one
//!   ([`FakeDiscord::wait_for_call`]), with what the calls made (messages, commands);
//! - [`http`]: answers the routes a bot uses (gateway discovery, current user and application,
//!   command registration, interaction callbacks and follow-ups, channel messages) with payloads
//!   serenity 0.12.5 parses;
//! - [`validate`]: rejects what Discord rejects (unknown locale keys, over-long content, a second
//!   callback for one interaction, ...) with Discord's error JSON;
//! - [`fault`]: injects faults ([`FakeDiscord::fail_next`]): 429 with Discord's headers and body,
//!   5xx, delays, answers held until released;
//! - [`gateway`]: HELLO, heartbeat ACKs, READY (+ GUILD_CREATE) on IDENTIFY, RESUMED on RESUME
//!   (replaying what was dispatched while the client was away), sequence numbers per session,
//!   intent filtering, and control calls to dispatch events or drop the connection;
//! - [`payload`]: builds realistic event payloads (interactions, messages) shaped as Discord
//!   sends them; a slash command can be typed as the client shows it
//!   ([`FakeDiscord::interaction_typed`]);
//! - [`guild`]: the one guild the fake knows (its ids, roles, channels and members);
//! - [`shards`]: sharding across processes: `/gateway/bot`'s shards and `max_concurrency`, each
//!   IDENTIFY's shard checked and rate limited per bucket, events routed to their guild's shard;
//!   and interactions that arrive over HTTP rather than the gateway;
//! - `state`: what the servers share.
//!
//! Reconnect choice: a RESUME with a known session id gets the missed dispatches and RESUMED.
//! (serenity 0.12.5 re-identifies only through its shard queuer, which waits 5 s between
//! starts; resuming keeps reconnect tests fast.) An unknown session id gets op 9 `false`.
//!
//! Every wait takes a timeout; dropping the [`FakeDiscord`] stops both servers.
//!
//! Typical use (missionbot's `tests/it/fake_discord_smoke.rs` has the whole of it):
//! ```text
//! let fake = fake().await;
//! // ... build and start a serenity client on `HttpBuilder::new(fake.token())
//! //     .proxy(fake.api_base()).ratelimiter_disabled(true)`, keep its shard manager ...
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

pub mod fault;
pub mod gateway;
pub mod guild;
pub mod http;
pub mod payload;
pub mod record;
pub mod server;
pub mod shards;
mod state;
pub mod validate;

pub use fault::FakeFault;
pub use gateway::GatewayStats;
pub use guild::{intents, perms};
pub use payload::{ComponentKind, FakeUser, InteractionOpts, MessageOpts, focused_option, id_of};
pub use record::{CALLBACK, Call};
pub use server::{DEFAULT_TOKEN, FakeDiscord, FakeDiscordBuilder, fake};
pub use validate::DISCORD_LOCALES;
