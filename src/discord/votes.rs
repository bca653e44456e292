//! One vote per member per answer, changeable: who voted how on the answers
//! of the last while, in memory only and for as long as the answer's other
//! buttons work ([`more::LIFETIME`]). The store counts votes per answer and
//! never sees a user id; a button older than that (or from before a
//! restart) says voting has ended.

use std::collections::HashMap;
use std::time::Instant;

use super::expiring::Expiring;
use super::more::LIFETIME;
use crate::learning::{AnswerKey, Vote};

/// Answers whose votes are kept at most; the oldest go first.
const CAPACITY: usize = 5000;

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

/// The ballots of recent answers (each member's vote), by their answer key.
pub struct Ballots {
    open: Expiring<AnswerKey, HashMap<u64, Vote>>,
}

impl Default for Ballots {
    fn default() -> Self {
        Self {
            open: Expiring::new(LIFETIME, CAPACITY),
        }
    }
}

impl Ballots {
    /// Opens voting on an answer that is about to be sent.
    pub fn open(&self, key: AnswerKey, now: Instant) {
        self.open.insert(key, HashMap::new(), now);
    }

    /// `user`'s vote on the answer under `key`.
    pub fn cast(&self, key: AnswerKey, user: u64, vote: Vote, now: Instant) -> Cast {
        let cast = self
            .open
            .with(key, now, |votes| match votes.insert(user, vote) {
                Some(before) if before == vote => Cast::Same,
                before => Cast::Counted { before },
            });
        cast.unwrap_or(Cast::Expired)
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
