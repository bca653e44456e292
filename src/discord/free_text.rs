//! Free-text questions: which messages the bot answers (a mention of it, a
//! DM, or text in a configured channel or a thread in one), the question
//! without the mention, and the answer posted as a reply to the message.
//!
//! Someone who mentions or DMs the bot asked it something and always gets a
//! reply, "nothing relevant" included. In a watched channel people also talk
//! among themselves, so there the bot speaks only when it has an answer; a
//! message it stays silent on does not count towards the cooldown. Every
//! message left unanswered is logged at debug level ("message not answered",
//! with why, never the text) and told to the observer, as is every reply
//! that went out or was given up: what tests wait for.

use std::sync::OnceLock;
use std::time::Instant;

use serenity::all::{ChannelId, Context, Message, UserId};
use tracing::Instrument;

use super::asking::{Asker, Asking};
use super::cooldown::Verdict;
use super::deliver::{self, Target};
use super::observer::{Event, Observer, Outcome, Unanswered};
use super::span::{command_span, finish};
use crate::command::Command;
use crate::learning::Source;
use crate::reply::ReplyKind;

/// How a message reached the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// A mention of the bot (`Source::Mention`) or a DM (`Source::Dm`): it
    /// is spoken to.
    Directly(Source),
    /// Text in a watched channel (or a thread in one). Only what it answers
    /// is recorded: the rest is conversation, not questions to the bot.
    InWatchedChannel,
}

/// What tells a question from other messages.
pub struct FreeText {
    /// Channels where every message with text is a question.
    channels: Vec<u64>,
    /// The bot's own user id, known from READY: to see mentions of it.
    me: OnceLock<UserId>,
    /// Told what became of each message.
    observer: Observer,
}

impl FreeText {
    pub fn new(channels: Vec<u64>, observer: Observer) -> Self {
        Self {
            channels,
            me: OnceLock::new(),
            observer,
        }
    }

    /// Logs why `msg` is left unanswered and tells the observer.
    fn not_answered(&self, msg: &Message, why: Unanswered) {
        tracing::debug!(why = why.as_str(), "message not answered");
        self.observer
            .tell(Event::Message(msg.id.get()), Outcome::NotAnswered(why));
    }

    /// The bot's own id, from READY; the first one stays.
    pub fn know_me(&self, me: UserId) {
        let _ = self.me.set(me);
    }

    /// Whether `channel` is watched: listed, or a thread whose parent is
    /// listed. Threads are known from the gateway (GUILD_CREATE lists the
    /// active ones, THREAD_CREATE the new ones) through serenity's cache.
    fn is_watched(&self, ctx: &Context, msg: &Message) -> bool {
        let listed = |id: ChannelId| self.channels.contains(&id.get());
        if listed(msg.channel_id) {
            return true;
        }
        let Some(guild) = msg.guild_id.and_then(|id| ctx.cache.guild(id)) else {
            return false;
        };
        guild
            .threads
            .iter()
            .find(|thread| thread.id == msg.channel_id)
            .and_then(|thread| thread.parent_id)
            .is_some_and(listed)
    }

    /// Whether the bot answers this message, how it was asked, and the question in it.
    fn question_in(&self, ctx: &Context, msg: &Message) -> Option<(String, Asked)> {
        let me = *self.me.get()?;
        if msg.author.id == me {
            return None;
        }
        if msg.author.bot {
            self.not_answered(msg, Unanswered::FromABot);
            return None;
        }
        let direct = msg.guild_id.is_none() || msg.mentions.iter().any(|user| user.id == me);
        let question = strip_mention(&msg.content, me);
        if direct {
            let source = match msg.guild_id {
                None => Source::Dm,
                Some(_) => Source::Mention,
            };
            return Some((question, Asked::Directly(source)));
        }
        // In a watched channel only messages with text count (without the
        // content intent, or for an image, there is nothing to answer).
        if question.trim().is_empty() || self.channels.is_empty() || !self.is_watched(ctx, msg) {
            self.not_answered(msg, Unanswered::NotAddressed);
            return None;
        }
        Some((question, Asked::InWatchedChannel))
    }

    /// Answers `msg` if it is a question.
    pub async fn on_message(&self, asking: &Asking, ctx: &Context, msg: Message) {
        let Some((question, asked)) = self.question_in(ctx, &msg) else {
            return;
        };
        let started = Instant::now();
        let command = Command::Ask(question);
        let asker = Asker {
            user: msg.author.id.get(),
            channel: msg.channel_id.get(),
        };
        // Messages carry no locale: replies are in the bot's language.
        let lang = asking.default_lang();
        let span = command_span(command.name(), "message");
        span.record("message_id", msg.id.get());
        async {
            // In a watched channel, the answer decides whether to speak at all.
            let answered = match asked {
                Asked::Directly(_) => None,
                Asked::InWatchedChannel => {
                    let outgoing = asking.answer(&command, lang, asker).await;
                    if outgoing.reply.kind != ReplyKind::Answer {
                        self.not_answered(&msg, Unanswered::NothingToAnswer);
                        return;
                    }
                    Some(outgoing)
                }
            };
            let outgoing = match asking.check(msg.author.id.get(), started).await {
                Verdict::Allowed => match (answered, asked) {
                    (Some(mut outgoing), _) => {
                        asking
                            .record(&command, Source::Channel, &mut outgoing)
                            .await;
                        outgoing
                    }
                    (None, Asked::Directly(source)) => {
                        asking.asked(&command, lang, source, asker).await
                    }
                    (None, Asked::InWatchedChannel) => {
                        asking.asked(&command, lang, Source::Channel, asker).await
                    }
                },
                Verdict::Wait {
                    left,
                    first_refusal: true,
                } => Asking::wait_notice(lang, left),
                Verdict::Wait { .. } => {
                    // One notice per window: answering each message of a flood
                    // with a notice would be a flood of its own.
                    tracing::debug!("still cooling down; message ignored");
                    self.not_answered(&msg, Unanswered::CoolingDown);
                    return;
                }
            };
            let mut message = deliver::reply_to(&msg).embed(asking.embed(&outgoing.reply));
            if let Some(buttons) = outgoing.buttons(lang) {
                message = message.components(buttons);
            }
            let result = deliver::with_retry(Target::Message, || async {
                msg.channel_id
                    .send_message(&ctx.http, message.clone())
                    .await
                    .map(drop)
            })
            .await;
            let outcome = finish(started, outgoing.reply.kind, result);
            self.observer.tell(Event::Message(msg.id.get()), outcome);
        }
        .instrument(span)
        .await;
    }
}

/// The message without the bot's mention (`<@id>` or the older `<@!id>`).
fn strip_mention(content: &str, me: UserId) -> String {
    content
        .replace(&format!("<@{me}>"), " ")
        .replace(&format!("<@!{me}>"), " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_of_the_bot_are_stripped() {
        let me = UserId::new(42);
        for (content, expected) in [
            ("<@42> nelegálna migrácia", "nelegálna migrácia"),
            ("čo je <@!42>   bod 7?", "čo je bod 7?"),
            ("<@43> ahoj", "<@43> ahoj"),
            ("<@42>", ""),
        ] {
            assert_eq!(strip_mention(content, me), expected, "{content:?}");
        }
    }
}
