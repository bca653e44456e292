//! The learning store in PostgreSQL: the same rows as the SQLite file
//! (`questions`, `passages`, `settled`), so every process of one bot records
//! into, and moderators read from, one place. While the database is down a
//! write fails fast; the learning writer keeps the records in its bounded
//! queue and writes them when it answers.

use std::sync::Arc;

use sqlx::{PgPool, Row};

use super::{PgError, Postgres};
use crate::store::learning::{
    Day, GapRow, LearningStore, LearningStoreError, Purged, Record, SettledRow, Settlement, Shown,
};

/// The learning store in one database.
pub struct PgLearning {
    pg: Arc<Postgres>,
}

impl PgLearning {
    pub fn new(pg: Arc<Postgres>) -> Self {
        Self { pg }
    }
}

fn failed(error: PgError) -> LearningStoreError {
    LearningStoreError::Postgres(Box::new(error))
}

/// A count from the store; never negative.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Deletes what was recorded before `before` (milliseconds).
async fn delete_before(tx: &mut sqlx::PgConnection, before: i64) -> Result<usize, sqlx::Error> {
    let deleted = sqlx::query("DELETE FROM questions WHERE at < $1")
        .bind(before)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM settled WHERE at < $1")
        .bind(before)
        .execute(&mut *tx)
        .await?;
    Ok(usize::try_from(deleted).unwrap_or(usize::MAX))
}

impl LearningStore for PgLearning {
    fn write(&mut self, records: &[Record]) -> Result<(), LearningStoreError> {
        let records = records.to_vec();
        let sql = self.pg.sql();
        self.pg
            .run(move |pool| async move {
                let mut tx = pool.begin().await.map_err(&sql)?;
                for record in &records {
                    match record {
                        Record::Asked(asked) => {
                            let id: i64 = sqlx::query_scalar(
                                "INSERT INTO questions (key, at, source, text, normalized, outcome)
                                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                            )
                            .bind(asked.key)
                            .bind(asked.at)
                            .bind(asked.source)
                            .bind(&asked.text)
                            .bind(&asked.normalized)
                            .bind(asked.outcome.code())
                            .fetch_one(&mut *tx)
                            .await
                            .map_err(&sql)?;
                            for (rank, (passage, shown)) in asked.passages.iter().enumerate() {
                                sqlx::query(
                                    "INSERT INTO passages (question, rank, passage, shown)
                                     VALUES ($1, $2, $3, $4)",
                                )
                                .bind(id)
                                .bind(i32::try_from(rank).unwrap_or(i32::MAX))
                                .bind(passage)
                                .bind(shown)
                                .execute(&mut *tx)
                                .await
                                .map_err(&sql)?;
                            }
                        }
                        Record::Vote { key, up, down } => {
                            sqlx::query(
                                "UPDATE questions SET up = up + $2, down = down + $3 WHERE key = $1",
                            )
                            .bind(key)
                            .bind(up)
                            .bind(down)
                            .execute(&mut *tx)
                            .await
                            .map_err(&sql)?;
                        }
                    }
                }
                tx.commit().await.map_err(&sql)
            })
            .map_err(failed)
    }

    fn settle(
        &mut self,
        normalized: &str,
        how: &Settlement,
        at: i64,
    ) -> Result<(), LearningStoreError> {
        let (how, passage) = match how {
            Settlement::Taught { passage } => ("taught", Some(passage.clone())),
            Settlement::Dismissed => ("dismissed", None),
        };
        let normalized = normalized.to_string();
        let sql = self.pg.sql();
        self.pg
            .run(move |pool| async move {
                sqlx::query(
                    "INSERT INTO settled (normalized, how, passage, at, upto)
                     VALUES ($1, $2, $3, $4, (SELECT coalesce(max(id), 0) FROM questions))
                     ON CONFLICT (normalized) DO UPDATE
                     SET how = excluded.how, passage = excluded.passage, at = excluded.at,
                         upto = excluded.upto",
                )
                .bind(normalized)
                .bind(how)
                .bind(passage)
                .bind(at)
                .execute(&pool)
                .await
                .map(drop)
                .map_err(sql)
            })
            .map_err(failed)
    }

    fn purge_before(&mut self, before: i64) -> Result<usize, LearningStoreError> {
        let sql = self.pg.sql();
        self.pg
            .run(move |pool| async move {
                let mut tx = pool.begin().await.map_err(&sql)?;
                let deleted = delete_before(&mut tx, before).await.map_err(&sql)?;
                tx.commit().await.map_err(&sql)?;
                Ok(deleted)
            })
            .map_err(failed)
    }

    fn purge_all(&mut self) -> Result<Purged, LearningStoreError> {
        let sql = self.pg.sql();
        let suffix = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
            .to_string()
            .replace(['-', ':'], "")
            .to_lowercase();
        self.pg
            .run(move |pool| async move {
                let mut tx = pool.begin().await.map_err(&sql)?;
                // Nobody records in between: the copy holds all that goes.
                sqlx::query("LOCK TABLE questions, passages, settled IN EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await
                    .map_err(&sql)?;
                let any: bool = sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM questions) OR EXISTS (SELECT 1 FROM settled)",
                )
                .fetch_one(&mut *tx)
                .await
                .map_err(&sql)?;
                let copy = if any {
                    for table in ["questions", "passages", "settled"] {
                        // Names made here, of letters, digits and `_`.
                        sqlx::query(sqlx::AssertSqlSafe(format!(
                            "CREATE TABLE {table}_purged_{suffix} AS TABLE {table}"
                        )))
                        .execute(&mut *tx)
                        .await
                        .map_err(&sql)?;
                    }
                    Some(std::path::PathBuf::from(format!(
                        "the PostgreSQL tables questions_purged_{suffix}, \
                         passages_purged_{suffix} and settled_purged_{suffix}"
                    )))
                } else {
                    None
                };
                let questions = delete_before(&mut tx, i64::MAX).await.map_err(&sql)?;
                tx.commit().await.map_err(&sql)?;
                Ok(Purged { questions, copy })
            })
            .map_err(failed)
    }

    fn gap_rows(&self, since: i64, each: &mut dyn FnMut(GapRow)) -> Result<(), LearningStoreError> {
        // Streamed through a bounded channel: the rows are read on the
        // database's runtime, handed to `each` here one at a time.
        let (rows, mut received) = tokio::sync::mpsc::channel::<GapRow>(256);
        let sql = self.pg.sql();
        let reading = std::thread::scope(|scope| {
            let reader = scope.spawn(|| {
                self.pg.run(move |pool: PgPool| async move {
                    use futures_util::TryStreamExt;
                    let mut stream = sqlx::query(
                        "SELECT q.id, q.text, q.normalized, q.at, q.down,
                                (SELECT string_agg(passage, ' ' ORDER BY rank)
                                 FROM passages p WHERE p.question = q.id)
                         FROM questions q
                         WHERE q.at >= $1
                           AND (q.outcome = 'nothing' OR q.down > 0)
                           AND q.normalized <> ''
                           AND NOT EXISTS (
                               SELECT 1 FROM settled s
                               WHERE s.normalized = q.normalized
                                 AND (s.how = 'dismissed' OR s.upto >= q.id))
                         ORDER BY q.at",
                    )
                    .bind(since)
                    .fetch(&pool);
                    while let Some(row) = stream.try_next().await.map_err(&sql)? {
                        let passages: Option<String> = row.try_get(5).map_err(&sql)?;
                        let gap = GapRow {
                            id: row.try_get(0).map_err(&sql)?,
                            text: row.try_get(1).map_err(&sql)?,
                            normalized: row.try_get(2).map_err(&sql)?,
                            at: row.try_get(3).map_err(&sql)?,
                            down: count(row.try_get(4).map_err(&sql)?),
                            passages: passages
                                .unwrap_or_default()
                                .split_whitespace()
                                .map(str::to_string)
                                .collect(),
                        };
                        if rows.send(gap).await.is_err() {
                            break;
                        }
                    }
                    Ok(())
                })
            });
            while let Some(row) = received.blocking_recv() {
                each(row);
            }
            reader.join()
        });
        match reading {
            Ok(result) => result.map_err(failed),
            Err(_) => Err(failed(PgError::Interrupted {
                url: self.pg.url().to_string(),
            })),
        }
    }

    fn settled(&self) -> Result<Vec<SettledRow>, LearningStoreError> {
        let sql = self.pg.sql();
        self.pg
            .run(move |pool| async move {
                let rows = sqlx::query(
                    "SELECT s.normalized, s.how, s.upto,
                            (SELECT q.text FROM questions q WHERE q.normalized = s.normalized
                             ORDER BY q.at DESC LIMIT 1)
                     FROM settled s",
                )
                .fetch_all(&pool)
                .await
                .map_err(&sql)?;
                rows.iter()
                    .map(|row| {
                        Ok(SettledRow {
                            normalized: row.try_get(0).map_err(&sql)?,
                            dismissed: row.try_get::<String, _>(1).map_err(&sql)? == "dismissed",
                            upto: row.try_get(2).map_err(&sql)?,
                            wording: row.try_get(3).map_err(&sql)?,
                        })
                    })
                    .collect()
            })
            .map_err(failed)
    }

    fn per_day(&self, since: i64) -> Result<Vec<Day>, LearningStoreError> {
        let sql = self.pg.sql();
        self.pg
            .run(move |pool| async move {
                let rows = sqlx::query(
                    "SELECT to_char(to_timestamp(at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                            count(*), count(*) FILTER (WHERE outcome <> 'nothing')
                     FROM questions WHERE at >= $1 GROUP BY day ORDER BY day",
                )
                .bind(since)
                .fetch_all(&pool)
                .await
                .map_err(&sql)?;
                rows.iter()
                    .map(|row| {
                        Ok(Day {
                            day: row.try_get(0).map_err(&sql)?,
                            questions: count(row.try_get(1).map_err(&sql)?),
                            answered: count(row.try_get(2).map_err(&sql)?),
                        })
                    })
                    .collect()
            })
            .map_err(failed)
    }

    fn shown(&self, since: i64, limit: usize) -> Result<Vec<Shown>, LearningStoreError> {
        let sql = self.pg.sql();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.pg
            .run(move |pool| async move {
                let rows = sqlx::query(
                    "SELECT p.passage, count(*), sum(q.up)::bigint, sum(q.down)::bigint
                     FROM passages p JOIN questions q ON q.id = p.question
                     WHERE p.shown AND q.at >= $1
                     GROUP BY p.passage ORDER BY count(*) DESC, p.passage LIMIT $2",
                )
                .bind(since)
                .bind(limit)
                .fetch_all(&pool)
                .await
                .map_err(&sql)?;
                rows.iter()
                    .map(|row| {
                        Ok(Shown {
                            id: row.try_get(0).map_err(&sql)?,
                            shown: count(row.try_get(1).map_err(&sql)?),
                            up: count(row.try_get::<Option<i64>, _>(2).map_err(&sql)?.unwrap_or(0)),
                            down: count(
                                row.try_get::<Option<i64>, _>(3).map_err(&sql)?.unwrap_or(0),
                            ),
                        })
                    })
                    .collect()
            })
            .map_err(failed)
    }
}
