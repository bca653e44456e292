//! Passage ids (`mission`, `aim-2`, `strategy-7`): the names the eval set, the
//! JSON output and citations use for passages.

use std::fmt;
use std::str::FromStr;

use super::PassageKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PassageId {
    Mission,
    Aim(u32),
    Strategy(u32),
}

impl PassageId {
    pub fn kind(self) -> PassageKind {
        match self {
            PassageId::Mission => PassageKind::Mission,
            PassageId::Aim(_) => PassageKind::Aim,
            PassageId::Strategy(_) => PassageKind::Strategy,
        }
    }
}

impl fmt::Display for PassageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PassageId::Mission => write!(f, "mission"),
            PassageId::Aim(n) => write!(f, "aim-{n}"),
            PassageId::Strategy(n) => write!(f, "strategy-{n}"),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not a passage id (use mission, aim-N or strategy-N)")]
pub struct PassageIdError(pub String);

impl FromStr for PassageId {
    type Err = PassageIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PassageIdError(s.to_string());
        if s == "mission" {
            return Ok(PassageId::Mission);
        }
        let (kind, number) = s.split_once('-').ok_or_else(err)?;
        let number: u32 = number.parse().map_err(|_| err())?;
        if number == 0 {
            return Err(err());
        }
        match kind {
            "aim" => Ok(PassageId::Aim(number)),
            "strategy" => Ok(PassageId::Strategy(number)),
            _ => Err(err()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for id in [
            PassageId::Mission,
            PassageId::Aim(4),
            PassageId::Strategy(12),
        ] {
            assert_eq!(id.to_string().parse::<PassageId>(), Ok(id));
        }
    }

    #[test]
    fn bad_ids_are_refused() {
        for bad in [
            "",
            "aim",
            "aim-0",
            "aim--1",
            "strategy-x",
            "goal-1",
            "Mission",
        ] {
            assert!(bad.parse::<PassageId>().is_err(), "{bad}");
        }
    }
}
