//! missionbot: a bot that knows an organization's mission, aims and strategy by
//! heart and answers questions about them, in Discord or a local console.
//!
//! Layers, each using only those below it:
//! - [`knowledge`]: the passages, loaded and validated from `knowledge/`;
//! - [`search`]: the index over them (the only module that knows tantivy);
//! - [`reply`]: what the bot says, and how it is rendered;
//! - [`engine`]: the façade that answers a [`Command`] with a [`Reply`];
//! - [`moderation`]: changes to the knowledge, built on the engine;
//! - [`learning`]: what members ask and how it went, kept for moderators;
//! - [`site`]: the knowledge as a static page answers link to, and the
//!   statistics as charts;
//! - transports: [`console`] and `discord` (feature `discord`), thin
//!   adapters over the engine and, where they allow changes, the editor.
//!
//! See `ARCHITECTURE.md` for the map.

pub mod app;
pub mod cli;
pub mod command;
pub mod config;
pub mod console;
pub mod conversation;
pub mod desk;
pub mod diagnostic;
pub mod dir_lock;
#[cfg(feature = "discord")]
pub mod discord;
pub mod engine;
pub mod eval;
pub mod knowledge;
pub mod lang;
pub mod learning;
pub mod logging;
pub mod moderation;
pub mod reply;
pub mod search;
pub mod semantic;
pub mod site;
pub mod store;
pub mod terminal;

pub use command::Command;
pub use engine::Engine;
pub use learning::Learning;
pub use moderation::Editor;
pub use reply::{Lang, Reply};
