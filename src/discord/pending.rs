//! Previews waiting for their moderator's Confirm or Cancel, in memory under
//! the short key their buttons carry, each for [`LIFETIME`] and used once.

use std::time::{Duration, Instant};

use super::expiring::{Expiring, Keys};
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
    keys: Keys,
    waiting: Expiring<u64, Waiting>,
}

impl Default for Pending {
    fn default() -> Self {
        Self {
            keys: Keys::default(),
            waiting: Expiring::new(LIFETIME, CAPACITY),
        }
    }
}

impl Pending {
    /// Keeps `owner`'s preview; returns the key its buttons carry.
    pub fn remember(&self, preview: Preview, owner: u64, now: Instant) -> u64 {
        let key = self.keys.next();
        self.waiting.insert(key, Waiting { preview, owner }, now);
        key
    }

    /// The preview behind `key` for `clicker`, taken so it is used once.
    pub fn take(&self, key: u64, clicker: u64, now: Instant) -> Result<Preview, Unavailable> {
        match self.waiting.take_if(key, now, |w| w.owner == clicker) {
            Ok(waiting) => Ok(waiting.preview),
            Err(Some(())) => Err(Unavailable::NotYours),
            Err(None) => Err(Unavailable::Expired),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::edit::Edit;

    fn preview() -> Preview {
        Preview {
            edit: Edit::RemovePoint {
                section: crate::knowledge::SectionId::STRATEGY,
                number: 1,
            },
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
