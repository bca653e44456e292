//! The moderators' view of what members ask, on Discord: `/gaps`, the
//! questions the knowledge does not answer, a page of four at a time with a
//! select menu each (attach it to the passage that answers it, which previews
//! a `/teach`, or dismiss it) and Previous/Next; and `/stats`. Moderators
//! only, checked on every use. The gaps and statistics are the core's
//! ([`crate::learning`]).

use std::sync::Arc;
use std::time::Instant;

use serenity::all::{
    CommandDataOptionValue, CommandInteraction, ComponentInteraction, ComponentInteractionDataKind,
    Context, CreateActionRow, CreateInteractionResponse,
};

use super::buttons::{self, GapOption, MAX_OPTIONS};
use super::commands::DAYS;
use super::moderation::Moderation;
use super::more::Questions;
use super::respond;
use crate::engine::Engine;
use crate::knowledge::PassageId;
use crate::knowledge::edit::Edit;
use crate::learning::{self, ByMeaning, Gap, Learning, LearningError, Similarity};
use crate::moderation::reply as moderation_reply;
use crate::reply::answer::{short_name, shorten};
use crate::reply::{Lang, Reply, ReplyKind};
use crate::tr;

/// Gaps `/gaps` shows in all.
const TOP: usize = 10;
/// Gaps per page: one select menu each, and a row for the pages (Discord
/// allows five rows).
const PER_PAGE: usize = 4;
/// The value of the option that dismisses a gap.
const DISMISS: &str = "dismiss";
/// Characters of a passage in an option's label.
const OPTION_TEXT: usize = 70;

/// `/gaps`, `/stats` and the gaps' components.
pub struct Insight {
    engine: Arc<Engine>,
    learning: Arc<Learning>,
    /// The questions behind the gaps' select menus, for a while.
    asked: Questions,
}

impl Insight {
    pub fn new(engine: Arc<Engine>, learning: Arc<Learning>) -> Self {
        Self {
            engine,
            learning,
            asked: Questions::default(),
        }
    }

    /// A read of the store, off the async threads.
    /// With semantic search on, it groups questions by meaning, which may
    /// wait for the embedding service.
    async fn read<T: Send + 'static>(
        &self,
        read: impl FnOnce(&Learning, Option<&dyn Similarity>) -> Result<T, LearningError>
        + Send
        + 'static,
    ) -> Result<T, LearningError> {
        let learning = self.learning.clone();
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || {
            let meaning = ByMeaning::of(&engine);
            read(&learning, meaning.as_ref().map(|m| m as &dyn Similarity))
        })
        .await
        .unwrap_or_else(|error| Err(LearningError::Io(std::io::Error::other(error))))
    }

    /// The language a moderator's locale asks for, else the bot's.
    fn lang(&self, locale: &str) -> Lang {
        Lang::from_locale(locale).unwrap_or_else(|| self.engine.language())
    }

    /// `/gaps` or `/stats`, for a moderator.
    pub async fn on_command(
        &self,
        ctx: &Context,
        interaction: &CommandInteraction,
        moderation: &Moderation,
    ) {
        let lang = self.lang(&interaction.locale);
        let response = if !moderation.allows(interaction.member.as_deref()) {
            tracing::info!(user = %interaction.user.id, "a non-moderator was refused");
            respond::new_message(&moderation_reply::not_moderator(lang))
        } else if interaction.data.name == "stats" {
            let days = interaction
                .data
                .options
                .iter()
                .find(|o| o.name == DAYS)
                .and_then(|o| match o.value {
                    CommandDataOptionValue::Integer(n) => u32::try_from(n).ok(),
                    _ => None,
                });
            let reply = match self.read(move |l, meaning| l.stats(days, meaning)).await {
                Ok(stats) => learning::reply::stats(&stats, lang),
                Err(error) => learning::reply::unavailable(&error, lang),
            };
            respond::new_message(&reply)
        } else {
            let (reply, rows) = self.page(0, lang).await;
            CreateInteractionResponse::Message(respond::message(&reply).components(rows))
        };
        respond::to_moderator("gaps", interaction, &ctx.http, response).await;
    }

    /// Previous or Next: the page replaces the one shown.
    pub async fn on_page(
        &self,
        ctx: &Context,
        interaction: &ComponentInteraction,
        moderation: &Moderation,
        page: usize,
    ) {
        let lang = self.lang(&interaction.locale);
        let response = if moderation.allows(interaction.member.as_ref()) {
            let (reply, rows) = self.page(page, lang).await;
            respond::update_with(&reply, rows)
        } else {
            respond::new_message(&moderation_reply::not_moderator(lang))
        };
        respond::to_moderator("gaps page", interaction, &ctx.http, response).await;
    }

    /// A gap's select menu: a passage previews teaching the question to it;
    /// dismissing takes it off the list.
    pub async fn on_select(
        &self,
        ctx: &Context,
        interaction: &ComponentInteraction,
        moderation: &Moderation,
        key: u64,
    ) {
        let lang = self.lang(&interaction.locale);
        let chosen = match &interaction.data.kind {
            ComponentInteractionDataKind::StringSelect { values } => values.first().cloned(),
            _ => None,
        };
        let question = self.asked.recall(key, Instant::now());
        let reply = if !moderation.allows(interaction.member.as_ref()) {
            moderation_reply::not_moderator(lang)
        } else {
            match (question, chosen) {
                (Some(question), Some(chosen)) if chosen == DISMISS => {
                    let dismissed = question.clone();
                    match self.read(move |l, _| l.dismiss(&dismissed)).await {
                        Ok(()) => Reply::notice(
                            ReplyKind::Overview,
                            tr!(lang, "gaps-dismissed-title"),
                            tr!(lang, "gaps-dismissed", question = &question),
                        ),
                        Err(error) => learning::reply::unavailable(&error, lang),
                    }
                }
                (Some(question), Some(chosen)) => {
                    // Not a passage id (a forged value): point 0, which the
                    // core refuses with the range.
                    let passage = chosen.parse().unwrap_or(PassageId::Strategy(0));
                    let edit = Edit::AddQuestion { passage, question };
                    return moderation.propose(ctx, interaction, edit).await;
                }
                _ => Reply::notice(
                    ReplyKind::Problem,
                    tr!(lang, "mod-expired-title"),
                    tr!(lang, "gaps-expired"),
                ),
            }
        };
        respond::to_moderator("gap", interaction, &ctx.http, respond::new_message(&reply)).await;
    }

    /// Page `page` (from 0) of the top gaps, and its components.
    async fn page(&self, page: usize, lang: Lang) -> (Reply, Vec<CreateActionRow>) {
        let mut gaps = match self.read(|l, meaning| l.gaps(None, meaning)).await {
            Ok(gaps) => gaps,
            Err(error) => return (learning::reply::unavailable(&error, lang), Vec::new()),
        };
        gaps.truncate(TOP);
        let pages = gaps.len().div_ceil(PER_PAGE).max(1);
        let page = page.min(pages - 1);
        let first = page * PER_PAGE;
        let shown = &gaps[first..(first + PER_PAGE).min(gaps.len())];
        let footer =
            (!shown.is_empty()).then(|| tr!(lang, "gaps-page", page = page + 1, pages = pages));
        let reply = learning::reply::gaps(shown, first + 1, footer, lang);
        let now = Instant::now();
        let mut rows: Vec<CreateActionRow> = shown
            .iter()
            .enumerate()
            .map(|(i, gap)| {
                let key = self.asked.remember(&gap.question, now);
                let placeholder = tr!(lang, "gaps-select", n = first + i + 1);
                buttons::gap(key, &placeholder, self.options(gap, lang))
            })
            .collect();
        if pages > 1 {
            rows.push(buttons::gaps_pages(page, pages, lang));
        }
        (reply, rows)
    }

    /// A gap's options: the passages it came closest to, dismissing it, then
    /// the other passages, as many as a select menu holds.
    fn options(&self, gap: &Gap, lang: Lang) -> Vec<GapOption> {
        let knowledge = self.engine.knowledge();
        let option = |id: PassageId, description: Option<String>| {
            let passage = knowledge.get(id)?;
            Some(GapOption {
                label: format!(
                    "{} — {}",
                    short_name(id, lang),
                    shorten(&passage.text, OPTION_TEXT)
                ),
                value: id.to_string(),
                description,
            })
        };
        let closest: Vec<PassageId> = gap
            .closest
            .iter()
            .filter_map(|id| id.parse().ok())
            .collect();
        let mut options: Vec<GapOption> = closest
            .iter()
            .filter_map(|&id| option(id, Some(tr!(lang, "gaps-closest-option"))))
            .collect();
        options.push(GapOption {
            label: tr!(lang, "gaps-dismiss"),
            value: DISMISS.to_string(),
            description: None,
        });
        options.extend(
            knowledge
                .passages()
                .iter()
                .filter(|p| !closest.contains(&p.id))
                .filter_map(|p| option(p.id, None)),
        );
        options.truncate(MAX_OPTIONS);
        options
    }
}
