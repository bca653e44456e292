//! Passage ids (`mission`, `aim-2`, `strategy-7`, `principles-3`): the names
//! the eval sets, the JSON output, the learning store and citations use for
//! passages. A section's id is its file's stem; an item's id is its
//! section's and its position there.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use super::PassageKind;

/// A section of the document, by its id (`strategy`, `principles`): cheap to
/// copy and compare. Section ids are interned: the names a process meets are
/// few (a document's sections), so each is kept once for its lifetime.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(&'static str);

/// Longest section id: a file name people type, and short enough that an
/// item's form still fits in a Discord `custom_id` (100 characters) beside
/// a fingerprint.
pub const MAX_SECTION_ID_CHARS: usize = 48;

/// Section ids interned at most: beyond any document's sections, so text
/// from outside (a button's id, a typed passage) cannot grow memory without
/// end.
const MAX_SECTIONS: usize = 10_000;

impl SectionId {
    /// The aims that belong to the statement of purpose (`[[aim]]` in
    /// `mission.toml`).
    pub const AIM: SectionId = SectionId("aim");
    /// The first document's numbered strategy (`strategy.toml`).
    pub const STRATEGY: SectionId = SectionId("strategy");

    /// The id `name` names, if it is one: lower-case ASCII letters, digits
    /// and inner hyphens, at most [`MAX_SECTION_ID_CHARS`] characters, not a
    /// reserved name.
    pub fn new(name: &str) -> Option<SectionId> {
        match name {
            "aim" => return Some(Self::AIM),
            "strategy" => return Some(Self::STRATEGY),
            "mission" | "synonyms" => return None,
            _ => {}
        }
        let well_formed = !name.is_empty()
            && name.len() <= MAX_SECTION_ID_CHARS
            && !name.starts_with('-')
            && !name.ends_with('-')
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            return None;
        }
        static INTERNED: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        let mut interned = INTERNED
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(known) = interned.get(name) {
            return Some(SectionId(known));
        }
        if interned.len() >= MAX_SECTIONS {
            return None;
        }
        let kept: &'static str = Box::leak(name.to_string().into_boxed_str());
        interned.insert(kept);
        Some(SectionId(kept))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Debug for SectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl fmt::Display for SectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PassageId {
    /// The statement of purpose.
    Mission,
    /// An aim of the statement of purpose.
    Aim(u32),
    /// A point of the first document's strategy (`strategy.toml`).
    Strategy(u32),
    /// The item at a position (from 1) of any other section.
    Item(SectionId, u32),
}

impl PassageId {
    /// The item at `position` of `section`: [`PassageId::Aim`] and
    /// [`PassageId::Strategy`] for those sections, so one item has one id.
    pub fn item(section: SectionId, position: u32) -> Self {
        match section {
            SectionId::AIM => PassageId::Aim(position),
            SectionId::STRATEGY => PassageId::Strategy(position),
            other => PassageId::Item(other, position),
        }
    }

    /// The section it belongs to (`None`: the statement of purpose).
    pub fn section(self) -> Option<SectionId> {
        match self {
            PassageId::Mission => None,
            PassageId::Aim(_) => Some(SectionId::AIM),
            PassageId::Strategy(_) => Some(SectionId::STRATEGY),
            PassageId::Item(section, _) => Some(section),
        }
    }

    /// Its position in its section (from 1).
    pub fn position(self) -> Option<u32> {
        match self {
            PassageId::Mission => None,
            PassageId::Aim(n) | PassageId::Strategy(n) | PassageId::Item(_, n) => Some(n),
        }
    }

    pub fn kind(self) -> PassageKind {
        match self {
            PassageId::Mission => PassageKind::Mission,
            PassageId::Aim(_) => PassageKind::Aim,
            PassageId::Strategy(_) | PassageId::Item(..) => PassageKind::Item,
        }
    }
}

impl fmt::Display for PassageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PassageId::Mission => write!(f, "mission"),
            PassageId::Aim(n) => write!(f, "aim-{n}"),
            PassageId::Strategy(n) => write!(f, "strategy-{n}"),
            PassageId::Item(section, n) => write!(f, "{section}-{n}"),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "{0:?} is not a passage id (use mission, aim-N, strategy-N or a section's id and a number)"
)]
pub struct PassageIdError(pub String);

impl FromStr for PassageId {
    type Err = PassageIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PassageIdError(s.to_string());
        if s == "mission" {
            return Ok(PassageId::Mission);
        }
        let (section, number) = s.rsplit_once('-').ok_or_else(err)?;
        if number.starts_with('+') {
            return Err(err());
        }
        let number: u32 = number.parse().map_err(|_| err())?;
        if number == 0 {
            return Err(err());
        }
        let section = SectionId::new(section).ok_or_else(err)?;
        Ok(PassageId::item(section, number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        let principles = SectionId::new("principles").expect("an id");
        for id in [
            PassageId::Mission,
            PassageId::Aim(4),
            PassageId::Strategy(12),
            PassageId::Item(principles, 3),
            PassageId::Item(SectionId::new("nase-hodnoty-2").expect("an id"), 1),
        ] {
            assert_eq!(id.to_string().parse::<PassageId>(), Ok(id));
        }
        assert_eq!(
            PassageId::item(SectionId::STRATEGY, 7),
            PassageId::Strategy(7)
        );
        assert_eq!("principles-3".parse(), Ok(PassageId::Item(principles, 3)));
        assert_eq!(PassageId::Item(principles, 3).section(), Some(principles));
        assert_eq!(PassageId::Item(principles, 3).position(), Some(3));
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in [
            "",
            "aim",
            "aim-0",
            "aim--1",
            "aim-+1",
            "strategy-x",
            "Mission",
            "Goal-1",
            "mission-1",
            "synonyms-2",
            "-1",
            "a b-1",
            "ľudia-1",
        ] {
            assert!(bad.parse::<PassageId>().is_err(), "{bad}");
        }
        assert!(SectionId::new(&"x".repeat(65)).is_none());
    }
}
