//! Questions that mean the same, for the gap list, where semantic search is
//! on: "ako si obnovím pas" and "kde si môžem predĺžiť pas" are one gap for
//! the moderators, not two.
//!
//! Two questions mean the same when the vectors of their wordings (from the
//! embedding service, as questions, unit length, the organization's name
//! taken out) reach [`SAME_QUESTION`] in cosine. Wordings, not normalized
//! texts: normalizing drops the question words ("kto je riaditeľ" becomes
//! "riaditel"), which carry much of what a question asks. Questions the
//! service cannot embed just now group by their words alone, as without
//! semantic search.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::gaps::Similarity;
use crate::engine::Engine;
use crate::knowledge::Knowledge;
use crate::semantic::Semantic;
use crate::semantic::calibrate::dot;

/// Cosine at which two questions ask the same. Measured with
/// multilingual-e5-small on 22 pairs of Slovak and English questions about
/// an organization: of ten pairs of wordings of one question, seven reached
/// 0.92 or more ("Ako získať pracovné povolenie?" / "Kde vybavím povolenie na
/// prácu?" 0.963); twelve pairs of different questions stayed at 0.897 or
/// below ("Kto je riaditeľ?" / "Kto je hovorca?" 0.894). Joining two
/// different questions would hide one from the moderators, so the bar is
/// above every different pair: a wording left apart is the lesser harm.
/// Another model needs its own measurement.
pub const SAME_QUESTION: f32 = 0.92;

/// Similarity of questions by meaning, through an engine's semantic search.
pub struct ByMeaning {
    semantic: Arc<Semantic>,
    knowledge: Arc<Knowledge>,
    vectors: Mutex<HashMap<String, Arc<Vec<f32>>>>,
}

impl ByMeaning {
    /// For the engine's current knowledge; `None` when semantic search is off.
    pub fn of(engine: &Engine) -> Option<Self> {
        Some(Self {
            semantic: engine.semantic()?.clone(),
            knowledge: engine.knowledge(),
            vectors: Mutex::new(HashMap::new()),
        })
    }
}

impl Similarity for ByMeaning {
    fn prepare(&self, texts: &[(String, String)]) {
        let wordings: Vec<String> = texts.iter().map(|(_, wording)| wording.clone()).collect();
        let Some(found) = self.semantic.question_vectors(&self.knowledge, &wordings) else {
            tracing::debug!("questions not embedded: gaps group by their words");
            return;
        };
        let mut vectors = self.vectors.lock().unwrap_or_else(PoisonError::into_inner);
        for ((normalized, _), vector) in texts.iter().zip(found) {
            if let Some(vector) = vector {
                vectors.insert(normalized.clone(), vector);
            }
        }
    }

    fn similar(&self, a: &str, b: &str) -> bool {
        let vectors = self.vectors.lock().unwrap_or_else(PoisonError::into_inner);
        match (vectors.get(a), vectors.get(b)) {
            (Some(a), Some(b)) => dot(a, b) >= SAME_QUESTION,
            _ => false,
        }
    }

    fn cosine_bar(&self) -> Option<f32> {
        Some(SAME_QUESTION)
    }

    fn vector(&self, normalized: &str) -> Option<Arc<Vec<f32>>> {
        let vectors = self.vectors.lock().unwrap_or_else(PoisonError::into_inner);
        vectors.get(normalized).cloned()
    }
}
