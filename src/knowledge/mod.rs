//! The knowledge base: the mission, its aims and the strategy points, as the
//! organization wrote them. `knowledge/` on disk is the source of truth; everything
//! else (the index, replies) is derived from a [`Knowledge`] value.
//!
//! Owns: the passages and their ids, the language they are written in
//! (`language`), loading and validating `knowledge/` (every problem located at
//! file:line:column), importing a plain-text document, and computing a
//! moderator's edit of a knowledge file (`edit`).
//!
//! Must not know: tantivy, Discord, replies, or how a change reaches the disk
//! (writing, auditing and locking are [`crate::moderation`]'s).

pub mod diff;
pub mod edit;
mod id;
pub mod import;
pub mod labels;
pub mod language;
mod load;
mod texts;

use sha2::{Digest, Sha256};

pub use id::{PassageId, PassageIdError};
pub use language::Language;
pub use load::{
    FILES, MAX_PASSAGE_QUESTION_CHARS, MAX_TEXT_CHARS, MISSION_FILE, STRATEGY_FILE, SYNONYMS_FILE,
    from_texts, load, load_with,
};
pub use texts::Texts;

/// What kind of passage this is; replies and citations differ by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PassageKind {
    Mission,
    Aim,
    Strategy,
}

/// One quotable unit of the knowledge: what search finds and replies cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub id: PassageId,
    /// The original text, exactly as the organization wrote it.
    pub text: String,
    /// A translation written for the bot, shown as unofficial.
    pub text_en: Option<String>,
}

/// The community's words for something the knowledge says in other words:
/// a question using one of `words` also searches for `means`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub words: Vec<String>,
    pub means: String,
}

/// Headings of the two parts, in the original language and, when written, in
/// English for English replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Titles {
    pub mission: String,
    pub mission_en: Option<String>,
    pub strategy: String,
    pub strategy_en: Option<String>,
}

/// The whole knowledge base, validated: numbers run 1..=n without gaps and no
/// text is empty, so lookups by number need no further checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knowledge {
    /// Short name of the organization, e.g. "IOM".
    pub organization: String,
    /// The language the passages are written in (`language` in
    /// `mission.toml`): how they are analyzed, and what the bot speaks by default.
    pub language: Language,
    /// Headings used in citations ("Poslanie IOM", "Stratégia IOM").
    pub titles: Titles,
    /// Where the documents come from, shown in reply footers when known.
    pub source_url: Option<String>,
    /// Applied to questions only, so not part of the index's content hash.
    pub synonyms: Vec<Synonym>,
    passages: Vec<Passage>,
    /// What people ask about each passage, by ordinal (see [`Knowledge::questions`]).
    questions: Vec<Vec<String>>,
    aim_count: usize,
}

impl Knowledge {
    /// Assembles a knowledge base from parts that are already validated:
    /// numbered 1..=n without gaps, no empty text (what [`load`] checks).
    /// Public so tools and benchmarks can make knowledge bases of any size.
    pub fn new(
        organization: String,
        titles: Titles,
        source_url: Option<String>,
        mission: Passage,
        aims: Vec<Passage>,
        points: Vec<Passage>,
    ) -> Self {
        let aim_count = aims.len();
        let mut passages = Vec::with_capacity(1 + aims.len() + points.len());
        passages.push(mission);
        passages.extend(aims);
        passages.extend(points);
        Self {
            organization,
            language: Language::default(),
            titles,
            source_url,
            synonyms: Vec::new(),
            questions: vec![Vec::new(); passages.len()],
            passages,
            aim_count,
        }
    }

    /// What people ask about a passage (`questions = […]` beside its text):
    /// other words for what it answers, searched below the passage's own.
    /// Kept beside the passages rather than in them, as the glossary is: they
    /// are not the organization's words and never shown as an answer.
    pub fn questions(&self, id: PassageId) -> &[String] {
        self.ordinal(id)
            .and_then(|i| self.questions.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Sets what people ask about a passage; `false` if there is no such passage.
    pub fn set_questions(&mut self, id: PassageId, questions: Vec<String>) -> bool {
        match self.ordinal(id).and_then(|i| self.questions.get_mut(i)) {
            Some(slot) => {
                *slot = questions;
                true
            }
            None => false,
        }
    }

    /// The passage's position in [`Knowledge::passages`].
    fn ordinal(&self, id: PassageId) -> Option<usize> {
        let index = |n: u32| usize::try_from(n).ok()?.checked_sub(1);
        match id {
            PassageId::Mission => Some(0),
            PassageId::Aim(n) => index(n).filter(|i| *i < self.aim_count).map(|i| 1 + i),
            PassageId::Strategy(n) => index(n)
                .map(|i| 1 + self.aim_count + i)
                .filter(|i| *i < self.passages.len()),
        }
    }

    /// Every passage in document order: mission, aims, strategy points. The
    /// position in this slice is the passage's ordinal in the index.
    pub fn passages(&self) -> &[Passage] {
        &self.passages
    }

    pub fn mission(&self) -> &Passage {
        &self.passages[0]
    }

    pub fn aims(&self) -> &[Passage] {
        &self.passages[1..1 + self.aim_count]
    }

    pub fn points(&self) -> &[Passage] {
        &self.passages[1 + self.aim_count..]
    }

    /// The strategy point with that number, if there is one.
    pub fn point(&self, number: u64) -> Option<&Passage> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.points().get(index)
    }

    pub fn get(&self, id: PassageId) -> Option<&Passage> {
        match id {
            PassageId::Mission => Some(self.mission()),
            PassageId::Aim(n) => self.aims().get(usize::try_from(n).ok()?.checked_sub(1)?),
            PassageId::Strategy(n) => self.point(u64::from(n)),
        }
    }

    /// A digest of everything the index is built from, so a stale index is
    /// noticed on start even when file times lie (checkouts, copies, edits).
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        let t = &self.titles;
        let language = self.language.code().to_string();
        for part in [
            Some(&language),
            Some(&self.organization),
            Some(&t.mission),
            t.mission_en.as_ref(),
            Some(&t.strategy),
            t.strategy_en.as_ref(),
        ] {
            let part = part.map_or("", String::as_str);
            hasher.update(part.as_bytes());
            hasher.update([0]);
        }
        for passage in &self.passages {
            hasher.update(passage.id.to_string().as_bytes());
            hasher.update([0]);
            hasher.update(passage.text.as_bytes());
            hasher.update([0]);
            hasher.update(passage.text_en.as_deref().unwrap_or("").as_bytes());
            hasher.update([0]);
            for question in self.questions(passage.id) {
                hasher.update(question.as_bytes());
                hasher.update([1]);
            }
            hasher.update([0]);
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small knowledge base for unit tests elsewhere in the crate.
    pub(crate) fn sample() -> Knowledge {
        let p = |id, text: &str| Passage {
            id,
            text: text.to_string(),
            text_en: None,
        };
        Knowledge::new(
            "ORG".into(),
            Titles {
                mission: "Poslanie ORG".into(),
                mission_en: None,
                strategy: "Stratégia ORG".into(),
                strategy_en: None,
            },
            None,
            p(PassageId::Mission, "Poslaním je pomáhať ľuďom."),
            vec![p(PassageId::Aim(1), "zlepšovať život,")],
            vec![
                p(PassageId::Strategy(1), "Podporovať vzdelávanie detí."),
                p(PassageId::Strategy(2), "Chrániť prírodu a lesy."),
            ],
        )
    }

    #[test]
    fn lookups_by_number_and_id() {
        let k = sample();
        assert_eq!(k.point(2).map(|p| p.id), Some(PassageId::Strategy(2)));
        assert!(k.point(0).is_none());
        assert!(k.point(3).is_none());
        assert!(k.point(u64::MAX).is_none());
        assert_eq!(
            k.get(PassageId::Aim(1)).map(|p| p.text.as_str()),
            Some("zlepšovať život,")
        );
        assert!(k.get(PassageId::Aim(0)).is_none());
    }

    #[test]
    fn content_hash_changes_with_any_text() {
        let a = sample();
        let mut b = sample();
        assert_eq!(a.content_hash(), b.content_hash());
        b.passages[2].text.push('!');
        assert_ne!(a.content_hash(), b.content_hash());
        let mut c = sample();
        assert!(c.set_questions(PassageId::Strategy(2), vec!["Ako chránite lesy?".into()]));
        assert_ne!(a.content_hash(), c.content_hash());
        assert_eq!(c.questions(PassageId::Strategy(2)), ["Ako chránite lesy?"]);
        assert!(c.questions(PassageId::Strategy(1)).is_empty());
        assert!(!c.set_questions(PassageId::Strategy(3), Vec::new()));
        assert!(!c.set_questions(PassageId::Aim(2), Vec::new()));
    }
}
