//! Previews waiting for their moderator's Confirm or Cancel, in memory under
//! the short key their buttons carry, each for [`LIFETIME`] and used once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::custom_id::first_key;

use crate::moderation::Preview;

/// How long a preview's buttons work.
pub const LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Previews remembered at most; the oldest go first.
const CAPACITY: usize = 500;

/// A preview waiting for its moderator's button.
#[derive(Debug)]
struct Waiting {
    preview: Preview,
    owner: u64,
    at: Instant,
}

/// Why a press finds no preview to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// Too old, already used, or from before a restart.
    Expired,
    /// Another moderator's preview.
    NotYours,
}

/// Previews waiting for a button, by key.
#[derive(Debug)]
pub struct Pending {
    next_key: AtomicU64,
    waiting: Mutex<HashMap<u64, Waiting>>,
}

impl Default for Pending {
    fn default() -> Self {
        Self {
            next_key: AtomicU64::new(first_key()),
            waiting: Mutex::new(HashMap::new()),
        }
    }
}

impl Pending {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Waiting>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps `owner`'s preview; returns the key its buttons carry.
    pub fn remember(&self, preview: Preview, owner: u64, now: Instant) -> u64 {
        let key = self.next_key.fetch_add(1, Ordering::Relaxed);
        let mut waiting = self.lock();
        waiting.retain(|_, w| now.saturating_duration_since(w.at) < LIFETIME);
        if waiting.len() >= CAPACITY
            && let Some(oldest) = waiting.iter().min_by_key(|(_, w)| w.at).map(|(k, _)| *k)
        {
            waiting.remove(&oldest);
        }
        waiting.insert(
            key,
            Waiting {
                preview,
                owner,
                at: now,
            },
        );
        key
    }

    /// The preview behind `key` for `clicker`, taken so it is used once.
    pub fn take(&self, key: u64, clicker: u64, now: Instant) -> Result<Preview, Unavailable> {
        let mut waiting = self.lock();
        let entry = waiting.get(&key).ok_or(Unavailable::Expired)?;
        if now.saturating_duration_since(entry.at) >= LIFETIME {
            waiting.remove(&key);
            return Err(Unavailable::Expired);
        }
        if entry.owner != clicker {
            return Err(Unavailable::NotYours);
        }
        waiting
            .remove(&key)
            .map(|w| w.preview)
            .ok_or(Unavailable::Expired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::edit::Edit;

    fn preview() -> Preview {
        Preview {
            edit: Edit::RemovePoint { number: 1 },
            based_on: "h".to_string(),
            diff: crate::knowledge::edit::diff(&[], &[]),
        }
    }

    #[test]
    fn previews_are_for_their_owner_once_and_expire() {
        let pending = Pending::default();
        let t0 = Instant::now();
        let key = pending.remember(preview(), 1, t0);
        assert_eq!(pending.take(key, 2, t0).err(), Some(Unavailable::NotYours));
        assert!(pending.take(key, 1, t0).is_ok());
        assert_eq!(pending.take(key, 1, t0).err(), Some(Unavailable::Expired));
        let key = pending.remember(preview(), 1, t0);
        assert_eq!(
            pending.take(key, 1, t0 + LIFETIME).err(),
            Some(Unavailable::Expired)
        );
    }
}
