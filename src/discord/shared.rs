//! Where what a button press needs is kept: in this process's memory, and
//! when the bot's interactions arrive at an HTTP endpoint served by several
//! replicas (`[interactions]` with `[store]`), also in PostgreSQL, so the
//! press finds it on whichever replica takes it ("more", ballots, previews,
//! cooldowns). Memory is asked first; the database only when this process
//! does not know the key. A database that cannot be reached is logged and
//! the press answered as if the entry had expired.

#[cfg(feature = "postgres")]
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Settings;
use crate::knowledge::edit::Edit;
use crate::knowledge::{PassageId, SectionId};

/// The shared half of buttons' state (none: memory only).
#[derive(Clone, Default)]
pub struct Shared {
    #[cfg(feature = "postgres")]
    store: Option<Arc<crate::store::postgres::state::PgState>>,
}

/// How a vote kept in the database went.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub enum SharedCast {
    /// Counted; the member's earlier vote (`up`, `down`), if any.
    Counted {
        before: Option<String>,
    },
    Expired,
}

impl Shared {
    /// Shared through the store when replicas of the endpoint may take a
    /// press made under another's message.
    pub fn from_settings(settings: &Settings) -> Self {
        #[cfg(feature = "postgres")]
        if let (Some(store), Some(_)) = (&settings.store, &settings.interactions) {
            match crate::store::postgres::state::PgState::shared(store) {
                Ok(state) => {
                    return Self {
                        store: Some(Arc::new(state)),
                    };
                }
                Err(error) => {
                    tracing::warn!(%error, "buttons' state is kept in this process only");
                }
            }
        }
        let _ = settings;
        Self::default()
    }

    /// Whether the database keeps it too.
    pub fn is_on(&self) -> bool {
        #[cfg(feature = "postgres")]
        return self.store.is_some();
        #[cfg(not(feature = "postgres"))]
        false
    }

    /// Keeps `payload` under (`kind`, `key`) for `lifetime`.
    pub async fn keep(&self, kind: &'static str, key: u64, payload: String, lifetime: Duration) {
        #[cfg(feature = "postgres")]
        if let Some(store) = &self.store
            && let Err(error) = store.put(kind, key, payload, lifetime).await
        {
            tracing::warn!(%error, kind, "cannot share a button's state with the other replicas");
        }
        #[cfg(not(feature = "postgres"))]
        let _ = (kind, key, payload, lifetime);
    }

    /// What is kept under (`kind`, `key`), if it is still fresh.
    pub async fn recall(&self, kind: &'static str, key: u64) -> Option<String> {
        #[cfg(feature = "postgres")]
        if let Some(store) = &self.store {
            return store
                .get(kind, key)
                .await
                .inspect_err(|error| tracing::warn!(%error, kind, "cannot read a button's state"))
                .ok()
                .flatten();
        }
        let _ = (kind, key);
        None
    }

    /// Takes what is kept under (`kind`, `key`) if `wanted` accepts it:
    /// `Err(true)` when it refuses (it stays), `Err(false)` when there is
    /// nothing fresh.
    pub async fn take_if(
        &self,
        kind: &'static str,
        key: u64,
        wanted: impl FnOnce(&str) -> bool + Send + 'static,
    ) -> Result<String, bool> {
        #[cfg(feature = "postgres")]
        if let Some(store) = &self.store {
            return match store.take_if(kind, key, wanted).await {
                Ok(Ok(found)) => Ok(found),
                Ok(Err(refused)) => Err(refused.is_some()),
                Err(error) => {
                    tracing::warn!(%error, kind, "cannot read a button's state");
                    Err(false)
                }
            };
        }
        let _ = (kind, key, wanted);
        Err(false)
    }

    /// A member's vote on the answer under `answer`.
    pub async fn vote(&self, answer: u64, user: u64, up: bool, lifetime: Duration) -> SharedCast {
        #[cfg(feature = "postgres")]
        if let Some(store) = &self.store {
            use crate::store::postgres::state::Cast;
            let vote = if up { "up" } else { "down" };
            return match store.vote(answer, user, vote, lifetime).await {
                Ok(Cast::Counted { before }) => SharedCast::Counted { before },
                Ok(Cast::Expired) => SharedCast::Expired,
                Err(error) => {
                    tracing::warn!(%error, "cannot count a vote with the other replicas");
                    SharedCast::Expired
                }
            };
        }
        let _ = (answer, user, up, lifetime);
        SharedCast::Expired
    }

    /// A member's cooldown across replicas: `None` when they may ask now,
    /// else how long is left (`None` too when the database cannot say).
    pub async fn cooldown(&self, user: u64, period: Duration) -> Option<Duration> {
        #[cfg(feature = "postgres")]
        if let Some(store) = &self.store {
            return store
                .cooldown(user, period)
                .await
                .inspect_err(|error| tracing::warn!(%error, "cannot read a cooldown"))
                .ok()
                .flatten();
        }
        let _ = (user, period);
        None
    }
}

/// A preview waiting for its Confirm, as the database keeps it: the change
/// and the texts it was based on (the diff shown is in the message already),
/// and whose it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeptPreview {
    pub owner: u64,
    pub based_on: String,
    pub edit: KeptEdit,
}

/// [`Edit`] as the database keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum KeptEdit {
    AddPoint {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<String>,
        at: Option<u32>,
        text: String,
        text_en: Option<String>,
    },
    EditPoint {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<String>,
        number: u32,
        text: String,
        text_en: Option<String>,
    },
    RemovePoint {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<String>,
        number: u32,
    },
    MovePoint {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<String>,
        from: u32,
        to: u32,
    },
    EditMission {
        text: String,
        text_en: Option<String>,
    },
    EditAim {
        number: u32,
        text: String,
        text_en: Option<String>,
    },
    AddSynonym {
        words: Vec<String>,
        means: String,
    },
    Translate {
        passage: String,
        text_en: String,
    },
    AddQuestion {
        passage: String,
        question: String,
    },
}

/// A section as a kept edit names it: not at all for the strategy.
fn kept(section: SectionId) -> Option<String> {
    (section != SectionId::STRATEGY).then(|| section.to_string())
}

impl From<&Edit> for KeptEdit {
    fn from(edit: &Edit) -> Self {
        match edit.clone() {
            Edit::AddPoint {
                section,
                at,
                text,
                text_en,
            } => KeptEdit::AddPoint {
                section: kept(section),
                at,
                text,
                text_en,
            },
            Edit::EditPoint {
                section,
                number,
                text,
                text_en,
            } => KeptEdit::EditPoint {
                section: kept(section),
                number,
                text,
                text_en,
            },
            Edit::RemovePoint { section, number } => KeptEdit::RemovePoint {
                section: kept(section),
                number,
            },
            Edit::MovePoint { section, from, to } => KeptEdit::MovePoint {
                section: kept(section),
                from,
                to,
            },
            Edit::EditMission { text, text_en } => KeptEdit::EditMission { text, text_en },
            Edit::EditAim {
                number,
                text,
                text_en,
            } => KeptEdit::EditAim {
                number,
                text,
                text_en,
            },
            Edit::AddSynonym { words, means } => KeptEdit::AddSynonym { words, means },
            Edit::Translate { passage, text_en } => KeptEdit::Translate {
                passage: passage.to_string(),
                text_en,
            },
            Edit::AddQuestion { passage, question } => KeptEdit::AddQuestion {
                passage: passage.to_string(),
                question,
            },
        }
    }
}

impl KeptEdit {
    /// The edit back; `None` for a passage id this build does not know.
    pub fn edit(self) -> Option<Edit> {
        let passage = |id: String| id.parse::<PassageId>().ok();
        // No section kept: the strategy, as previews were kept before sections.
        let section = |id: Option<String>| match id {
            None => Some(SectionId::STRATEGY),
            Some(id) => SectionId::new(&id),
        };
        Some(match self {
            KeptEdit::AddPoint {
                section: id,
                at,
                text,
                text_en,
            } => Edit::AddPoint {
                section: section(id)?,
                at,
                text,
                text_en,
            },
            KeptEdit::EditPoint {
                section: id,
                number,
                text,
                text_en,
            } => Edit::EditPoint {
                section: section(id)?,
                number,
                text,
                text_en,
            },
            KeptEdit::RemovePoint {
                section: id,
                number,
            } => Edit::RemovePoint {
                section: section(id)?,
                number,
            },
            KeptEdit::MovePoint {
                section: id,
                from,
                to,
            } => Edit::MovePoint {
                section: section(id)?,
                from,
                to,
            },
            KeptEdit::EditMission { text, text_en } => Edit::EditMission { text, text_en },
            KeptEdit::EditAim {
                number,
                text,
                text_en,
            } => Edit::EditAim {
                number,
                text,
                text_en,
            },
            KeptEdit::AddSynonym { words, means } => Edit::AddSynonym { words, means },
            KeptEdit::Translate {
                passage: id,
                text_en,
            } => Edit::Translate {
                passage: passage(id)?,
                text_en,
            },
            KeptEdit::AddQuestion {
                passage: id,
                question,
            } => Edit::AddQuestion {
                passage: passage(id)?,
                question,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_kept_comes_back_the_same() {
        for edit in [
            Edit::EditPoint {
                section: SectionId::STRATEGY,
                number: 7,
                text: "t".into(),
                text_en: Some("e".into()),
            },
            Edit::RemovePoint {
                section: SectionId::new("principles").expect("an id"),
                number: 2,
            },
            Edit::AddQuestion {
                passage: PassageId::Strategy(3),
                question: "q?".into(),
            },
            Edit::Translate {
                passage: PassageId::Mission,
                text_en: "m".into(),
            },
            Edit::MovePoint {
                section: SectionId::STRATEGY,
                from: 1,
                to: 2,
            },
        ] {
            let kept = serde_json::to_string(&KeptEdit::from(&edit)).expect("encodes");
            let back: KeptEdit = serde_json::from_str(&kept).expect("decodes");
            assert_eq!(back.edit(), Some(edit));
        }
    }
}
