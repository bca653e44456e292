//! Discord events → core commands → replies: slash commands, `/strategy`
//! autocomplete, the "more" button, free-text questions (a mention, a DM,
//! or any message in a configured channel), and moderators' commands, modals
//! and buttons (handed to [`Moderation`]). Wording and relevance are the
//! core's; this only translates and delivers.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use serenity::all::{
    ButtonStyle, CommandInteraction, ComponentInteraction, Context, CreateActionRow,
    CreateAutocompleteResponse, CreateButton, CreateInteractionResponse,
    CreateInteractionResponseMessage, EventHandler, GuildId, Interaction, Message, Ready,
    ResumedEvent, UserId,
};
use serenity::async_trait;
use tracing::{Instrument, field};

use super::Settings;
use super::commands;
use super::cooldown::{self, Cooldown, Verdict};
use super::deliver::{self, Target};
use super::moderation::{self, Moderation};
use super::more::{Press, Questions};
use crate::command::Command;
use crate::engine::Engine;
use crate::moderation::Editor;
use crate::reply::Lang;
use crate::reply::answer;
use crate::reply::messages::fill;
use crate::reply::{Reply, ReplyKind};

/// The bot's state shared by all shards.
pub struct Handler {
    engine: Arc<Engine>,
    settings: Settings,
    cooldown: Cooldown,
    questions: Questions,
    moderation: Moderation,
    /// Commands are registered once per process, not on every reconnect.
    registered: AtomicBool,
    /// The number of points the registered `/strategy` allows; registered
    /// again when moderators change it.
    registered_points: AtomicUsize,
    /// The bot's own user id, known from READY: to see mentions of it.
    me: OnceLock<UserId>,
}

/// A reply and, for a full page of answers, the "more" button's press.
struct Outgoing {
    reply: Reply,
    more: Option<Press>,
}

impl Handler {
    pub fn new(engine: Arc<Engine>, editor: Option<Arc<Editor>>, settings: Settings) -> Self {
        Self {
            moderation: Moderation::new(engine.clone(), editor, settings.moderator_roles.clone()),
            engine,
            cooldown: Cooldown::new(settings.cooldown),
            settings,
            questions: Questions::default(),
            registered: AtomicBool::new(false),
            registered_points: AtomicUsize::new(0),
            me: OnceLock::new(),
        }
    }

    /// Registers the slash commands; returns whether Discord took them all.
    async fn register(&self, ctx: &Context) -> bool {
        let points = self.engine.knowledge().points().len();
        self.registered_points.store(points, Ordering::SeqCst);
        let definitions = commands::definitions(points);
        if self.settings.guilds.is_empty() {
            return match serenity::all::Command::set_global_commands(&ctx.http, definitions).await {
                Ok(registered) => {
                    tracing::info!(
                        commands = registered.len(),
                        "registered the slash commands globally (Discord may take up to an hour to show them)"
                    );
                    true
                }
                Err(error) => {
                    tracing::error!(
                        error = deliver::describe(&error),
                        "could not register the slash commands"
                    );
                    false
                }
            };
        }
        let mut all = true;
        for &guild in &self.settings.guilds {
            let Some(guild_id) = std::num::NonZeroU64::new(guild).map(GuildId::from) else {
                tracing::warn!("discord.guilds contains 0, which is no guild id; skipped");
                continue;
            };
            match guild_id.set_commands(&ctx.http, definitions.clone()).await {
                Ok(registered) => tracing::info!(
                    guild,
                    commands = registered.len(),
                    "registered the slash commands in a guild"
                ),
                Err(error) => {
                    all = false;
                    tracing::error!(
                        guild,
                        error = deliver::describe(&error),
                        "could not register the slash commands in a guild"
                    );
                }
            }
        }
        all
    }

    /// A reply to a question, after the cooldown allows it.
    fn answer_question(&self, command: &Command, lang: Lang) -> Outgoing {
        let reply = self.engine.handle(command, lang);
        let per_page = self.engine.passages_per_answer();
        let more = match command {
            Command::Ask(question)
                if reply.kind == ReplyKind::Answer && reply.citations.len() >= per_page =>
            {
                Some(Press {
                    key: self.questions.remember(question, Instant::now()),
                    offset: per_page,
                })
            }
            _ => None,
        };
        Outgoing { reply, more }
    }

    fn cooldown_notice(lang: Lang, left: std::time::Duration) -> Reply {
        let text = fill(
            lang.messages().cooldown,
            &[("n", &cooldown::seconds(left).to_string())],
        );
        Reply::notice(ReplyKind::Problem, text, "")
    }

    fn message_for(&self, outgoing: &Outgoing, lang: Lang) -> CreateInteractionResponseMessage {
        let mut message = CreateInteractionResponseMessage::new()
            .embed(deliver::embed(&outgoing.reply))
            .allowed_mentions(deliver::no_mentions());
        if let Some(press) = outgoing.more {
            message = message.components(vec![more_button(press, lang)]);
        }
        message
    }

    /// After a moderator's change: registers the commands again when the
    /// number of points changed, so `/strategy number` offers the new range.
    async fn after_change(&self, ctx: &Context) {
        let points = self.engine.knowledge().points().len();
        if self.registered.load(Ordering::SeqCst)
            && self.registered_points.load(Ordering::SeqCst) != points
        {
            self.register(ctx).await;
        }
    }

    async fn on_moderator_command(
        &self,
        ctx: &Context,
        interaction: &CommandInteraction,
        request: commands::ModRequest,
    ) {
        let started = Instant::now();
        let span = command_span(moderator_span_name(&interaction.data.name), "slash");
        async {
            if self.moderation.on_command(ctx, interaction, request).await {
                self.after_change(ctx).await;
            }
            tracing::info!(
                latency_ms = started.elapsed().as_millis() as u64,
                "moderator command handled"
            );
        }
        .instrument(span)
        .await;
    }

    async fn on_command(&self, ctx: &Context, interaction: CommandInteraction) {
        if let Some(request) =
            commands::moderator_request(&interaction.data.name, &interaction.data.options)
        {
            return self.on_moderator_command(ctx, &interaction, request).await;
        }
        let started = Instant::now();
        let request = commands::request(&interaction.data.name, &interaction.data.options);
        let lang = Lang::from_locale(&interaction.locale);
        let span = command_span(request.command.name(), "slash");
        async {
            let mut public = request.public;
            let outgoing = match &request.command {
                Command::Ask(_) => match self.cooldown.check(interaction.user.id.get(), started) {
                    Verdict::Allowed => self.answer_question(&request.command, lang),
                    Verdict::Wait { left, .. } => {
                        // Only the asker needs to see that they must wait.
                        public = false;
                        Outgoing {
                            reply: Self::cooldown_notice(lang, left),
                            more: None,
                        }
                    }
                },
                other => Outgoing {
                    reply: self.engine.handle(other, lang),
                    more: None,
                },
            };
            let message = self.message_for(&outgoing, lang).ephemeral(!public);
            let result = deliver::with_retry(Target::Interaction, || {
                interaction.create_response(
                    &ctx.http,
                    CreateInteractionResponse::Message(message.clone()),
                )
            })
            .await;
            finish(started, outgoing.reply.kind, result);
        }
        .instrument(span)
        .await;
    }

    async fn on_autocomplete(&self, ctx: &Context, interaction: CommandInteraction) {
        let typed = interaction
            .data
            .autocomplete()
            .map(|option| option.value.to_string())
            .unwrap_or_default();
        let choices = match interaction.data.name.as_str() {
            // Moderators' point numbers are suggested the same way.
            "strategy" | "point-edit" | "point-remove" | "point-move" | "history" => {
                commands::strategy_choices(&self.engine, &typed)
            }
            _ => Vec::new(),
        };
        let response = choices
            .into_iter()
            .fold(CreateAutocompleteResponse::new(), |response, (name, n)| {
                response.add_int_choice(name, n)
            });
        let result = deliver::with_retry(Target::Interaction, || {
            interaction.create_response(
                &ctx.http,
                CreateInteractionResponse::Autocomplete(response.clone()),
            )
        })
        .await;
        if let Err(error) = result {
            tracing::warn!(
                error = deliver::describe(&error),
                "could not send autocomplete choices"
            );
        }
    }

    async fn on_component(&self, ctx: &Context, interaction: ComponentInteraction) {
        if let Some(press) = moderation::Press::parse(&interaction.data.custom_id) {
            let span = command_span(if press.confirm { "confirm" } else { "cancel" }, "button");
            async {
                if self.moderation.on_button(ctx, &interaction, press).await {
                    self.after_change(ctx).await;
                }
            }
            .instrument(span)
            .await;
            return;
        }
        let Some(press) = Press::parse(&interaction.data.custom_id) else {
            tracing::debug!("a component that is not ours; ignored");
            return;
        };
        let started = Instant::now();
        let lang = Lang::from_locale(&interaction.locale);
        let span = command_span("ask-more", "button");
        async {
            let m = lang.messages();
            let outgoing = match self.questions.recall(press.key, started) {
                None => Outgoing {
                    reply: Reply::notice(ReplyKind::Problem, m.more_expired_title, m.more_expired),
                    more: None,
                },
                Some(question) => self.next_passages(&question, press, lang),
            };
            let message = self.message_for(&outgoing, lang).ephemeral(true);
            let result = deliver::with_retry(Target::Interaction, || {
                interaction.create_response(
                    &ctx.http,
                    CreateInteractionResponse::Message(message.clone()),
                )
            })
            .await;
            finish(started, outgoing.reply.kind, result);
        }
        .instrument(span)
        .await;
    }

    /// The passages after `press.offset` for a remembered question, worded by the core.
    fn next_passages(&self, question: &str, press: Press, lang: Lang) -> Outgoing {
        let m = lang.messages();
        let per_page = self.engine.passages_per_answer();
        let hits = match self.engine.search(question, press.offset + per_page) {
            Ok(hits) => hits,
            Err(error) => {
                tracing::error!(%error, "search failed");
                return Outgoing {
                    reply: Reply::notice(
                        ReplyKind::Problem,
                        m.search_failed_title,
                        m.search_failed,
                    ),
                    more: None,
                };
            }
        };
        let Some(rest) = hits.get(press.offset..).filter(|rest| !rest.is_empty()) else {
            return Outgoing {
                reply: Reply::notice(ReplyKind::NothingRelevant, m.no_more_title, m.no_more),
                more: None,
            };
        };
        let reply = answer::answer(&self.engine.knowledge(), rest, per_page, lang);
        let more = (rest.len() >= per_page).then_some(Press {
            key: press.key,
            offset: press.offset + per_page,
        });
        Outgoing { reply, more }
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
        let watched = self.settings.channels.contains(&msg.channel_id.get());
        let question = strip_mention(&msg.content, me);
        // In a watched channel only messages with text count (without the
        // content intent, or for an image, there is nothing to answer).
        let asked = direct || mentioned || (watched && !question.trim().is_empty());
        asked.then_some(question)
    }

    async fn on_message(&self, ctx: &Context, msg: Message) {
        let Some(question) = self.question_in(&msg) else {
            return;
        };
        let started = Instant::now();
        let command = Command::Ask(question);
        let lang = self.settings.default_lang;
        let span = command_span(command.name(), "message");
        async {
            let outgoing = match self.cooldown.check(msg.author.id.get(), started) {
                Verdict::Allowed => self.answer_question(&command, lang),
                Verdict::Wait {
                    left,
                    first_refusal: true,
                } => Outgoing {
                    reply: Self::cooldown_notice(lang, left),
                    more: None,
                },
                Verdict::Wait { .. } => {
                    // One notice per window: answering each message of a flood
                    // with a notice would be a flood of its own.
                    tracing::debug!("still cooling down; message ignored");
                    return;
                }
            };
            let mut message = deliver::reply_to(&msg).embed(deliver::embed(&outgoing.reply));
            if let Some(press) = outgoing.more {
                message = message.components(vec![more_button(press, lang)]);
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

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.me.set(ready.user.id);
        tracing::info!(
            shard = ctx.shard_id.0,
            guilds = ready.guilds.len(),
            "connected to Discord"
        );
        let first_shard = ready.shard.is_none_or(|shard| shard.id.0 == 0);
        if first_shard
            && !self.registered.swap(true, Ordering::SeqCst)
            && !self.register(&ctx).await
        {
            // Try again on the next READY (a reconnect) rather than never.
            self.registered.store(false, Ordering::SeqCst);
        }
    }

    async fn resume(&self, ctx: Context, _: ResumedEvent) {
        tracing::info!(shard = ctx.shard_id.0, "resumed the Discord session");
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(command) => self.on_command(&ctx, command).await,
            Interaction::Autocomplete(typed) => self.on_autocomplete(&ctx, typed).await,
            Interaction::Component(pressed) => self.on_component(&ctx, pressed).await,
            Interaction::Modal(submitted) => {
                let span = command_span("modal", "modal");
                self.moderation
                    .on_modal(&ctx, &submitted)
                    .instrument(span)
                    .await;
            }
            _ => tracing::debug!("an interaction kind the bot does not use; ignored"),
        }
    }

    async fn message(&self, ctx: Context, msg: Message) {
        self.on_message(&ctx, msg).await;
    }
}

fn more_button(press: Press, lang: Lang) -> CreateActionRow {
    CreateActionRow::Buttons(vec![
        CreateButton::new(press.custom_id())
            .label(lang.messages().more_button)
            .style(ButtonStyle::Secondary),
    ])
}

/// A moderator command's name as a `'static` span field.
fn moderator_span_name(name: &str) -> &'static str {
    commands::MODERATOR_COMMANDS
        .iter()
        .find(|known| **known == name)
        .copied()
        .unwrap_or("moderator")
}

/// One span per command: its name and source now, latency and outcome when done.
/// Never the question: questions stay private.
fn command_span(command: &'static str, source: &'static str) -> tracing::Span {
    tracing::info_span!(
        "command",
        command,
        source,
        latency_ms = field::Empty,
        outcome = field::Empty
    )
}

fn finish(started: Instant, kind: ReplyKind, result: Result<(), serenity::Error>) {
    let span = tracing::Span::current();
    let latency_ms = started.elapsed().as_millis() as u64;
    span.record("latency_ms", latency_ms);
    match result {
        Ok(()) => {
            span.record("outcome", format!("{kind:?}"));
            tracing::info!(latency_ms, outcome = ?kind, "answered");
        }
        Err(error) => {
            span.record("outcome", "not delivered");
            tracing::warn!(
                latency_ms,
                error = deliver::describe(&error),
                "the reply could not be delivered"
            );
        }
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
