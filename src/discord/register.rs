//! Registering the slash commands: once per process (tried again on the next
//! READY if Discord refused), globally or in the configured guilds, and again
//! when a change alters the document's shape (the number of points, a part
//! added or gone), so `/strategy number` offers the new range and only
//! commands for parts the document has are offered.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serenity::all::{GuildId, Http, Ready};

use super::commands::{self, Shape};
use super::deliver;
use crate::engine::Engine;

/// What has been registered so far.
pub struct Registration {
    /// Guilds to register the commands in; empty registers them globally.
    guilds: Vec<u64>,
    /// Commands are registered once per process, not on every reconnect.
    registered: AtomicBool,
    /// The document's shape the registered commands were made for.
    registered_shape: Mutex<Option<Shape>>,
}

impl Registration {
    pub fn new(guilds: Vec<u64>) -> Self {
        Self {
            guilds,
            registered: AtomicBool::new(false),
            registered_shape: Mutex::new(None),
        }
    }

    /// On READY: registers the commands from the first shard, unless done.
    pub async fn on_ready(&self, http: &Http, ready: &Ready, engine: &Engine) {
        let first_shard = ready.shard.is_none_or(|shard| shard.id.0 == 0);
        if first_shard
            && !self.registered.swap(true, Ordering::SeqCst)
            && !self.register(http, engine).await
        {
            // Try again on the next READY (a reconnect) rather than never.
            self.registered.store(false, Ordering::SeqCst);
        }
    }

    /// After a change to the knowledge (this process's, or one it took in
    /// from elsewhere): registers the commands again when the document's
    /// shape changed, in the process that registered them.
    pub async fn after_change(&self, http: &Http, engine: &Engine) {
        let shape = Shape::of(&engine.knowledge());
        let registered = *self
            .registered_shape
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if self.registered.load(Ordering::SeqCst) && registered != Some(shape) {
            self.register(http, engine).await;
        }
    }

    /// Registers the slash commands; returns whether Discord took them all.
    pub async fn register(&self, http: &Http, engine: &Engine) -> bool {
        let shape = Shape::of(&engine.knowledge());
        *self
            .registered_shape
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(shape);
        let definitions = commands::definitions(shape);
        if self.guilds.is_empty() {
            return match serenity::all::Command::set_global_commands(http, definitions).await {
                Ok(registered) => {
                    tracing::info!(
                        commands = registered.len(),
                        "registered the slash commands globally (Discord may take up to an hour to show them)"
                    );
                    true
                }
                Err(error) => {
                    tracing::error!(
                        error = deliver::describe(&error),
                        "could not register the slash commands"
                    );
                    false
                }
            };
        }
        let mut all = true;
        for &guild in &self.guilds {
            let Some(guild_id) = std::num::NonZeroU64::new(guild).map(GuildId::from) else {
                tracing::warn!("discord.guilds contains 0, which is no guild id; skipped");
                continue;
            };
            match guild_id.set_commands(http, definitions.clone()).await {
                Ok(registered) => tracing::info!(
                    guild,
                    commands = registered.len(),
                    "registered the slash commands in a guild"
                ),
                Err(error) => {
                    all = false;
                    tracing::error!(
                        guild,
                        error = deliver::describe(&error),
                        "could not register the slash commands in a guild"
                    );
                }
            }
        }
        all
    }
}
