//! Scoring passages for a question: BM25 per word, weighted by how the word was
//! matched, then scaled by how much of the question a passage covers.
//!
//! Coverage is what separates an answer from noise. A passage that matches every
//! content word of a question beats one that repeats a single word, and a question
//! whose words mostly do not occur in the knowledge (small talk, other topics) is
//! not answered from the one common word it happens to share: such passages fall
//! below [`MIN_COVERAGE`] and the answer is "nothing relevant".

use tantivy::postings::Postings;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TERMINATED, Term};

use super::SearchError;
use super::expand::{Group, Variant, idf};
use super::index::Fields;

/// BM25 term-frequency saturation. k1 ∈ {0.9, 1.2, 1.6} × b ∈ {0.5, 0.75, 0.9}
/// all gave the same hit@1 on both relevance sets and within 1 % the same
/// mean log-margin between the first right and the best wrong passage, so the
/// textbook values stay.
const K1: f32 = 1.2;
/// BM25 length normalization.
const B: f32 = 0.75;
/// How strongly coverage scales a passage's score (`score × coverage^γ`).
const COVERAGE_EXPONENT: f32 = 2.0;
/// A passage must cover at least this share of the question's weight to count as
/// an answer. Chosen by measurement over the public relevance set and the
/// project's own cases (`tests/relevance/extra.toml`): off-topic questions
/// topped out at 0.40 ("práva zvierat": one common word of two), answerable
/// ones started at 0.53 but for one two-words-of-three case at 0.41; 0.45 sits
/// in that gap.
pub const MIN_COVERAGE: f32 = 0.45;

/// Bits enough for every (word, variant) pair of the longest question.
const MATCH_WORDS: usize = 4;

/// A passage's score for one question.
#[derive(Debug, Clone)]
pub struct Scored {
    pub ordinal: usize,
    pub score: f32,
    pub coverage: f32,
    matched: [u64; MATCH_WORDS],
}

impl Scored {
    /// The index terms of this passage that the question matched.
    pub fn matched<'g>(&self, groups: &'g [Group]) -> Vec<&'g Variant> {
        groups
            .iter()
            .flat_map(|g| g.variants.iter())
            .enumerate()
            .filter(|(bit, _)| {
                *bit < MATCH_WORDS * 64 && self.matched[bit / 64] & (1 << (bit % 64)) != 0
            })
            .map(|(_, v)| v)
            .collect()
    }
}

/// Ranks the passages (`passages` of them, by ordinal) for the expanded
/// question: the best `limit` of those that cover enough of it, best first.
///
/// Scores are kept only for the passages a term occurs in (a dense ordinal →
/// slot table of `u32`, zeroed lazily by the allocator, points into them), so
/// a question costs what its postings cost, not what the knowledge's size does.
pub fn rank(
    searcher: &Searcher,
    fields: Fields,
    groups: &[Group],
    passages: usize,
    limit: usize,
) -> Result<Vec<Scored>, SearchError> {
    let total_weight: f32 = groups.iter().map(|g| g.idf).sum();
    if total_weight <= 0.0 || limit == 0 {
        return Ok(Vec::new());
    }
    let docs = searcher.num_docs().max(1);
    // slot[ordinal] - 1 is the passage's index in `totals` and `word_scores`.
    let mut slot: Vec<u32> = vec![0; passages];
    let mut totals: Vec<Scored> = Vec::new();
    // The best score and weight of the current word's variants, per passage.
    let mut word_scores: Vec<(f32, f32)> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    let mut average_lengths: Vec<(tantivy::schema::Field, f32)> = Vec::new();
    let mut bit = 0usize;

    for group in groups {
        for variant in &group.variants {
            let field = variant.field.field(fields);
            let term = Term::from_field_text(field, &variant.term);
            let term_idf = idf(searcher.doc_freq(&term)?, docs);
            let average_length = match average_lengths.iter().find(|(f, _)| *f == field) {
                Some(&(_, length)) => length,
                None => {
                    let length = searcher.total_num_tokens(field)? as f32 / docs as f32;
                    average_lengths.push((field, length));
                    length
                }
            };
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let Some(mut postings) =
                    inverted.read_postings(&term, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                let lengths = segment.get_fieldnorms_reader(field)?;
                let ordinals = segment.fast_fields().u64("ord")?;
                let alive = segment.alive_bitset();
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    let is_alive = alive.is_none_or(|a| a.is_alive(doc));
                    if let (true, Some(ord)) = (is_alive, ordinals.first(doc)) {
                        let ord = ord as usize;
                        if ord < passages {
                            let tf = postings.term_freq() as f32;
                            let length = lengths.fieldnorm(doc) as f32;
                            let norm = 1.0 - B + B * length / average_length.max(1.0);
                            let bm25 = term_idf * tf * (K1 + 1.0) / (tf + K1 * norm);
                            let at = match slot[ord] {
                                0 => {
                                    totals.push(Scored {
                                        ordinal: ord,
                                        score: 0.0,
                                        coverage: 0.0,
                                        matched: [0; MATCH_WORDS],
                                    });
                                    word_scores.push((0.0, 0.0));
                                    slot[ord] = totals.len() as u32;
                                    totals.len() - 1
                                }
                                n => n as usize - 1,
                            };
                            let (score, weight) = &mut word_scores[at];
                            if *weight == 0.0 {
                                touched.push(at);
                            }
                            *score = score.max(variant.weight * bm25);
                            *weight = weight.max(variant.weight);
                            if bit < MATCH_WORDS * 64 {
                                totals[at].matched[bit / 64] |= 1 << (bit % 64);
                            }
                        }
                    }
                    doc = postings.advance();
                }
            }
            bit += 1;
        }
        for at in touched.drain(..) {
            let (score, weight) = std::mem::take(&mut word_scores[at]);
            totals[at].score += score;
            // Coverage is a share of the question: a boosted match (a heading)
            // counts as fully matched, never as more than the word.
            totals[at].coverage += group.idf * weight.min(1.0);
        }
    }

    let mut ranked: Vec<Scored> = totals
        .into_iter()
        .filter(|s| s.coverage > 0.0)
        .map(|mut s| {
            s.coverage /= total_weight;
            s.score *= s.coverage.powf(COVERAGE_EXPONENT);
            s
        })
        .filter(|s| s.coverage >= MIN_COVERAGE)
        .collect();
    let order =
        |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.ordinal.cmp(&b.ordinal));
    // Only the best `limit` are sorted: with 10⁵ passages most match something.
    if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit - 1, order);
        ranked.truncate(limit);
    }
    ranked.sort_by(order);
    Ok(ranked)
}
