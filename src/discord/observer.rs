//! What became of each member's message and interaction the bot handled,
//! told to an optional [`Observer`] in [`super::Settings`]: its reply went
//! out, was given up, or the bot decided not to answer and why.
//!
//! The log says the same for people; this says it for code: an operator's
//! metrics (answers by kind, deliveries given up, messages passed over), or a
//! test that must know the bot is done with an event, above all when it
//! stays silent on purpose, which no call to Discord shows. Moderators'
//! commands (`/gaps` and `/stats` among them), their buttons and modals, and
//! autocomplete are not reported.

use std::fmt;
use std::sync::Arc;

use crate::reply::ReplyKind;

/// A member's event the bot handled, by its Discord id (a snowflake, never
/// its text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// A slash command, or a button under an answer ("more", 👍/👎, a
    /// suggestion).
    Interaction(u64),
    /// A message: a mention, a DM, or text in a watched channel.
    Message(u64),
}

/// Why the bot left a message unanswered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanswered {
    /// Another bot sent it (the bot's own messages are not reported at all).
    FromABot,
    /// Neither a mention of the bot, a DM, nor text in a watched channel.
    NotAddressed,
    /// Text in a watched channel that the knowledge does not answer.
    NothingToAnswer,
    /// Its author is cooling down and was told so already.
    CoolingDown,
}

impl Unanswered {
    /// How the log names it (`why` of "message not answered").
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FromABot => "from a bot",
            Self::NotAddressed => "not addressed to the bot",
            Self::NothingToAnswer => "nothing to answer in a watched channel",
            Self::CoolingDown => "cooling down",
        }
    }
}

/// What became of an [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The reply went out; the kind of reply it was.
    Answered(ReplyKind),
    /// The reply could not be delivered, retries included.
    NotDelivered,
    /// No reply, on purpose.
    NotAnswered(Unanswered),
}

/// One report to the observer: an event, and what became of it. Each event
/// is reported once, when the bot is done with it: nothing is sent for it
/// after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handled {
    pub event: Event,
    pub outcome: Outcome,
}

/// Told of each [`Handled`] event, on the bot's own tasks: it must return at
/// once (count, or send on a channel). The default observes nothing.
#[derive(Clone, Default)]
pub struct Observer(Option<Arc<dyn Fn(Handled) + Send + Sync>>);

impl Observer {
    pub fn new(observe: impl Fn(Handled) + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(observe)))
    }

    pub(super) fn tell(&self, event: Event, outcome: Outcome) {
        if let Some(observe) = &self.0 {
            observe(Handled { event, outcome });
        }
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = if self.0.is_some() { "set" } else { "none" };
        write!(f, "Observer({set})")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn an_observer_hears_each_report_and_the_default_nobody() {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let ear = heard.clone();
        let observer =
            Observer::new(move |handled| ear.lock().expect("not poisoned").push(handled));
        observer.tell(
            Event::Message(7),
            Outcome::NotAnswered(Unanswered::FromABot),
        );
        observer.tell(Event::Interaction(8), Outcome::Answered(ReplyKind::Passage));
        Observer::default().tell(Event::Message(9), Outcome::NotDelivered);
        assert_eq!(
            *heard.lock().expect("not poisoned"),
            [
                Handled {
                    event: Event::Message(7),
                    outcome: Outcome::NotAnswered(Unanswered::FromABot),
                },
                Handled {
                    event: Event::Interaction(8),
                    outcome: Outcome::Answered(ReplyKind::Passage),
                },
            ]
        );
        assert_eq!(format!("{:?}", Observer::default()), "Observer(none)");
        assert_eq!(format!("{observer:?}"), "Observer(set)");
    }
}
