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

use rusqlite::Connection;

use super::LearningError;

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

/// A gap as scripts read it (`gaps --json`, `stats --json`), keys in this
/// order, its time as RFC 3339.
#[derive(Debug, serde::Serialize)]
pub struct GapView<'a> {
    pub question: &'a str,
    pub count: u64,
    pub last: String,
    pub down_votes: u64,
    pub closest: &'a [String],
}

impl Gap {
    pub fn view(&self) -> GapView<'_> {
        GapView {
            question: &self.question,
            count: self.count,
            last: super::rfc3339(self.last),
            down_votes: self.down_votes,
            closest: &self.closest,
        }
    }
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
    conn: &Connection,
    since: i64,
    similarity: Option<&dyn Similarity>,
) -> Result<Vec<Gap>, LearningError> {
    let mut rows = rows(conn, since)?;
    if let Some(similarity) = similarity {
        let settled = settled(conn)?;
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

fn settled(conn: &Connection) -> Result<Vec<Settled>, LearningError> {
    let mut query = conn.prepare_cached(
        "SELECT s.normalized, s.how, s.upto,
                (SELECT q.text FROM questions q WHERE q.normalized = s.normalized
                 ORDER BY q.at DESC LIMIT 1)
         FROM settled s",
    )?;
    let settled = query.query_map([], |row| {
        let normalized: String = row.get(0)?;
        Ok(Settled {
            wording: row
                .get::<_, Option<String>>(3)?
                .unwrap_or_else(|| normalized.clone()),
            normalized,
            dismissed: row.get::<_, String>(1)? == "dismissed",
            upto: row.get(2)?,
        })
    })?;
    Ok(settled.collect::<Result<_, _>>()?)
}

/// A recorded question that is a gap, as read from the store.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its place in the order questions were recorded.
    pub id: i64,
    pub text: String,
    pub normalized: String,
    pub at: i64,
    pub down: u64,
    /// Its passages by rank.
    pub passages: Vec<String>,
}

/// The gap rows since `since` (milliseconds): unanswered or voted 👎, with
/// words left to group by, not dismissed, not taught since.
pub fn rows(conn: &Connection, since: i64) -> Result<Vec<Row>, LearningError> {
    let mut query = conn.prepare_cached(
        "SELECT q.id, q.text, q.normalized, q.at, q.down,
                (SELECT group_concat(passage, ' ') FROM
                    (SELECT passage FROM passages p WHERE p.question = q.id ORDER BY p.rank))
         FROM questions q
         WHERE q.at >= ?1
           AND (q.outcome = 'nothing' OR q.down > 0)
           AND q.normalized != ''
           AND NOT EXISTS (
               SELECT 1 FROM settled s
               WHERE s.normalized = q.normalized AND (s.how = 'dismissed' OR s.upto >= q.id))
         ORDER BY q.at",
    )?;
    let rows = query.query_map([since], |row| {
        let passages: Option<String> = row.get(5)?;
        Ok(Row {
            id: row.get(0)?,
            text: row.get(1)?,
            normalized: row.get(2)?,
            at: row.get(3)?,
            down: row.get::<_, i64>(4)?.max(0) as u64,
            passages: passages
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
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
