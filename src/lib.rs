//! missionbot: a bot that knows an organization's mission, aims and strategy by
//! heart and answers questions about them, in Discord or a local console.
//!
//! The core (knowledge, search, commands, replies) knows nothing of Discord;
//! the transports (the console, Discord) hold an [`Engine`]
//! and never reach past it. See `ARCHITECTURE.md` for the map.

pub mod answer;
pub mod atomic_write;
pub mod audit;
pub mod citation;
pub mod command;
pub mod config;
pub mod console;
pub mod diagnostic;
#[cfg(feature = "discord")]
pub mod discord;
pub mod engine;
pub mod eval;
pub mod knowledge;
pub mod lang;
pub mod messages;
pub mod moderation;
pub mod render;
pub mod reply;
pub mod search;

pub use command::Command;
pub use engine::Engine;
pub use lang::Lang;
pub use reply::Reply;
