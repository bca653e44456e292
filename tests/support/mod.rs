//! What missionbot's end-to-end tests share: the files the crate ships, scratch copies of them,
//! the binary, and (with the `discord` feature) a fake Discord with the real bot against it.
//! A test file takes it with `mod support;`.
//!
//! It must not know any test's cases or expectations: a helper here starts, waits, reads and
//! asserts what every test relies on (the bot answered, the process ended well), nothing more.
//!
//! Each test file is its own crate and uses only part of this module, so the rest would warn as
//! unused in every one of them: hence the one `dead_code` allowance below.
#![allow(dead_code)]

pub mod console;
pub mod embedder;
pub mod logs;
pub mod shipped;
pub mod workspace;

#[cfg(feature = "discord")]
pub mod bot;
#[cfg(feature = "discord")]
pub mod bot_process;
#[cfg(feature = "discord")]
pub mod fake_discord;
