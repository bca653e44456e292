//! What the bot says, whatever the transport: the reply model, the wording of
//! every answer, how passages are cited, the bot's own words per language, and
//! rendering a reply as Discord markdown or console text.
//!
//! Owns: [`Reply`] and [`RichText`], answers built from the knowledge and from
//! search hits (`answer`), citations (`citation`), every fixed string
//! (`messages`), the languages (`lang`) and Discord's length limits
//! (`render`).
//!
//! Must not know: Discord's API or the terminal (adapters turn a [`Reply`] into
//! an embed or text), tantivy (hits arrive as [`crate::search::Hit`]), or how
//! the knowledge is stored and changed.

pub mod answer;
pub mod citation;
pub mod lang;
pub mod messages;
mod model;
pub mod render;

pub use lang::Lang;
pub use model::{Citation, Field, Reply, ReplyKind, RichText, Span, Suggestion};
