//! Fusing what the words found with how close the question is in meaning
//! (semantic search's calibrated similarity per passage), and deciding on
//! both whether to answer.
//!
//! It lives in the search, not in `semantic/`, because it weighs the words'
//! evidence (`rank.rs`), which only the search has; semantic search only
//! says how close a question is to each passage.
//!
//! - Where the words give strong evidence ([`STRONG_EVIDENCE`]), a part is
//!   asked for by name, or an amount is asked ("koľko"), the words decide
//!   alone and nothing is embedded ([`needs_semantic`]).
//! - Otherwise each passage scores a calibrated mix: its evidence as a share
//!   of the best passage's, plus [`SEMANTIC_WEIGHT`] times its similarity in
//!   units of [`SEMANTIC_ALONE`]. The passages the words answer with stay
//!   answers; a passage only meaning finds joins them when its similarity
//!   reaches [`SEMANTIC_ALONE`].
//! - "Nothing relevant" stays when neither the words answer nor any passage
//!   reaches [`SEMANTIC_ALONE`].

use super::rank::{CLOSEST, STRONG_EVIDENCE};
use super::{Evidence, Found, Hit, Source};
use crate::knowledge::{Knowledge, PassageId};

/// Calibrated similarity (centred, see `semantic/calibrate.rs`) at which
/// meaning alone answers. Measured with multilingual-e5-small on every case
/// the words left unanswered in the public sets, `tests/relevance/` and the
/// project's paraphrases: of the questions that must get "nothing relevant",
/// the closest reached 0.059 ("Ako sa stať dobrovoľníkom?", close to
/// voluntary return); the paraphrases it should answer reached 0.070 and
/// 0.082 ("na akej myšlienke je postavená", "why does IOM think migration is
/// good"). 0.065 lies between. Another model needs its own measurement.
pub const SEMANTIC_ALONE: f32 = 0.065;

/// Weight of similarity against the words' evidence in the mix. From 0.3 to
/// 1.0 the same cases gain and none lose on the sets above; 0.5 is the middle.
pub const SEMANTIC_WEIGHT: f32 = 0.5;

/// Calibrated similarity above which a passage may be offered as a guess
/// under "nothing relevant" (never as an answer): closer to the question
/// than it is to questions on average. Guesses need no more: they are marked
/// uncertain, and for "gangs moving people across borders" the right point
/// is the closest in meaning at 0.018, below what small talk reaches (0.044),
/// so no threshold between the two exists.
pub const SEMANTIC_SUGGEST: f32 = 0.0;

/// Whether semantic search has something to add to what the words found:
/// not for a part asked for by name, an amount, or strong evidence.
pub fn needs_semantic(found: &Found) -> bool {
    found.reference.is_none()
        && !found.asks_amount
        && found
            .hits
            .first()
            .is_none_or(|best| best.evidence.weight < STRONG_EVIDENCE)
}

/// The hits for `found`, given each passage's calibrated similarity to the
/// question (`closeness`, by ordinal of `knowledge`), at most `limit`.
pub fn fuse(found: Found, closeness: &[f32], knowledge: &Knowledge, limit: usize) -> Found {
    if !needs_semantic(&found) {
        return found;
    }
    let passages = knowledge.passages();
    let ordinal = |hit: &Hit| passages.iter().position(|p| p.id == hit.id);
    let similarity = |at: Option<usize>| at.and_then(|i| closeness.get(i)).copied();
    let best = found
        .hits
        .iter()
        .map(|h| h.evidence.weight)
        .fold(0.0f32, f32::max);
    let mix = |evidence: f32, similarity: f32| {
        let words = if best > 0.0 { evidence / best } else { 0.0 };
        words + SEMANTIC_WEIGHT * similarity.max(0.0) / SEMANTIC_ALONE
    };
    let Found {
        reference,
        hits,
        closest,
        asks_amount,
        english_frame,
    } = found;
    let mut fused: Vec<Hit> = hits
        .into_iter()
        .map(|mut hit| {
            let s = similarity(ordinal(&hit));
            hit.evidence.semantic = s;
            if s.is_some_and(|s| s >= SEMANTIC_ALONE) {
                hit.source = Source::Both;
            }
            hit.score = mix(hit.evidence.weight, s.unwrap_or(0.0));
            hit
        })
        .collect();
    for (i, passage) in passages.iter().enumerate() {
        let Some(&s) = closeness.get(i) else { break };
        if s < SEMANTIC_ALONE || fused.iter().any(|h| h.id == passage.id) {
            continue;
        }
        // The words may have turned it down: keep what they matched.
        let words = closest.iter().find(|c| c.id == passage.id);
        fused.push(found_by_meaning(
            passage.id,
            mix(0.0, s),
            s,
            english_frame,
            words,
        ));
    }
    fused.sort_by(|a, b| b.score.total_cmp(&a.score));
    fused.truncate(limit);
    let closest = if fused.is_empty() {
        suggest(closest, closeness, knowledge, english_frame)
    } else {
        Vec::new()
    };
    Found {
        reference,
        hits: fused,
        closest,
        asks_amount,
        english_frame,
    }
}

/// What a question nothing answers came closest to: the words' guesses and
/// the passages closest in meaning (above [`SEMANTIC_SUGGEST`]), taken in
/// turn, at most [`CLOSEST`] in all. Each finds what the other misses: the
/// words "moving people" lead to point 1, the meaning of "gangs moving people
/// across borders" to the point on smuggling.
fn suggest(
    by_words: Vec<Hit>,
    closeness: &[f32],
    knowledge: &Knowledge,
    english_frame: bool,
) -> Vec<Hit> {
    let mut by_meaning: Vec<(usize, f32)> = closeness
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, s)| s > SEMANTIC_SUGGEST)
        .collect();
    by_meaning.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut meaning = by_meaning.into_iter().filter_map(|(at, s)| {
        let passage = knowledge.passages().get(at)?;
        Some(found_by_meaning(passage.id, s, s, english_frame, None))
    });
    let mut words = by_words.into_iter();
    let mut closest: Vec<Hit> = Vec::with_capacity(CLOSEST);
    while closest.len() < CLOSEST {
        let (word, meant) = (words.next(), meaning.next());
        if word.is_none() && meant.is_none() {
            break;
        }
        for hit in word.into_iter().chain(meant) {
            if closest.len() < CLOSEST && closest.iter().all(|c| c.id != hit.id) {
                closest.push(hit);
            }
        }
    }
    closest
}

/// A passage meaning found (similarity `similarity`), scored `score`; what
/// the words matched in it, if they turned it down, is kept.
fn found_by_meaning(
    id: PassageId,
    score: f32,
    similarity: f32,
    english_frame: bool,
    words: Option<&Hit>,
) -> Hit {
    Hit {
        id,
        score,
        coverage: words.map_or(0.0, |c| c.coverage),
        evidence: Evidence {
            semantic: Some(similarity),
            ..words.map(|c| c.evidence.clone()).unwrap_or_default()
        },
        highlights: Vec::new(),
        highlights_en: Vec::new(),
        english_only: english_frame,
        matched_terms: words.map(|c| c.matched_terms.clone()).unwrap_or_default(),
        source: Source::Semantic,
        // Meaning agreeing with the words is not a guess of the words alone.
        tentative: false,
    }
}
