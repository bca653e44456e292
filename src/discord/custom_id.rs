//! Every `custom_id` the bot puts on a button, a select menu or a modal, and
//! reading them back: the "more" button (`more:<key>:<offset>`), the votes
//! under an answer (`vote:<key>:up`, `vote:<key>:down`), a suggestion
//! (`show:<passage id>`), a preview's Confirm and Cancel (`mod:ok:<key>`,
//! `mod:no:<key>`), a moderator's form (`mod:form:<draft>:<number>:<hash>`),
//! a gap's select menu (`gap:<key>`) and the pages of `/gaps`
//! (`gaps:<page>`). Discord allows 100 characters, so what does not fit (the
//! question, the preview) waits in memory under a key.

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::knowledge::{Knowledge, PassageId, SectionId};
use crate::moderation::Draft;

const MORE: &str = "more:";
const VOTE: &str = "vote:";
const SHOW: &str = "show:";
const GAP: &str = "gap:";
const GAPS_PAGE: &str = "gaps:";
const MODERATION: &str = "mod:";
const FORM: &str = "form:";
/// Hex digits of the knowledge hash a form's `custom_id` carries.
const HASH_PREFIX: usize = 16;

/// Where the next page of an answer starts: the remembered question's key
/// and the passages already shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub key: u64,
    pub offset: usize,
}

/// A modal: the change its text completes, and the knowledge it opened on,
/// so that a submit on outdated prefilled text can be refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub draft: Draft,
    /// A prefix of [`Knowledge::content_hash`] when it opened.
    based_on: String,
}

impl Form {
    pub fn new(draft: Draft, knowledge: &Knowledge) -> Self {
        Self {
            draft,
            based_on: hash_prefix(knowledge),
        }
    }

    /// Whether `knowledge` is still the one the form was opened (and
    /// prefilled) on.
    pub fn opened_on(&self, knowledge: &Knowledge) -> bool {
        self.based_on == hash_prefix(knowledge)
    }
}

fn hash_prefix(knowledge: &Knowledge) -> String {
    knowledge.content_hash().chars().take(HASH_PREFIX).collect()
}

/// Where a store of keys (the "more" buttons' questions, the previews waiting
/// for Confirm) starts counting: somewhere new in every process and every
/// store, so a button from before a restart never names something made
/// after it. The clock and the standard library's per-process random keys
/// together; 48 bits keep `custom_id`s short.
pub fn first_key() -> u64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    RandomState::new().hash_one(now) & 0xffff_ffff_ffff
}

/// What a button or modal of ours stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomId {
    /// The "more" button under an answer.
    More(Page),
    /// A preview's Confirm (`confirm`) or Cancel, for the preview waiting
    /// under `key`.
    Preview { key: u64, confirm: bool },
    /// A moderator's modal.
    Form(Form),
    /// 👍 (`up`) or 👎 under the answer whose votes are counted by `key`.
    Vote { key: u64, up: bool },
    /// A passage offered when nothing answered: pressing shows it.
    Suggestion(PassageId),
    /// A gap's select menu in `/gaps`; its question waits under `key`.
    Gap { key: u64 },
    /// A page of `/gaps` (0 the first).
    GapsPage(usize),
}

/// A draft's code, number and section in a form's `custom_id`. Numbers
/// Discord would not send stay 0, as does a new item at the end; the
/// strategy's section is left out, as the first version wrote it.
fn draft_code(draft: Draft) -> (&'static str, u32, Option<SectionId>) {
    let other = |section| (section != SectionId::STRATEGY).then_some(section);
    match draft {
        Draft::AddPoint { section, at } => ("add", at.unwrap_or(0), other(section)),
        Draft::EditPoint { section, number } => ("edit", number, other(section)),
        Draft::EditMission => ("mission", 0, None),
        Draft::EditAim { number } => ("aim", number, None),
    }
}

fn draft_from(code: &str, number: u32, section: SectionId) -> Option<Draft> {
    Some(match code {
        "add" => Draft::AddPoint {
            section,
            at: (number > 0).then_some(number),
        },
        "edit" => Draft::EditPoint { section, number },
        "mission" => Draft::EditMission,
        "aim" => Draft::EditAim { number },
        _ => return None,
    })
}

impl fmt::Display for CustomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomId::More(page) => write!(f, "{MORE}{:x}:{}", page.key, page.offset),
            CustomId::Preview { key, confirm } => {
                let what = if *confirm { "ok" } else { "no" };
                write!(f, "{MODERATION}{what}:{key:x}")
            }
            CustomId::Form(form) => {
                let (code, number, section) = draft_code(form.draft);
                write!(f, "{MODERATION}{FORM}{code}:{number}:{}", form.based_on)?;
                match section {
                    Some(section) => write!(f, ":{section}"),
                    None => Ok(()),
                }
            }
            CustomId::Vote { key, up } => {
                let how = if *up { "up" } else { "down" };
                write!(f, "{VOTE}{key:x}:{how}")
            }
            CustomId::Suggestion(id) => write!(f, "{SHOW}{id}"),
            CustomId::Gap { key } => write!(f, "{GAP}{key:x}"),
            CustomId::GapsPage(page) => write!(f, "{GAPS_PAGE}{page}"),
        }
    }
}

impl CustomId {
    /// Reads a `custom_id`; `None` when it is not one of ours.
    pub fn parse(custom_id: &str) -> Option<Self> {
        more(custom_id)
            .or_else(|| preview(custom_id))
            .or_else(|| form(custom_id))
            .or_else(|| learning(custom_id))
    }
}

/// Votes, suggestions and the gaps' components.
fn learning(custom_id: &str) -> Option<CustomId> {
    if let Some(rest) = custom_id.strip_prefix(VOTE) {
        let (key, how) = rest.split_once(':')?;
        let up = match how {
            "up" => true,
            "down" => false,
            _ => return None,
        };
        return Some(CustomId::Vote {
            key: u64::from_str_radix(key, 16).ok()?,
            up,
        });
    }
    if let Some(id) = custom_id.strip_prefix(SHOW) {
        return id.parse().ok().map(CustomId::Suggestion);
    }
    if let Some(key) = custom_id.strip_prefix(GAP) {
        return Some(CustomId::Gap {
            key: u64::from_str_radix(key, 16).ok()?,
        });
    }
    let page = custom_id.strip_prefix(GAPS_PAGE)?;
    page.parse().ok().map(CustomId::GapsPage)
}

fn more(custom_id: &str) -> Option<CustomId> {
    let (key, offset) = custom_id.strip_prefix(MORE)?.split_once(':')?;
    Some(CustomId::More(Page {
        key: u64::from_str_radix(key, 16).ok()?,
        offset: offset.parse().ok()?,
    }))
}

fn preview(custom_id: &str) -> Option<CustomId> {
    let (what, key) = custom_id.strip_prefix(MODERATION)?.split_once(':')?;
    let confirm = match what {
        "ok" => true,
        "no" => false,
        _ => return None,
    };
    Some(CustomId::Preview {
        key: u64::from_str_radix(key, 16).ok()?,
        confirm,
    })
}

fn form(custom_id: &str) -> Option<CustomId> {
    let rest = custom_id.strip_prefix(MODERATION)?.strip_prefix(FORM)?;
    let mut parts = rest.split(':');
    let code = parts.next()?;
    let number = parts.next()?.parse().ok()?;
    let based_on = parts.next()?.to_string();
    let section = match parts.next() {
        Some(id) => SectionId::new(id)?,
        None => SectionId::STRATEGY,
    };
    let form = Form {
        draft: draft_from(code, number, section)?,
        based_on,
    };
    parts.next().is_none().then_some(CustomId::Form(form))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips(id: CustomId) {
        let text = id.to_string();
        assert!(text.len() <= 100, "{text}");
        assert_eq!(CustomId::parse(&text), Some(id), "{text}");
    }

    #[test]
    fn custom_ids_round_trip_and_stay_short() {
        round_trips(CustomId::More(Page {
            key: u64::MAX,
            offset: usize::MAX,
        }));
        for confirm in [true, false] {
            round_trips(CustomId::Preview {
                key: u64::MAX,
                confirm,
            });
        }
        let longest = SectionId::new(&"a".repeat(crate::knowledge::MAX_SECTION_ID_CHARS))
            .expect("the longest id is one");
        for draft in [
            Draft::AddPoint {
                section: SectionId::STRATEGY,
                at: Some(u32::MAX),
            },
            Draft::AddPoint {
                section: SectionId::STRATEGY,
                at: None,
            },
            Draft::EditPoint {
                section: SectionId::STRATEGY,
                number: 7,
            },
            Draft::AddPoint {
                section: longest,
                at: Some(u32::MAX),
            },
            Draft::EditPoint {
                section: longest,
                number: u32::MAX,
            },
            Draft::EditMission,
            Draft::EditAim { number: 2 },
        ] {
            round_trips(CustomId::Form(Form {
                draft,
                based_on: "0123456789abcdef".to_string(),
            }));
        }
    }

    #[test]
    fn learning_custom_ids_round_trip() {
        for up in [true, false] {
            round_trips(CustomId::Vote { key: u64::MAX, up });
        }
        for id in [
            PassageId::Mission,
            PassageId::Aim(4),
            PassageId::Strategy(u32::MAX),
        ] {
            round_trips(CustomId::Suggestion(id));
        }
        round_trips(CustomId::Gap { key: u64::MAX });
        round_trips(CustomId::GapsPage(usize::MAX));
        assert_eq!(
            CustomId::Vote {
                key: 255,
                up: false
            }
            .to_string(),
            "vote:ff:down"
        );
        assert_eq!(
            CustomId::Suggestion(PassageId::Strategy(5)).to_string(),
            "show:strategy-5"
        );
        for not_ours in [
            "vote:ff:maybe",
            "vote:zz:up",
            "show:bod-x",
            "gap:",
            "gaps:x",
        ] {
            assert_eq!(CustomId::parse(not_ours), None, "{not_ours}");
        }
    }

    #[test]
    fn key_stores_start_apart() {
        let firsts: std::collections::HashSet<u64> = (0..100).map(|_| first_key()).collect();
        assert_eq!(firsts.len(), 100);
        assert!(firsts.iter().all(|k| *k <= 0xffff_ffff_ffff));
    }

    #[test]
    fn custom_ids_keep_their_spelling() {
        let form = |draft| {
            CustomId::Form(Form {
                draft,
                based_on: "ab".to_string(),
            })
        };
        let page = Page {
            key: 255,
            offset: 3,
        };
        assert_eq!(CustomId::More(page).to_string(), "more:ff:3");
        let ok = CustomId::Preview {
            key: 18,
            confirm: true,
        };
        assert_eq!(ok.to_string(), "mod:ok:12");
        let no = CustomId::Preview {
            key: 18,
            confirm: false,
        };
        assert_eq!(no.to_string(), "mod:no:12");
        let add = form(Draft::AddPoint {
            section: crate::knowledge::SectionId::STRATEGY,
            at: None,
        });
        assert_eq!(add.to_string(), "mod:form:add:0:ab");
        assert_eq!(
            form(Draft::EditAim { number: 2 }).to_string(),
            "mod:form:aim:2:ab"
        );
        assert_eq!(
            form(Draft::EditMission).to_string(),
            "mod:form:mission:0:ab"
        );
    }

    #[test]
    fn each_custom_id_reads_as_what_it_is() {
        // A "more" button is no preview's press, a form no button, a button no form.
        assert_eq!(
            CustomId::parse("more:1:2"),
            Some(CustomId::More(Page { key: 1, offset: 2 }))
        );
        assert!(matches!(
            CustomId::parse("mod:form:add:0:ab"),
            Some(CustomId::Form(_))
        ));
        assert_eq!(
            CustomId::parse("mod:ok:12"),
            Some(CustomId::Preview {
                key: 18,
                confirm: true
            })
        );
        for not_ours in [
            "mod:form:nope:1:ab",
            "mod:form:add:0:ab:extra:more",
            "mod:maybe:12",
            "other:1:2",
            "more:zz:2",
        ] {
            assert_eq!(CustomId::parse(not_ours), None, "{not_ours}");
        }
    }
}
