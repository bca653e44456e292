//! What missionbot's end-to-end tests share: the files the crate ships, scratch copies of them,
//! the binary, consoles kept running, a fake embedding service, captured logs; and, with the
//! `discord` feature, the bot against the fake Discord (the `fake-discord` package): started in
//! this process ([`bench`]) or as the binary ([`bot_process`]), talked to ([`exchange`]), within
//! the time the async tests allow ([`budget`]).
//!
//! It must not know any test's cases or expectations: a helper here starts, waits, reads and
//! asserts what every test relies on (the bot answered, the process ended well), nothing more.

pub mod console;
pub mod embedder;
pub mod logs;
#[cfg(feature = "postgres")]
pub mod pg;
pub mod shipped;
pub mod workspace;

#[cfg(feature = "discord")]
pub mod bench;
#[cfg(feature = "discord")]
pub mod bot_process;
#[cfg(feature = "discord")]
pub mod budget;
#[cfg(feature = "discord")]
pub mod exchange;
