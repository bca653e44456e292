//! The knowledge base: an organization's document as it wrote it. A
//! document has an optional statement of purpose (the mission, with its
//! aims where it lists them) and any number of sections, each with the
//! document's own heading and items that are numbered, named, or plain
//! paragraphs; the first document's shape (a mission, four aims, twelve
//! strategy points) is one case of it. `knowledge/` on disk (or any store
//! of its texts) is the source of truth; everything else (the index,
//! replies) is derived from a [`Knowledge`] value. `docs/knowledge.md`
//! describes the files.
//!
//! Owns: the passages and their ids, the sections and how the document
//! labels its passages (`labels`), the language they are written in
//! (`language`), loading and validating the files' texts (every problem
//! located at file:line:column), importing a document (`import`), and
//! computing a moderator's edit of a file (`edit`) and its diff (`diff`).
//!
//! Must not know: tantivy, Discord, replies, or how a change reaches the
//! store (writing, auditing and locking are [`crate::store`]'s).

pub mod diff;
pub mod edit;
mod id;
pub mod import;
pub mod labels;
pub mod language;
pub mod load;
pub mod naming;
mod texts;

use std::ops::Range;

use sha2::{Digest, Sha256};

pub use id::{MAX_SECTION_ID_CHARS, PassageId, PassageIdError, SectionId};
pub use language::Language;
pub use load::{
    MAX_PASSAGE_QUESTION_CHARS, MAX_TEXT_CHARS, MISSION_FILE, STRATEGY_FILE, SYNONYMS_FILE,
    from_texts, is_knowledge_file, load, load_with, section_file,
};
pub use texts::Texts;

/// What kind of passage this is; replies and citations differ by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PassageKind {
    /// The statement of purpose.
    Mission,
    /// One of the aims it lists.
    Aim,
    /// An item of a section.
    Item,
}

/// One quotable unit of the knowledge: what search finds and replies cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub id: PassageId,
    /// The original text, exactly as the organization wrote it.
    pub text: String,
    /// A translation written for the bot, shown as unofficial.
    pub text_en: Option<String>,
    /// The item's own name, where the document names its items
    /// ("Otvorenosť"), and its English name.
    pub name: Option<String>,
    pub name_en: Option<String>,
}

impl Passage {
    /// A passage with a text only (no translation, no name).
    pub fn new(id: PassageId, text: impl Into<String>) -> Self {
        Self {
            id,
            text: text.into(),
            text_en: None,
            name: None,
            name_en: None,
        }
    }
}

/// The community's words for something the knowledge says in other words:
/// a question using one of `words` also searches for `means`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub words: Vec<String>,
    pub means: String,
}

/// The heading of the statement of purpose, in the original language and,
/// when written, in English for English replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Titles {
    pub mission: String,
    pub mission_en: Option<String>,
}

/// A section of the document: its heading, what it calls one item, and
/// where its items are among the passages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: SectionId,
    /// The document's own heading ("Naše princípy", "Stratégia IOM").
    pub title: String,
    pub title_en: Option<String>,
    /// What the document calls one item, in the singular ("princíp"), and in
    /// English; `None`: the language's word for a point is used.
    pub noun: Option<String>,
    pub noun_en: Option<String>,
    /// The document numbers its items (else they are bullets, named items or
    /// paragraphs, still addressed by position).
    pub numbered: bool,
    items: Range<usize>,
}

/// What a section is, before its items are placed among the passages: for
/// [`Knowledge::from_parts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHead {
    pub id: SectionId,
    pub title: String,
    pub title_en: Option<String>,
    pub noun: Option<String>,
    pub noun_en: Option<String>,
    pub numbered: bool,
}

/// The whole knowledge base, validated: items of a section run 1..=n
/// without gaps and no text is empty, so lookups by number need no further
/// checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knowledge {
    /// Short name of the organization, e.g. "IOM".
    pub organization: String,
    /// The language the passages are written in (`language` in
    /// `mission.toml`): how they are analyzed, and what the bot speaks by default.
    pub language: Language,
    /// The heading of the statement of purpose ("Poslanie IOM").
    pub titles: Titles,
    /// Where the documents come from, shown in reply footers when known.
    pub source_url: Option<String>,
    /// Applied to questions only, so not part of the index's content hash.
    pub synonyms: Vec<Synonym>,
    /// Every passage in document order: the statement of purpose, its aims,
    /// then each section's items.
    passages: Vec<Passage>,
    /// What people ask about each passage, by ordinal (see [`Knowledge::questions`]).
    questions: Vec<Vec<String>>,
    has_mission: bool,
    /// The aims first (when there are any), then the document's sections in
    /// order.
    sections: Vec<Section>,
}

impl Knowledge {
    /// Assembles the first document's shape (a mission, its aims, a
    /// numbered strategy) from parts that are already validated. Public so
    /// tools and benchmarks can make knowledge bases of any size.
    pub fn new(
        organization: String,
        titles: Titles,
        strategy_title: String,
        source_url: Option<String>,
        mission: Passage,
        aims: Vec<Passage>,
        points: Vec<Passage>,
    ) -> Self {
        let strategy = SectionHead {
            id: SectionId::STRATEGY,
            title: strategy_title,
            title_en: None,
            noun: None,
            noun_en: None,
            numbered: true,
        };
        Self::from_parts(
            organization,
            titles,
            source_url,
            Some(mission),
            aims,
            vec![(strategy, points)],
        )
    }

    /// Assembles any document from parts that are already validated: an
    /// optional statement of purpose with its aims, and sections with their
    /// items. Passage ids are set from each item's section and position.
    pub fn from_parts(
        organization: String,
        titles: Titles,
        source_url: Option<String>,
        mission: Option<Passage>,
        aims: Vec<Passage>,
        sections: Vec<(SectionHead, Vec<Passage>)>,
    ) -> Self {
        let mut passages = Vec::new();
        let has_mission = mission.is_some();
        if let Some(mut mission) = mission {
            mission.id = PassageId::Mission;
            passages.push(mission);
        }
        let mut placed = Vec::new();
        let mut place = |head: SectionHead, items: Vec<Passage>, passages: &mut Vec<Passage>| {
            let start = passages.len();
            for (i, mut item) in items.into_iter().enumerate() {
                item.id = PassageId::item(head.id, i as u32 + 1);
                passages.push(item);
            }
            placed.push(Section {
                id: head.id,
                title: head.title,
                title_en: head.title_en,
                noun: head.noun,
                noun_en: head.noun_en,
                numbered: head.numbered,
                items: start..passages.len(),
            });
        };
        if !aims.is_empty() {
            let head = SectionHead {
                id: SectionId::AIM,
                title: titles.mission.clone(),
                title_en: titles.mission_en.clone(),
                noun: None,
                noun_en: None,
                numbered: true,
            };
            place(head, aims, &mut passages);
        }
        for (head, items) in sections {
            place(head, items, &mut passages);
        }
        Self {
            organization,
            language: Language::default(),
            titles,
            source_url,
            synonyms: Vec::new(),
            questions: vec![Vec::new(); passages.len()],
            passages,
            has_mission,
            sections: placed,
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
    pub fn ordinal(&self, id: PassageId) -> Option<usize> {
        match id {
            PassageId::Mission => self.has_mission.then_some(0),
            other => {
                let section = self.section(other.section()?)?;
                let position = usize::try_from(other.position()?).ok()?.checked_sub(1)?;
                let at = section.items.start.checked_add(position)?;
                (at < section.items.end).then_some(at)
            }
        }
    }

    /// Every passage in document order: the statement of purpose, its aims,
    /// each section's items. The position in this slice is the passage's
    /// ordinal in the index.
    pub fn passages(&self) -> &[Passage] {
        &self.passages
    }

    /// The statement of purpose, if the document has one.
    pub fn mission(&self) -> Option<&Passage> {
        self.has_mission.then(|| &self.passages[0])
    }

    /// The sections in document order (the aims first, where there are any).
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The sections that are the document's own (not the aims of its statement of purpose).
    pub fn parts(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.id != SectionId::AIM)
    }

    /// The document's main numbered list, what "bod 7" and "point 7" mean
    /// when nothing says which: the strategy, else the first numbered
    /// section without a noun of its own (its items are cited as "…, bod
    /// 7"), else the first numbered section, else the first section.
    pub fn main_list(&self) -> Option<&Section> {
        let numbered = || self.parts().filter(|s| s.numbered);
        self.section(SectionId::STRATEGY)
            .or_else(|| numbered().find(|s| s.noun.is_none()))
            .or_else(|| numbered().next())
            .or_else(|| self.parts().next())
    }

    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// A section's items, in order (none for a section it does not have).
    pub fn items(&self, id: SectionId) -> &[Passage] {
        self.section(id)
            .map_or(&[], |s| &self.passages[s.items.clone()])
    }

    pub fn aims(&self) -> &[Passage] {
        self.items(SectionId::AIM)
    }

    /// The strategy's points (none where the document has no strategy).
    pub fn points(&self) -> &[Passage] {
        self.items(SectionId::STRATEGY)
    }

    /// The strategy point with that number, if there is one.
    pub fn point(&self, number: u64) -> Option<&Passage> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.points().get(index)
    }

    pub fn get(&self, id: PassageId) -> Option<&Passage> {
        self.passages.get(self.ordinal(id)?)
    }

    /// What the knowledge holds, in one line for people: "mission, 4 aims,
    /// 12 strategy points", "3 introduction items, 5 principles points".
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.has_mission {
            parts.push("mission".into());
        }
        for section in &self.sections {
            if section.id == SectionId::AIM {
                parts.push(format!("{} aims", section.len()));
                continue;
            }
            let kind = if section.numbered { "points" } else { "items" };
            parts.push(format!("{} {} {kind}", section.len(), section.id));
        }
        parts.join(", ")
    }

    /// A digest of everything the index is built from, so a stale index is
    /// noticed on start even when file times lie (checkouts, copies, edits).
    pub fn content_hash(&self) -> String {
        let mut hasher = Sha256::new();
        let t = &self.titles;
        let language = self.language.code().to_string();
        let mut part = |text: Option<&str>| {
            hasher.update(text.unwrap_or("").as_bytes());
            hasher.update([0]);
        };
        part(Some(&language));
        part(Some(&self.organization));
        part(Some(&t.mission));
        part(t.mission_en.as_deref());
        for section in &self.sections {
            part(Some(section.id.as_str()));
            part(Some(&section.title));
            part(section.title_en.as_deref());
            part(section.noun.as_deref());
            part(section.noun_en.as_deref());
            part(Some(if section.numbered { "1" } else { "0" }));
        }
        for passage in &self.passages {
            hasher.update(passage.id.to_string().as_bytes());
            hasher.update([0]);
            hasher.update(passage.text.as_bytes());
            hasher.update([0]);
            hasher.update(passage.text_en.as_deref().unwrap_or("").as_bytes());
            hasher.update([0]);
            hasher.update(passage.name.as_deref().unwrap_or("").as_bytes());
            hasher.update([0]);
            hasher.update(passage.name_en.as_deref().unwrap_or("").as_bytes());
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

impl Section {
    /// How many items it has.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Changes one passage in place, as an edit would.
    pub(crate) fn edit_passage(k: &mut Knowledge, id: PassageId, edit: impl FnOnce(&mut Passage)) {
        let at = k.ordinal(id).expect("the passage exists");
        edit(&mut k.passages[at]);
    }

    /// Gives the strategy another heading, as another document would have.
    pub(crate) fn retitle_strategy(k: &mut Knowledge, title: &str, title_en: Option<&str>) {
        for section in k.sections.iter_mut() {
            if section.id == SectionId::STRATEGY {
                section.title = title.into();
                section.title_en = title_en.map(str::to_string);
            }
        }
    }

    /// A small knowledge base for unit tests elsewhere in the crate.
    pub(crate) fn sample() -> Knowledge {
        let p = |id, text: &str| Passage::new(id, text);
        Knowledge::new(
            "ORG".into(),
            Titles {
                mission: "Poslanie ORG".into(),
                mission_en: None,
            },
            "Stratégia ORG".into(),
            None,
            p(PassageId::Mission, "Poslaním je pomáhať ľuďom."),
            vec![p(PassageId::Aim(1), "zlepšovať život,")],
            vec![
                p(PassageId::Strategy(1), "Podporovať vzdelávanie detí."),
                p(PassageId::Strategy(2), "Chrániť prírodu a lesy."),
            ],
        )
    }

    /// Another organization's document: no statement of purpose, a
    /// preamble of one paragraph, and three named principles.
    pub(crate) fn principles() -> Knowledge {
        let named = |name: &str, name_en: &str, text: &str| {
            let mut p = Passage::new(PassageId::Mission, text);
            p.name = Some(name.into());
            p.name_en = Some(name_en.into());
            p
        };
        let head =
            |id: &str, title: &str, title_en: &str, noun: Option<(&str, &str)>| SectionHead {
                id: SectionId::new(id).expect("a section id"),
                title: title.into(),
                title_en: Some(title_en.into()),
                noun: noun.map(|(n, _)| n.to_string()),
                noun_en: noun.map(|(_, n)| n.to_string()),
                numbered: noun.is_some(),
            };
        let mut k = Knowledge::from_parts(
            "Klub".into(),
            Titles {
                mission: "Klub".into(),
                mission_en: None,
            },
            None,
            None,
            Vec::new(),
            vec![
                (
                    head("introduction", "Úvod", "Introduction", None),
                    vec![Passage::new(
                        PassageId::Mission,
                        "Klub spája ľudí, ktorí radi čítajú.",
                    )],
                ),
                (
                    head(
                        "principles",
                        "Naše princípy",
                        "Our principles",
                        Some(("princíp", "principle")),
                    ),
                    vec![
                        named("Otvorenosť", "Openness", "Sme otvorení každému čitateľovi."),
                        named(
                            "Férovosť",
                            "Fairness",
                            "Ku všetkým členom sa správame férovo.",
                        ),
                        named(
                            "Zodpovednosť",
                            "Responsibility",
                            "Za knihy z knižnice ručíme.",
                        ),
                    ],
                ),
            ],
        );
        k.language = Language::Sk;
        k
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
