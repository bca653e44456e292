//! The serenity event handler: each Discord event handed to what answers it
//! (members' commands and the buttons under answers to [`slash`], free text
//! to [`FreeText`], moderators' commands, modals and buttons to
//! [`Moderation`], `/gaps`, `/stats` and the gaps' components to [`Insight`],
//! registration to [`Registration`]).

use std::sync::Arc;
use std::time::Instant;

use serenity::all::{
    CommandInteraction, ComponentInteraction, Context, EventHandler, Http, Interaction, Message,
    Ready, ResumedEvent,
};
use serenity::async_trait;
use tracing::Instrument;

use super::Settings;
use super::asking::Asking;
use super::commands::Asked;
use super::custom_id::CustomId;
use super::decode::{self, Route};
use super::free_text::FreeText;
use super::insight::Insight;
use super::moderation::Moderation;
use super::register::Registration;
use super::shared::Shared;
use super::slash;
use super::span::{command_span, moderator_command};
use crate::desk::Desk;
use crate::engine::Engine;
use crate::moderation::Request;

/// The bot's state shared by all shards.
pub struct Handler {
    engine: Arc<Engine>,
    asking: Asking,
    free_text: FreeText,
    moderation: Moderation,
    insight: Insight,
    registration: Registration,
}

impl Handler {
    pub fn new(engine: Arc<Engine>, desk: Arc<Desk>, settings: Settings, shared: Shared) -> Self {
        let editor = desk.editor().cloned();
        let learning = desk.learning().clone();
        Self {
            moderation: Moderation::new(
                engine.clone(),
                editor,
                settings.moderator_roles,
                shared.clone(),
            ),
            asking: Asking::new(
                engine.clone(),
                settings.cooldown,
                learning,
                settings.observer.clone(),
                shared.clone(),
                settings.site.clone(),
            ),
            insight: Insight::new(engine.clone(), desk, shared),
            free_text: FreeText::new(settings.channels, settings.observer),
            registration: Registration::new(settings.guilds),
            engine,
        }
    }

    /// Whether this process registers the slash commands (it runs shard 0).
    pub fn registration(&self) -> &Registration {
        &self.registration
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Answers one interaction, however it arrived (the gateway, or the
    /// HTTP endpoint): routed through [`decode::route`], answered through
    /// Discord's callback.
    pub async fn on_interaction(&self, http: &Http, interaction: Interaction) {
        let routed = decode::route(&interaction, &self.engine.knowledge());
        match (routed, interaction) {
            (Route::Command(asked), Interaction::Command(command)) => {
                self.on_command(http, command, asked).await;
            }
            (
                Route::Autocomplete {
                    command,
                    option,
                    typed,
                    part,
                },
                Interaction::Autocomplete(typing),
            ) => {
                let field = slash::Typing {
                    command: &command,
                    option: &option,
                    typed: &typed,
                    part: part.as_deref(),
                };
                slash::autocomplete(&self.engine, http, typing, field).await;
            }
            (Route::Component(pressed), Interaction::Component(interaction)) => {
                self.on_component(http, interaction, pressed).await;
            }
            (Route::Modal(_), Interaction::Modal(submitted)) => {
                let span = command_span("modal", "modal");
                self.moderation
                    .on_modal(http, &submitted)
                    .instrument(span)
                    .await;
            }
            _ => tracing::debug!("an interaction kind the bot does not use; ignored"),
        }
    }

    async fn on_command(&self, http: &Http, interaction: CommandInteraction, asked: Asked) {
        match asked {
            Asked::Member { command, public } => {
                slash::command(&self.asking, http, interaction, command, public).await;
            }
            Asked::Moderator(request) => {
                self.on_moderator_command(http, &interaction, request).await;
            }
            Asked::Insight(insight) => {
                let span = command_span(moderator_command(&interaction.data.name), "slash");
                self.insight
                    .on_command(http, &interaction, insight, &self.moderation)
                    .instrument(span)
                    .await;
            }
            Asked::Missing { command, option } => {
                slash::missing(&self.asking, http, &interaction, command, option).await;
            }
        }
    }

    async fn on_moderator_command(
        &self,
        http: &Http,
        interaction: &CommandInteraction,
        request: Request,
    ) {
        let started = Instant::now();
        let span = command_span(moderator_command(&interaction.data.name), "slash");
        async {
            if self.moderation.on_command(http, interaction, request).await {
                self.registration.after_change(http, &self.engine).await;
            }
            tracing::info!(
                latency_ms = started.elapsed().as_millis() as u64,
                "moderator command handled"
            );
        }
        .instrument(span)
        .await;
    }

    async fn on_component(
        &self,
        http: &Http,
        interaction: ComponentInteraction,
        pressed: Option<CustomId>,
    ) {
        match pressed {
            Some(CustomId::Preview { key, confirm }) => {
                let span = command_span(if confirm { "confirm" } else { "cancel" }, "button");
                async {
                    let pressed = self.moderation.on_button(http, &interaction, key, confirm);
                    if pressed.await {
                        self.registration.after_change(http, &self.engine).await;
                    }
                }
                .instrument(span)
                .await;
            }
            Some(CustomId::More(page)) => slash::more(&self.asking, http, interaction, page).await,
            Some(CustomId::Vote { key, up }) => {
                slash::vote(&self.asking, http, interaction, key, up).await;
            }
            Some(CustomId::Suggestion(id)) => {
                slash::suggestion(&self.asking, http, interaction, id).await;
            }
            Some(CustomId::Gap { key }) => {
                let span = command_span("gap", "select");
                self.insight
                    .on_select(http, &interaction, &self.moderation, key)
                    .instrument(span)
                    .await;
            }
            Some(CustomId::GapsPage(page)) => {
                let span = command_span("gaps-page", "button");
                self.insight
                    .on_page(http, &interaction, &self.moderation, page)
                    .instrument(span)
                    .await;
            }
            Some(CustomId::Form(_)) | None => {
                tracing::debug!("a component that is not ours; ignored");
            }
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        self.free_text.know_me(ready.user.id);
        tracing::info!(
            shard = ctx.shard_id.0,
            guilds = ready.guilds.len(),
            "connected to Discord"
        );
        self.registration
            .on_ready(&ctx.http, &ready, &self.engine)
            .await;
    }

    async fn resume(&self, ctx: Context, _: ResumedEvent) {
        tracing::info!(shard = ctx.shard_id.0, "resumed the Discord session");
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        self.on_interaction(&ctx.http, interaction).await;
    }

    async fn message(&self, ctx: Context, msg: Message) {
        self.free_text.on_message(&self.asking, &ctx, msg).await;
    }
}
