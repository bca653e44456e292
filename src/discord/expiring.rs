//! What the bot remembers for a button's lifetime (the question behind
//! "more", a preview waiting for Confirm, an answer's ballot): a map whose
//! entries expire after a fixed time and whose size is bounded, the oldest
//! going first. Keys handed to buttons start somewhere new in every process
//! ([`Keys`]), so a button from before a restart finds nothing (and says it
//! expired) instead of someone else's entry.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::custom_id::first_key;

/// Entries kept for `lifetime`, at most `capacity` of them.
#[derive(Debug)]
pub struct Expiring<K, V> {
    lifetime: Duration,
    capacity: usize,
    entries: Mutex<HashMap<K, (V, Instant)>>,
}

impl<K: Eq + Hash + Copy, V> Expiring<K, V> {
    pub fn new(lifetime: Duration, capacity: usize) -> Self {
        Self {
            lifetime,
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, (V, Instant)>> {
        // A panic elsewhere while holding it leaves a map that is still
        // whole: entries are inserted and removed in one step each.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn fresh(&self, at: Instant, now: Instant) -> bool {
        now.saturating_duration_since(at) < self.lifetime
    }

    /// Keeps `value` under `key` from `now`; expired entries go, and the
    /// oldest when the map is full.
    pub fn insert(&self, key: K, value: V, now: Instant) {
        let mut entries = self.lock();
        entries.retain(|_, (_, at)| self.fresh(*at, now));
        if entries.len() >= self.capacity
            && let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (_, at))| *at)
                .map(|(k, _)| *k)
        {
            entries.remove(&oldest);
        }
        entries.insert(key, (value, now));
    }

    /// Runs `f` on the entry under `key` if it is still fresh; an expired
    /// one is removed. `None`: no fresh entry.
    pub fn with<R>(&self, key: K, now: Instant, f: impl FnOnce(&mut V) -> R) -> Option<R> {
        let mut entries = self.lock();
        match entries.get_mut(&key) {
            Some((value, at)) if now.saturating_duration_since(*at) < self.lifetime => {
                Some(f(value))
            }
            Some(_) => {
                entries.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Takes the entry under `key` out if it is fresh and `wanted` accepts
    /// it: `Err(None)` when there is no fresh entry, `Err(Some(()))` when
    /// `wanted` refused it (it stays).
    pub fn take_if(
        &self,
        key: K,
        now: Instant,
        wanted: impl FnOnce(&V) -> bool,
    ) -> Result<V, Option<()>> {
        let mut entries = self.lock();
        match entries.get(&key) {
            Some((value, at)) if self.fresh(*at, now) => {
                if !wanted(value) {
                    return Err(Some(()));
                }
                entries.remove(&key).map(|(v, _)| v).ok_or(None)
            }
            Some(_) => {
                entries.remove(&key);
                Err(None)
            }
            None => Err(None),
        }
    }
}

/// Keys for buttons: sequential from somewhere new in every process.
#[derive(Debug)]
pub struct Keys(AtomicU64);

impl Default for Keys {
    fn default() -> Self {
        Self(AtomicU64::new(first_key()))
    }
}

impl Keys {
    pub fn next(&self) -> u64 {
        self.0.fetch_add(1, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_the_oldest_goes_when_full() {
        let map = Expiring::new(Duration::from_secs(10), 2);
        let t0 = Instant::now();
        map.insert(1, "a", t0);
        map.insert(2, "b", t0 + Duration::from_secs(1));
        assert_eq!(map.with(1, t0, |v| *v), Some("a"));
        map.insert(3, "c", t0 + Duration::from_secs(2));
        assert_eq!(map.with(1, t0, |v| *v), None, "the oldest went");
        assert_eq!(map.with(2, t0 + Duration::from_secs(11), |v| *v), None);
        assert_eq!(map.take_if(3, t0, |v| *v == "x"), Err(Some(())));
        assert_eq!(map.take_if(3, t0, |v| *v == "c"), Ok("c"));
        assert_eq!(map.take_if(3, t0, |_| true), Err(None), "taken once");
    }
}
