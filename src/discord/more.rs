//! The questions behind "more" buttons: kept for a while in memory under the
//! short key the button's `custom_id` carries (Discord allows 100 characters).
//! Keys start somewhere new in every process, so a button from before a
//! restart finds nothing (and says it expired) instead of someone else's
//! question.

use std::time::{Duration, Instant};

use super::expiring::{Expiring, Keys};
use super::shared::Shared;

/// How long a "more" button works; afterwards it says the answer is too old.
pub const LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Questions remembered at most; the oldest go first.
const CAPACITY: usize = 1000;

/// Recent questions by key.
pub struct Questions {
    keys: Keys,
    asked: Expiring<u64, String>,
    /// What the database keeps them as (`more`, `gap`), for other replicas.
    kind: &'static str,
    shared: Shared,
}

impl Default for Questions {
    fn default() -> Self {
        Self::shared("more", Shared::default())
    }
}

impl Questions {
    /// Questions kept as `kind`, in memory and, where it is on, in `shared`.
    pub fn shared(kind: &'static str, shared: Shared) -> Self {
        Self {
            keys: Keys::default(),
            asked: Expiring::new(LIFETIME, CAPACITY),
            kind,
            shared,
        }
    }

    /// [`Questions::remember`], and shared with the other replicas.
    pub async fn keep(&self, question: &str, now: Instant) -> u64 {
        let key = self.remember(question, now);
        if self.shared.is_on() {
            self.shared
                .keep(self.kind, key, question.to_string(), LIFETIME)
                .await;
        }
        key
    }

    /// [`Questions::recall`], or another replica's question under `key`.
    pub async fn find(&self, key: u64, now: Instant) -> Option<String> {
        match self.recall(key, now) {
            Some(question) => Some(question),
            None => self.shared.recall(self.kind, key).await,
        }
    }

    /// Remembers a question; returns its key.
    pub fn remember(&self, question: &str, now: Instant) -> u64 {
        let key = self.keys.next();
        self.asked.insert(key, question.to_string(), now);
        key
    }

    /// The question behind a key, if it is still fresh.
    pub fn recall(&self, key: u64, now: Instant) -> Option<String> {
        self.asked.with(key, now, |question| question.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_expire() {
        let questions = Questions::default();
        let t0 = Instant::now();
        let key = questions.remember("migrácia", t0);
        assert_eq!(questions.recall(key, t0).as_deref(), Some("migrácia"));
        assert_eq!(questions.recall(key, t0 + LIFETIME), None);
        assert_eq!(questions.recall(key + 1, t0), None);
    }

    #[test]
    fn a_key_from_before_a_restart_names_nothing_after_it() {
        let t0 = Instant::now();
        let before = Questions::default();
        let old = before.remember("otázka pred reštartom", t0);
        let after = Questions::default();
        let new = after.remember("otázka niekoho iného", t0);
        assert_ne!(old, new);
        assert_eq!(after.recall(old, t0), None);
    }
}
