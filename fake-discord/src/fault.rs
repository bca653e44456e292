//! Faults the fake injects instead of (or before) its normal answer: rate limits shaped as
//! Discord's, server errors with or without the request's effect, delays, and answers held
//! until the test releases them.

use std::time::Duration;

use crate::record::Call;
use crate::server::FakeDiscord;
use crate::state::State;

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

/// A fault for the next `remaining` calls matching `pred`.
pub(crate) struct FaultRule {
    pred: Box<dyn Fn(&Call) -> bool + Send + Sync>,
    remaining: usize,
    fault: FakeFault,
}

/// How long an answer waits before it goes out.
pub(crate) enum Hold {
    For(Duration),
    UntilReleased,
}

/// The fault for `call`, if a rule wants one; spends one of that rule's calls.
pub(crate) fn take(st: &mut State, call: &Call) -> Option<FakeFault> {
    let fault = st
        .faults
        .iter_mut()
        .find(|r| r.remaining > 0 && (r.pred)(call))
        .map(|r| {
            r.remaining -= 1;
            r.fault.clone()
        });
    st.faults.retain(|r| r.remaining > 0);
    fault
}

impl FakeDiscord {
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
}
