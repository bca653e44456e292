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

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::LearningError;
use super::nearby::{self, Nearby};
pub use crate::store::learning::GapRow;
use crate::store::learning::{LearningStore, SettledRow};

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
    /// For a similarity that is a cosine reaching a bar (two texts are
    /// similar exactly when both have a [`Similarity::vector`] and their dot
    /// product reaches it): the bar. Grouping then finds close questions
    /// through an index over the vectors rather than by asking about every
    /// pair, which is quadratic. `None`: every pair is asked.
    fn cosine_bar(&self) -> Option<f32> {
        None
    }
    /// The unit vector of a normalized text (after [`Similarity::prepare`]),
    /// where [`Similarity::cosine_bar`] is given.
    fn vector(&self, _normalized: &str) -> Option<Arc<Vec<f32>>> {
        None
    }
}

/// The gaps since `since` (milliseconds), grouped; with a `similarity`,
/// also by meaning, and without the questions that mean the same as one
/// taught since or dismissed.
///
/// Rows are read as they come and added up per normalized text: memory
/// grows with the distinct texts, never with the rows. By meaning the store
/// is read twice: first the texts, so they are looked up at once and what
/// settled questions take off is known, then the rows to add up (those
/// recorded in between are left for the next read).
pub fn list(
    store: &dyn LearningStore,
    since: i64,
    similarity: Option<&dyn Similarity>,
) -> Result<Vec<Gap>, LearningError> {
    let Some(similarity) = similarity else {
        let mut texts = Texts::default();
        store.gap_rows(since, &mut |row| texts.add(row))?;
        return Ok(texts.gaps(None));
    };
    let settled = store.settled()?;
    // The latest wording of each text (rows come oldest first), and which
    // texts are gaps.
    let mut wordings: HashMap<String, String> = settled
        .iter()
        .map(|s| {
            let wording = s.wording.clone().unwrap_or_else(|| s.normalized.clone());
            (s.normalized.clone(), wording)
        })
        .collect();
    let mut asked: HashSet<String> = HashSet::new();
    let mut last_read = i64::MIN;
    store.gap_rows(since, &mut |row| {
        last_read = last_read.max(row.id);
        if !asked.contains(&row.normalized) {
            asked.insert(row.normalized.clone());
        }
        wordings.insert(row.normalized, row.text);
    })?;
    let mut texts: Vec<(String, String)> = wordings.into_iter().collect();
    texts.sort_unstable();
    similarity.prepare(&texts);
    let cutoffs = cutoffs(&settled, &asked, similarity);
    let mut kept = Texts::default();
    store.gap_rows(since, &mut |row| {
        let settled = cutoffs
            .get(&row.normalized)
            .is_some_and(|&upto| row.id <= upto);
        if row.id <= last_read && !settled {
            kept.add(row);
        }
    })?;
    Ok(kept.gaps(Some(similarity)))
}

/// Per gap text that a settled question similar to it takes off: the rows
/// up to which it does (all of them for a dismissed one).
fn cutoffs(
    settled: &[SettledRow],
    asked: &HashSet<String>,
    similarity: &dyn Similarity,
) -> HashMap<String, i64> {
    let mut cutoffs: HashMap<String, i64> = HashMap::new();
    let mut cut = |text: &str, s: &SettledRow| {
        let upto = if s.dismissed { i64::MAX } else { s.upto };
        let at = cutoffs.entry(text.to_string()).or_insert(i64::MIN);
        *at = (*at).max(upto);
    };
    match similarity.cosine_bar() {
        Some(bar) => {
            // The settled ones indexed (a moderator's few), each gap text
            // looked up in them.
            let settled: Vec<(&SettledRow, Arc<Vec<f32>>)> = settled
                .iter()
                .filter_map(|s| Some((s, similarity.vector(&s.normalized)?)))
                .collect();
            if settled.is_empty() {
                return cutoffs;
            }
            let all: Vec<&[f32]> = settled.iter().map(|(_, v)| v.as_slice()).collect();
            let mut nearby = Nearby::new(bar, &all, nearby::EXACT_UP_TO);
            for (i, (_, vector)) in settled.iter().enumerate() {
                nearby.add(i, vector.clone());
            }
            for text in asked {
                if let Some(vector) = similarity.vector(text) {
                    nearby.each_close(&vector, |i| cut(text, settled[i].0));
                }
            }
        }
        None => {
            for text in asked {
                for s in settled {
                    if similarity.similar(&s.normalized, text) {
                        cut(text, s);
                    }
                }
            }
        }
    }
    cutoffs
}

/// Per passage: how many of a group's rows name it, and its best rank there.
type Tally = HashMap<String, (u64, usize)>;

/// One normalized text's gap rows, added up.
struct Asked {
    normalized: String,
    count: u64,
    down: u64,
    /// When last asked, and the row's place in the read (the later of two
    /// at the same millisecond wins).
    last: (i64, usize),
    /// As last asked.
    question: String,
    tally: Tally,
}

/// Gap rows added up per normalized text, in the order the texts were first
/// read.
#[derive(Default)]
struct Texts {
    by_text: HashMap<String, usize>,
    asked: Vec<Asked>,
    read: usize,
}

impl Texts {
    fn add(&mut self, row: GapRow) {
        let place = self.read;
        self.read += 1;
        let at = match self.by_text.get(&row.normalized) {
            Some(&at) => at,
            None => {
                self.by_text
                    .insert(row.normalized.clone(), self.asked.len());
                self.asked.push(Asked {
                    normalized: row.normalized,
                    count: 0,
                    down: 0,
                    last: (row.at, place),
                    question: String::new(),
                    tally: HashMap::new(),
                });
                self.asked.len() - 1
            }
        };
        let asked = &mut self.asked[at];
        asked.count += 1;
        asked.down += row.down;
        if (row.at, place) >= asked.last {
            asked.last = (row.at, place);
            asked.question = row.text;
        }
        for (rank, passage) in row.passages.into_iter().enumerate() {
            let entry = asked.tally.entry(passage).or_insert((0, rank));
            entry.0 += 1;
            entry.1 = entry.1.min(rank);
        }
    }

    /// Each text's group: its own, or with a `similarity` the first earlier
    /// group whose first text is similar to it.
    fn groups(&self, similarity: Option<&dyn Similarity>) -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        match similarity {
            None => groups.extend((0..self.asked.len()).map(|i| vec![i])),
            Some(similarity) => match similarity.cosine_bar() {
                Some(bar) => {
                    let vectors: Vec<Option<Arc<Vec<f32>>>> = self
                        .asked
                        .iter()
                        .map(|a| similarity.vector(&a.normalized))
                        .collect();
                    let all: Vec<&[f32]> = vectors.iter().flatten().map(|v| v.as_slice()).collect();
                    let mut nearby = Nearby::new(bar, &all, nearby::EXACT_UP_TO);
                    for (i, vector) in vectors.into_iter().enumerate() {
                        let joined = vector.and_then(|v| nearby.join_or_add(groups.len(), v));
                        match joined {
                            Some(group) => groups[group].push(i),
                            None => groups.push(vec![i]),
                        }
                    }
                }
                None => {
                    for (i, asked) in self.asked.iter().enumerate() {
                        let joined = groups.iter().position(|group| {
                            similarity.similar(&self.asked[group[0]].normalized, &asked.normalized)
                        });
                        match joined {
                            Some(group) => groups[group].push(i),
                            None => groups.push(vec![i]),
                        }
                    }
                }
            },
        }
        groups
    }

    /// The gaps, most frequent first (then most 👎, then most recent).
    fn gaps(self, similarity: Option<&dyn Similarity>) -> Vec<Gap> {
        let groups = self.groups(similarity);
        let mut asked: Vec<Option<Asked>> = self.asked.into_iter().map(Some).collect();
        let mut gaps: Vec<Gap> = groups
            .into_iter()
            .filter_map(|group| {
                let mut members = group.into_iter().filter_map(|i| asked[i].take());
                let mut first = members.next()?;
                for other in members {
                    first.count += other.count;
                    first.down += other.down;
                    if other.last > first.last {
                        first.last = other.last;
                        first.question = other.question;
                    }
                    for (passage, (n, rank)) in other.tally {
                        let entry = first.tally.entry(passage).or_insert((0, rank));
                        entry.0 += n;
                        entry.1 = entry.1.min(rank);
                    }
                }
                Some(gap(first))
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
}

/// A group added up, as moderators see it.
fn gap(asked: Asked) -> Gap {
    let mut closest: Vec<(String, (u64, usize))> = asked.tally.into_iter().collect();
    closest.sort_by(|(a, (n, r)), (b, (m, s))| m.cmp(n).then(r.cmp(s)).then(a.cmp(b)));
    Gap {
        question: asked.question,
        normalized: asked.normalized,
        count: asked.count,
        last: asked.last.0,
        down_votes: asked.down,
        closest: closest
            .into_iter()
            .take(CLOSEST_PER_GAP)
            .map(|(id, _)| id)
            .collect(),
    }
}

/// Groups gap rows (oldest first), most frequent first (then most 👎, then
/// most recent). With a `similarity`, a text similar to an earlier group's
/// first text joins it.
pub fn group(
    rows: impl IntoIterator<Item = GapRow>,
    similarity: Option<&dyn Similarity>,
) -> Vec<Gap> {
    let mut texts = Texts::default();
    for row in rows {
        texts.add(row);
    }
    texts.gaps(similarity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(normalized: &str, at: i64, down: u64, passages: &[&str]) -> GapRow {
        GapRow {
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
