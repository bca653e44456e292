//! Per-user cooldown for questions (`/ask` and free text), so one person
//! cannot flood a channel or the search.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a user may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Go ahead (the cooldown starts now).
    Allowed,
    /// Too soon: wait this long. `first_refusal` is true for the first refusal
    /// in this window, so a flood gets one notice rather than one per message.
    Wait { left: Duration, first_refusal: bool },
}

#[derive(Debug)]
struct Entry {
    last: Instant,
    refused: bool,
}

/// The last question time per user id.
#[derive(Debug)]
pub struct Cooldown {
    period: Duration,
    users: Mutex<HashMap<u64, Entry>>,
}

impl Cooldown {
    pub fn new(period: Duration) -> Self {
        Self {
            period,
            users: Mutex::new(HashMap::new()),
        }
    }

    /// Records a question by `user` at `now`, or says how long to wait.
    pub fn check(&self, user: u64, now: Instant) -> Verdict {
        if self.period.is_zero() {
            return Verdict::Allowed;
        }
        let mut users = match self.users.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Forget users whose window is over, so the map stays small.
        if users.len() > 1024 {
            let period = self.period;
            users.retain(|_, e| now.saturating_duration_since(e.last) < period);
        }
        match users.get_mut(&user) {
            Some(entry) if now.saturating_duration_since(entry.last) < self.period => {
                let left = self.period - now.saturating_duration_since(entry.last);
                let first_refusal = !entry.refused;
                entry.refused = true;
                Verdict::Wait {
                    left,
                    first_refusal,
                }
            }
            _ => {
                users.insert(
                    user,
                    Entry {
                        last: now,
                        refused: false,
                    },
                );
                Verdict::Allowed
            }
        }
    }
}

/// Whole seconds to tell the user (at least 1).
pub fn seconds(left: Duration) -> u64 {
    left.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_question_waits_and_is_refused_once_loudly() {
        let cooldown = Cooldown::new(Duration::from_secs(5));
        let t0 = Instant::now();
        assert_eq!(cooldown.check(1, t0), Verdict::Allowed);
        assert_eq!(cooldown.check(2, t0), Verdict::Allowed, "other users");
        let later = t0 + Duration::from_millis(1500);
        assert_eq!(
            cooldown.check(1, later),
            Verdict::Wait {
                left: Duration::from_millis(3500),
                first_refusal: true
            }
        );
        assert!(matches!(
            cooldown.check(1, later),
            Verdict::Wait {
                first_refusal: false,
                ..
            }
        ));
        assert_eq!(
            cooldown.check(1, t0 + Duration::from_secs(5)),
            Verdict::Allowed
        );
        assert_eq!(seconds(Duration::from_millis(3500)), 4);
        assert_eq!(seconds(Duration::from_millis(1)), 1);
    }

    #[test]
    fn zero_period_never_waits() {
        let cooldown = Cooldown::new(Duration::ZERO);
        let t0 = Instant::now();
        assert_eq!(cooldown.check(1, t0), Verdict::Allowed);
        assert_eq!(cooldown.check(1, t0), Verdict::Allowed);
    }
}
