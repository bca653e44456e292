//! Shared support for missionbot's integration tests: `fake_discord`, a fake Discord
//! (HTTP API + gateway on 127.0.0.1) that the real serenity client and the bot run against.
//!
//! Use it from a test file with `mod support;`. Not every test file uses every helper,
//! hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod fake_discord;
