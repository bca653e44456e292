//! Search over the knowledge: the only part of the bot that knows tantivy.
//!
//! [`SearchIndex`] pairs a tantivy index with the [`Knowledge`] it was built from
//! and answers questions with ranked [`Hit`]s whose matched words are located in
//! the passage text for highlighting.
//!
//! Owns: the index on disk or in memory (`index`), the analyzers and stemmer,
//! query expansion (typos, derivations, glossary), ranking and the "nothing
//! relevant" rule, the proximity bonus and highlights.
//!
//! Must not know: replies and their wording, transports, moderation.

pub mod analyzer;
mod expand;
mod highlight;
pub mod index;
mod proximity;
mod rank;
pub mod stemmer;
pub mod stopwords;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::{Index, IndexReader};

pub use expand::TermField;
pub use highlight::snippet;
pub use index::RebuildReason;

use crate::knowledge::{Knowledge, PassageId};

/// How much a passage gains when the question's words stand together in it
/// (`score × (1 + w × closeness)`). Measured on both relevance sets: hit@1 is
/// the same from 0 to 1, and the mean log-margin of the right passage over the
/// best wrong one grows with it (2.09 at 0, 2.13 at 0.5, 2.15 at 1); 0.5 takes
/// most of that without letting word order outweigh what the words are.
const PROXIMITY_WEIGHT: f32 = 0.5;
/// Candidates ranked beyond the answer's length that the proximity bonus may
/// still lift into it.
const RERANK_EXTRA: usize = 4;

/// Longest question searched, in content words; the rest is ignored so a pasted
/// essay costs no more than a question.
pub const MAX_QUERY_WORDS: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
}

/// A passage that answers a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: PassageId,
    /// Relevance; comparable only within one question's hits.
    pub score: f32,
    /// Share (0–1) of the question's weight that this passage matches.
    pub coverage: f32,
    /// Byte ranges of the matched words in the passage's text.
    pub highlights: Vec<Range<usize>>,
    /// Byte ranges of the matched words in the passage's English translation.
    pub highlights_en: Vec<Range<usize>>,
    /// Only the English translation matched: the question was asked in English.
    pub english_only: bool,
    /// The index terms that matched, for explaining a ranking.
    pub matched_terms: Vec<String>,
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
    /// The organization's name as query words (folded), see [`drop_organization`].
    organization: Vec<String>,
    /// The knowledge's glossary, analyzed once.
    synonyms: expand::Synonyms,
}

impl SearchIndex {
    /// Opens the index in `dir`, rebuilding it first when it does not match the
    /// knowledge; says why it rebuilt.
    pub fn open(
        dir: &Path,
        knowledge: Arc<Knowledge>,
    ) -> Result<(Self, Option<RebuildReason>), SearchError> {
        let opened = index::open_or_build(dir, &knowledge)?;
        let rebuilt = opened.rebuilt.clone();
        Ok((Self::from_opened(opened, knowledge, Some(dir)), rebuilt))
    }

    /// Rebuilds the index in `dir` from scratch.
    pub fn rebuild(dir: &Path, knowledge: Arc<Knowledge>) -> Result<Self, SearchError> {
        let opened = index::build(dir, &knowledge)?;
        Ok(Self::from_opened(opened, knowledge, Some(dir)))
    }

    /// Builds an index in memory only (tests, benchmarks, tools).
    pub fn in_memory(knowledge: Arc<Knowledge>) -> Result<Self, SearchError> {
        let (index, reader) = index::in_ram(&knowledge)?;
        Ok(Self::from_parts(index, reader, knowledge, None))
    }

    fn from_opened(opened: index::Opened, knowledge: Arc<Knowledge>, dir: Option<&Path>) -> Self {
        Self::from_parts(opened.index, opened.reader, knowledge, dir)
    }

    fn from_parts(
        index: Index,
        reader: IndexReader,
        knowledge: Arc<Knowledge>,
        dir: Option<&Path>,
    ) -> Self {
        let (_, fields) = index::schema();
        let mut analyzers = analyzer::Analyzers::new();
        let synonyms = expand::synonyms(&knowledge.synonyms, &mut analyzers);
        let organization = analyzer::query_words(&mut analyzers, &knowledge.organization)
            .into_iter()
            .map(|w| w.folded)
            .collect();
        Self {
            synonyms,
            organization,
            knowledge,
            _index: index,
            reader,
            fields,
            analyzers: Mutex::new(Vec::new()),
            dir: dir.map(Path::to_path_buf),
        }
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
                Ok(Self::from_opened(opened, knowledge, Some(dir)))
            }
            None => Self::in_memory(knowledge),
        }
    }

    pub fn knowledge(&self) -> &Arc<Knowledge> {
        &self.knowledge
    }

    /// The passages that answer `question`, best first, at most `limit`; empty
    /// when nothing is relevant. Any text is a valid question: it is analyzed into
    /// words, never parsed as query syntax.
    pub fn search(&self, question: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let mut analyzers = self
            .analyzers
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_default();
        let result = self.search_with(&mut analyzers, question, limit);
        if let Ok(mut pool) = self.analyzers.lock() {
            pool.push(analyzers);
        }
        result
    }

    fn search_with(
        &self,
        analyzers: &mut analyzer::Analyzers,
        question: &str,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut words = analyzer::query_words(analyzers, question);
        words.truncate(MAX_QUERY_WORDS);
        drop_organization(&mut words, &self.organization);
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let groups = expand::expand(&searcher, self.fields, analyzers, &self.synonyms, &words)?;
        if tracing::enabled!(tracing::Level::TRACE) {
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
        )?;
        // Candidates beyond `limit` take part so the proximity bonus can lift
        // one of them into the answer.
        let mut hits = Vec::with_capacity(limit.min(ranked.len()));
        for scored in ranked {
            let Some(passage) = self.knowledge.passages().get(scored.ordinal) else {
                continue;
            };
            let matched = scored.matched(&groups);
            let terms_in = |field: TermField| -> Vec<String> {
                matched
                    .iter()
                    .filter(|v| v.field == field)
                    .map(|v| v.term.clone())
                    .collect()
            };
            // The question's words, in order, as the terms they matched here.
            let per_word = |field: TermField| -> Vec<Vec<&str>> {
                groups
                    .iter()
                    .map(|g| {
                        g.variants
                            .iter()
                            .filter(|v| v.field == field && matched.contains(v))
                            .map(|v| v.term.as_str())
                            .collect()
                    })
                    .collect()
            };
            let mut closeness = proximity::closeness(
                &mut analyzers.slovak,
                &passage.text,
                &per_word(TermField::Slovak),
            );
            let highlights = highlight::ranges(
                &mut analyzers.slovak,
                &passage.text,
                &terms_in(TermField::Slovak),
            );
            let highlights_en = match &passage.text_en {
                Some(english) => {
                    closeness = closeness.max(proximity::closeness(
                        &mut analyzers.english,
                        english,
                        &per_word(TermField::English),
                    ));
                    highlight::ranges(
                        &mut analyzers.english,
                        english,
                        &terms_in(TermField::English),
                    )
                }
                None => Vec::new(),
            };
            hits.push(Hit {
                id: passage.id,
                score: scored.score * (1.0 + PROXIMITY_WEIGHT * closeness),
                coverage: scored.coverage,
                highlights,
                highlights_en,
                english_only: !matched.is_empty()
                    && matched.iter().all(|v| v.field == TermField::English),
                matched_terms: matched.iter().map(|v| v.label()).collect(),
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits.truncate(limit);
        Ok(hits)
    }
}

/// Drops the organization's own name from a question that has other words:
/// every passage is about the organization, so "Aké je poslanie IOM?" is a
/// question about "poslanie", and the name must not favour the passages that
/// happen to repeat it.
fn drop_organization(words: &mut Vec<analyzer::QueryWord>, organization: &[String]) {
    let is_name = |w: &analyzer::QueryWord| organization.contains(&w.folded);
    if words.iter().any(|w| !is_name(w)) {
        words.retain(|w| !is_name(w));
    }
}
