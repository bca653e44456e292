//! The questions behind "more" buttons: kept for a while in memory under the
//! short key the button's `custom_id` carries (Discord allows 100 characters).
//! Keys start somewhere new in every process, so a button from before a
//! restart finds nothing (and says it expired) instead of someone else's
//! question.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::custom_id::first_key;

/// How long a "more" button works; afterwards it says the answer is too old.
pub const LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Questions remembered at most; the oldest go first.
const CAPACITY: usize = 1000;

/// Recent questions by key.
#[derive(Debug)]
pub struct Questions {
    next_key: AtomicU64,
    asked: Mutex<HashMap<u64, (String, Instant)>>,
}

impl Default for Questions {
    fn default() -> Self {
        Self {
            next_key: AtomicU64::new(first_key()),
            asked: Mutex::new(HashMap::new()),
        }
    }
}

impl Questions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, (String, Instant)>> {
        match self.asked.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Remembers a question; returns its key.
    pub fn remember(&self, question: &str, now: Instant) -> u64 {
        let key = self.next_key.fetch_add(1, Ordering::Relaxed);
        let mut asked = self.lock();
        asked.retain(|_, (_, at)| now.saturating_duration_since(*at) < LIFETIME);
        if asked.len() >= CAPACITY
            && let Some(oldest) = asked.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| *k)
        {
            asked.remove(&oldest);
        }
        asked.insert(key, (question.to_string(), now));
        key
    }

    /// The question behind a key, if it is still fresh.
    pub fn recall(&self, key: u64, now: Instant) -> Option<String> {
        let asked = self.lock();
        let (question, at) = asked.get(&key)?;
        (now.saturating_duration_since(*at) < LIFETIME).then(|| question.clone())
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
