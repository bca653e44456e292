//! The moderators' view of what members ask, on Discord: `/gaps`, the
//! questions the knowledge does not answer, a page of four at a time with a
//! select menu each (attach it to the passage that answers it, which previews
//! a `/teach`, or dismiss it) and Previous/Next; and `/stats`. Moderators
//! only, checked on every use. The gaps and statistics are the core's
//! ([`crate::learning`]).

use std::sync::Arc;
use std::time::Instant;

use serenity::all::{
    CommandInteraction, ComponentInteraction, ComponentInteractionDataKind, CreateActionRow,
    CreateInteractionResponse, Http,
};

use super::buttons::{self, GapOption, MAX_OPTIONS};
use super::commands::Insight as Asked;
use super::moderation::Moderation;
use super::more::Questions;
use super::respond;
use super::shared::Shared;
use crate::desk::Desk;
use crate::engine::Engine;
use crate::knowledge::PassageId;
use crate::knowledge::edit::Edit;
use crate::learning::{self, Gap, LearningError};
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

/// A read that ended without an answer (its thread panicked; logged).
fn interruption() -> LearningError {
    LearningError::Io(std::io::Error::other("the read was interrupted"))
}

fn interrupted(lang: Lang) -> Reply {
    learning::reply::unavailable(&interruption(), lang)
}

/// `/gaps`, `/stats` and the gaps' components.
pub struct Insight {
    engine: Arc<Engine>,
    desk: Arc<Desk>,
    /// The questions behind the gaps' select menus, for a while.
    asked: Questions,
}

impl Insight {
    pub fn new(engine: Arc<Engine>, desk: Arc<Desk>, shared: Shared) -> Self {
        Self {
            engine,
            desk,
            asked: Questions::shared("gap", shared),
        }
    }

    /// A call to the desk, off the async threads: reading the store, and
    /// with semantic search on grouping questions by meaning, may wait.
    async fn desk<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Desk) -> T + Send + 'static,
    ) -> Option<T> {
        let desk = self.desk.clone();
        match tokio::task::spawn_blocking(move || call(&desk)).await {
            Ok(done) => Some(done),
            Err(error) => {
                tracing::error!(%error, "a moderator's read of the learning store failed");
                None
            }
        }
    }

    /// The language a moderator's locale asks for, else the bot's.
    fn lang(&self, locale: &str) -> Lang {
        Lang::from_locale(locale).unwrap_or_else(|| self.engine.language())
    }

    /// `/gaps` or `/stats`, for a moderator.
    pub async fn on_command(
        &self,
        http: &Http,
        interaction: &CommandInteraction,
        asked: Asked,
        moderation: &Moderation,
    ) {
        let lang = self.lang(&interaction.locale);
        let response = if !moderation.allows(interaction.member.as_deref()) {
            tracing::info!(user = %interaction.user.id, "a non-moderator was refused");
            respond::new_message(&moderation_reply::not_moderator(lang))
        } else {
            match asked {
                Asked::Stats { days } => {
                    let reply = self.desk(move |desk| desk.stats_reply(days, lang)).await;
                    respond::new_message(&reply.unwrap_or_else(|| interrupted(lang)))
                }
                Asked::Gaps => {
                    let (reply, rows) = self.page(0, lang).await;
                    CreateInteractionResponse::Message(respond::message(&reply).components(rows))
                }
            }
        };
        respond::to_moderator("gaps", interaction, http, response).await;
    }

    /// Previous or Next: the page replaces the one shown.
    pub async fn on_page(
        &self,
        http: &Http,
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
        respond::to_moderator("gaps page", interaction, http, response).await;
    }

    /// A gap's select menu: a passage previews teaching the question to it;
    /// dismissing takes it off the list.
    pub async fn on_select(
        &self,
        http: &Http,
        interaction: &ComponentInteraction,
        moderation: &Moderation,
        key: u64,
    ) {
        let lang = self.lang(&interaction.locale);
        let chosen = match &interaction.data.kind {
            ComponentInteractionDataKind::StringSelect { values } => values.first().cloned(),
            _ => None,
        };
        let question = self.asked.find(key, Instant::now()).await;
        let reply = if !moderation.allows(interaction.member.as_ref()) {
            moderation_reply::not_moderator(lang)
        } else {
            match (question, chosen) {
                (Some(question), Some(chosen)) if chosen == DISMISS => {
                    let dismissed = self.desk(move |desk| desk.dismiss(&question, lang)).await;
                    dismissed.unwrap_or_else(|| interrupted(lang))
                }
                (Some(question), Some(chosen)) => {
                    // Not a passage id (a forged value): point 0, which the
                    // core refuses with the range.
                    let passage = chosen.parse().unwrap_or(PassageId::Strategy(0));
                    let edit = Edit::AddQuestion { passage, question };
                    return moderation.propose(http, interaction, edit).await;
                }
                _ => Reply::notice(
                    ReplyKind::Problem,
                    tr!(lang, "mod-expired-title"),
                    tr!(lang, "gaps-expired"),
                ),
            }
        };
        respond::to_moderator("gap", interaction, http, respond::new_message(&reply)).await;
    }

    /// Page `page` (from 0) of the top gaps, and its components.
    async fn page(&self, page: usize, lang: Lang) -> (Reply, Vec<CreateActionRow>) {
        let read = self.desk(|desk| desk.gaps(None)).await;
        let mut gaps = match read.unwrap_or_else(|| Err(interruption())) {
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
        let mut rows: Vec<CreateActionRow> = Vec::with_capacity(shown.len() + 1);
        for (i, gap) in shown.iter().enumerate() {
            let key = self.asked.keep(&gap.question, now).await;
            let placeholder = tr!(lang, "gaps-select", n = first + i + 1);
            rows.push(buttons::gap(key, &placeholder, self.options(gap, lang)));
        }
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
