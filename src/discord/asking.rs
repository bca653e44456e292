//! Answering questions however they arrive (`/ask`, free text, the "more"
//! button): the per-user cooldown, a "more" button under a full page of
//! answers and the pages after it, recording each question where it came
//! from, 👍/👎 under every answer (one vote per member, changeable, while
//! the buttons work) and the suggestions under "nothing relevant". Wording,
//! relevance and the record are the core's.
//!
//! A question may wait for the embedding service (up to its `timeout_ms`),
//! so the engine answers it on a blocking thread, never on the runtime's.
//! Each member's conversation in each channel is remembered for a few
//! minutes, so a follow-up ("a ten ďalší?") is read against what they were
//! last answered there.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::all::{CreateActionRow, CreateEmbed};

use super::buttons;
use super::cooldown::{self, Cooldown, Verdict};
use super::custom_id::Page;
use super::expiring::Expiring;
use super::more::Questions;
use super::observer::Observer;
use super::shared::{Shared, SharedCast};
use super::votes::{Ballots, Cast};
use crate::command::Command;
use crate::conversation::{self, Conversation};
use crate::engine::Engine;
use crate::learning::{AnswerKey, Learning, Source, Vote};
use crate::reply::Lang;
use crate::reply::answer;
use crate::reply::{Reply, ReplyKind};
use crate::tr;

/// A reply and, for a full page of answers, where the next page starts;
/// for a recorded answer, the key its votes are counted by.
pub struct Outgoing {
    pub reply: Reply,
    more: Option<Page>,
    vote: Option<AnswerKey>,
}

impl Outgoing {
    fn plain(reply: Reply) -> Self {
        Self {
            reply,
            more: None,
            vote: None,
        }
    }

    /// A reply with no buttons (a thanks, a passage shown).
    pub fn notice(reply: Reply) -> Self {
        Self::plain(reply)
    }

    /// The buttons under the reply: "more" when there is a next page, 👍/👎
    /// under a recorded answer, the suggestions under "nothing relevant".
    pub fn buttons(&self, lang: Lang) -> Option<Vec<CreateActionRow>> {
        let rows = buttons::answer(self.more, self.vote, &self.reply.suggestions, lang);
        (!rows.is_empty()).then_some(rows)
    }
}

/// Who asks, and where: one member's conversation in one channel (or DM),
/// which a follow-up ("a ten ďalší?") is read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Asker {
    pub user: u64,
    pub channel: u64,
}

/// Conversations remembered at most: beyond any server's members talking
/// at once, so memory stays bounded (the oldest goes first).
const CONVERSATIONS: usize = 10_000;

/// Questions and their pages, shared by all shards.
pub struct Asking {
    engine: Arc<Engine>,
    cooldown: Cooldown,
    questions: Questions,
    learning: Arc<Learning>,
    ballots: Ballots,
    /// Told what became of each interaction answered here.
    observer: Observer,
    /// Buttons' state shared with other replicas, where it is on.
    shared: Shared,
    period: Duration,
    /// The site of the knowledge (`[site] url`) answers link their citations to.
    site: Option<String>,
    /// What each member was last answered in each channel, for a while.
    conversations: Expiring<Asker, Conversation>,
}

/// How a vote went, for the member's thanks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voted {
    /// A first vote, or the same again.
    Thanks(Vote),
    Changed,
    Expired,
}

impl Asking {
    /// `period` is the time one user waits between two questions.
    pub fn new(
        engine: Arc<Engine>,
        period: Duration,
        learning: Arc<Learning>,
        observer: Observer,
        shared: Shared,
        site: Option<String>,
    ) -> Self {
        Self {
            site,
            engine,
            cooldown: Cooldown::new(period),
            questions: Questions::shared("more", shared.clone()),
            learning,
            ballots: Ballots::default(),
            observer,
            shared,
            period,
            conversations: Expiring::new(conversation::MEMORY, CONVERSATIONS),
        }
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// A reply to a member as an embed, its citations linked to the site
    /// of the knowledge where there is one.
    pub fn embed(&self, reply: &Reply) -> CreateEmbed {
        super::deliver::embed_linked(reply, self.site.as_deref())
    }

    pub fn observer(&self) -> &Observer {
        &self.observer
    }

    /// Records a question's reply as asked from `source`, and opens voting
    /// on it when it is an answer. Call when the reply is about to be sent.
    pub async fn record(&self, command: &Command, source: Source, outgoing: &mut Outgoing) {
        let Command::Ask(question) = command else {
            return;
        };
        outgoing.vote = self.learning.record(question, source, &outgoing.reply);
        if let Some(key) = outgoing.vote {
            self.ballots.open(key, Instant::now());
            if self.shared.is_on() {
                self.shared
                    .keep("ballot", key.0, String::new(), super::more::LIFETIME)
                    .await;
            }
        }
    }

    /// [`Asking::answer`], recorded as asked from `source`.
    pub async fn asked(
        &self,
        command: &Command,
        lang: Lang,
        source: Source,
        asker: Asker,
    ) -> Outgoing {
        let mut outgoing = self.answer(command, lang, asker).await;
        self.record(command, source, &mut outgoing).await;
        outgoing
    }

    /// `user`'s 👍 (`up`) or 👎 on the answer under `key`: one per member
    /// per answer, a changed vote moving from one count to the other.
    pub async fn vote(&self, key: AnswerKey, user: u64, up: bool, now: Instant) -> Voted {
        let vote = if up { Vote::Up } else { Vote::Down };
        if self.shared.is_on() {
            // Any replica may take the press: the ballot is the database's.
            let lifetime = super::more::LIFETIME;
            return match self.shared.vote(key.0, user, up, lifetime).await {
                SharedCast::Expired => Voted::Expired,
                SharedCast::Counted { before } => {
                    let before = match before.as_deref() {
                        Some("up") => Some(Vote::Up),
                        Some("down") => Some(Vote::Down),
                        _ => None,
                    };
                    if before != Some(vote) {
                        self.learning.vote(key, before, vote);
                    }
                    match before {
                        Some(b) if b != vote => Voted::Changed,
                        _ => Voted::Thanks(vote),
                    }
                }
            };
        }
        match self.ballots.cast(key, user, vote, now) {
            Cast::Expired => Voted::Expired,
            Cast::Same => Voted::Thanks(vote),
            Cast::Counted { before } => {
                self.learning.vote(key, before, vote);
                match before {
                    Some(_) => Voted::Changed,
                    None => Voted::Thanks(vote),
                }
            }
        }
    }

    /// The language of replies to a user with this Discord locale (Czech for
    /// `cs`, English for `en-*`, any other with a locale file), or the
    /// bot's when the locale picks none.
    pub fn lang(&self, locale: &str) -> Lang {
        Lang::from_locale(locale).unwrap_or_else(|| self.engine.language())
    }

    /// The bot's language, for messages (which carry no locale).
    pub fn default_lang(&self) -> Lang {
        self.engine.language()
    }

    /// Records a question by `user`, or says how long they must wait
    /// (across replicas, where buttons' state is shared).
    pub async fn check(&self, user: u64, now: Instant) -> Verdict {
        let verdict = self.cooldown.check(user, now);
        if !self.shared.is_on() || self.period.is_zero() || verdict != Verdict::Allowed {
            return verdict;
        }
        match self.shared.cooldown(user, self.period).await {
            None => Verdict::Allowed,
            Some(left) => Verdict::Wait {
                left,
                first_refusal: true,
            },
        }
    }

    /// The core's reply to any command, in `asker`'s conversation (a
    /// follow-up is read against what they were last answered there, and
    /// what this reply shows is remembered); a question that fills a page
    /// gets a "more" button. For questions, after [`Asking::check`] allows
    /// them.
    pub async fn answer(&self, command: &Command, lang: Lang, asker: Asker) -> Outgoing {
        let now = Instant::now();
        let mut talk = self
            .conversations
            .with(asker, now, |c| c.clone())
            .unwrap_or_default();
        let (reply, talk) = match command {
            Command::Ask(_) => {
                let engine = self.engine.clone();
                let asked = command.clone();
                let answered = tokio::task::spawn_blocking(move || {
                    let reply = engine.handle_in(&asked, lang, Some(&mut talk));
                    (reply, talk)
                })
                .await;
                match answered {
                    Ok(answered) => answered,
                    Err(error) => {
                        tracing::error!(%error, "answering was interrupted");
                        (answer::search_failed(lang), Conversation::new())
                    }
                }
            }
            other => {
                let reply = self.engine.handle_in(other, lang, Some(&mut talk));
                (reply, talk)
            }
        };
        if talk.context().is_some() {
            self.conversations.insert(asker, talk, now);
        }
        let per_page = self.engine.passages_per_answer();
        let more = match command {
            Command::Ask(question)
                if reply.kind == ReplyKind::Answer && reply.citations.len() >= per_page =>
            {
                Some(Page {
                    key: self.questions.keep(question, Instant::now()).await,
                    offset: per_page,
                })
            }
            _ => None,
        };
        Outgoing {
            reply,
            more,
            vote: None,
        }
    }

    /// The notice to a user who asks again too soon.
    pub fn wait_notice(lang: Lang, left: Duration) -> Outgoing {
        let text = tr!(lang, "cooldown", seconds = cooldown::seconds(left));
        Outgoing::plain(Reply::notice(ReplyKind::Problem, text, ""))
    }

    /// The page a "more" button asks for, or why there is none.
    pub async fn next_page(&self, page: Page, lang: Lang, now: Instant) -> Outgoing {
        match self.questions.find(page.key, now).await {
            None => Outgoing::plain(Reply::notice(
                ReplyKind::Problem,
                tr!(lang, "more-expired-title"),
                tr!(lang, "more-expired"),
            )),
            Some(question) => self.next_passages(question, page, lang).await,
        }
    }

    /// The passages after `page.offset` for a remembered question, worded by the core.
    async fn next_passages(&self, question: String, page: Page, lang: Lang) -> Outgoing {
        let per_page = self.engine.passages_per_answer();
        let engine = self.engine.clone();
        let limit = page.offset + per_page;
        let found = tokio::task::spawn_blocking(move || engine.search(&question, limit)).await;
        let hits = match found.unwrap_or_else(|error| {
            tracing::error!(%error, "the search was interrupted");
            Ok(Vec::new())
        }) {
            Ok(hits) => hits,
            Err(error) => {
                tracing::error!(%error, "search failed");
                return Outgoing::plain(answer::search_failed(lang));
            }
        };
        let Some(rest) = hits.get(page.offset..).filter(|rest| !rest.is_empty()) else {
            return Outgoing::plain(Reply::notice(
                ReplyKind::NothingRelevant,
                tr!(lang, "no-more-title"),
                tr!(lang, "no-more"),
            ));
        };
        let reply = answer::answer(&self.engine.knowledge(), rest, per_page, lang);
        let more = (rest.len() >= per_page).then_some(Page {
            key: page.key,
            offset: page.offset + per_page,
        });
        Outgoing {
            reply,
            more,
            vote: None,
        }
    }
}
