//! What the bot learns from its community: every question asked (its text,
//! when, where from, how it went), the votes on answers, and what moderators
//! make of them: the questions the knowledge does not answer (gaps), taught
//! or dismissed, and statistics. Kept in a store of its own
//! (`[learning]`; a SQLite file beside the config, `store::learning`), never
//! in the knowledge.
//!
//! No user id is ever recorded. One vote per user per answer is kept by the
//! transport, in memory, for as long as the answer's buttons work; the store
//! only counts 👍 and 👎 per answer.
//!
//! Owns: the [`Learning`] a transport records through (never slowing or
//! failing an answer: a queue and a writer thread, `writer`), gaps (`gaps`;
//! grouped by meaning through semantic search where it is on, `meaning`),
//! statistics (`stats`) and their replies (`reply`). What is kept, and how,
//! is the store's ([`crate::store::learning`]).
//!
//! Must not know: transports (they say where a question came from and show
//! the replies), tantivy (questions are grouped by the search's own
//! normalization), who asked, the kind of store.

pub mod gaps;
pub mod meaning;
mod nearby;
pub mod reply;
pub mod stats;
mod writer;

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use crate::store::learning::Purged;
pub use gaps::{Gap, GapView, Similarity};
pub use meaning::ByMeaning;
pub use stats::{Stats, StatsView};

use crate::config::LearningConfig;
use crate::knowledge::PassageId;
use crate::knowledge::edit::Edit;
use crate::reply::{Reply, ReplyKind};
use crate::search::question::normalize;
use crate::store::learning::{
    self as store, Asked, LearningStore, LearningStoreError, Outcome, Record, Settlement,
};
use writer::{Health, Tuning, Writer};

#[derive(Debug, thiserror::Error)]
pub enum LearningError {
    #[error("questions are not recorded (`record = false` under [learning])")]
    Off,
    #[error("the learning store: {0}")]
    Store(#[from] LearningStoreError),
    #[error("the learning store: {0}")]
    Io(std::io::Error),
}

/// Where a question reached the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `/ask` on Discord.
    Slash,
    /// A message mentioning the bot.
    Mention,
    /// A direct message.
    Dm,
    /// A message in a watched channel.
    Channel,
    /// The local console and `missionbot ask`.
    Console,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Slash => "slash",
            Source::Mention => "mention",
            Source::Dm => "dm",
            Source::Channel => "channel",
            Source::Console => "console",
        }
    }
}

/// A member's vote on an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    Up,
    Down,
}

/// The handle on a recorded answer its votes are counted by: random per
/// process, so it names no one and nothing outside this store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AnswerKey(pub u64);

/// What transports record through. Cheap to call on the answer path: a
/// record is queued, and written by a thread of its own.
pub struct Learning {
    writer: Option<Writer>,
    config: Option<LearningConfig>,
    next_key: AtomicU64,
}

impl Learning {
    /// Recording as configured. Never fails: a store that cannot be opened
    /// is logged and tried again, and the bot answers meanwhile.
    pub fn open(config: &LearningConfig) -> Self {
        Self::tuned(config, Tuning::default())
    }

    fn tuned(config: &LearningConfig, tuning: Tuning) -> Self {
        if !config.record {
            return Self::off();
        }
        let opening = config.clone();
        Self {
            writer: Some(Writer::start(
                move || store::open(&opening, tuning.lock_wait),
                config.keep_days,
                tuning,
            )),
            config: Some(config.clone()),
            next_key: AtomicU64::new(first_key()),
        }
    }

    /// Nothing recorded (`record = false`, or a transport in a test).
    pub fn off() -> Self {
        Self {
            writer: None,
            config: None,
            next_key: AtomicU64::new(first_key()),
        }
    }

    pub fn is_on(&self) -> bool {
        self.writer.is_some()
    }

    /// Records a question and the reply it got, from `source`. Returns the
    /// key its votes are counted by when the reply is an answer (one that
    /// can be voted on), and the store takes votes: not while it cannot be
    /// opened, nor when the queue is full. A question that could not be
    /// searched (empty, too long) is not recorded.
    pub fn record(&self, question: &str, source: Source, reply: &Reply) -> Option<AnswerKey> {
        let writer = self.writer.as_ref()?;
        let (outcome, passages): (Outcome, Vec<(String, bool)>) = match reply.kind {
            ReplyKind::Answer | ReplyKind::Passage | ReplyKind::Overview => (
                if reply.kind == ReplyKind::Answer {
                    Outcome::Answered
                } else {
                    Outcome::Reference
                },
                reply
                    .citations
                    .iter()
                    .map(|c| (c.id.to_string(), true))
                    .collect(),
            ),
            ReplyKind::NothingRelevant => (
                Outcome::Nothing,
                reply
                    .suggestions
                    .iter()
                    .map(|s| (s.id.to_string(), false))
                    .collect(),
            ),
            ReplyKind::Problem => return None,
        };
        let key = self.next_key.fetch_add(1, Ordering::Relaxed) & KEY_MASK;
        let text = question.trim().to_string();
        let offered = writer.health() != Health::Unavailable;
        let queued = writer.send(Record::Asked(Asked {
            key: key as i64,
            at: now_ms(),
            source: source.code(),
            normalized: normalize(&text),
            text,
            outcome,
            passages,
        }));
        (queued && offered && outcome != Outcome::Nothing).then_some(AnswerKey(key))
    }

    /// Counts a member's vote on an answer: `before` is their earlier vote
    /// on it, if any (a changed vote moves from one count to the other).
    pub fn vote(&self, key: AnswerKey, before: Option<Vote>, now: Vote) {
        let Some(writer) = &self.writer else {
            return;
        };
        let delta = |vote: Vote| match vote {
            Vote::Up => (1, 0),
            Vote::Down => (0, 1),
        };
        let (up, down) = delta(now);
        let (was_up, was_down) = before.map_or((0, 0), delta);
        if (up, down) == (was_up, was_down) {
            return;
        }
        writer.send(Record::Vote {
            key: key.0 as i64,
            up: up - was_up,
            down: down - was_down,
        });
    }

    /// Waits until what was recorded so far is in the store, a couple of
    /// seconds at most (not at all while the store cannot be opened).
    pub fn flush(&self) {
        if let Some(writer) = &self.writer {
            writer.flush();
        }
    }

    /// Records dropped so far because the store fell too far behind.
    pub fn dropped(&self) -> u64 {
        self.writer.as_ref().map_or(0, Writer::dropped)
    }

    /// The store, opened for a read or a moderator's write, with this
    /// process's records in it.
    fn store(&self) -> Result<Box<dyn LearningStore>, LearningError> {
        let config = self.config.as_ref().ok_or(LearningError::Off)?;
        self.flush();
        Ok(store::open(config, store::LOCK_WAIT)?)
    }

    fn window(&self, days: Option<u32>) -> u32 {
        let kept = self.config.as_ref().map_or(0, |c| c.keep_days);
        days.unwrap_or(kept).clamp(1, crate::config::MAX_KEEP_DAYS)
    }

    /// The gaps of the last `days` days (all that is kept by default), most
    /// frequent first.
    /// With a `similarity` ([`ByMeaning`] where semantic search is on),
    /// questions that mean the same are one gap.
    pub fn gaps(
        &self,
        days: Option<u32>,
        similarity: Option<&dyn Similarity>,
    ) -> Result<Vec<Gap>, LearningError> {
        let store = self.store()?;
        let since = since_ms(self.window(days));
        gaps::list(&*store, since, similarity)
    }

    /// The statistics of the last `days` days (all that is kept by default).
    pub fn stats(
        &self,
        days: Option<u32>,
        similarity: Option<&dyn Similarity>,
    ) -> Result<Stats, LearningError> {
        let store = self.store()?;
        let days = self.window(days);
        stats::read(&*store, days, since_ms(days), similarity)
    }

    /// Takes `question` off the gap list: it was taught to `passage`.
    /// Asked again later and still a gap, it comes back.
    pub fn taught(&self, question: &str, passage: PassageId) -> Result<(), LearningError> {
        self.settle(
            question,
            &Settlement::Taught {
                passage: passage.to_string(),
            },
        )
    }

    /// Takes `question` off the gap list for good: it is not for the knowledge.
    pub fn dismiss(&self, question: &str) -> Result<(), LearningError> {
        self.settle(question, &Settlement::Dismissed)
    }

    fn settle(&self, question: &str, how: &Settlement) -> Result<(), LearningError> {
        let mut store = self.store()?;
        store.settle(&normalize(question), how, now_ms())?;
        Ok(())
    }

    /// After a change was made: a taught question leaves the gap list. A
    /// failure is logged; the change stands.
    pub fn after_change(&self, edit: &Edit) {
        if let (Edit::AddQuestion { passage, question }, true) = (edit, self.is_on())
            && let Err(error) = self.taught(question, *passage)
        {
            tracing::warn!(%error, "the taught question could not be taken off the gap list");
        }
    }
}

/// Deletes everything recorded in the store `config` names (which need not
/// be enabled for recording), after a copy of it is kept beside it. A
/// missing store has nothing to delete.
pub fn purge(config: &LearningConfig) -> Result<Purged, LearningError> {
    match store::open_existing(config, store::LOCK_WAIT)? {
        Some(mut store) => Ok(store.purge_all()?),
        None => Ok(Purged {
            questions: 0,
            copy: None,
        }),
    }
}

/// Milliseconds since the epoch, UTC.
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The first millisecond of the last `days` days.
fn since_ms(days: u32) -> i64 {
    now_ms().saturating_sub(i64::from(days) * 86_400_000)
}

/// Keys fit a store's signed 64-bit integers.
const KEY_MASK: u64 = i64::MAX as u64;

/// Where this process's answer keys start: somewhere new in every process,
/// so two processes writing one store do not share keys.
fn first_key() -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    RandomState::new().hash_one(now) & KEY_MASK
}

/// A time from the store (milliseconds since the epoch) as RFC 3339, UTC,
/// to the second: `2026-05-01T12:00:00Z`.
pub fn rfc3339(ms: i64) -> String {
    let at = UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0));
    humantime::format_rfc3339_seconds(at).to_string()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::knowledge::PassageId;
    use crate::reply::{Citation, Suggestion};
    use crate::store::sqlite::testing::{hold_all, hold_writes, questions_in};

    fn config(dir: &Path) -> LearningConfig {
        LearningConfig {
            record: true,
            db: dir.join("learning.sqlite"),
            keep_days: 90,
            postgres: None,
        }
    }

    fn nothing(suggested: &[PassageId]) -> Reply {
        let mut reply = Reply::notice(ReplyKind::NothingRelevant, "x", "y");
        reply.suggestions = suggested
            .iter()
            .map(|&id| Suggestion {
                id,
                name: id.to_string(),
                text: String::new(),
            })
            .collect();
        reply
    }

    fn answer(shown: &[PassageId]) -> Reply {
        let mut reply = Reply::notice(ReplyKind::Answer, "x", "y");
        reply.citations = shown
            .iter()
            .map(|&id| Citation {
                id,
                label: id.to_string(),
            })
            .collect();
        reply
    }

    /// Questions with the same first word mean the same, here.
    struct SameFirstWord;

    impl Similarity for SameFirstWord {
        fn similar(&self, a: &str, b: &str) -> bool {
            a.split(' ').next() == b.split(' ').next()
        }
    }

    #[test]
    fn by_meaning_one_gap_and_settling_one_wording_settles_the_others() {
        let dir = tempfile::tempdir().expect("temp dir");
        let learning = Learning::open(&config(dir.path()));
        for question in ["vízum do Kanady?", "vízum pre USA", "halušky recept"] {
            learning.record(question, Source::Console, &nothing(&[]));
        }
        let meaning = Some(&SameFirstWord as &dyn Similarity);
        assert_eq!(learning.gaps(None, None).expect("reads").len(), 3);
        let gaps = learning.gaps(None, meaning).expect("reads");
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        assert_eq!(
            (gaps[0].question.as_str(), gaps[0].count),
            ("vízum pre USA", 2)
        );
        assert_eq!(
            learning.stats(None, meaning).expect("reads").gaps[0].count,
            2
        );

        learning.dismiss("vizum do kanady").expect("dismissed");
        let gaps = learning.gaps(None, meaning).expect("reads");
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!(gaps[0].normalized, "halusky recept");
        // By words alone, only the dismissed wording left.
        assert_eq!(learning.gaps(None, None).expect("reads").len(), 2);

        learning
            .taught("halušky?", PassageId::Mission)
            .expect("taught");
        assert!(learning.gaps(None, meaning).expect("reads").is_empty());
        // Asked again after it was taught: back, with its meaning's group.
        learning.record("halušky s bryndzou", Source::Console, &nothing(&[]));
        let gaps = learning.gaps(None, meaning).expect("reads");
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!(
            (gaps[0].question.as_str(), gaps[0].count),
            ("halušky s bryndzou", 1)
        );
    }

    #[test]
    fn unanswered_and_voted_down_questions_are_gaps_until_settled() {
        let dir = tempfile::tempdir().expect("temp dir");
        let learning = Learning::open(&config(dir.path()));
        let five = PassageId::Strategy(5);
        assert_eq!(
            learning.record("Kde je víza?", Source::Console, &nothing(&[five])),
            None,
            "nothing to vote on"
        );
        learning.record("kde je viza", Source::Slash, &nothing(&[]));
        learning.record(
            "",
            Source::Slash,
            &Reply::notice(ReplyKind::Problem, "", ""),
        );
        let key = learning
            .record("nelegálna migrácia", Source::Dm, &answer(&[five]))
            .expect("an answer has a key");
        learning.vote(key, None, Vote::Up);
        learning.vote(key, Some(Vote::Up), Vote::Down);
        learning.vote(key, Some(Vote::Down), Vote::Down);
        let gaps = learning.gaps(None, None).expect("reads");
        assert_eq!(gaps.len(), 2, "{gaps:?}");
        assert_eq!(gaps[0].normalized, "viza");
        assert_eq!((gaps[0].count, gaps[0].down_votes), (2, 0));
        assert_eq!(gaps[0].question, "kde je viza");
        assert_eq!(gaps[0].closest, ["strategy-5"]);
        assert_eq!(gaps[1].question, "nelegálna migrácia");
        assert_eq!((gaps[1].count, gaps[1].down_votes), (1, 1));

        let stats = learning.stats(None, None).expect("reads");
        assert_eq!((stats.questions, stats.answered), (3, 1));
        assert_eq!(stats.passages[0].id, "strategy-5");
        assert_eq!(
            (
                stats.passages[0].shown,
                stats.passages[0].up,
                stats.passages[0].down
            ),
            (1, 0, 1)
        );

        learning.taught("Kde je viza?", five).expect("taught");
        learning.dismiss("nelegalna migracia").expect("dismissed");
        assert!(learning.gaps(None, None).expect("reads").is_empty());
        // Still unanswered after teaching: back on the list; dismissed stays off.
        learning.record("kde je víza", Source::Console, &nothing(&[]));
        let key = learning
            .record("nelegalna migracia", Source::Console, &answer(&[five]))
            .expect("a key");
        learning.vote(key, None, Vote::Down);
        let gaps = learning.gaps(None, None).expect("reads");
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!((gaps[0].normalized.as_str(), gaps[0].count), ("viza", 1));
        drop(learning);
        assert_eq!(purge(&config(dir.path())).expect("purges").questions, 5);
    }

    #[test]
    fn off_records_nothing_and_says_so() {
        let learning = Learning::off();
        assert!(!learning.is_on());
        assert_eq!(learning.record("x", Source::Console, &answer(&[])), None);
        assert!(matches!(learning.gaps(None, None), Err(LearningError::Off)));
        learning.flush();
    }

    #[test]
    fn a_store_that_cannot_be_opened_never_fails_the_caller() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, "not a directory").expect("write");
        let learning = Learning::open(&config(&file));
        let key = learning.record("x", Source::Console, &answer(&[PassageId::Mission]));
        if let Some(key) = key {
            learning.vote(key, None, Vote::Up);
        }
        learning.flush();
        assert!(learning.gaps(None, None).is_err());
    }

    /// Short waits, so a test of a locked store takes milliseconds.
    fn quick() -> Tuning {
        Tuning {
            queue: 64,
            lock_wait: Duration::from_millis(50),
            first_retry: Duration::from_millis(5),
            last_retry: Duration::from_millis(50),
            exit_wait: Duration::from_secs(2),
        }
    }

    fn writer(learning: &Learning) -> &Writer {
        learning.writer.as_ref().expect("recording")
    }

    /// Waits (on the writer's events) until all that was queued is written.
    fn written(learning: &Learning) {
        let writer = writer(learning);
        writer.wait_for(|_| writer.waiting() == 0);
    }

    #[test]
    fn a_store_locked_when_recording_starts_offers_no_votes_and_records_once_released() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = config(dir.path());
        // A backup or another tool holds the whole file.
        let lock = hold_all(&config.db);
        let learning = Learning::tuned(&config, quick());
        writer(&learning).wait_for(|s| s.health == Health::Unavailable && s.failures >= 2);
        let five = PassageId::Strategy(5);
        assert_eq!(
            learning.record("skôr", Source::Console, &answer(&[five])),
            None,
            "no 👍/👎 while the store cannot be opened"
        );
        drop(lock);
        writer(&learning).wait_for(|s| s.health == Health::Open);
        for i in 0..5 {
            let question = format!("otázka {i}");
            assert!(
                learning
                    .record(&question, Source::Console, &answer(&[five]))
                    .is_some()
            );
        }
        written(&learning);
        assert_eq!(
            questions_in(&config.db),
            6,
            "the one asked before the release too"
        );
        assert_eq!(learning.dropped(), 0);
    }

    #[test]
    fn a_store_write_locked_while_recording_gets_the_records_once_released() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = config(dir.path());
        let learning = Learning::tuned(&config, quick());
        learning.record("prvá", Source::Console, &nothing(&[]));
        written(&learning);
        let lock = hold_writes(&config.db);
        let failures = writer(&learning).wait_for(|_| true).failures;
        for i in 0..3 {
            learning.record(&format!("ďalšia {i}"), Source::Console, &nothing(&[]));
        }
        writer(&learning).wait_for(|s| s.failures >= failures + 2);
        drop(lock);
        written(&learning);
        assert_eq!(questions_in(&config.db), 4);
    }

    #[test]
    fn a_deleted_store_is_noticed_and_later_records_land_in_a_new_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = config(dir.path());
        let learning = Learning::tuned(&config, quick());
        for i in 0..2 {
            learning.record(&format!("pred {i}"), Source::Console, &nothing(&[]));
        }
        written(&learning);
        std::fs::remove_file(&config.db).expect("deleted, as a purge by hand would");
        for i in 0..3 {
            learning.record(&format!("po {i}"), Source::Console, &nothing(&[]));
        }
        written(&learning);
        assert_eq!(
            questions_in(&config.db),
            3,
            "a new file, with what came after"
        );
        let gaps = learning.gaps(None, None).expect("reads");
        assert_eq!(gaps.len(), 3, "{gaps:?}");
    }

    #[test]
    fn exit_with_a_stuck_store_returns_and_counts_what_is_left() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = config(dir.path());
        drop(Learning::open(&config));
        let lock = hold_writes(&config.db);
        // A write would wait an hour for the lock.
        let tuning = Tuning {
            lock_wait: Duration::from_secs(3600),
            exit_wait: Duration::from_millis(100),
            ..quick()
        };
        let mut learning = Learning::tuned(&config, tuning);
        for i in 0..3 {
            learning.record(&format!("otázka {i}"), Source::Console, &nothing(&[]));
        }
        let left = learning.writer.as_mut().map(Writer::close);
        assert_eq!(left, Some(3));
        drop(lock);
    }

    /// [`SameFirstWord`] as vectors: one dimension per first word.
    struct FirstWordVectors;

    impl Similarity for FirstWordVectors {
        fn similar(&self, a: &str, b: &str) -> bool {
            SameFirstWord.similar(a, b)
        }
        fn cosine_bar(&self) -> Option<f32> {
            Some(0.92)
        }
        fn vector(&self, normalized: &str) -> Option<std::sync::Arc<Vec<f32>>> {
            let first = normalized.split(' ').next()?;
            let mut vector = vec![0.0; 64];
            vector[first.bytes().map(usize::from).sum::<usize>() % 64] = 1.0;
            Some(std::sync::Arc::new(vector))
        }
    }

    #[test]
    fn grouping_by_vectors_lists_what_asking_about_every_pair_lists() {
        let dir = tempfile::tempdir().expect("temp dir");
        let learning = Learning::open(&config(dir.path()));
        for question in [
            "vízum do Kanady?",
            "halušky recept",
            "vízum pre USA",
            "pas na ambasáde",
            "halušky s bryndzou",
            "vízum pre USA",
        ] {
            learning.record(question, Source::Console, &nothing(&[]));
        }
        learning.dismiss("pas").expect("dismissed");
        let pairs = Some(&SameFirstWord as &dyn Similarity);
        let vectors = Some(&FirstWordVectors as &dyn Similarity);
        let listed = learning.gaps(None, vectors).expect("reads");
        assert_eq!(listed, learning.gaps(None, pairs).expect("reads"));
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert_eq!(
            (listed[0].question.as_str(), listed[0].count),
            ("vízum pre USA", 3)
        );
    }

    #[test]
    fn times_read_as_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_777_636_800_000), "2026-05-01T12:00:00Z");
    }
}
