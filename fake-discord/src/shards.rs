//! Sharding, as Discord does it for a bot run by several processes: `/gateway/bot` says how many
//! shards and how many may identify at once (`max_concurrency`); each IDENTIFY names its shard
//! (`[id, total]`) and is refused with close code 4010 when the total is not the fake's or the
//! id is past it; a second IDENTIFY in one bucket (`id % max_concurrency`) within 5 s gets op 9
//! (rate limited), as Discord answers; and a guild's events go to the session of its shard
//! (`(guild_id >> 22) % total`), DMs to shard 0.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::server::FakeDiscord;
use crate::state::State;

/// Discord's identify window per bucket.
const WINDOW: Duration = Duration::from_secs(5);

/// The sharding side of the gateway's record.
#[derive(Default)]
pub(crate) struct Sharding {
    /// `(total, max_concurrency)`, once set.
    pub(crate) shape: Option<(u32, u32)>,
    /// The session of each shard that identified.
    sessions: HashMap<u32, String>,
    /// Every IDENTIFY let through: when, and for which shard.
    identified: Vec<(Instant, Option<u32>)>,
    /// IDENTIFYs answered with op 9 for coming too soon.
    rate_limited: usize,
}

/// What the gateway does with an IDENTIFY.
pub(crate) enum Admit {
    Identify,
    Close(u16, &'static str),
    /// Op 9 (not resumable): too soon in its bucket.
    TooSoon,
}

/// Whether the IDENTIFY `d` may go on.
pub(crate) fn admit(st: &mut State, d: &Value) -> Admit {
    let sharding = &mut st.gw.sharding;
    let shard = d["shard"].as_array().map(|s| {
        (
            s.first().and_then(Value::as_u64).unwrap_or(u64::MAX),
            s.get(1).and_then(Value::as_u64).unwrap_or(0),
        )
    });
    let now = Instant::now();
    let Some((total, concurrency)) = sharding.shape else {
        sharding.identified.push((now, None));
        return Admit::Identify;
    };
    let Some((id, claimed)) = shard else {
        return Admit::Close(4010, "Invalid shard.");
    };
    if claimed != u64::from(total) || id >= u64::from(total) {
        return Admit::Close(4010, "Invalid shard.");
    }
    let id = id as u32;
    let bucket = id % concurrency.max(1);
    let recent = sharding.identified.iter().any(|(at, other)| {
        other.is_some_and(|o| o % concurrency.max(1) == bucket) && now.duration_since(*at) < WINDOW
    });
    if recent {
        sharding.rate_limited += 1;
        return Admit::TooSoon;
    }
    sharding.identified.push((now, Some(id)));
    Admit::Identify
}

/// After an admitted IDENTIFY made `session`: it is its shard's.
pub(crate) fn identified(st: &mut State, d: &Value, session: &str) {
    if let Some(id) = d["shard"][0].as_u64() {
        st.gw
            .sharding
            .sessions
            .insert(id as u32, session.to_string());
    }
}

/// `/gateway/bot`'s answer.
pub(crate) fn gateway_bot(st: &State, url: &str) -> Value {
    let (shards, concurrency) = st.gw.sharding.shape.unwrap_or((1, 1));
    json!({
        "url": url,
        "shards": shards,
        "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14_400_000,
                                "max_concurrency": concurrency},
    })
}

impl FakeDiscord {
    /// From now on the bot has `total` shards, of which `max_concurrency` may identify at once.
    pub fn set_sharding(&self, total: u32, max_concurrency: u32) {
        self.inner.lock().gw.sharding.shape = Some((total, max_concurrency.max(1)));
        self.inner.changed();
    }

    /// The shard of each IDENTIFY let through, with its time since the first one.
    pub fn identified_shards(&self) -> Vec<(Duration, Option<u32>)> {
        let st = self.inner.lock();
        let first = st.gw.sharding.identified.first().map(|(at, _)| *at);
        st.gw
            .sharding
            .identified
            .iter()
            .map(|(at, shard)| {
                (
                    first.map_or(Duration::ZERO, |f| at.duration_since(f)),
                    *shard,
                )
            })
            .collect()
    }

    /// IDENTIFYs answered with op 9 for coming too soon in their bucket.
    pub fn rate_limited_identifies(&self) -> usize {
        self.inner.lock().gw.sharding.rate_limited
    }

    /// Takes note of an interaction the test posts to the bot's HTTP endpoint (rather than
    /// dispatching it on the gateway), so its callback is accepted as Discord would.
    pub fn expect_http_interaction(&self, data: &Value) {
        self.inner.lock().remember_interaction(data);
        self.inner.changed();
    }

    /// Sends a dispatch to the session of the shard `guild` belongs to (`None`: a DM, shard 0),
    /// as Discord routes events; `None` when that shard has no session.
    pub fn dispatch_to_guild(&self, guild: Option<u64>, event: &str, data: Value) -> Option<u64> {
        {
            let mut st = self.inner.lock();
            let total = u64::from(st.gw.sharding.shape.map_or(1, |(t, _)| t));
            let shard = guild.map_or(0, |g| ((g >> 22) % total) as u32);
            let session = st.gw.sharding.sessions.get(&shard).cloned()?;
            st.gw.current = Some(session);
        }
        self.dispatch(event, data)
    }
}
