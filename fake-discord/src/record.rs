//! What the fake recorded, and waiting on it: every HTTP call ([`Call`], with the status it
//! answered), what the calls made (registered commands, messages, interaction responses), and
//! the one way every wait works: probe, and on no luck sleep until the fake changes.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server::FakeDiscord;

/// Any interaction's callback, as a [`Call::matches`] pattern.
pub const CALLBACK: &str = "POST /interactions/*/*/callback";

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

impl FakeDiscord {
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

    /// The first message the bot sent (already, or within `timeout`) matching `pred`.
    pub async fn wait_for_bot_message(
        &self,
        pred: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        self.wait_until(timeout, || {
            let st = self.inner.lock();
            st.bot_message_order
                .iter()
                .filter_map(|id| st.messages.get(id))
                .find(|m| pred(m))
                .cloned()
        })
        .await
    }

    /// The first `Some` of `probe`, tried now and after each change, within `timeout`.
    pub(crate) async fn wait_until<T>(
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
