//! The moderators' desk: everything moderators read (gaps, statistics, the
//! history of changes) and do (dismiss a gap, teach a question, revert a
//! change), once, as replies, for every transport. The console, the command
//! line and Discord each translate their input to a call here and show the
//! [`Reply`] (or, for scripts, the data behind it); none of them wires the
//! store, meaning and replies together itself.
//!
//! Settling a taught question (taking it off the gap list) follows every
//! change the editor makes, whichever transport made it: [`Desk::new`]
//! hooks it into the [`Editor`].
//!
//! Must not know: transports; how the learning store or the knowledge store
//! keep what they keep.

use std::sync::Arc;

use crate::engine::Engine;
use crate::knowledge::PassageId;
use crate::knowledge::edit::Edit;
use crate::learning::{self, ByMeaning, Gap, Learning, LearningError, Similarity, Stats};
use crate::moderation::reply as moderation_reply;
use crate::moderation::{Editor, Entry, ModerationError, Preview, RevertPreview};
use crate::reply::{Lang, Reply, ReplyKind};
use crate::tr;

/// Changes `history` lists.
pub const HISTORY_SHOWN: usize = 20;

/// What moderators read and do, over one engine, its editor (where changes
/// are allowed) and the learning store.
pub struct Desk {
    /// Groups questions by meaning where semantic search is on; `None`
    /// where a command reads the learning store alone (no semantic search
    /// configured, so nothing to open the knowledge for).
    engine: Option<Arc<Engine>>,
    editor: Option<Arc<Editor>>,
    learning: Arc<Learning>,
}

impl Desk {
    /// A desk over `engine`; with an `editor`, taught questions leave the
    /// gap list after every change it makes.
    pub fn new(engine: Arc<Engine>, editor: Option<Arc<Editor>>, learning: Arc<Learning>) -> Self {
        Self::with(Some(engine), editor, learning)
    }

    /// A desk over the learning store alone: gaps and statistics by words,
    /// no changes.
    pub fn reading(learning: Arc<Learning>) -> Self {
        Self::with(None, None, learning)
    }

    fn with(
        engine: Option<Arc<Engine>>,
        editor: Option<Arc<Editor>>,
        learning: Arc<Learning>,
    ) -> Self {
        if let Some(editor) = &editor {
            let settled = learning.clone();
            editor.after_change(Box::new(move |edit| {
                if let Some(edit) = edit {
                    settled.after_change(edit);
                }
            }));
        }
        Self {
            engine,
            editor,
            learning,
        }
    }

    pub fn editor(&self) -> Option<&Arc<Editor>> {
        self.editor.as_ref()
    }

    pub fn learning(&self) -> &Arc<Learning> {
        &self.learning
    }

    /// A read of the learning store, questions grouped by meaning where
    /// semantic search is on (which may wait for the embedding service).
    fn read<T>(
        &self,
        read: impl FnOnce(&Learning, Option<&dyn Similarity>) -> Result<T, LearningError>,
    ) -> Result<T, LearningError> {
        let meaning = self.engine.as_deref().and_then(ByMeaning::of);
        read(
            &self.learning,
            meaning.as_ref().map(|m| m as &dyn Similarity),
        )
    }

    /// The gaps of the last `days` days (all that is kept by default), most
    /// asked first.
    pub fn gaps(&self, days: Option<u32>) -> Result<Vec<Gap>, LearningError> {
        self.read(|learning, meaning| learning.gaps(days, meaning))
    }

    /// The first `shown` gaps as a reply (or why there are none to show).
    pub fn gaps_reply(&self, days: Option<u32>, shown: usize, lang: Lang) -> Reply {
        match self.gaps(days) {
            Ok(gaps) => learning::reply::gaps(&gaps[..gaps.len().min(shown)], 1, None, lang),
            Err(error) => learning::reply::unavailable(&error, lang),
        }
    }

    /// The statistics of the last `days` days.
    pub fn stats(&self, days: Option<u32>) -> Result<Stats, LearningError> {
        self.read(|learning, meaning| learning.stats(days, meaning))
    }

    /// The statistics as a reply.
    pub fn stats_reply(&self, days: Option<u32>, lang: Lang) -> Reply {
        match self.stats(days) {
            Ok(stats) => learning::reply::stats(&stats, lang),
            Err(error) => learning::reply::unavailable(&error, lang),
        }
    }

    /// Takes `question` off the gap list for good.
    pub fn dismiss(&self, question: &str, lang: Lang) -> Reply {
        match self.learning.dismiss(question) {
            Ok(()) => Reply::notice(
                ReplyKind::Overview,
                tr!(lang, "gaps-dismissed-title"),
                tr!(lang, "gaps-dismissed", question = question),
            ),
            Err(error) => learning::reply::unavailable(&error, lang),
        }
    }

    fn editing(&self) -> Result<&Editor, ModerationError> {
        self.editor.as_deref().ok_or(ModerationError::ReadOnly)
    }

    /// What teaching `question` to `passage` would change.
    pub fn teach(&self, question: &str, passage: PassageId) -> Result<Preview, ModerationError> {
        self.preview(&Edit::AddQuestion {
            passage,
            question: question.to_string(),
        })
    }

    /// What `edit` would change.
    pub fn preview(&self, edit: &Edit) -> Result<Preview, ModerationError> {
        self.editing()?.preview(edit)
    }

    /// Makes a previewed change for `who` (a taught question then leaves the
    /// gap list).
    pub fn apply(&self, preview: &Preview, who: &str) -> Result<Entry, ModerationError> {
        self.editing()?.apply(preview, who)
    }

    /// The last changes, newest first, optionally only those of one passage.
    pub fn history(&self, passage: Option<PassageId>, lang: Lang) -> Reply {
        match self
            .editing()
            .and_then(|editor| editor.history(passage, HISTORY_SHOWN))
        {
            Ok(entries) => moderation_reply::history(&entries, lang),
            Err(error) => moderation_reply::refused(&error, lang),
        }
    }

    /// Reverts change `id` for `who`.
    pub fn revert(&self, id: u64, who: &str) -> Result<Entry, ModerationError> {
        self.editing()?.revert(id, who)
    }

    /// What reverting change `id` would change.
    pub fn preview_revert(&self, id: u64) -> Result<RevertPreview, ModerationError> {
        self.editing()?.preview_revert(id)
    }

    /// Makes a previewed revert for `who`.
    pub fn apply_revert(
        &self,
        preview: &RevertPreview,
        who: &str,
    ) -> Result<Entry, ModerationError> {
        self.editing()?.apply_revert(preview, who)
    }
}
