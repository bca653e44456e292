//! Search over the knowledge: the only part of the bot that knows tantivy.
//!
//! [`SearchIndex`] pairs a tantivy index with the [`Knowledge`] it was built from
//! and answers questions with ranked [`Hit`]s whose matched words are located in
//! the passage text for highlighting.
//!
//! Owns: the index on disk or in memory (`index`), the analyzers and stemmer,
//! what a chat message asks (`question`: markup, greetings and framing
//! removed, per the languages' `lexicon`), parts asked for by name
//! (`reference`: "bod 9", "aké sú ciele"), query expansion (typos,
//! derivations, Czech endings, glossary, and the general language resources'
//! lemmas, synonyms and translations: `resources`), ranking and the evidence
//! rule that decides "nothing relevant", the proximity bonus and highlights.
//!
//! Must not know: replies and their wording, transports, moderation.

pub mod analyzer;
mod expand;
pub mod fusion;
mod highlight;
pub mod index;
mod irregular;
pub mod lexicon;
mod proximity;
pub mod question;
mod rank;
pub mod reference;
pub mod resources;
pub mod stemmer;
pub mod stopwords;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::{Index, IndexReader};

pub use expand::TermField;
pub use highlight::snippet;
pub use index::RebuildReason;
pub use rank::{CLEAR_MATCH_WORDS, CLOSEST, FOREIGN_RATIO, STRONG_EVIDENCE, answers};
pub use reference::{Context, Reference};
pub use resources::Resources;

use crate::knowledge::{Knowledge, PassageId, SectionId};
use analyzer::TextKind;

/// How much a passage gains when the question's words stand together in it
/// (`score × (1 + w × closeness)`). Measured on both relevance sets: hit@1 is
/// the same from 0 to 1, and the mean log-margin of the right passage over the
/// best wrong one grows with it (2.09 at 0, 2.13 at 0.5, 2.15 at 1); 0.5 takes
/// most of that without letting word order outweigh what the words are.
const PROXIMITY_WEIGHT: f32 = 0.5;
/// Candidates ranked beyond the answer's length that the proximity bonus may
/// still lift into it.
const RERANK_EXTRA: usize = 4;

/// Words of a passage asked as a question to find the passages related to it.
const RELATED_WORDS: usize = 24;

/// Longest question searched, in content words; the rest is ignored so a pasted
/// essay costs no more than a question.
pub const MAX_QUERY_WORDS: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
    /// The configured index directory holds someone else's files: nothing
    /// in it is read, written or deleted.
    #[error(
        "{0} holds files that are not missionbot's index; point `index` in the \
         configuration at a directory of its own (it is made when missing)"
    )]
    NotOurs(std::path::PathBuf),
    /// The search failed inside the index twice, the second time on an
    /// index rebuilt in memory (logged).
    #[error("the search failed inside the index")]
    Panicked,
}

/// A passage that answers a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: PassageId,
    /// Relevance; comparable only within one question's hits.
    pub score: f32,
    /// Share (0–1) of the question's weight that this passage matches.
    pub coverage: f32,
    /// What made this passage an answer (see `rank.rs`).
    pub evidence: Evidence,
    /// Byte ranges of the matched words in the passage's text.
    pub highlights: Vec<Range<usize>>,
    /// Byte ranges of the matched words in the passage's English translation.
    pub highlights_en: Vec<Range<usize>>,
    /// Only the English translation matched: the question was asked in English.
    pub english_only: bool,
    /// The index terms that matched, for explaining a ranking.
    pub matched_terms: Vec<String>,
    /// What found it: the words, semantic search, or both.
    pub source: Source,
    /// Found below the evidence rule, by how clearly it led the others
    /// (`rank::leads`): answered with a hedge, never stated as fact.
    pub tentative: bool,
}

/// What found a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// Its words (or its name: "bod 9").
    #[default]
    Lexical,
    /// Only its meaning: semantic search.
    Semantic,
    /// Its words, and its meaning is close as well.
    Both,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Lexical => "lexical",
            Source::Semantic => "semantic",
            Source::Both => "both",
        }
    }
}

/// Why a passage answers a question: the lexical evidence it has. Semantic
/// search, when configured, is fused with this.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// The idf weight of the question words it matched, times how they
    /// matched, in units of the rarest word's idf.
    pub weight: f32,
    /// The question's words foreign to the knowledge that it does not match
    /// (a guessed match leaves part of a word foreign).
    pub foreign: f32,
    /// The question words that counted, as the asker typed them (folded).
    pub words: Vec<String>,
    /// The passage was asked for by name ("bod 9"), not found by its words.
    pub reference: bool,
    /// Its calibrated similarity in meaning to the question, when semantic
    /// search took part (see `fusion.rs`).
    pub semantic: Option<f32>,
}

/// What a message asks for: a part of the knowledge by name, or passages by
/// their words.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The part asked for by name, and whether in English.
    pub reference: Option<reference::Found>,
    /// The passages that answer, best first (for a reference, the part's
    /// passages); empty when nothing is relevant.
    pub hits: Vec<Hit>,
    /// When nothing answers: the passages the question came closest to,
    /// which the evidence rule turned down, best first (at most
    /// [`CLOSEST`]): what a "did you mean" offers and an abstention is
    /// explained by, never an answer.
    pub closest: Vec<Hit>,
    /// The question asks for an amount ("koľko", "how many").
    pub asks_amount: bool,
    /// The question is framed in English ("what does …").
    pub english_frame: bool,
}

/// A searchable snapshot of the knowledge.
pub struct SearchIndex {
    knowledge: Arc<Knowledge>,
    /// Kept alive with its reader.
    _index: Index,
    reader: IndexReader,
    /// Where the index lives on disk; `None` for one only ever in memory.
    dir: Option<PathBuf>,
    fields: index::Fields,
    /// Analyzers are reused across questions instead of built per query.
    analyzers: Mutex<Vec<analyzer::Analyzers>>,
    /// The organization's name as query words (folded), and the nouns that
    /// stand for it ("spolek", "the association"), see [`drop_organization`].
    organization: Vec<String>,
    /// The document's names for its parts, for references ("druhý princíp").
    parts: reference::Parts,
    /// The knowledge's glossary, analyzed once.
    synonyms: expand::Synonyms,
    /// The language resources this index's expansion table comes from.
    resources: Arc<Resources>,
    /// What the general language resources add to the knowledge's words.
    expansions: resources::Table,
    /// Per passage (by ordinal), whether it states a figure (a digit): a
    /// question asking for an amount may be answered by such a passage.
    figures: Vec<bool>,
}

impl SearchIndex {
    /// Opens the index in `dir`, rebuilding it first when it does not match the
    /// knowledge; says why it rebuilt. The expansion table from `resources`
    /// is kept beside it.
    pub fn open(
        dir: &Path,
        knowledge: Arc<Knowledge>,
        resources: Arc<Resources>,
    ) -> Result<(Self, Option<RebuildReason>), SearchError> {
        let opened = index::open_or_build(dir, &knowledge)?;
        let rebuilt = opened.rebuilt.clone();
        Ok((
            Self::from_opened(opened, knowledge, resources, Some(dir))?,
            rebuilt,
        ))
    }

    /// Rebuilds the index in `dir` from scratch.
    pub fn rebuild(
        dir: &Path,
        knowledge: Arc<Knowledge>,
        resources: Arc<Resources>,
    ) -> Result<Self, SearchError> {
        let opened = index::build(dir, &knowledge)?;
        Self::from_opened(opened, knowledge, resources, Some(dir))
    }

    /// Builds an index in memory only (tests, benchmarks, tools), with the
    /// language resources where they are found without a configuration.
    pub fn in_memory(knowledge: Arc<Knowledge>) -> Result<Self, SearchError> {
        Self::in_memory_with(knowledge, Resources::default_location())
    }

    /// Builds an index in memory only, with these language resources.
    pub fn in_memory_with(
        knowledge: Arc<Knowledge>,
        resources: Arc<Resources>,
    ) -> Result<Self, SearchError> {
        let (index, reader) = index::in_ram(&knowledge)?;
        Self::from_parts(index, reader, knowledge, resources, None)
    }

    /// The same knowledge indexed again in memory, with the same resources
    /// (after a search failed inside this index).
    pub fn rebuilt_in_memory(&self) -> Result<Self, SearchError> {
        Self::in_memory_with(self.knowledge.clone(), self.resources.clone())
    }

    fn from_opened(
        opened: index::Opened,
        knowledge: Arc<Knowledge>,
        resources: Arc<Resources>,
        dir: Option<&Path>,
    ) -> Result<Self, SearchError> {
        Self::from_parts(opened.index, opened.reader, knowledge, resources, dir)
    }

    fn from_parts(
        index: Index,
        reader: IndexReader,
        knowledge: Arc<Knowledge>,
        resources: Arc<Resources>,
        dir: Option<&Path>,
    ) -> Result<Self, SearchError> {
        let (_, fields) = index::schema(knowledge.language);
        let mut analyzers = analyzer::Analyzers::new(knowledge.language);
        let searcher = reader.searcher();
        let mut synonyms = expand::synonyms(&knowledge.synonyms, &mut analyzers);
        expand::prune(&mut synonyms, &searcher, fields)?;
        let expansions = resources.table(dir, &knowledge, &searcher, fields, &mut analyzers)?;
        let organization = analyzer::query_words(&mut analyzers, &knowledge.organization)
            .into_iter()
            .map(|w| w.folded)
            .chain(
                lexicon::LEXICONS
                    .iter()
                    .flat_map(|l| l.organization_nouns.iter().map(|w| w.to_string())),
            )
            .collect();
        let figures = knowledge
            .passages()
            .iter()
            .map(|p| p.text.bytes().any(|b| b.is_ascii_digit()))
            .collect();
        Ok(Self {
            synonyms,
            resources,
            expansions,
            figures,
            organization,
            parts: reference::Parts::of(&knowledge),
            knowledge,
            _index: index,
            reader,
            fields,
            analyzers: Mutex::new(Vec::new()),
            dir: dir.map(Path::to_path_buf),
        })
    }

    /// The snapshot that searches `knowledge` (after a moderator's edit or an
    /// edit on disk), indexed where this one is: in its directory when that
    /// can be had (another process may have indexed the same knowledge there
    /// already), else in memory. Searches still running on `self` finish on
    /// the old knowledge.
    pub fn with_knowledge(&self, knowledge: Arc<Knowledge>) -> Result<Self, SearchError> {
        match &self.dir {
            Some(dir) => {
                let opened = index::open_or_build(dir, &knowledge)?;
                Self::from_opened(opened, knowledge, self.resources.clone(), Some(dir))
            }
            None => Self::in_memory_with(knowledge, self.resources.clone()),
        }
    }

    pub fn knowledge(&self) -> &Arc<Knowledge> {
        &self.knowledge
    }

    /// The passages that answer `question`, best first, at most `limit`; empty
    /// when nothing is relevant. Any text is a valid question: it is analyzed into
    /// words, never parsed as query syntax.
    pub fn search(&self, question: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        Ok(self.find(question, limit)?.hits)
    }

    /// What `question` asks for: a part by name ([`Reference`]), whose
    /// passages are then the hits, or the passages its words find.
    pub fn find(&self, question: &str, limit: usize) -> Result<Found, SearchError> {
        self.find_in(question, limit, None)
    }

    /// [`SearchIndex::find`] in a conversation: a follow-up ("a ten
    /// ďalší?") is read against what was last answered, `context`.
    pub fn find_in(
        &self,
        question: &str,
        limit: usize,
        context: Option<&Context>,
    ) -> Result<Found, SearchError> {
        let mut analyzers = self
            .analyzers
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_else(|| analyzer::Analyzers::new(self.knowledge.language));
        let result = self.find_with(&mut analyzers, question, limit, context);
        if let Ok(mut pool) = self.analyzers.lock() {
            pool.push(analyzers);
        }
        result
    }

    fn find_with(
        &self,
        analyzers: &mut analyzer::Analyzers,
        question: &str,
        limit: usize,
        context: Option<&Context>,
    ) -> Result<Found, SearchError> {
        let mut asked = question::analyze(&mut analyzers.tokens, question);
        let (reference, structural) = reference::find(
            &asked.words,
            &self.parts,
            &self.organization,
            context,
            asked.follow_up,
        );
        if let Some(reference::Found {
            reference: Reference::Related(section, to),
            english,
        }) = reference
        {
            // The part's passages closest to the last answer, by its words.
            let hits = self.related(analyzers, section, to, limit, english)?;
            return Ok(Found {
                reference: None,
                hits,
                closest: Vec::new(),
                asks_amount: false,
                english_frame: english,
            });
        }
        if let Some(found) = reference {
            return Ok(Found {
                reference: Some(found),
                hits: self.reference_hits(found, limit),
                closest: Vec::new(),
                asks_amount: asked.asks_amount,
                english_frame: asked.english_frame,
            });
        }
        let mut words: Vec<Asked> = std::mem::take(&mut asked.words)
            .into_iter()
            .zip(std::mem::take(&mut asked.sentences))
            .zip(std::mem::take(&mut asked.names))
            .zip(structural)
            .filter(|(_, structural)| !structural)
            .map(|(((word, sentence), name), _)| Asked {
                word: analyzer::query_word(analyzers, word),
                sentence,
                name,
            })
            .collect();
        words.truncate(MAX_QUERY_WORDS);
        drop_organization(&mut words, &self.organization);
        let (hits, closest) = if words.is_empty() || limit == 0 {
            (Vec::new(), Vec::new())
        } else {
            self.search_words(analyzers, &words, &asked, limit)?
        };
        Ok(Found {
            reference: None,
            hits,
            closest,
            asks_amount: asked.asks_amount,
            english_frame: asked.english_frame,
        })
    }

    /// The passages of a part asked for by name, in document order.
    fn reference_hits(&self, found: reference::Found, limit: usize) -> Vec<Hit> {
        let knowledge = &self.knowledge;
        let ids: Vec<PassageId> = match found.reference {
            Reference::Item(id) => vec![id],
            Reference::Range(section, from, to) => {
                (from..=to).map(|n| PassageId::item(section, n)).collect()
            }
            // Searched, never listed (see `find_with`).
            Reference::Related(..) => Vec::new(),
            Reference::Mission => knowledge
                .mission()
                .into_iter()
                .chain(knowledge.aims())
                .map(|p| p.id)
                .collect(),
            Reference::Aims => knowledge.aims().iter().map(|p| p.id).collect(),
            Reference::Section(section) => knowledge.items(section).iter().map(|p| p.id).collect(),
        };
        let count = ids.len().max(1) as f32;
        ids.into_iter()
            .take(limit)
            .enumerate()
            .map(|(rank, id)| Hit {
                id,
                // Document order, first highest; comparable only here.
                score: (count - rank as f32) / count,
                coverage: 1.0,
                evidence: Evidence {
                    reference: true,
                    ..Evidence::default()
                },
                highlights: Vec::new(),
                highlights_en: Vec::new(),
                english_only: found.english,
                matched_terms: Vec::new(),
                tentative: false,
                source: Source::Lexical,
            })
            .collect()
    }

    /// The passages of `section` closest in words to passage `to`, best
    /// first: the passage's own text asked as a question, `to` left out.
    fn related(
        &self,
        analyzers: &mut analyzer::Analyzers,
        section: SectionId,
        to: PassageId,
        limit: usize,
        english: bool,
    ) -> Result<Vec<Hit>, SearchError> {
        let Some(passage) = self.knowledge.get(to) else {
            return Ok(Vec::new());
        };
        let words: Vec<&str> = passage
            .text
            .split_whitespace()
            .take(RELATED_WORDS)
            .collect();
        let found = self.find_with(
            analyzers,
            &words.join(" "),
            self.knowledge.passages().len(),
            None,
        )?;
        Ok(found
            .hits
            .into_iter()
            .chain(found.closest)
            .filter(|hit| hit.id != to && hit.id.section() == Some(section))
            .take(limit.max(1))
            .map(|mut hit| {
                hit.english_only = english;
                hit
            })
            .collect())
    }

    fn search_words(
        &self,
        analyzers: &mut analyzer::Analyzers,
        asked_words: &[Asked],
        asked: &question::Question,
        limit: usize,
    ) -> Result<(Vec<Hit>, Vec<Hit>), SearchError> {
        let searcher = self.reader.searcher();
        let words: Vec<analyzer::QueryWord> = asked_words.iter().map(|a| a.word.clone()).collect();
        let groups = expand::expand(
            &searcher,
            self.fields,
            analyzers,
            (&self.synonyms, &self.expansions),
            &words,
        )?;
        // The sentences each group's word stands in (a word said twice is one
        // group), and whether it is a name wherever it stands.
        let of_group: Vec<(u8, bool)> = groups
            .iter()
            .map(|g| {
                asked_words
                    .iter()
                    .filter(|a| a.word.folded == g.word.folded)
                    .fold((0u8, true), |(bits, name), a| {
                        (bits | 1 << a.sentence, name && a.name)
                    })
            })
            .collect();
        // A question's words are the member's words: logged only where the
        // operator opted in to questions in the log.
        if crate::logging::questions() && tracing::enabled!(tracing::Level::TRACE) {
            for g in &groups {
                let variants: Vec<String> = g
                    .variants
                    .iter()
                    .map(|v| format!("{}:{:.2}", v.term, v.weight))
                    .collect();
                tracing::trace!(word = %g.word.folded, stem = %g.word.stem, idf = g.idf, ?variants, "query word");
            }
        }
        let ranked = rank::rank(
            &searcher,
            self.fields,
            &groups,
            self.knowledge.passages().len(),
            limit + RERANK_EXTRA,
            asked.asks_amount.then_some(self.figures.as_slice()),
            rank::Sentences {
                of_group: &of_group,
                asking: asked.asking,
            },
        )?;
        // Not shown as answers: their words are not located in their texts.
        let ranked_closest = &ranked.closest;
        let closest = ranked_closest
            .iter()
            .filter_map(|scored| {
                let unlocated = (Some(Vec::new()), Some(Vec::new()));
                self.hit(analyzers, &groups, asked, scored, scored.score, unlocated)
            })
            .collect();
        let ranked = ranked.answering;
        if ranked.is_empty() {
            // Nothing passed the evidence rule: the closest passage still
            // answers, hedged, when it clearly leads.
            let mut closest: Vec<Hit> = closest;
            let first = ranked_closest.first();
            if let Some(first) = first.filter(|f| rank::leads(f, ranked_closest.get(1))) {
                let located = self.hit(analyzers, &groups, asked, first, first.score, (None, None));
                if let Some(mut hit) = located {
                    hit.tentative = true;
                    closest.retain(|c| c.id != hit.id);
                    return Ok((vec![hit], closest));
                }
            }
            return Ok((Vec::new(), closest));
        }
        // Candidates beyond `limit` take part so the proximity bonus can lift
        // one of them into the answer; a candidate whose score could not beat
        // the `limit` best even with the full bonus is not looked at.
        let mut candidates: Vec<Candidate> = Vec::with_capacity(ranked.len());
        // The final scores so far, best first, at most `limit` of them.
        let mut best: Vec<f32> = Vec::with_capacity(limit + 1);
        for scored in &ranked {
            if best.len() >= limit && best[limit - 1] >= scored.score * (1.0 + PROXIMITY_WEIGHT) {
                break;
            }
            let Some(passage) = self.knowledge.passages().get(scored.ordinal) else {
                continue;
            };
            let matched = scored.matched(&groups);
            // Where the matched terms stand, found once for the proximity
            // bonus and the highlights; when fewer than two of the question's
            // words matched a text there is no bonus to find, and the
            // highlights wait until the passage makes the answer.
            let mut found = |kind: TextKind, field: TermField, text: &str| {
                let words_here = groups
                    .iter()
                    .filter(|g| {
                        g.variants
                            .iter()
                            .any(|v| v.field == field && matched.contains(&v))
                    })
                    .count();
                if words_here < 2 {
                    return (0.0, None);
                }
                let terms: Vec<&str> = matched
                    .iter()
                    .filter(|v| v.field == field)
                    .map(|v| v.term.as_str())
                    .collect();
                let found = analyzer::find_terms(analyzers, kind, text, &terms);
                // The question's words, in order, as the positions of the
                // terms they matched here.
                let per_word: Vec<Vec<usize>> = groups
                    .iter()
                    .map(|g| {
                        found
                            .iter()
                            .filter(|(t, _, _)| {
                                g.variants
                                    .iter()
                                    .any(|v| v.field == field && v.term == terms[*t])
                            })
                            .map(|(_, position, _)| *position)
                            .collect()
                    })
                    .collect();
                let ranges: Vec<Range<usize>> = found.into_iter().map(|(_, _, r)| r).collect();
                (proximity::closeness(&per_word), Some(ranges))
            };
            let (mut closeness, own) = found(TextKind::Text, TermField::Text, &passage.text);
            let english = match &passage.text_en {
                Some(english) => {
                    let (close, ranges) = found(TextKind::English, TermField::English, english);
                    closeness = closeness.max(close);
                    ranges
                }
                None => None,
            };
            let score = scored.score * (1.0 + PROXIMITY_WEIGHT * closeness);
            let at = best.partition_point(|b| *b >= score);
            best.insert(at, score);
            best.truncate(limit);
            candidates.push(Candidate {
                score,
                scored,
                own,
                english,
            });
        }
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
        candidates.truncate(limit);
        let mut hits = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let Candidate {
                score,
                scored,
                own,
                english,
            } = candidate;
            hits.extend(self.hit(analyzers, &groups, asked, scored, score, (own, english)));
        }
        Ok((hits, closest))
    }

    /// The hit a scored passage makes, its matched words located (`found_sk`,
    /// `found_en`: where the proximity bonus already found them).
    fn hit(
        &self,
        analyzers: &mut analyzer::Analyzers,
        groups: &[expand::Group],
        asked: &question::Question,
        scored: &rank::Scored,
        score: f32,
        (found_own, found_en): (Located, Located),
    ) -> Option<Hit> {
        let passage = self.knowledge.passages().get(scored.ordinal)?;
        let matched = scored.matched(groups);
        let mut ranges = |kind: TextKind, field: TermField, text: &str, found| match found {
            Some(found) => highlight::merge(text, found),
            None => {
                let terms: Vec<&str> = matched
                    .iter()
                    .filter(|v| v.field == field)
                    .map(|v| v.term.as_str())
                    .collect();
                let found = analyzer::find_terms(analyzers, kind, text, &terms);
                highlight::merge(text, found.into_iter().map(|(_, _, r)| r))
            }
        };
        let highlights = ranges(TextKind::Text, TermField::Text, &passage.text, found_own);
        let highlights_en = match &passage.text_en {
            Some(english) => ranges(TextKind::English, TermField::English, english, found_en),
            None => Vec::new(),
        };
        // English when the English translation matched and the original
        // text did not, or when the asker frames the question in English
        // ("how do …", "what is …"). The questions' fields hold both
        // languages, so they decide nothing.
        let english = matched.iter().any(|v| v.field == TermField::English);
        let original = matched
            .iter()
            .any(|v| matches!(v.field, TermField::Text | TermField::Title));
        let english_only = (english && !original) || asked.english_frame;
        Some(Hit {
            id: passage.id,
            score,
            coverage: scored.coverage,
            evidence: Evidence {
                weight: scored.evidence,
                foreign: scored.foreign,
                words: scored
                    .matched_words(groups)
                    .into_iter()
                    .map(|g| g.word.folded.clone())
                    .collect(),
                reference: false,
                semantic: None,
            },
            highlights,
            highlights_en,
            english_only,
            matched_terms: matched.iter().map(|v| v.label()).collect(),
            source: Source::Lexical,
            tentative: false,
        })
    }
}

/// Where a passage's matched words stand in one of its texts, when found.
type Located = Option<Vec<Range<usize>>>;

/// A passage that may make the answer, with where its matched words stand.
struct Candidate<'r> {
    score: f32,
    scored: &'r rank::Scored,
    /// Where its matched words stand in each text, when already found.
    own: Located,
    english: Located,
}

/// Drops the organization's own name from a question that has other words:
/// every passage is about the organization, so "Aké je poslanie IOM?" is a
/// question about "poslanie", and the name must not favour the passages that
/// happen to repeat it.
fn drop_organization(words: &mut Vec<Asked>, organization: &[String]) {
    let is_name = |a: &Asked| organization.contains(&a.word.folded);
    if words.iter().any(|a| !is_name(a)) {
        words.retain(|a| !is_name(a));
    }
}

/// A content word of the question, where it stands and how it is written.
struct Asked {
    word: analyzer::QueryWord,
    /// The sentence it stands in (see [`question::Question::sentences`]).
    sentence: usize,
    /// Written as a name (see [`question::Question::names`]).
    name: bool,
}
