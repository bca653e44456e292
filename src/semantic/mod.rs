//! Semantic search through an OpenAI-compatible embedding service: a
//! question's similarity to every passage, calibrated, for the search to
//! fuse with what its words found.
//!
//! Owns: the service's client and the strict checking of its answers
//! (`client`), the passages' vectors kept beside the index and rebuilt when
//! what they depend on changes (`vectors`), calibration against passages
//! that are close to everything (`calibrate`), and staying useful when the
//! service is not: the circuit breaker (`breaker`), a cache of recent
//! questions' vectors, and building the vectors in the background so the
//! bot answers by words meanwhile.
//!
//! Must not know: tantivy, the lexical ranking, replies, Discord. The fusion
//! of the two rankings is the search's (`search/fusion.rs`): it weighs the
//! words' evidence, which only the search has; this module only says how
//! close a question is to each passage, by ordinal.

pub mod breaker;
pub mod calibrate;
pub mod client;
pub mod vectors;

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, Weak};

use arc_swap::ArcSwapOption;
use std::time::{Duration, Instant};

use lru::LruCache;

pub use breaker::Breaker;
pub use client::{Client, EmbedError, Side};
pub use vectors::{Built, VectorSet};

use crate::config::SemanticConfig;
use crate::knowledge::Knowledge;

/// Recent questions whose vectors are kept: the same question asked again
/// (the "more" button, a popular topic) costs no call.
const CACHED_QUESTIONS: usize = 512;

/// Questions sent to the service in one request (the gap list's).
const QUESTION_BATCH: usize = 32;

/// What semantic search can say about a question right now.
#[derive(Debug, Clone, PartialEq)]
pub enum Closeness {
    /// Per passage ordinal, its calibrated similarity to the question.
    Scores(Vec<f32>),
    /// No vectors yet for this knowledge (being built).
    NotReady,
    /// The service failed or is paused after failing: words alone.
    Unavailable,
}

/// The vectors wanted and the ones ready, shared with the worker.
struct Shared {
    state: Mutex<Progress>,
    changed: Condvar,
    ready: ArcSwapOption<VectorSet>,
}

struct Progress {
    /// The knowledge the vectors should be of (the latest given).
    wanted: Arc<Knowledge>,
    /// The last attempt failed: the worker waits before the next.
    failing: bool,
}

/// Semantic search for one engine.
pub struct Semantic {
    client: Arc<Client>,
    breaker: Arc<Breaker>,
    cache: Mutex<LruCache<String, Arc<Vec<f32>>>>,
    shared: Arc<Shared>,
}

impl Semantic {
    /// Starts semantic search for `knowledge`: the vectors are read from
    /// `store` (the index directory) when they match, else built in the
    /// background; questions meanwhile get [`Closeness::NotReady`].
    pub fn start(
        config: &SemanticConfig,
        knowledge: Arc<Knowledge>,
        store: Option<PathBuf>,
    ) -> Arc<Self> {
        Self::start_with(config, knowledge, store, breaker::FIRST_PAUSE)
    }

    /// [`Semantic::start`] with another first pause after a failure (tests).
    pub fn start_with(
        config: &SemanticConfig,
        knowledge: Arc<Knowledge>,
        store: Option<PathBuf>,
        first_pause: Duration,
    ) -> Arc<Self> {
        let client = Arc::new(Client::new(config));
        let shared = Arc::new(Shared {
            state: Mutex::new(Progress {
                wanted: knowledge,
                failing: false,
            }),
            changed: Condvar::new(),
            ready: ArcSwapOption::empty(),
        });
        let breaker = Arc::new(Breaker::new(first_pause));
        let semantic = Arc::new(Self {
            client: client.clone(),
            breaker: breaker.clone(),
            cache: Mutex::new(LruCache::new(
                NonZeroUsize::new(CACHED_QUESTIONS).unwrap_or(NonZeroUsize::MIN),
            )),
            shared: shared.clone(),
        });
        let weak = Arc::downgrade(&shared);
        let spawned = std::thread::Builder::new()
            .name("passage-vectors".into())
            .spawn(move || build_loop(weak, client, breaker, store, first_pause));
        if let Err(error) = spawned {
            tracing::error!(%error, "cannot start building the passage vectors");
        }
        semantic
    }

    pub fn model(&self) -> &str {
        self.client.model()
    }

    /// The knowledge changed (a moderator's edit): its vectors are built in
    /// the background, re-embedding only the texts that changed.
    pub fn replace_knowledge(&self, knowledge: Arc<Knowledge>) {
        let mut state = lock(&self.shared.state);
        state.wanted = knowledge;
        state.failing = false;
        self.shared.changed.notify_all();
    }

    /// Waits until the vectors of the current knowledge are ready or an
    /// attempt to build them has failed, at most `limit`; whether they are
    /// ready. For one-shot commands (`ask`, `search`, `eval`), which would
    /// otherwise finish before the vectors do.
    pub fn wait_ready(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut state = lock(&self.shared.state);
        loop {
            if self.ready_for(&state.wanted).is_some() {
                return true;
            }
            if state.failing {
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = match self.shared.changed.wait_timeout(state, left) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }

    /// Whether the vectors of `knowledge` are ready to answer from.
    pub fn is_ready(&self, knowledge: &Arc<Knowledge>) -> bool {
        self.ready_for(knowledge).is_some()
    }

    fn ready_for(&self, knowledge: &Arc<Knowledge>) -> Option<Arc<VectorSet>> {
        let ready = self.shared.ready.load_full()?;
        Arc::ptr_eq(&ready.knowledge, knowledge).then_some(ready)
    }

    /// How close `question` is to each passage of `knowledge` (the snapshot
    /// it is asked of). Waits at most `timeout_ms` for the service; never
    /// fails: a problem is [`Closeness::Unavailable`] and one warning per
    /// outage.
    pub fn closeness(&self, knowledge: &Arc<Knowledge>, question: &str) -> Closeness {
        let Some(vectors) = self.ready_for(knowledge) else {
            return Closeness::NotReady;
        };
        let text = calibrate::without_organization(question, &knowledge.organization);
        if text.is_empty() {
            return Closeness::Unavailable;
        }
        match self.embed_questions(&[text], vectors.dimension()) {
            Some(mut found) => match found.pop().flatten() {
                Some(vector) => Closeness::Scores(vectors.scores(&vector)),
                None => Closeness::Unavailable,
            },
            None => Closeness::Unavailable,
        }
    }

    /// The questions' vectors (unit length), for telling which of them ask
    /// the same thing: the gap list groups by them. Recently asked ones come
    /// from the cache, the rest from the service in batches. `None` when
    /// semantic search cannot say now (vectors not ready, the service down or
    /// paused); an entry is `None` for a question that is only the
    /// organization's name.
    pub fn question_vectors(
        &self,
        knowledge: &Arc<Knowledge>,
        questions: &[String],
    ) -> Option<Vec<Option<Arc<Vec<f32>>>>> {
        let vectors = self.ready_for(knowledge)?;
        let name = calibrate::OrganizationName::new(&knowledge.organization);
        let texts: Vec<String> = questions.iter().map(|q| name.strip(q)).collect();
        let asked: Vec<String> = texts.iter().filter(|t| !t.is_empty()).cloned().collect();
        let mut found = self
            .embed_questions(&asked, vectors.dimension())?
            .into_iter();
        Some(
            texts
                .iter()
                .map(|t| {
                    if t.is_empty() {
                        None
                    } else {
                        found.next().flatten()
                    }
                })
                .collect(),
        )
    }

    /// Vectors of questions (texts as the organization's name is taken out
    /// of them), from the cache or the service: every one, or `None` when the
    /// service fails (counted by the breaker: one warning per outage).
    fn embed_questions(
        &self,
        texts: &[String],
        dimension: usize,
    ) -> Option<Vec<Option<Arc<Vec<f32>>>>> {
        let prepared: Vec<String> = texts
            .iter()
            .map(|t| self.client.prepared(t, Side::Query))
            .collect();
        let mut out: Vec<Option<Arc<Vec<f32>>>> = {
            let mut cache = lock(&self.cache);
            prepared.iter().map(|t| cache.get(t).cloned()).collect()
        };
        let missing: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_none()).collect();
        for chunk in missing.chunks(QUESTION_BATCH) {
            if self.breaker.permit(Instant::now()) == breaker::Permit::Skip {
                return None;
            }
            let batch: Vec<String> = chunk.iter().map(|&i| prepared[i].clone()).collect();
            let started = Instant::now();
            let embedded = self
                .client
                .embed(&batch, Side::Query, Some(dimension))
                .and_then(|found| match found.len() == batch.len() {
                    true => Ok(found),
                    false => Err(EmbedError::Count {
                        sent: batch.len(),
                        got: found.len(),
                    }),
                });
            match embedded {
                Ok(found) => {
                    self.breaker.succeeded(Instant::now());
                    tracing::debug!(
                        questions = batch.len(),
                        micros = started.elapsed().as_micros() as u64,
                        "embedded questions"
                    );
                    let mut cache = lock(&self.cache);
                    for (&at, mut vector) in chunk.iter().zip(found) {
                        calibrate::normalize(&mut vector);
                        let vector = Arc::new(vector);
                        cache.put(prepared[at].clone(), vector.clone());
                        out[at] = Some(vector);
                    }
                }
                Err(error) => {
                    self.breaker.failed(Instant::now(), &error);
                    return None;
                }
            }
        }
        Some(out)
    }

    /// Asks the service for one vector: its model, dimension and the round
    /// trip, or what is wrong (for `missionbot check`).
    pub fn probe(config: &SemanticConfig) -> Result<Probe, EmbedError> {
        let client = Client::new(config);
        let started = Instant::now();
        let text = client.prepared("Čo robí organizácia a komu pomáha?", Side::Query);
        let vectors = client.embed(&[text], Side::Query, None)?;
        let round_trip = started.elapsed();
        Ok(Probe {
            model: client.model().to_string(),
            dimension: vectors.first().map_or(0, Vec::len),
            round_trip,
        })
    }
}

impl Drop for Semantic {
    fn drop(&mut self) {
        // The worker holds only a weak reference: woken, it notices and
        // ends (after the call it may be in the middle of).
        self.shared.changed.notify_all();
    }
}

/// What `missionbot check` reports about the service.
#[derive(Debug, Clone)]
pub struct Probe {
    pub model: String,
    pub dimension: usize,
    pub round_trip: Duration,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The worker: keeps the ready vectors those of the wanted knowledge.
fn build_loop(
    shared: Weak<Shared>,
    client: Arc<Client>,
    breaker: Arc<Breaker>,
    store: Option<PathBuf>,
    first_pause: Duration,
) {
    let mut pause = first_pause;
    let mut first = true;
    loop {
        let Some(strong) = shared.upgrade() else {
            return;
        };
        let wanted = lock(&strong.state).wanted.clone();
        let ready = strong.ready.load_full();
        let done = ready
            .as_ref()
            .is_some_and(|r| Arc::ptr_eq(&r.knowledge, &wanted));
        if done {
            let state = lock(&strong.state);
            if Arc::ptr_eq(&state.wanted, &wanted) {
                // Woken by a change or by the engine's end (the weak
                // reference then fails), and now and then to check.
                let _ = strong
                    .changed
                    .wait_timeout(state, Duration::from_secs(1))
                    .map_err(drop);
            }
            continue;
        }
        // Another knowledge's vectors from the file, to reuse what did not change.
        let stored = match (&store, first) {
            (Some(dir), true) => {
                first = false;
                if let Some(set) = VectorSet::load(dir, &client, &wanted)
                    .filter(|set| same_dimension(&client, set))
                {
                    tracing::info!(
                        vectors = set.len(),
                        dimension = set.dimension(),
                        model = %set.stamp.model,
                        "passage vectors read from the index"
                    );
                    publish(&strong, set);
                    continue;
                }
                VectorSet::read(dir, wanted.clone()).ok()
            }
            _ => None,
        };
        let previous = ready.as_deref().or(stored.as_ref());
        let started = Instant::now();
        match VectorSet::build(&client, wanted.clone(), previous) {
            Ok((set, built)) => {
                breaker.succeeded(Instant::now());
                pause = first_pause;
                tracing::info!(
                    vectors = built.vectors,
                    embedded = built.embedded,
                    dimension = set.dimension(),
                    model = %set.stamp.model,
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "passage vectors ready; semantic search is on"
                );
                if let Some(dir) = &store
                    && let Err(error) = set.store(dir)
                {
                    tracing::warn!(%error, "cannot keep the passage vectors beside the index");
                }
                publish(&strong, set);
            }
            Err(error) => {
                breaker.failed(Instant::now(), &error);
                let mut state = lock(&strong.state);
                state.failing = true;
                strong.changed.notify_all();
                if Arc::ptr_eq(&state.wanted, &wanted) {
                    let _ = strong.changed.wait_timeout(state, pause).map_err(drop);
                }
                pause = (pause * 2).min(breaker::MAX_PAUSE.max(first_pause));
            }
        }
    }
}

/// Whether the service still answers with the dimension of the vectors
/// kept beside the index (a model swapped under the same name would
/// silently never match): asked with one short text; a service that does
/// not answer now is given the benefit of the doubt.
fn same_dimension(client: &Client, set: &VectorSet) -> bool {
    let probe = client.prepared("?", Side::Query);
    match client.embed(&[probe], Side::Query, None) {
        Ok(vectors) => match vectors.first().map(Vec::len) {
            Some(found) if found != set.dimension() => {
                tracing::warn!(
                    service = found,
                    kept = set.dimension(),
                    "the embedding service's vectors have another dimension than those kept \
                     beside the index; embedding the passages again"
                );
                false
            }
            _ => true,
        },
        Err(_) => true,
    }
}

fn publish(shared: &Shared, set: VectorSet) {
    shared.ready.store(Some(Arc::new(set)));
    let mut state = lock(&shared.state);
    state.failing = false;
    shared.changed.notify_all();
}
