//! The circuit breaker around the embedding service: after a failure the
//! service is left alone for a while and questions are answered by words
//! at once; then one question tries it again. One warning per outage, an
//! info line when it is over.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long the service is left alone after a failure, at first; each failed
/// retry doubles it, up to [`MAX_PAUSE`].
pub const FIRST_PAUSE: Duration = Duration::from_secs(5);
pub const MAX_PAUSE: Duration = Duration::from_secs(120);

#[derive(Debug)]
struct State {
    /// When the current outage began; `None` while the service works.
    outage: Option<Instant>,
    /// No call before this.
    retry_at: Option<Instant>,
    pause: Duration,
    /// A call is trying the service after a pause: others wait their turn.
    probing: bool,
}

/// Whether a call may go to the service now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permit {
    Call,
    Skip,
}

#[derive(Debug)]
pub struct Breaker {
    first_pause: Duration,
    state: Mutex<State>,
}

impl Breaker {
    pub fn new(first_pause: Duration) -> Self {
        Self {
            first_pause,
            state: Mutex::new(State {
                outage: None,
                retry_at: None,
                pause: first_pause,
                probing: false,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Asks whether to call the service at `now`.
    pub fn permit(&self, now: Instant) -> Permit {
        let mut state = self.state();
        match state.retry_at {
            None => Permit::Call,
            Some(at) if now >= at && !state.probing => {
                state.probing = true;
                Permit::Call
            }
            Some(_) => Permit::Skip,
        }
    }

    /// The call went through.
    pub fn succeeded(&self, now: Instant) {
        let mut state = self.state();
        if let Some(began) = state.outage.take() {
            tracing::info!(
                down_secs = now.saturating_duration_since(began).as_secs(),
                "the embedding service answers again; semantic search is back"
            );
        }
        state.retry_at = None;
        state.pause = self.first_pause;
        state.probing = false;
    }

    /// The call failed with `error`: the first failure of an outage warns.
    pub fn failed(&self, now: Instant, error: &dyn std::fmt::Display) {
        let mut state = self.state();
        if state.outage.is_none() {
            state.outage = Some(now);
            state.pause = self.first_pause;
            tracing::warn!(
                %error,
                retry_secs = state.pause.as_secs_f32(),
                "semantic search is unavailable; questions are answered by words until the embedding service answers again"
            );
        } else {
            tracing::debug!(%error, "the embedding service still fails");
            if state.probing {
                state.pause = (state.pause * 2).min(MAX_PAUSE.max(self.first_pause));
            }
        }
        state.retry_at = Some(now + state.pause);
        state.probing = false;
    }

    /// Whether an outage is going on.
    pub fn is_open(&self) -> bool {
        self.state().outage.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_pauses_calls_then_one_call_retries() {
        let breaker = Breaker::new(Duration::from_secs(5));
        let t0 = Instant::now();
        assert_eq!(breaker.permit(t0), Permit::Call);
        breaker.failed(t0, &"down");
        assert!(breaker.is_open());
        assert_eq!(breaker.permit(t0 + Duration::from_secs(1)), Permit::Skip);
        let later = t0 + Duration::from_secs(5);
        assert_eq!(breaker.permit(later), Permit::Call);
        // Only one question probes.
        assert_eq!(breaker.permit(later), Permit::Skip);
        breaker.failed(later, &"still down");
        // The pause doubled.
        assert_eq!(breaker.permit(later + Duration::from_secs(9)), Permit::Skip);
        let again = later + Duration::from_secs(10);
        assert_eq!(breaker.permit(again), Permit::Call);
        breaker.succeeded(again);
        assert!(!breaker.is_open());
        assert_eq!(breaker.permit(again), Permit::Call);
        assert_eq!(breaker.permit(again), Permit::Call);
    }
}
