//! What moderators see of the bot's use: questions per day and the share
//! answered, the passages answers showed most with their 👍 and 👎, and the
//! top gaps.

use rusqlite::Connection;

use super::LearningError;
use super::gaps::{self, Gap, GapView, Similarity};

/// Passages listed at most.
const TOP_PASSAGES: usize = 10;
/// Gaps listed at most.
const TOP_GAPS: usize = 5;

/// One day's questions (UTC).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Day {
    /// `2026-05-01`
    pub day: String,
    pub questions: u64,
    /// Those that got an answer (a part asked for by name included).
    pub answered: u64,
}

/// How often answers showed a passage, and the votes those answers got.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Shown {
    pub id: String,
    pub shown: u64,
    pub up: u64,
    pub down: u64,
}

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

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// The statistics of the last `days` days, from `since` (milliseconds) on.
pub fn read(
    conn: &Connection,
    days: u32,
    since: i64,
    similarity: Option<&dyn Similarity>,
) -> Result<Stats, LearningError> {
    let mut per_day = conn.prepare_cached(
        "SELECT date(at / 1000, 'unixepoch') AS day, count(*), sum(outcome != 'nothing')
         FROM questions WHERE at >= ?1 GROUP BY day ORDER BY day",
    )?;
    let per_day: Vec<Day> = per_day
        .query_map([since], |row| {
            Ok(Day {
                day: row.get(0)?,
                questions: count(row.get(1)?),
                answered: count(row.get(2)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut passages = conn.prepare_cached(
        "SELECT p.passage, count(*), sum(q.up), sum(q.down)
         FROM passages p JOIN questions q ON q.id = p.question
         WHERE p.shown = 1 AND q.at >= ?1
         GROUP BY p.passage ORDER BY count(*) DESC, p.passage LIMIT ?2",
    )?;
    let passages: Vec<Shown> = passages
        .query_map(rusqlite::params![since, TOP_PASSAGES as i64], |row| {
            Ok(Shown {
                id: row.get(0)?,
                shown: count(row.get(1)?),
                up: count(row.get(2)?),
                down: count(row.get(3)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut gaps = gaps::list(conn, since, similarity)?;
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
