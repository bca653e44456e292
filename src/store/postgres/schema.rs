//! The schema in PostgreSQL, one migration per version, applied by sqlx's
//! migrator: it holds `pg_advisory_lock` while it runs, so processes that
//! start together apply each migration once, and it records what it applied
//! (`missionbot_migrations`). Migrations are only ever appended.
//!
//! - `knowledge_head`: one row, the knowledge's version; every change bumps
//!   it in the transaction that makes it, and refuses a stale one.
//! - `knowledge_files`: the knowledge's TOML texts by file name.
//! - `knowledge_audit`: the audit log, ids sequential in commit order, each
//!   entry with the version it made.
//! - `questions`, `passages`, `settled`: the learning store, as in SQLite
//!   (no user id).
//! - `interaction_state`: what a button press needs on any replica ("more",
//!   ballots, previews, cooldowns), until it expires; `interaction_secret`,
//!   the key user ids are hashed with there.

use std::borrow::Cow;

use sqlx::PgPool;
use sqlx::migrate::{Migrate, MigrateError, Migration, MigrationType, Migrator};

/// The migrations, by version from 1.
const MIGRATIONS: &[(&str, &str)] = &[(
    "knowledge, learning and interaction state",
    "
    CREATE TABLE knowledge_head (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        version bigint NOT NULL
    );
    INSERT INTO knowledge_head (id, version) VALUES (true, 0);
    CREATE TABLE knowledge_files (
        name text PRIMARY KEY,
        body text NOT NULL
    );
    CREATE TABLE knowledge_audit (
        id bigint PRIMARY KEY,
        at text NOT NULL,
        who text NOT NULL,
        what text NOT NULL,
        passages text[] NOT NULL,
        diff text[] NOT NULL,
        files text NOT NULL,
        reverts bigint,
        version bigint NOT NULL
    );
    CREATE INDEX knowledge_audit_passages ON knowledge_audit USING gin (passages);
    CREATE TABLE questions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        key bigint NOT NULL,
        at bigint NOT NULL,
        source text NOT NULL,
        text text NOT NULL,
        normalized text NOT NULL,
        outcome text NOT NULL,
        up bigint NOT NULL DEFAULT 0,
        down bigint NOT NULL DEFAULT 0
    );
    CREATE INDEX questions_at ON questions (at);
    CREATE INDEX questions_key ON questions (key);
    CREATE INDEX questions_normalized ON questions (normalized);
    CREATE TABLE passages (
        question bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        rank integer NOT NULL,
        passage text NOT NULL,
        shown boolean NOT NULL,
        PRIMARY KEY (question, rank)
    );
    CREATE INDEX passages_passage ON passages (passage);
    CREATE TABLE settled (
        normalized text PRIMARY KEY,
        how text NOT NULL,
        passage text,
        at bigint NOT NULL,
        upto bigint NOT NULL DEFAULT 0
    );
    CREATE TABLE interaction_state (
        kind text NOT NULL,
        key bigint NOT NULL,
        payload text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE INDEX interaction_state_expires ON interaction_state (expires_at);
    CREATE TABLE interaction_secret (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        secret bytea NOT NULL
    );
    INSERT INTO interaction_secret (secret) VALUES (gen_random_uuid()::text::bytea);
",
)];

/// The table sqlx records applied migrations in.
const TABLE: &str = "missionbot_migrations";

fn migrator() -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .zip(1..)
        .map(|(&(description, sql), version)| {
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                sqlx::SqlStr::from_static(sql),
                false,
            )
        })
        .collect();
    let mut migrator = Migrator::with_migrations(migrations);
    migrator.dangerous_set_table_name(TABLE);
    migrator
}

/// Brings the schema up to date.
pub async fn migrate(pool: &PgPool) -> Result<(), MigrateError> {
    migrator().run(pool).await
}

/// [`migrate`], returning the versions this call applied (none when
/// another process, or an earlier run, had applied them).
pub async fn migrate_reporting(pool: &PgPool) -> Result<Vec<i64>, MigrateError> {
    let before = applied(pool).await?;
    migrate(pool).await?;
    let after = applied(pool).await?;
    Ok(after.into_iter().filter(|v| !before.contains(v)).collect())
}

/// The versions applied so far.
async fn applied(pool: &PgPool) -> Result<Vec<i64>, MigrateError> {
    let mut connection = pool.acquire().await?;
    connection.ensure_migrations_table(TABLE).await?;
    Ok(connection
        .list_applied_migrations(TABLE)
        .await?
        .into_iter()
        .map(|m| m.version)
        .collect())
}
