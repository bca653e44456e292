//! Where the knowledge's texts and what members ask are kept: the storage
//! seams under the core. Each is a trait with one implementation per kind
//! of store, chosen from the configuration in one place ([`open`]): today
//! knowledge files under a directory lock with an audit log beside them, and
//! a SQLite file for learning; PostgreSQL is one more implementation of the
//! same traits, not a fork of the editor or of learning.
//!
//! Owns: the seams' traits and the values that cross them, and their
//! implementations.
//!
//! Must not know: the engine, search, replies, transports. The core
//! (`moderation`, `learning`) holds a store through its trait and decides
//! what to do with what it reads.

pub mod files;
pub mod knowledge;
pub mod learning;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod sqlite;

use std::sync::Arc;

pub use files::FileStore;
pub use knowledge::{KnowledgeStore, StoreError, Transaction};

use crate::config::Config;

/// The knowledge store the configuration names: PostgreSQL with
/// `[store]`, else the knowledge directory and its audit log.
pub fn knowledge(config: &Config) -> Result<Arc<dyn KnowledgeStore>, StoreError> {
    #[cfg(feature = "postgres")]
    if let Some(store) = &config.store {
        let pg = postgres::Postgres::shared(store)
            .map_err(|error| StoreError::Unavailable(Box::new(error)))?;
        return Ok(Arc::new(postgres::PgKnowledge::new(pg)));
    }
    Ok(Arc::new(FileStore::new(
        config.knowledge_dir.clone(),
        config.audit_log.clone(),
    )))
}
