//! Scoring passages for a question: BM25 per word, weighted by how the word was
//! matched and scaled by how much of the question a passage covers; and
//! deciding from a passage's evidence whether it answers the question at all.
//!
//! **Evidence** is what a passage has for a question: the idf of each
//! question word it matches (the term's, in the field it matched), times how
//! it matched (1 for the word itself, less for a typo, a prefix, the glossary
//! or a passage's `questions`), summed, in units of the rarest word's idf so
//! the rule does not depend on the knowledge's size. **Foreign** words are
//! the question's content words that the knowledge does not know at all
//! ("auto", "pizza", "zvierat") and this passage does not match even as a
//! typo. Greetings, politeness, framing and markup never get this far
//! (`question.rs`), so they are neither evidence nor foreign.
//!
//! A passage answers when its evidence is strong ([`STRONG_EVIDENCE`]: a
//! multi-sentence message naming the topic in several words), or when it
//! at least matches the foreign words ([`FOREIGN_RATIO`]): "spoľahlivé auto na
//! predaj" has one rare word for point 1 against two the knowledge never
//! uses, so it is about something else; "diaspóry" has no foreign word. The
//! share of the question a passage covers is not the rule: a filler, a second
//! sentence or a word of thanks no longer pushes an answer under a bar. A long
//! message is judged by the sentence that asks (see [`rank`]), a name written
//! with a capital is not foreign, and a passage matching two known words
//! ([`CLEAR_MATCH_WORDS`]) is not sunk by one stray word.
//! Beside the best passage, the others shown need a share of its evidence
//! ([`RUNNER_UP_SHARE`]).

use tantivy::postings::Postings;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, TERMINATED, Term};

use super::SearchError;
use super::expand::{Group, Variant, idf};
use super::index::Fields;
use super::question::MAX_SENTENCES;

/// BM25 term-frequency saturation. k1 ∈ {0.9, 1.2, 1.6} × b ∈ {0.5, 0.75, 0.9}
/// all gave the same hit@1 on both relevance sets and within 1 % the same
/// mean log-margin between the first right and the best wrong passage, so the
/// textbook values stay.
const K1: f32 = 1.2;
/// BM25 length normalization.
const B: f32 = 0.75;
/// How strongly coverage scales a passage's score (`score × coverage^γ`).
/// Coverage only orders the passages of one question (its denominator is the
/// question's, the same for all of them); it decides nothing on its own.
const COVERAGE_EXPONENT: f32 = 2.0;
/// Evidence (in rarest-word units) that answers whatever else the message
/// says: about two rare words of the topic. Measured on the public sets and
/// `tests/relevance/` (the best passage of each case, the rule switched off):
/// no question that should get "nothing relevant" reached more than 1.0 (one
/// rare word: "spoľahlivé auto na predaj", "best pizza in town"); the
/// multi-sentence questions reached 3.0–5.6, and the two of them whose
/// foreign words outweigh their evidence ("my cousin was displaced by the
/// floods …", "Môj sused je z Afganistanu …") 3.4 and 3.3. 2.0 lies between
/// 1.0 and 3.3, a little below their middle, as long messages vary more.
pub const STRONG_EVIDENCE: f32 = 2.0;
/// Below [`STRONG_EVIDENCE`], a passage needs at least this much evidence per
/// foreign word of the question. Measured on the same cases: of those that
/// should get "nothing relevant", the highest evidence per foreign word was
/// 0.66 ("práva zvierat": a common word against one the knowledge lacks); of
/// those that should be answered despite a foreign word, the lowest was 1.0
/// ("návrat do rodnej krajiny"). 0.85 sits near the middle of that gap.
pub const FOREIGN_RATIO: f32 = 0.85;

/// Share of the best passage's evidence another passage needs to be shown
/// beside it: the margin of the best over the rest. Measured on the top
/// three of every case of the public sets and `tests/relevance/`: the
/// passages a case lists as right besides its first had at least 0.36 of the
/// best one's evidence ("ekonomický rozvoj": point 4 beside aim 3); 0.3
/// keeps them all and drops 86 of the 180 other runners-up, those that share
/// only a common word ("migrácia" for "nelegálna migrácia").
pub const RUNNER_UP_SHARE: f32 = 0.3;

/// Known words of the question a passage must match for one stray word (a
/// name, a typo, slang: "kamoš sa pýtal", "sorry že otravujem") not to be held
/// against it. Measured on the same cases: of those that should get "nothing
/// relevant", no best passage matched two known words except one asking for
/// an amount ("Koľko ľudí pracuje v IOM?", which only strong evidence answers);
/// the one-word matches ("práva zvierat", "spoľahlivé auto") stay judged as
/// before.
pub const CLEAR_MATCH_WORDS: u32 = 2;

/// Whether a passage with this evidence, matching `words` known words of the
/// question, answers a question with this many words foreign to it.
pub fn answers(evidence: f32, foreign: f32, words: u32) -> bool {
    let foreign = if words >= CLEAR_MATCH_WORDS {
        (foreign - 1.0).max(0.0)
    } else {
        foreign
    };
    evidence > 0.0
        && ((evidence >= STRONG_EVIDENCE && evidence >= STRONG_FOREIGN_RATIO * foreign)
            || evidence >= FOREIGN_RATIO * foreign)
}

/// Strong evidence still needs this much per foreign word: a long joke
/// that names two of the document's words among nine it never uses ("môj
/// kocúr každú noc migruje z gauča …, nemala by mu IOM zabezpečiť
/// dobrovoľný návrat? 😹", 2.0 against 9) is about something else.
/// Measured on the public sets and `tests/relevance/`: of the questions
/// answered with strong evidence, the lowest evidence per foreign word of
/// a right answer was 0.52; the joke has 0.22 and the one wrong answer
/// 0.33. 0.4 lies between.
pub const STRONG_FOREIGN_RATIO: f32 = 0.4;

/// Below the evidence rule, the passage a question came closest to still
/// answers, tentatively (the reply hedges: "Možno vám pomôže …"), when it
/// leads: this much evidence at least ([`LEAD_EVIDENCE`]), this much per
/// foreign word ([`LEAD_FOREIGN_RATIO`]), and this many times the score of
/// the passage after it ([`LEAD_MARGIN`]). A small document knows few
/// words, so everyday words of a question are foreign to it and the rule
/// above refuses questions whose answer stands well ahead ("sú meetupy len
/// pre pokročilých?" over a page about a community). Measured over the 810
/// cases of the public sets, `tests/relevance/` and the questions over the
/// seventeen documents in `tests/data/documents/`: of the 177 that nothing
/// answered, 52 had the right passage first among the closest and 45
/// should abstain. These values answer 10 of the 52 and 6 of the 45, none
/// of them the first document's; a ratio of 0.4 answered 19 and 9 but
/// also "spoľahlivé auto na predaj" (one rare word against two foreign),
/// and a margin of 1.5 answered more of both.
pub const LEAD_EVIDENCE: f32 = 0.7;
/// See [`LEAD_EVIDENCE`].
pub const LEAD_FOREIGN_RATIO: f32 = 0.55;
/// See [`LEAD_EVIDENCE`].
pub const LEAD_MARGIN: f32 = 2.0;

/// Whether the closest passage `first`, with `next` after it, leads enough
/// to answer tentatively (see [`LEAD_EVIDENCE`]).
pub fn leads(first: &Scored, next: Option<&Scored>) -> bool {
    first.evidence >= LEAD_EVIDENCE
        && first.evidence >= LEAD_FOREIGN_RATIO * first.foreign
        && next.is_none_or(|next| first.score >= LEAD_MARGIN * next.score)
}

/// Bits enough for every (word, variant) pair of the longest question.
const MATCH_WORDS: usize = 4;

/// A passage's score for one question.
#[derive(Debug, Clone)]
pub struct Scored {
    pub ordinal: usize,
    pub score: f32,
    pub coverage: f32,
    /// The passage's evidence, in units of the rarest word's idf.
    pub evidence: f32,
    /// The question's foreign words this passage does not match; one it
    /// matches only as a guess (a typo, a shared prefix) counts for the part
    /// the guess leaves open (0.6 for a prefix match weighing 0.4).
    pub foreign: f32,
    /// How many words the knowledge knows it matched.
    pub known_words: u32,
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

    /// The question's words that this passage matched: its evidence.
    pub fn matched_words<'g>(&self, groups: &'g [Group]) -> Vec<&'g Group> {
        let mut bit = 0usize;
        let mut out = Vec::new();
        for group in groups {
            let bits = bit..bit + group.variants.len();
            bit = bits.end;
            if bits
                .clone()
                .any(|b| b < MATCH_WORDS * 64 && self.matched[b / 64] & (1 << (b % 64)) != 0)
            {
                out.push(group);
            }
        }
        out
    }
}

/// Passages a question that nothing answers came closest to, at most: what
/// the bot offers as "did you mean".
pub const CLOSEST: usize = 3;

/// The ranking of one question's passages.
#[derive(Debug, Clone, Default)]
pub struct Ranked {
    /// Those that answer, best first.
    pub answering: Vec<Scored>,
    /// When none answers: the best of those the evidence rule turned down
    /// (at most [`CLOSEST`], each with [`RUNNER_UP_SHARE`] of the first's
    /// evidence), best first. Empty when some passage answers.
    pub closest: Vec<Scored>,
}

/// The sentences a question's words stand in, for judging a long message
/// by the sentence that asks.
#[derive(Debug, Clone, Copy)]
pub struct Sentences<'a> {
    /// Per group, the sentences its word stands in (bits), and whether it is
    /// written as a name everywhere: an unknown name is not a foreign word.
    pub of_group: &'a [(u8, bool)],
    /// The sentences that end with a question mark (bits).
    pub asking: u8,
}

/// Ranks the passages (`passages` of them, by ordinal) for the expanded
/// question: the best `limit` of those that answer it ([`answers`]; for a
/// question asking for an amount, only on [`STRONG_EVIDENCE`]), best first,
/// and when none does, the ones it came closest to.
///
/// A message of several sentences is judged by the sentence that asks: the
/// foreign words held against a passage are those of the sentence, among the
/// ones ending with a question mark (or all of them when none does), where the
/// passage has the most evidence. "Môj brat žije v Anglicku bez papierov a
/// bojí sa. Čo robí IOM v oblasti nelegálnej migrácie?" is asked in its last
/// sentence; the words of the story before it are context, never against it.
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
    amount: Option<&[bool]>,
    sentences: Sentences<'_>,
) -> Result<Ranked, SearchError> {
    let total_weight: f32 = groups.iter().map(|g| g.idf).sum();
    if total_weight <= 0.0 || limit == 0 {
        return Ok(Ranked::default());
    }
    let sentence_bits = |g: usize| sentences.of_group.get(g).map_or(1, |s| s.0.max(1));
    // An unknown word that counts against the passages that do not match it.
    let foreign_word =
        |g: usize, group: &Group| !group.known && !sentences.of_group.get(g).is_some_and(|s| s.1);
    let docs = searcher.num_docs().max(1);
    // slot[ordinal] - 1 is the passage's index in `totals` and `word_scores`.
    let mut slot: Vec<u32> = vec![0; passages];
    let mut totals: Vec<Scored> = Vec::new();
    // The best score, weight and evidence of the current word's variants, per passage.
    let mut word_scores: Vec<(f32, f32, f32)> = Vec::new();
    // Per passage and sentence: how much of the question's unknown words it
    // matched, and its evidence.
    let mut unknown_matched: Vec<[f32; MAX_SENTENCES]> = Vec::new();
    let mut sentence_evidence: Vec<[f32; MAX_SENTENCES]> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    let mut average_lengths: Vec<(tantivy::schema::Field, f32)> = Vec::new();
    let mut bit = 0usize;
    // Each segment's passage ordinals, resolved once for all the terms.
    let ordinal_columns = searcher
        .segment_readers()
        .iter()
        .map(|segment| segment.fast_fields().u64("ord"))
        .collect::<Result<Vec<_>, _>>()?;

    for (group_index, group) in groups.iter().enumerate() {
        for (index, variant) in group.variants.iter().enumerate() {
            let field = variant.field.field(fields);
            let term = Term::from_field_text(field, &variant.term);
            let mut term_idf = idf(searcher.doc_freq(&term)?, docs);
            if let (true, Some(cap)) = (index < group.exact, group.text_idf) {
                term_idf = term_idf.min(cap);
            }
            let average_length = match average_lengths.iter().find(|(f, _)| *f == field) {
                Some(&(_, length)) => length,
                None => {
                    let length = searcher.total_num_tokens(field)? as f32 / docs as f32;
                    average_lengths.push((field, length));
                    length
                }
            };
            for (segment, ordinals) in searcher.segment_readers().iter().zip(&ordinal_columns) {
                let inverted = segment.inverted_index(field)?;
                let Some(mut postings) =
                    inverted.read_postings(&term, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                let lengths = segment.get_fieldnorms_reader(field)?;
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
                                        evidence: 0.0,
                                        foreign: 0.0,
                                        known_words: 0,
                                        matched: [0; MATCH_WORDS],
                                    });
                                    word_scores.push((0.0, 0.0, 0.0));
                                    unknown_matched.push([0.0; MAX_SENTENCES]);
                                    sentence_evidence.push([0.0; MAX_SENTENCES]);
                                    slot[ord] = totals.len() as u32;
                                    totals.len() - 1
                                }
                                n => n as usize - 1,
                            };
                            let (score, weight, evidence) = &mut word_scores[at];
                            if *weight == 0.0 {
                                touched.push(at);
                            }
                            *score = score.max(variant.weight * bm25);
                            *weight = weight.max(variant.weight);
                            *evidence = evidence.max(variant.weight.min(1.0) * term_idf);
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
        let bits = sentence_bits(group_index);
        for at in touched.drain(..) {
            let (score, weight, evidence) = std::mem::take(&mut word_scores[at]);
            totals[at].score += score;
            // Coverage is a share of the question: a boosted match (a heading)
            // counts as fully matched, never as more than the word.
            totals[at].coverage += group.idf * weight.min(1.0);
            totals[at].evidence += evidence;
            totals[at].known_words += u32::from(group.known);
            for s in (0..MAX_SENTENCES).filter(|s| bits & (1 << s) != 0) {
                sentence_evidence[at][s] += evidence;
                if foreign_word(group_index, group) {
                    unknown_matched[at][s] += weight.min(1.0);
                }
            }
        }
    }
    // The question's unknown words per sentence, and the sentences a passage
    // may be judged by: those that ask, or all when none does.
    let mut unknown = [0.0f32; MAX_SENTENCES];
    let mut worded = 0u8;
    for (g, group) in groups.iter().enumerate() {
        let bits = sentence_bits(g);
        worded |= bits;
        for (s, count) in unknown.iter_mut().enumerate() {
            if foreign_word(g, group) && bits & (1 << s) != 0 {
                *count += 1.0;
            }
        }
    }
    let judged = match worded & sentences.asking {
        0 => worded,
        asking => asking,
    };
    let unit = idf(1, docs);

    let (ranked, rejected): (Vec<Scored>, Vec<Scored>) = totals
        .into_iter()
        .zip(unknown_matched.into_iter().zip(sentence_evidence))
        .filter(|(s, _)| s.coverage > 0.0)
        .map(|(mut s, (matched, evidence))| {
            s.coverage = (s.coverage / total_weight).min(1.0);
            s.score *= s.coverage.powf(COVERAGE_EXPONENT);
            s.evidence /= unit;
            // The sentence it is judged by: its most evidence, then the
            // fewest foreign words, then the last.
            let foreign = |at: usize| (unknown[at] - matched[at]).max(0.0);
            s.foreign = (0..MAX_SENTENCES)
                .filter(|at| judged & (1 << at) != 0)
                .max_by(|&a, &b| {
                    evidence[a]
                        .total_cmp(&evidence[b])
                        .then(foreign(b).total_cmp(&foreign(a)))
                        .then(a.cmp(&b))
                })
                .map_or(0.0, foreign);
            s
        })
        // An amount ("koľko", "how many") is a figure, which a mission and a
        // strategy do not state: only strong evidence answers such a
        // question, or a passage that states a figure (`amount`, by
        // ordinal: a fee, an age, a number of votes).
        .partition(|s| {
            let figure = |figures: &[bool]| figures.get(s.ordinal).copied().unwrap_or(false);
            answers(s.evidence, s.foreign, s.known_words)
                && amount.is_none_or(|figures| s.evidence >= STRONG_EVIDENCE || figure(figures))
        });
    if ranked.is_empty() {
        return Ok(Ranked {
            answering: ranked,
            closest: best_of(rejected, CLOSEST),
        });
    }
    Ok(Ranked {
        answering: best_of(ranked, limit),
        closest: Vec::new(),
    })
}

/// The best `limit` of `ranked`, best first. Beside the best, a passage must
/// have a good share of its evidence: for "nelegálna migrácia" the passages
/// that only say "migrácia" are no second answer.
fn best_of(mut ranked: Vec<Scored>, limit: usize) -> Vec<Scored> {
    let best = ranked.iter().map(|s| s.evidence).fold(0.0, f32::max);
    ranked.retain(|s| s.evidence >= RUNNER_UP_SHARE * best);
    let order =
        |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.ordinal.cmp(&b.ordinal));
    // Only the best `limit` are sorted: with 10⁵ passages most match something.
    if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit - 1, order);
        ranked.truncate(limit);
    }
    ranked.sort_by(order);
    ranked
}
