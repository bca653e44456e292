//! Members' interactions answered: `/strategy`, `/mission`, `/aims` and
//! `/ask` (behind the cooldown), the point numbers suggested while typing,
//! and the "more" button under an answer.

use std::time::Instant;

use serenity::all::{
    CommandInteraction, ComponentInteraction, Context, CreateAutocompleteResponse,
    CreateInteractionResponse, CreateInteractionResponseMessage,
};
use tracing::Instrument;

use super::asking::{Asking, Outgoing};
use super::commands;
use super::cooldown::Verdict;
use super::custom_id::Page;
use super::deliver;
use super::respond::{self, Answerable};
use super::span::{finish, interaction_span};
use crate::command::Command;
use crate::engine::Engine;
use crate::reply::Lang;

/// A member's slash command (not a moderator's).
pub async fn command(asking: &Asking, ctx: &Context, interaction: CommandInteraction) {
    let started = Instant::now();
    let request = commands::request(&interaction.data.name, &interaction.data.options);
    let lang = asking.lang(&interaction.locale);
    let span = interaction_span(request.command.name(), "slash", interaction.id.get());
    async {
        let mut public = request.public;
        let outgoing = match &request.command {
            Command::Ask(_) => match asking.check(interaction.user.id.get(), started) {
                Verdict::Allowed => asking.answer(&request.command, lang).await,
                Verdict::Wait { left, .. } => {
                    // Only the asker needs to see that they must wait.
                    public = false;
                    Asking::wait_notice(lang, left)
                }
            },
            other => asking.answer(other, lang).await,
        };
        send(ctx, &interaction, started, &outgoing, lang, !public).await;
    }
    .instrument(span)
    .await;
}

/// The "more" button: the next page of a remembered question, for the
/// presser only.
pub async fn more(asking: &Asking, ctx: &Context, interaction: ComponentInteraction, page: Page) {
    let started = Instant::now();
    let lang = asking.lang(&interaction.locale);
    let span = interaction_span("ask-more", "button", interaction.id.get());
    async {
        let outgoing = asking.next_page(page, lang, started).await;
        send(ctx, &interaction, started, &outgoing, lang, true).await;
    }
    .instrument(span)
    .await;
}

/// Sends `outgoing` as the interaction's message and logs how it went.
async fn send(
    ctx: &Context,
    interaction: &impl Answerable,
    started: Instant,
    outgoing: &Outgoing,
    lang: Lang,
    ephemeral: bool,
) {
    let mut message = CreateInteractionResponseMessage::new()
        .embed(deliver::embed(&outgoing.reply))
        .allowed_mentions(deliver::no_mentions());
    if let Some(buttons) = outgoing.buttons(lang) {
        message = message.components(buttons);
    }
    let response = CreateInteractionResponse::Message(message.ephemeral(ephemeral));
    let result = respond::send(interaction, &ctx.http, response).await;
    finish(started, outgoing.reply.kind, result);
}

/// Point numbers suggested while a member types one.
pub async fn autocomplete(engine: &Engine, ctx: &Context, interaction: CommandInteraction) {
    let typed = interaction
        .data
        .autocomplete()
        .map(|option| option.value.to_string())
        .unwrap_or_default();
    let choices = match interaction.data.name.as_str() {
        // Moderators' point numbers are suggested the same way.
        "strategy" | "point-edit" | "point-remove" | "point-move" | "history" => {
            commands::strategy_choices(engine, &typed)
        }
        _ => Vec::new(),
    };
    let response = choices
        .into_iter()
        .fold(CreateAutocompleteResponse::new(), |response, (name, n)| {
            response.add_int_choice(name, n)
        });
    let response = CreateInteractionResponse::Autocomplete(response);
    if let Err(error) = respond::send(&interaction, &ctx.http, response).await {
        tracing::warn!(
            error = deliver::describe(&error),
            "could not send autocomplete choices"
        );
    }
}
