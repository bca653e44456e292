//! The façade every transport holds: knowledge, search and command handling in
//! one place, so the console, the CLI and Discord give the same answers.
//!
//! The engine answers from one snapshot of the knowledge at a time and offers
//! one way to swap in another ([`Engine::replace_knowledge`]); it knows nothing
//! of who changes the knowledge or how (that is [`crate::moderation`], a layer
//! above it).

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;
use std::time::{Duration, Instant};

use crate::command::{Command, Part, PointNumber};
use crate::config::Config;
use crate::conversation::Conversation;
use crate::diagnostic::Diagnostics;
use crate::knowledge::{self, Knowledge, PassageId, SectionId};
use crate::reply::Lang;
use crate::reply::Reply;
use crate::reply::answer;
use crate::search::{Context, Found, Hit, Reference, Resources, SearchError, SearchIndex, fusion};
use crate::semantic::{Closeness, Semantic};

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the knowledge base has problems:\n{0}")]
    Knowledge(Diagnostics),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("the knowledge store cannot be opened")]
    Store(#[source] crate::store::StoreError),
}

/// The bot's core: answers commands from the current knowledge.
pub struct Engine {
    /// The current snapshot; replaced whole when the knowledge changes, so a
    /// question sees either the old or the new knowledge, never a mix.
    current: ArcSwap<SearchIndex>,
    passages_per_answer: usize,
    /// The configured language of the bot's words; `None`: the knowledge's.
    language: Option<Lang>,
    /// Semantic search, when configured: fused with the words where they
    /// are not enough on their own.
    semantic: Option<Arc<Semantic>>,
}

impl Engine {
    /// Loads the knowledge and opens (or rebuilds) its index, as configured:
    /// from the knowledge directory, the index on disk beside it; or from
    /// the store `[store]` names (shared by processes on several machines),
    /// indexed in memory.
    pub fn open(config: &Config) -> Result<Self, EngineError> {
        if config.store.is_some() {
            let store = crate::store::knowledge(config).map_err(EngineError::Store)?;
            return Self::open_from(config, &*store);
        }
        let started = Instant::now();
        let knowledge =
            Arc::new(knowledge::load(&config.knowledge_dir).map_err(EngineError::Knowledge)?);
        let resources = Resources::locate(&config.language.resources);
        let (search, rebuilt) = SearchIndex::open(&config.index_dir, knowledge, resources)?;
        match rebuilt {
            Some(reason) => tracing::info!(
                index = %config.index_dir.display(),
                %reason,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "rebuilt the search index"
            ),
            None => tracing::debug!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "opened the search index"
            ),
        }
        let mut engine = Self::from_search(search, config.answers.passages);
        engine.language = config.answers.language;
        if let Some(settings) = &config.semantic {
            let knowledge = engine.knowledge();
            engine.semantic = Some(Semantic::start(
                settings,
                knowledge,
                Some(config.index_dir.clone()),
            ));
        }
        Ok(engine)
    }

    /// The knowledge `store` holds (or, where it cannot be reached, the copy
    /// it keeps on this machine), indexed in memory, with the configured
    /// answers and semantic search.
    pub fn open_from(
        config: &Config,
        store: &dyn crate::store::KnowledgeStore,
    ) -> Result<Self, EngineError> {
        let texts = store.read_at_start().map_err(EngineError::Knowledge)?;
        let knowledge =
            knowledge::from_texts(store.location(), &texts).map_err(EngineError::Knowledge)?;
        let resources = Resources::locate(&config.language.resources);
        let mut engine = Self::in_memory_with(knowledge, config.answers.passages, resources)?;
        engine.language = config.answers.language;
        if let Some(settings) = &config.semantic {
            let knowledge = engine.knowledge();
            engine.semantic = Some(Semantic::start(
                settings,
                knowledge,
                Some(config.index_dir.clone()),
            ));
        }
        Ok(engine)
    }

    /// Adds semantic search to an engine (tests and tools; [`Engine::open`]
    /// does it from the configuration).
    pub fn with_semantic(mut self, semantic: Arc<Semantic>) -> Self {
        self.semantic = Some(semantic);
        self
    }

    /// Semantic search, when configured.
    pub fn semantic(&self) -> Option<&Arc<Semantic>> {
        self.semantic.as_ref()
    }

    /// Waits, at most `limit`, until the passage vectors are ready or could
    /// not be built; `None` when semantic search is off. For one-shot
    /// commands; the bot itself answers by words meanwhile.
    pub fn wait_for_semantic(&self, limit: Duration) -> Option<bool> {
        self.semantic.as_ref().map(|s| s.wait_ready(limit))
    }

    /// For one-shot commands, which may end before a background build of the
    /// passage vectors would: when semantic search could help `question`
    /// (its words alone do not decide it) but the vectors are not ready,
    /// waits for them at most `limit`. A question the words decide never
    /// waits.
    pub fn prepare_for(&self, question: &str, limit: Duration) {
        let Some(semantic) = &self.semantic else {
            return;
        };
        let snapshot = self.snapshot();
        if semantic.is_ready(snapshot.knowledge()) {
            return;
        }
        let decided = snapshot
            .find(question, self.passages_per_answer)
            .is_ok_and(|found| !fusion::needs_semantic(&found));
        if !decided {
            semantic.wait_ready(limit);
        }
    }

    /// Rebuilds the index in `index_dir` from the knowledge, whatever its state
    /// (with `[store]` there is none on disk: the knowledge is read and
    /// indexed in memory, which checks it).
    pub fn rebuild_index(config: &Config) -> Result<Arc<Knowledge>, EngineError> {
        if config.store.is_some() {
            return Ok(Self::open(config)?.knowledge());
        }
        let knowledge =
            Arc::new(knowledge::load(&config.knowledge_dir).map_err(EngineError::Knowledge)?);
        let resources = Resources::locate(&config.language.resources);
        SearchIndex::rebuild(&config.index_dir, knowledge.clone(), resources)?;
        Ok(knowledge)
    }

    /// An engine over an in-memory index: tests and tools that must not touch disk.
    pub fn in_memory(
        knowledge: Knowledge,
        passages_per_answer: usize,
    ) -> Result<Self, EngineError> {
        let search = SearchIndex::in_memory(Arc::new(knowledge))?;
        Ok(Self::from_search(search, passages_per_answer))
    }

    /// An engine over an in-memory index with these language resources
    /// ([`Engine::in_memory`] uses those found without a configuration).
    pub fn in_memory_with(
        knowledge: Knowledge,
        passages_per_answer: usize,
        resources: Arc<Resources>,
    ) -> Result<Self, EngineError> {
        let search = SearchIndex::in_memory_with(Arc::new(knowledge), resources)?;
        Ok(Self::from_search(search, passages_per_answer))
    }

    /// An engine over the knowledge in `dir`, indexed in memory.
    pub fn in_memory_from(dir: &Path, passages_per_answer: usize) -> Result<Self, EngineError> {
        let knowledge = knowledge::load(dir).map_err(EngineError::Knowledge)?;
        Self::in_memory(knowledge, passages_per_answer)
    }

    fn from_search(search: SearchIndex, passages_per_answer: usize) -> Self {
        Self {
            current: ArcSwap::from_pointee(search),
            passages_per_answer: passages_per_answer.max(1),
            language: None,
            semantic: None,
        }
    }

    /// The language the bot speaks when the asker's is not known: the
    /// configured one, else the one the knowledge is written in.
    pub fn language(&self) -> Lang {
        self.language
            .unwrap_or_else(|| self.snapshot().knowledge().language.into())
    }

    /// Makes `knowledge` the one questions are answered from: the index is
    /// updated in one commit and the new snapshot swapped in whole, so a
    /// question asked meanwhile gets the old answer or the new one, never an
    /// error. The one way the knowledge of a running engine changes.
    pub fn replace_knowledge(&self, knowledge: Knowledge) -> Result<(), SearchError> {
        let next = self.snapshot().with_knowledge(Arc::new(knowledge))?;
        if let Some(semantic) = &self.semantic {
            // Re-embeds only the passages the change touched, in the
            // background; meanwhile questions are answered by words.
            semantic.replace_knowledge(next.knowledge().clone());
        }
        self.current.store(Arc::new(next));
        Ok(())
    }

    fn snapshot(&self) -> Arc<SearchIndex> {
        self.current.load_full()
    }

    pub fn knowledge(&self) -> Arc<Knowledge> {
        self.snapshot().knowledge().clone()
    }

    pub fn passages_per_answer(&self) -> usize {
        self.passages_per_answer
    }

    /// Ranked passages for a question; empty when nothing is relevant. A part
    /// asked for by name ("bod 9", "aké je poslanie") gives that part's
    /// passages, as the command it stands for shows them.
    pub fn search(&self, question: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        Ok(self.find(question, limit)?.hits)
    }

    /// Ranked passages by words alone, never waiting for a service: for
    /// suggestions while a member types.
    pub fn search_lexical(&self, question: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        self.guarded(self.snapshot(), |snapshot| snapshot.search(question, limit))
    }

    /// What a question asks for: a part by name, the passages that answer
    /// it, or when none does, the passages it came closest to.
    pub fn find(&self, question: &str, limit: usize) -> Result<Found, SearchError> {
        self.find_on(self.snapshot(), question, limit, None)
    }

    /// [`Engine::find`] in a conversation: a follow-up is read against what
    /// was last answered.
    pub fn find_in(
        &self,
        question: &str,
        limit: usize,
        context: Option<&Context>,
    ) -> Result<Found, SearchError> {
        self.find_on(self.snapshot(), question, limit, context)
    }

    /// [`Engine::find`] on one snapshot (a rebuilt index keeps its knowledge).
    fn find_on(
        &self,
        snapshot: Arc<SearchIndex>,
        question: &str,
        limit: usize,
        context: Option<&Context>,
    ) -> Result<Found, SearchError> {
        let semantic = self.semantic.as_deref();
        self.guarded(snapshot, |snapshot| {
            find_in(snapshot, semantic, question, limit, context)
        })
    }

    /// Runs a search on the current snapshot. A panic inside it (a damaged
    /// index, a bug) never takes the process down: it is logged, the
    /// snapshot's index is rebuilt in memory from its knowledge and swapped
    /// in, and the search runs once more on that.
    fn guarded<T>(
        &self,
        snapshot: Arc<SearchIndex>,
        search: impl Fn(&SearchIndex) -> Result<T, SearchError>,
    ) -> Result<T, SearchError> {
        let first = std::panic::catch_unwind(AssertUnwindSafe(|| search(&snapshot)));
        let Err(_) = first else {
            return first.unwrap_or(Err(SearchError::Panicked));
        };
        tracing::error!(
            "a search failed inside the index; answering from an index rebuilt in memory"
        );
        let rebuilt = Arc::new(snapshot.rebuilt_in_memory()?);
        // Only in place of the snapshot that failed: a change swapped in
        // meanwhile stays.
        self.current.compare_and_swap(&snapshot, rebuilt.clone());
        std::panic::catch_unwind(AssertUnwindSafe(|| search(&rebuilt)))
            .unwrap_or(Err(SearchError::Panicked))
    }

    /// Answers a command. Never fails: problems become replies that explain them.
    pub fn handle(&self, command: &Command, lang: Lang) -> Reply {
        self.handle_in(command, lang, None)
    }

    /// Answers a command in a conversation: a follow-up ("a ten ďalší?") is
    /// read against what it last answered, and what this reply shows is
    /// remembered for the next one.
    pub fn handle_in(
        &self,
        command: &Command,
        lang: Lang,
        conversation: Option<&mut Conversation>,
    ) -> Reply {
        let context = conversation.as_ref().and_then(|c| c.context().cloned());
        let reply = self.reply(command, lang, context.as_ref());
        if let Some(conversation) = conversation {
            conversation.remember(&reply);
        }
        reply
    }

    fn reply(&self, command: &Command, lang: Lang, context: Option<&Context>) -> Reply {
        // The span names the command, never its text: questions stay private.
        let span = tracing::info_span!("command", name = command.name(), lang = lang.code());
        let _entered = span.enter();
        let started = Instant::now();
        let snapshot = self.snapshot();
        let knowledge = snapshot.knowledge();
        if crate::logging::questions() {
            tracing::trace!(?command, "asked");
        }
        let reply = match command {
            Command::Ask(question) => match answer::question_problem(question, lang) {
                Some(problem) => problem,
                None => match self.find_on(
                    snapshot.clone(),
                    question,
                    self.passages_per_answer,
                    context,
                ) {
                    // "bod 9", "aké sú ciele IOM": the command it stands for.
                    Ok(Found {
                        reference: Some(asked),
                        hits,
                        ..
                    }) => {
                        let lang = if asked.english { Lang::EN } else { lang };
                        match command_for(asked.reference) {
                            Some(command) => answer::overview(knowledge, &command, lang),
                            // "the first three aims": those items, as an answer shows them.
                            None => answer::answer(knowledge, &hits, hits.len(), lang),
                        }
                    }
                    Ok(Found {
                        hits,
                        closest,
                        english_frame,
                        ..
                    }) => {
                        // A question asked in English is answered in English,
                        // whatever the asker's client language; so is the
                        // refusal of one nothing answers ("what is the best
                        // pizza in town?"), by how it is framed.
                        let lang = match hits.first() {
                            Some(best) if best.english_only => Lang::EN,
                            None if reads_english(question, english_frame) => Lang::EN,
                            _ => lang,
                        };
                        let reply =
                            answer::answer(knowledge, &hits, self.passages_per_answer, lang);
                        // Nothing answers: what it came closest to, as a guess.
                        answer::with_suggestions(reply, knowledge, &closest, lang)
                    }
                    Err(error) => {
                        tracing::error!(%error, "search failed");
                        answer::search_failed(lang)
                    }
                },
            },
            other => answer::overview(knowledge, other, lang),
        };
        tracing::debug!(
            command = command.name(),
            outcome = ?reply.kind,
            micros = started.elapsed().as_micros() as u64,
            "handled"
        );
        reply
    }
}

/// The words' answer, fused with semantic search where the words are not
/// enough and semantic search can say something (vectors ready, service up).
fn find_in(
    snapshot: &SearchIndex,
    semantic: Option<&Semantic>,
    question: &str,
    limit: usize,
    context: Option<&Context>,
) -> Result<Found, SearchError> {
    let found = snapshot.find_in(question, limit, context)?;
    let Some(semantic) = semantic.filter(|_| fusion::needs_semantic(&found)) else {
        return Ok(found);
    };
    match semantic.closeness(snapshot.knowledge(), question) {
        Closeness::Scores(scores) => Ok(fusion::fuse(found, &scores, snapshot.knowledge(), limit)),
        Closeness::NotReady | Closeness::Unavailable => Ok(found),
    }
}

/// Whether a question nothing answers is English: framed in English (the
/// search's judgement of its framing words) and written in English once
/// words in capitals are left out: an acronym, or `AND`/`OR` typed as
/// query syntax, frames nothing.
fn reads_english(question: &str, framed: bool) -> bool {
    let lower_case: Vec<&str> = question
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_lowercase))
        .collect();
    framed && knowledge::language::detect(&lower_case.join(" ")) == knowledge::Language::En
}

/// The command a part asked for by name stands for; `None` for several
/// items, which are shown as an answer shows passages.
fn command_for(reference: Reference) -> Option<Command> {
    Some(match reference {
        Reference::Item(PassageId::Strategy(n)) => {
            Command::Strategy(PointNumber::Number(i128::from(n)))
        }
        Reference::Item(id) => Command::Show(Part {
            name: Some(id.to_string()),
            number: None,
        }),
        Reference::Mission => Command::Mission,
        Reference::Aims => Command::Aims,
        Reference::Section(SectionId::STRATEGY) => Command::StrategyList,
        Reference::Section(SectionId::AIM) => Command::Aims,
        Reference::Section(section) => Command::Show(Part {
            name: Some(section.to_string()),
            number: None,
        }),
        Reference::Range(..) | Reference::Related(..) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::reads_english;

    #[test]
    fn a_refusal_is_english_for_english_words_not_for_query_syntax() {
        assert!(reads_english("What is the best pizza in town?", true));
        assert!(!reads_english("\" : ( ) * ~ ^ AND OR NOT -", true));
        assert!(!reads_english("recept na bryndzové halušky", true));
        assert!(!reads_english("What is the best pizza in town?", false));
    }
}
