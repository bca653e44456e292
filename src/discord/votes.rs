//! One vote per member per answer, changeable: who voted how on the answers
//! of the last while, in memory only and for as long as the answer's other
//! buttons work ([`more::LIFETIME`]). The store counts votes per answer and
//! never sees a user id; a button older than that (or from before a
//! restart) says voting has ended.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use super::more::LIFETIME;
use crate::learning::{AnswerKey, Vote};

/// Answers whose votes are kept at most; the oldest go first.
const CAPACITY: usize = 5000;

struct Ballot {
    opened: Instant,
    votes: HashMap<u64, Vote>,
}

/// How a press went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cast {
    /// Counted; `before` is the member's earlier vote on this answer.
    Counted { before: Option<Vote> },
    /// The same vote again: nothing to count.
    Same,
    /// Too old, or from before a restart.
    Expired,
}

/// The ballots of recent answers, by their answer key.
#[derive(Default)]
pub struct Ballots {
    open: Mutex<HashMap<AnswerKey, Ballot>>,
}

impl Ballots {
    fn lock(&self) -> MutexGuard<'_, HashMap<AnswerKey, Ballot>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens voting on an answer that is about to be sent.
    pub fn open(&self, key: AnswerKey, now: Instant) {
        let mut open = self.lock();
        open.retain(|_, b| now.saturating_duration_since(b.opened) < LIFETIME);
        if open.len() >= CAPACITY
            && let Some(oldest) = open.iter().min_by_key(|(_, b)| b.opened).map(|(k, _)| *k)
        {
            open.remove(&oldest);
        }
        open.insert(
            key,
            Ballot {
                opened: now,
                votes: HashMap::new(),
            },
        );
    }

    /// `user`'s vote on the answer under `key`.
    pub fn cast(&self, key: AnswerKey, user: u64, vote: Vote, now: Instant) -> Cast {
        let mut open = self.lock();
        let Some(ballot) = open.get_mut(&key) else {
            return Cast::Expired;
        };
        if now.saturating_duration_since(ballot.opened) >= LIFETIME {
            open.remove(&key);
            return Cast::Expired;
        }
        match ballot.votes.insert(user, vote) {
            Some(before) if before == vote => Cast::Same,
            before => Cast::Counted { before },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_vote_per_member_changeable_until_it_expires() {
        let ballots = Ballots::default();
        let t0 = Instant::now();
        let key = AnswerKey(7);
        assert_eq!(ballots.cast(key, 1, Vote::Up, t0), Cast::Expired);
        ballots.open(key, t0);
        assert_eq!(
            ballots.cast(key, 1, Vote::Up, t0),
            Cast::Counted { before: None }
        );
        assert_eq!(ballots.cast(key, 1, Vote::Up, t0), Cast::Same);
        assert_eq!(
            ballots.cast(key, 1, Vote::Down, t0),
            Cast::Counted {
                before: Some(Vote::Up)
            }
        );
        assert_eq!(
            ballots.cast(key, 2, Vote::Down, t0),
            Cast::Counted { before: None }
        );
        assert_eq!(ballots.cast(key, 3, Vote::Up, t0 + LIFETIME), Cast::Expired);
        assert_eq!(ballots.cast(key, 1, Vote::Up, t0), Cast::Expired, "gone");
    }
}
