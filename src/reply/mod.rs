//! What the bot says, whatever the transport: the reply model, the wording of
//! every answer, how passages are cited, the bot's own words per language, and
//! rendering a reply as Discord markdown or console text.
//!
//! Owns: [`Reply`] and [`RichText`], answers built from the knowledge and from
//! search hits (`answer`), citations (`citation`), the bot's words from the
//! locale files (`words`: `locales/<tag>.ftl`, one per language), the
//! languages they make (`lang`) and Discord's length limits (`render`).
//!
//! Must not know: Discord's API or the terminal (adapters turn a [`Reply`] into
//! an embed or text), tantivy (hits arrive as [`crate::search::Hit`]), or how
//! the knowledge is stored and changed.

pub mod answer;
pub mod citation;
mod model;
pub mod render;
pub mod words;

pub use crate::lang::Lang;
pub use model::{Citation, Field, Reply, ReplyKind, RichText, Span, Suggestion};
pub use words::tr;
