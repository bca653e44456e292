//! What a button press needs, kept where every replica of the interactions
//! endpoint reaches it (`interaction_state`): the question behind a "more"
//! button, a preview waiting for its Confirm, the ballots under answers and
//! each member's cooldown, each until it expires as it would in memory. A
//! member appears only as a keyed SHA-256 of their id (the key, made once,
//! in `interaction_secret`): no user id is stored.

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use super::{PgError, Postgres};
use crate::config::StoreConfig;

/// The state in one database.
pub struct PgState {
    pg: Arc<Postgres>,
    secret: OnceCell<Vec<u8>>,
}

/// How a vote went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cast {
    /// Counted; the member's earlier vote on the answer, if any.
    Counted { before: Option<String> },
    /// The ballot is closed (too old, or never opened).
    Expired,
}

impl PgState {
    pub fn shared(config: &StoreConfig) -> Result<Self, PgError> {
        Ok(Self {
            pg: Postgres::shared(config)?,
            secret: OnceCell::new(),
        })
    }

    /// Keeps `payload` under (`kind`, `key`) for `ttl`; expired entries go.
    pub async fn put(
        &self,
        kind: &'static str,
        key: u64,
        payload: String,
        ttl: Duration,
    ) -> Result<(), PgError> {
        let sql = self.pg.sql();
        let ttl = ttl.as_secs_f64();
        self.pg
            .spawn(move |pool| async move {
                sqlx::query("DELETE FROM interaction_state WHERE expires_at < now()")
                    .execute(&pool)
                    .await
                    .map_err(&sql)?;
                sqlx::query(
                    "INSERT INTO interaction_state (kind, key, payload, expires_at)
                     VALUES ($1, $2, $3, now() + make_interval(secs => $4))
                     ON CONFLICT (kind, key) DO UPDATE
                     SET payload = excluded.payload, expires_at = excluded.expires_at",
                )
                .bind(kind)
                .bind(key as i64)
                .bind(payload)
                .bind(ttl)
                .execute(&pool)
                .await
                .map(drop)
                .map_err(&sql)
            })
            .await
    }

    /// What is kept under (`kind`, `key`), if it has not expired.
    pub async fn get(&self, kind: &'static str, key: u64) -> Result<Option<String>, PgError> {
        let sql = self.pg.sql();
        self.pg
            .spawn(move |pool| async move {
                sqlx::query_scalar(
                    "SELECT payload FROM interaction_state
                     WHERE kind = $1 AND key = $2 AND expires_at > now()",
                )
                .bind(kind)
                .bind(key as i64)
                .fetch_optional(&pool)
                .await
                .map_err(sql)
            })
            .await
    }

    /// Takes what is kept under (`kind`, `key`) out, once, if it has not
    /// expired and `wanted` accepts it: `Ok(Err(Some(payload)))` when it
    /// refuses (the entry stays), `Ok(Err(None))` when there is none.
    pub async fn take_if(
        &self,
        kind: &'static str,
        key: u64,
        wanted: impl FnOnce(&str) -> bool + Send + 'static,
    ) -> Result<Result<String, Option<String>>, PgError> {
        let sql = self.pg.sql();
        self.pg
            .spawn(move |pool| async move {
                let mut tx = pool.begin().await.map_err(&sql)?;
                let found: Option<String> = sqlx::query_scalar(
                    "SELECT payload FROM interaction_state
                     WHERE kind = $1 AND key = $2 AND expires_at > now() FOR UPDATE",
                )
                .bind(kind)
                .bind(key as i64)
                .fetch_optional(&mut *tx)
                .await
                .map_err(&sql)?;
                let Some(found) = found else {
                    return Ok(Err(None));
                };
                if !wanted(&found) {
                    return Ok(Err(Some(found)));
                }
                sqlx::query("DELETE FROM interaction_state WHERE kind = $1 AND key = $2")
                    .bind(kind)
                    .bind(key as i64)
                    .execute(&mut *tx)
                    .await
                    .map_err(&sql)?;
                tx.commit().await.map_err(&sql)?;
                Ok(Ok(found))
            })
            .await
    }

    /// `user`'s vote (`up` or `down`) on the answer whose ballot is kept
    /// under `answer` (opened with [`PgState::put`], kind `ballot`).
    pub async fn vote(
        &self,
        answer: u64,
        user: u64,
        vote: &'static str,
        ttl: Duration,
    ) -> Result<Cast, PgError> {
        let voter = self
            .member(&[answer.to_le_bytes(), user.to_le_bytes()].concat())
            .await?;
        let sql = self.pg.sql();
        let ttl = ttl.as_secs_f64();
        self.pg
            .spawn(move |pool| async move {
                let mut tx = pool.begin().await.map_err(&sql)?;
                let open: Option<i64> = sqlx::query_scalar(
                    "SELECT key FROM interaction_state
                     WHERE kind = 'ballot' AND key = $1 AND expires_at > now() FOR SHARE",
                )
                .bind(answer as i64)
                .fetch_optional(&mut *tx)
                .await
                .map_err(&sql)?;
                if open.is_none() {
                    return Ok(Cast::Expired);
                }
                let before: Option<String> = sqlx::query_scalar(
                    "SELECT payload FROM interaction_state
                     WHERE kind = 'vote' AND key = $1 FOR UPDATE",
                )
                .bind(voter)
                .fetch_optional(&mut *tx)
                .await
                .map_err(&sql)?;
                sqlx::query(
                    "INSERT INTO interaction_state (kind, key, payload, expires_at)
                     VALUES ('vote', $1, $2, now() + make_interval(secs => $3))
                     ON CONFLICT (kind, key) DO UPDATE SET payload = excluded.payload",
                )
                .bind(voter)
                .bind(vote)
                .bind(ttl)
                .execute(&mut *tx)
                .await
                .map_err(&sql)?;
                tx.commit().await.map_err(&sql)?;
                Ok(Cast::Counted { before })
            })
            .await
    }

    /// `user`'s cooldown: `None` when they may ask now (it starts again),
    /// else how long is left.
    pub async fn cooldown(&self, user: u64, period: Duration) -> Result<Option<Duration>, PgError> {
        let member = self.member(&user.to_le_bytes()).await?;
        let sql = self.pg.sql();
        let secs = period.as_secs_f64();
        self.pg
            .spawn(move |pool| async move {
                let started: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO interaction_state (kind, key, payload, expires_at)
                     VALUES ('cooldown', $1, '', now() + make_interval(secs => $2))
                     ON CONFLICT (kind, key) DO UPDATE SET expires_at = excluded.expires_at
                     WHERE interaction_state.expires_at <= now()
                     RETURNING key",
                )
                .bind(member)
                .bind(secs)
                .fetch_optional(&pool)
                .await
                .map_err(&sql)?;
                if started.is_some() {
                    return Ok(None);
                }
                let left: f64 = sqlx::query_scalar(
                    "SELECT greatest(extract(epoch FROM expires_at - now())::float8, 0)
                     FROM interaction_state WHERE kind = 'cooldown' AND key = $1",
                )
                .bind(member)
                .fetch_optional(&pool)
                .await
                .map_err(&sql)?
                .unwrap_or(0.0);
                Ok(Some(Duration::from_secs_f64(left)))
            })
            .await
    }

    /// A member (or a member on one answer) as the store keeps them: a
    /// keyed SHA-256, never the id.
    async fn member(&self, id: &[u8]) -> Result<i64, PgError> {
        let secret = self
            .secret
            .get_or_try_init(|| async {
                let sql = self.pg.sql();
                self.pg
                    .spawn(move |pool| async move {
                        sqlx::query_scalar::<_, Vec<u8>>("SELECT secret FROM interaction_secret")
                            .fetch_one(&pool)
                            .await
                            .map_err(sql)
                    })
                    .await
            })
            .await?;
        let mut hasher = Sha256::new();
        hasher.update(secret);
        hasher.update(id);
        let digest = hasher.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        Ok(i64::from_le_bytes(first))
    }
}
