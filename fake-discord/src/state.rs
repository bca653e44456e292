//! What the fake's HTTP server, gateway and handle share: its configuration, the records of
//! what happened (calls, commands, messages, interactions, sessions), the change counter waits
//! watch, and the snowflake ids it hands out.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::fault::FaultRule;
use crate::gateway::Gateway;
use crate::guild::{APPLICATION_ID, CHANNEL_ID};
use crate::payload::{FakeUser, timestamp};
use crate::record::Call;

/// Discord's epoch (2015-01-01), where snowflakes count their milliseconds from.
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// What the builder set, fixed for the fake's life.
pub(crate) struct Config {
    pub(crate) token: String,
    pub(crate) heartbeat_interval: Duration,
    pub(crate) guild_create: bool,
    pub(crate) allow_privileged_intents: bool,
    pub(crate) bot_permissions: u64,
    pub(crate) guild_locale: String,
    pub(crate) bot: FakeUser,
    pub(crate) api_base: String,
    pub(crate) gateway_url: String,
}

pub(crate) struct Inner {
    pub(crate) cfg: Config,
    state: Mutex<State>,
    /// Bumped on every change a test may wait for.
    pub(crate) changes: watch::Sender<u64>,
    next_id: AtomicU64,
    pub(crate) heartbeat_ack: AtomicBool,
    /// Held answers ([`crate::FakeFault::Hold`]) go out once this is true.
    pub(crate) released: watch::Sender<bool>,
}

impl Inner {
    pub(crate) fn new(cfg: Config, state: State) -> Self {
        Self {
            cfg,
            state: Mutex::new(state),
            changes: watch::channel(0u64).0,
            next_id: AtomicU64::new(1),
            heartbeat_ack: AtomicBool::new(true),
            released: watch::channel(false).0,
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wakes every wait: something it may be waiting for happened.
    pub(crate) fn changed(&self) {
        self.changes.send_modify(|v| *v += 1);
    }

    /// A fresh snowflake: now, and a counter in the low bits so that ids stay unique.
    pub(crate) fn snowflake(&self) -> u64 {
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        (now_ms.saturating_sub(DISCORD_EPOCH_MS) << 22) | (self.next_counter() & 0x3F_FFFF)
    }

    /// The next number of the fake's counter (snowflakes, connection ids).
    pub(crate) fn next_counter(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::SeqCst)
    }

    /// Whether the request carries the bot token (`Bot TOKEN`, or the token alone).
    pub(crate) fn authorized(&self, headers: &HeaderMap) -> bool {
        headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.strip_prefix("Bot ").unwrap_or(v) == self.cfg.token)
    }
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) calls: Vec<Call>,
    pub(crate) faults: Vec<FaultRule>,
    /// Registered commands: `None` global, `Some(guild)`.
    pub(crate) commands: BTreeMap<Option<u64>, Vec<Value>>,
    pub(crate) messages: HashMap<u64, Value>,
    pub(crate) bot_message_order: Vec<u64>,
    pub(crate) interactions: HashMap<u64, InteractionInfo>,
    pub(crate) tokens: HashMap<String, u64>,
    pub(crate) gw: Gateway,
}

pub(crate) struct InteractionInfo {
    pub(crate) kind: u64,
    pub(crate) channel_id: u64,
    /// `interaction_metadata` for the messages that answer it.
    pub(crate) metadata: Value,
    /// The message a component interaction is attached to.
    pub(crate) message_id: Option<u64>,
    /// The callback type once acknowledged.
    pub(crate) acked: Option<u64>,
    pub(crate) original: Option<u64>,
}

impl State {
    pub(crate) fn remember_interaction(&mut self, data: &Value) {
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
    pub(crate) fn new_bot_message(
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
            "timestamp": timestamp(SystemTime::now()),
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
pub(crate) fn apply_message_body(msg: &mut Value, body: &Value) {
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
    msg["edited_timestamp"] = json!(timestamp(SystemTime::now()));
}

/// A snowflake as Discord writes it (a string) or as a number.
pub(crate) fn value_id(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}
