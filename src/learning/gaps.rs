//! Gaps: the questions the knowledge does not answer, as moderators see
//! them. Questions that got "nothing relevant" and answers voted 👎, grouped
//! by their normalized text (`search::question::normalize`: lower case, no
//! diacritics, fillers gone), with how often and when last, their 👎, and the
//! passages they came closest to (for an answer voted 👎, those it showed).
//! A question taught to a passage leaves the list (asked again later and
//! still unanswered or voted 👎, it comes back); a dismissed one stays off.
//!
//! Where semantic search is on, questions also group by meaning (a
//! [`Similarity`], `meaning.rs`), and a taught or dismissed question takes
//! the questions that mean the same off the list with it; without one, only
//! equal normalized texts group.

use std::collections::HashMap;

use super::LearningError;
use crate::store::learning::{GapRow as Row, LearningStore, SettledRow};

/// Passages listed as closest per gap.
const CLOSEST_PER_GAP: usize = 3;

/// One gap: a question (as last asked) and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The question as it was last asked.
    pub question: String,
    /// What it is grouped by.
    pub normalized: String,
    /// How many times it got no answer or an answer voted 👎.
    pub count: u64,
    /// When last (milliseconds since the epoch, UTC).
    pub last: i64,
    pub down_votes: u64,
    /// Passage ids, closest first.
    pub closest: Vec<String>,
}

/// Whether two questions (normalized) ask the same: the seam for grouping by
/// meaning, e.g. embeddings' cosine above a bar.
pub trait Similarity {
    /// Called once with every normalized text about to be compared, each
    /// with a wording it was asked in, before any [`Similarity::similar`]: a
    /// chance to look them all up at once (the wording keeps the question
    /// words normalizing drops: "kto", "kde", "koľko").
    fn prepare(&self, _texts: &[(String, String)]) {}
    fn similar(&self, a: &str, b: &str) -> bool;
}

/// The gaps since `since` (milliseconds), grouped; with a `similarity`,
/// also by meaning, and without the questions that mean the same as one
/// taught since or dismissed.
pub fn list(
    store: &dyn LearningStore,
    since: i64,
    similarity: Option<&dyn Similarity>,
) -> Result<Vec<Gap>, LearningError> {
    let mut rows = Vec::new();
    store.gap_rows(since, &mut |row| rows.push(row))?;
    if let Some(similarity) = similarity {
        let settled: Vec<Settled> = store.settled()?.into_iter().map(Settled::from).collect();
        // The latest wording of each text (rows come oldest first).
        let mut wordings: HashMap<&str, &str> = HashMap::new();
        for (normalized, text) in settled
            .iter()
            .map(|s| (&s.normalized, &s.wording))
            .chain(rows.iter().map(|r| (&r.normalized, &r.text)))
        {
            wordings.insert(normalized, text);
        }
        let mut texts: Vec<(String, String)> = wordings
            .into_iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        texts.sort_unstable();
        similarity.prepare(&texts);
        rows.retain(|row| {
            !settled.iter().any(|s| {
                (s.dismissed || s.upto >= row.id)
                    && similarity.similar(&s.normalized, &row.normalized)
            })
        });
    }
    Ok(group(rows, similarity))
}

/// A question a moderator taught or dismissed (by its normalized text).
#[derive(Debug, Clone)]
struct Settled {
    normalized: String,
    /// The latest wording recorded with that text (else the text itself).
    wording: String,
    dismissed: bool,
    /// The last question recorded when it was settled.
    upto: i64,
}

impl From<SettledRow> for Settled {
    fn from(row: SettledRow) -> Self {
        Self {
            wording: row.wording.unwrap_or_else(|| row.normalized.clone()),
            normalized: row.normalized,
            dismissed: row.dismissed,
            upto: row.upto,
        }
    }
}

/// Per passage: how many of a group's rows name it, and its best rank there.
type Tally = HashMap<String, (u64, usize)>;

/// Groups gap rows, most frequent first (then most 👎, then most recent).
/// With a `similarity`, a group whose text is similar to an earlier group's
/// joins it.
pub fn group(rows: Vec<Row>, similarity: Option<&dyn Similarity>) -> Vec<Gap> {
    let mut groups: Vec<(Gap, Tally)> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let at = match by_text.get(&row.normalized) {
            Some(&at) => Some(at),
            None => similarity.and_then(|s| {
                groups
                    .iter()
                    .position(|(g, _)| s.similar(&g.normalized, &row.normalized))
            }),
        };
        let at = at.unwrap_or_else(|| {
            groups.push((
                Gap {
                    question: row.text.clone(),
                    normalized: row.normalized.clone(),
                    count: 0,
                    last: row.at,
                    down_votes: 0,
                    closest: Vec::new(),
                },
                HashMap::new(),
            ));
            groups.len() - 1
        });
        by_text.insert(row.normalized.clone(), at);
        let (gap, tally) = &mut groups[at];
        gap.count += 1;
        gap.down_votes += row.down;
        if row.at >= gap.last {
            gap.last = row.at;
            gap.question = row.text;
        }
        for (rank, passage) in row.passages.into_iter().enumerate() {
            let entry = tally.entry(passage).or_insert((0, rank));
            entry.0 += 1;
            entry.1 = entry.1.min(rank);
        }
    }
    let mut gaps: Vec<Gap> = groups
        .into_iter()
        .map(|(mut gap, tally)| {
            let mut closest: Vec<(String, (u64, usize))> = tally.into_iter().collect();
            closest.sort_by(|(a, (n, r)), (b, (m, s))| m.cmp(n).then(r.cmp(s)).then(a.cmp(b)));
            gap.closest = closest
                .into_iter()
                .take(CLOSEST_PER_GAP)
                .map(|(id, _)| id)
                .collect();
            gap
        })
        .collect();
    gaps.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.down_votes.cmp(&a.down_votes))
            .then(b.last.cmp(&a.last))
    });
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(normalized: &str, at: i64, down: u64, passages: &[&str]) -> Row {
        Row {
            id: at,
            text: format!("{normalized}?"),
            normalized: normalized.to_string(),
            at,
            down,
            passages: passages.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn equal_texts_group_with_counts_last_votes_and_closest() {
        let gaps = group(
            vec![
                row("vizum", 1, 0, &["strategy-1", "strategy-3"]),
                row("halusky", 2, 0, &[]),
                row("vizum", 3, 2, &["strategy-3"]),
                row("vizum", 4, 0, &["strategy-3", "aim-2"]),
            ],
            None,
        );
        assert_eq!(gaps.len(), 2);
        let first = &gaps[0];
        assert_eq!((first.count, first.last, first.down_votes), (3, 4, 2));
        assert_eq!(first.question, "vizum?");
        assert_eq!(first.closest, ["strategy-3", "strategy-1", "aim-2"]);
        assert_eq!(gaps[1].normalized, "halusky");
        assert!(gaps[1].closest.is_empty());
    }

    struct SameFirstWord;

    impl Similarity for SameFirstWord {
        fn similar(&self, a: &str, b: &str) -> bool {
            a.split(' ').next() == b.split(' ').next()
        }
    }

    #[test]
    fn a_similarity_joins_groups() {
        let rows = vec![row("vizum kanada", 1, 0, &[]), row("vizum usa", 2, 0, &[])];
        assert_eq!(group(rows.clone(), None).len(), 2);
        let joined = group(rows, Some(&SameFirstWord));
        assert_eq!(joined.len(), 1);
        assert_eq!(joined[0].count, 2);
        assert_eq!(joined[0].question, "vizum usa?");
    }
}
