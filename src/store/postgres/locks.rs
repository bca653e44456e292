//! The advisory locks that keep gateway processes of one bot apart: a
//! guard per shard (a process never runs a shard another runs: it refuses
//! to start instead), and the identify lease (processes identify one at a
//! time, so together they never identify faster than Discord allows). Each
//! lock lives on a connection of its own, held by a task on the database's
//! runtime until the [`Held`] drops; a shard guard whose connection is lost
//! is taken again when the database answers.

use std::ops::RangeInclusive;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use super::{PgError, Postgres};

/// The advisory lock space of the shard guards (`pg_try_advisory_lock(SHARDS, shard)`).
const SHARDS: i32 = 0x6d62_0001;
/// The identify lease's key.
const IDENTIFY: i64 = 0x6d62_0002;
/// How often a held lock's connection is checked.
const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "shard {0} already runs in another process of this bot: each process needs its own \
         range (discord.shards)"
    )]
    Taken(u32),
    #[error(transparent)]
    Postgres(#[from] PgError),
}

/// A lock held until this drops.
pub struct Held {
    _release: oneshot::Sender<()>,
}

/// Takes the guard of every shard in `shards`, all or none.
pub async fn guard_shards(
    pg: &Arc<Postgres>,
    shards: RangeInclusive<u32>,
) -> Result<Held, LockError> {
    let (taken, answer) = oneshot::channel();
    let (release, released) = oneshot::channel::<()>();
    let pg_task = pg.clone();
    pg.runtime.spawn(async move {
        let pg = pg_task;
        let mut connection = match take_shards(&pg, &shards).await {
            Ok(connection) => {
                let _ = taken.send(Ok(()));
                connection
            }
            Err(error) => {
                let _ = taken.send(Err(error));
                return;
            }
        };
        tokio::pin!(released);
        loop {
            tokio::select! {
                _ = &mut released => break,
                () = tokio::time::sleep(CHECK_EVERY) => {
                    if sqlx::query("SELECT 1").execute(&mut connection).await.is_ok() {
                        continue;
                    }
                    tracing::warn!("lost the shard guard's connection; taking the guard again");
                    // Taken again as soon as the database answers; meanwhile
                    // the shards run (stopping them would not help anyone).
                    loop {
                        tokio::select! {
                            _ = &mut released => return,
                            () = tokio::time::sleep(CHECK_EVERY) => {}
                        }
                        match take_shards(&pg, &shards).await {
                            Ok(again) => {
                                connection = again;
                                tracing::info!("holding the shard guard again");
                                break;
                            }
                            Err(LockError::Taken(shard)) => {
                                tracing::error!(
                                    shard,
                                    "another process took this process's shard while the \
                                     database was away; two processes now run it"
                                );
                            }
                            Err(LockError::Postgres(_)) => {}
                        }
                    }
                }
            }
        }
    });
    answer.await.map_err(|_| PgError::Interrupted {
        url: pg.url().to_string(),
    })??;
    Ok(Held { _release: release })
}

/// A connection holding the guard of every shard in `shards`.
async fn take_shards(
    pg: &Postgres,
    shards: &RangeInclusive<u32>,
) -> Result<sqlx::PgConnection, LockError> {
    let mut connection = Postgres::dedicated(pg.options.clone(), pg.url(), pg.deadline()).await?;
    for shard in shards.clone() {
        let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
            .bind(SHARDS)
            .bind(i32::try_from(shard).unwrap_or(i32::MAX))
            .fetch_one(&mut connection)
            .await
            .map_err(pg.sql())?;
        if !got {
            // Closing the connection lets go of the shards taken so far.
            return Err(LockError::Taken(shard));
        }
    }
    Ok(connection)
}

/// Waits for the identify lease (another process may be identifying) and
/// holds it until the result drops.
pub async fn identify_lease(pg: &Arc<Postgres>) -> Result<Held, LockError> {
    let (taken, answer) = oneshot::channel();
    let (release, released) = oneshot::channel::<()>();
    let pg_task = pg.clone();
    pg.runtime.spawn(async move {
        let pg = pg_task;
        let connection = async {
            let mut connection =
                Postgres::dedicated(pg.options.clone(), pg.url(), pg.deadline()).await?;
            sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(IDENTIFY)
                .execute(&mut connection)
                .await
                .map_err(pg.sql())?;
            Ok::<_, PgError>(connection)
        };
        match connection.await {
            Ok(connection) => {
                let _ = taken.send(Ok(()));
                let _ = released.await;
                drop(connection);
            }
            Err(error) => {
                let _ = taken.send(Err(error));
            }
        }
    });
    answer.await.map_err(|_| PgError::Interrupted {
        url: pg.url().to_string(),
    })??;
    Ok(Held { _release: release })
}
