//! What a member and the bot said last, so a follow-up ("a ten ďalší?",
//! "in English please", "a čo tretí?") is read against it: one per member
//! and channel on Discord, one per console, one per block of lines for
//! `search --conversation`. Only what the last answer led with is kept,
//! for a few minutes: a question that stands alone is read alone, and an
//! old answer is no context.

use std::time::{Duration, Instant};

use crate::reply::{Reply, ReplyKind};
use crate::search::Context;

/// How long an answer stays what a follow-up refers to: a chat's pace,
/// not a day's.
pub const MEMORY: Duration = Duration::from_secs(10 * 60);

/// One member's conversation with the bot in one place.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    last: Option<(Context, Instant)>,
}

impl Conversation {
    pub fn new() -> Self {
        Self::default()
    }

    /// What the last answer led with, unless it is older than [`MEMORY`].
    pub fn context(&self) -> Option<&Context> {
        self.last
            .as_ref()
            .filter(|(_, at)| at.elapsed() <= MEMORY)
            .map(|(context, _)| context)
    }

    /// Remembers what a reply led with. A reply that showed no passage (no
    /// answer, a problem) leaves the conversation where it was: small talk
    /// in between does not make the bot forget what was discussed.
    pub fn remember(&mut self, reply: &Reply) {
        let shows = matches!(
            reply.kind,
            ReplyKind::Answer | ReplyKind::Passage | ReplyKind::Overview
        );
        if let (true, Some(lead)) = (shows, reply.citations.first()) {
            self.last = Some((Context { lead: lead.id }, Instant::now()));
        }
    }

    /// Remembers that an answer led with `lead` (a script's search, which
    /// has hits rather than a reply).
    pub fn remember_lead(&mut self, lead: crate::knowledge::PassageId) {
        self.last = Some((Context { lead }, Instant::now()));
    }

    /// Forgets everything: a new conversation.
    pub fn clear(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::PassageId;
    use crate::reply::{Citation, RichText};

    fn reply(kind: ReplyKind, ids: &[PassageId]) -> Reply {
        Reply {
            kind,
            title: String::new(),
            body: RichText::default(),
            fields: Vec::new(),
            citations: ids
                .iter()
                .map(|id| Citation {
                    id: *id,
                    label: id.to_string(),
                })
                .collect(),
            footer: None,
            suggestions: Vec::new(),
        }
    }

    #[test]
    fn the_last_answer_is_remembered_and_small_talk_changes_nothing() {
        let mut conversation = Conversation::new();
        assert_eq!(conversation.context(), None);
        conversation.remember(&reply(
            ReplyKind::Answer,
            &[PassageId::Strategy(11), PassageId::Strategy(5)],
        ));
        assert_eq!(
            conversation.context().map(|c| c.lead),
            Some(PassageId::Strategy(11))
        );
        conversation.remember(&reply(ReplyKind::NothingRelevant, &[]));
        conversation.remember(&reply(ReplyKind::Problem, &[]));
        assert_eq!(
            conversation.context().map(|c| c.lead),
            Some(PassageId::Strategy(11))
        );
        conversation.clear();
        assert_eq!(conversation.context(), None);
    }
}
