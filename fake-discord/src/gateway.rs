//! The fake's gateway: websocket connections (HELLO, heartbeats and their ACKs, IDENTIFY and
//! READY with GUILD_CREATE, RESUME with the missed dispatches replayed), sessions and their
//! sequence numbers, Discord's intent rules on dispatched events, and the test's controls:
//! dispatching an event, closing or zombifying a connection, asking for a reconnect.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::handshake::server::{
    Request as WsRequest, Response as WsResponse,
};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

use crate::guild::{APPLICATION_ID, GUILD_ID, guild_json, intents};
use crate::server::FakeDiscord;
use crate::state::{Inner, State, value_id};

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
    /// IDENTIFYs left without READY ([`crate::FakeDiscordBuilder::withhold_ready`]).
    pub withheld_readies: usize,
}

/// The gateway's record: connections, sessions, what clients sent.
#[derive(Default)]
pub(crate) struct Gateway {
    conns: HashMap<u64, mpsc::UnboundedSender<Outgoing>>,
    sessions: HashMap<String, Session>,
    pub(crate) current: Option<String>,
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
    zombies: HashSet<u64>,
    /// Shards, their sessions and the identify rate limit (`shards`).
    pub(crate) sharding: crate::shards::Sharding,
}

impl Gateway {
    /// A gateway whose first `n` valid IDENTIFYs get no READY.
    pub(crate) fn withholding_ready(n: usize) -> Self {
        Self {
            withhold_ready: n,
            ..Self::default()
        }
    }
}

struct Session {
    id: String,
    seq: u64,
    intents: u64,
    /// Every dispatch of the session, for replay on RESUME.
    log: Vec<(u64, String)>,
    conn: Option<u64>,
}

/// What a connection's task sends to its client.
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
}

impl FakeDiscord {
    /// A snapshot of the gateway side.
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
    /// [`crate::FakeDiscordBuilder::withhold_ready`]); 0 lets every IDENTIFY through again.
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
}

/// Accepts websocket connections until the fake drops (this task is aborted then).
pub(crate) async fn accept_loop(inner: Arc<Inner>, listener: TcpListener) {
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

/// One websocket connection: HELLO, then frames both ways until either side closes.
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
    let conn_id = inner.next_counter();
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
                    } else {
                        match crate::shards::admit(&mut st, &d) {
                            crate::shards::Admit::Close(code, reason) => close(code, reason),
                            crate::shards::Admit::TooSoon => {
                                let _ = tx
                                    .send(Outgoing::Text(json!({"op": 9, "d": false}).to_string()));
                            }
                            crate::shards::Admit::Identify if st.gw.withhold_ready > 0 => {
                                st.gw.withhold_ready -= 1;
                                st.gw.withheld += 1;
                            }
                            crate::shards::Admit::Identify => {
                                identify(inner, &mut st, conn_id, &d, requested);
                                if let Some(session) = st.gw.current.clone() {
                                    crate::shards::identified(&mut st, &d, &session);
                                }
                            }
                        }
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
