//! What moderators see of the bot's use: questions per day and the share
//! answered, the passages answers showed most with their 👍 and 👎, and the
//! top gaps.

use super::LearningError;
use super::gaps::{self, Gap, GapView, Similarity};
use crate::store::learning::LearningStore;
pub use crate::store::learning::{Day, Shown};

/// Passages listed at most.
const TOP_PASSAGES: usize = 10;
/// Gaps listed at most.
const TOP_GAPS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// The days looked at.
    pub days: u32,
    pub questions: u64,
    pub answered: u64,
    /// Oldest first.
    pub per_day: Vec<Day>,
    /// Most shown first.
    pub passages: Vec<Shown>,
    pub gaps: Vec<Gap>,
}

/// The statistics as scripts read them (`stats --json`), keys in this
/// order; the share answered to three decimals.
#[derive(Debug, serde::Serialize)]
pub struct StatsView<'a> {
    pub days: u32,
    pub questions: u64,
    pub answered: u64,
    pub answered_share: f64,
    pub per_day: &'a [Day],
    pub passages: &'a [Shown],
    pub gaps: Vec<GapView<'a>>,
}

impl Stats {
    pub fn view(&self) -> StatsView<'_> {
        StatsView {
            days: self.days,
            questions: self.questions,
            answered: self.answered,
            answered_share: (self.answered_share() * 1000.0).round() / 1000.0,
            per_day: &self.per_day,
            passages: &self.passages,
            gaps: self.gaps.iter().map(Gap::view).collect(),
        }
    }

    /// The share of questions answered, 0–1 (0 without questions).
    pub fn answered_share(&self) -> f64 {
        if self.questions == 0 {
            0.0
        } else {
            self.answered as f64 / self.questions as f64
        }
    }
}

/// The statistics of the last `days` days, from `since` (milliseconds) on.
pub fn read(
    store: &dyn LearningStore,
    days: u32,
    since: i64,
    similarity: Option<&dyn Similarity>,
) -> Result<Stats, LearningError> {
    let per_day = store.per_day(since)?;
    let passages = store.shown(since, TOP_PASSAGES)?;
    let mut gaps = gaps::list(store, since, similarity)?;
    gaps.truncate(TOP_GAPS);
    Ok(Stats {
        days,
        questions: per_day.iter().map(|d| d.questions).sum(),
        answered: per_day.iter().map(|d| d.answered).sum(),
        per_day,
        passages,
        gaps,
    })
}
