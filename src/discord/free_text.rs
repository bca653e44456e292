//! Free-text questions: which messages the bot answers (a mention of it, a
//! DM, or text in a configured channel), the question without the mention,
//! and the answer posted as a reply to the message.

use std::sync::OnceLock;
use std::time::Instant;

use serenity::all::{Context, Message, UserId};
use tracing::Instrument;

use super::asking::Asking;
use super::cooldown::Verdict;
use super::deliver::{self, Target};
use super::span::{command_span, finish};
use crate::command::Command;
use crate::reply::Lang;

/// What tells a question from other messages.
pub struct FreeText {
    /// Channels where every message with text is a question.
    channels: Vec<u64>,
    /// Messages carry no locale: replies are in this language.
    lang: Lang,
    /// The bot's own user id, known from READY: to see mentions of it.
    me: OnceLock<UserId>,
}

impl FreeText {
    pub fn new(channels: Vec<u64>, lang: Lang) -> Self {
        Self {
            channels,
            lang,
            me: OnceLock::new(),
        }
    }

    /// The bot's own id, from READY; the first one stays.
    pub fn know_me(&self, me: UserId) {
        let _ = self.me.set(me);
    }

    /// Whether the bot answers this message, and the question in it.
    fn question_in(&self, msg: &Message) -> Option<String> {
        if msg.author.bot {
            return None;
        }
        let me = *self.me.get()?;
        if msg.author.id == me {
            return None;
        }
        let direct = msg.guild_id.is_none();
        let mentioned = msg.mentions.iter().any(|user| user.id == me);
        let watched = self.channels.contains(&msg.channel_id.get());
        let question = strip_mention(&msg.content, me);
        // In a watched channel only messages with text count (without the
        // content intent, or for an image, there is nothing to answer).
        let asked = direct || mentioned || (watched && !question.trim().is_empty());
        asked.then_some(question)
    }

    /// Answers `msg` if it is a question.
    pub async fn on_message(&self, asking: &Asking, ctx: &Context, msg: Message) {
        let Some(question) = self.question_in(&msg) else {
            return;
        };
        let started = Instant::now();
        let command = Command::Ask(question);
        let lang = self.lang;
        let span = command_span(command.name(), "message");
        async {
            let outgoing = match asking.check(msg.author.id.get(), started) {
                Verdict::Allowed => asking.answer(&command, lang).await,
                Verdict::Wait {
                    left,
                    first_refusal: true,
                } => Asking::wait_notice(lang, left),
                Verdict::Wait { .. } => {
                    // One notice per window: answering each message of a flood
                    // with a notice would be a flood of its own.
                    tracing::debug!("still cooling down; message ignored");
                    return;
                }
            };
            let mut message = deliver::reply_to(&msg).embed(deliver::embed(&outgoing.reply));
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
            finish(started, outgoing.reply.kind, result);
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
