//! PostgreSQL, where the knowledge and the learning store are kept when
//! several processes serve one bot (`[store]`, feature `postgres`): one
//! connection pool per process and database, the schema and its migrations
//! (`schema`), the knowledge store (`knowledge`: texts, version, audit log,
//! LISTEN/NOTIFY), the last loaded knowledge on local disk to start from
//! while the database is down (`cache`), the learning store (`learning`),
//! the advisory locks that keep gateway processes apart (`locks`) and the
//! state a button press needs on any replica (`state`).
//!
//! The core is blocking and the transports async; sqlx is async. Each
//! database is reached through a small tokio runtime of its own
//! ([`Postgres::run`]): a blocking caller (the editor on a blocking thread,
//! the learning writer, the console) waits for its future there, and an
//! async caller awaits it ([`Postgres::spawn`]); neither needs the other's
//! runtime, and the pool lives in one.

mod cache;
mod knowledge;
mod learning;
pub mod locks;
mod schema;
pub mod state;

use std::collections::HashMap;
use std::future::Future;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

pub use knowledge::PgKnowledge;
pub use learning::PgLearning;

use crate::config::StoreConfig;

/// The channel every process LISTENs on; the payload is the new version.
pub const CHANNEL: &str = "missionbot_knowledge";

/// What PostgreSQL could not do.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("PostgreSQL at {url}: {source}")]
    Sql {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("PostgreSQL at {url}: migrating the schema: {source}")]
    Migrate {
        url: String,
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    #[error("PostgreSQL at {url}: no answer within {waited:?}")]
    Timeout { url: String, waited: Duration },
    #[error("PostgreSQL at {url}: the request was interrupted")]
    Interrupted { url: String },
    #[error("PostgreSQL at {url}: {what}")]
    Data { url: String, what: String },
    #[error("cannot start the PostgreSQL client")]
    Runtime(#[source] std::io::Error),
}

/// One database, as this process reaches it: its pool, its runtime.
pub struct Postgres {
    config: StoreConfig,
    /// The URL as shown in messages (never holds a password: the config
    /// refuses one).
    url: String,
    runtime: tokio::runtime::Runtime,
    /// `Err`: the URL does not parse; every use says so.
    pool: Result<PgPool, String>,
    options: Option<PgConnectOptions>,
    /// Whether this process has brought the schema up to date (shared with
    /// the futures that do it).
    migrated: Arc<AtomicBool>,
}

/// Every database this process uses, by URL: one pool each, shared by the
/// knowledge store, the learning writer and readers, and the transports.
fn registry() -> &'static Mutex<HashMap<String, Arc<Postgres>>> {
    static REGISTRY: OnceLock<Mutex<HashMap<String, Arc<Postgres>>>> = OnceLock::new();
    REGISTRY.get_or_init(Mutex::default)
}

impl Postgres {
    /// The database `config` names, shared with the rest of the process.
    /// Nothing is connected yet: a database that is down now is reached
    /// when it answers.
    pub fn shared(config: &StoreConfig) -> Result<Arc<Self>, PgError> {
        let mut registry = registry().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = registry.get(&config.url)
            && found.config == *config
        {
            return Ok(found.clone());
        }
        let opened = Arc::new(Self::open(config)?);
        registry.insert(config.url.clone(), opened.clone());
        Ok(opened)
    }

    fn open(config: &StoreConfig) -> Result<Self, PgError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("postgres")
            .enable_all()
            .build()
            .map_err(PgError::Runtime)?;
        let options = PgConnectOptions::from_str(&config.url)
            // The server's notices ("already exists, skipping") are not the
            // operator's business.
            .map(|o| {
                o.application_name("missionbot")
                    .options([("client_min_messages", "warning")])
            })
            .map_err(|error| error.to_string());
        let pool = options.clone().map(|options| {
            let _entered = runtime.enter();
            PgPoolOptions::new()
                .max_connections(config.pool_size)
                .acquire_timeout(Duration::from_millis(config.acquire_timeout_ms))
                .connect_lazy_with(options)
        });
        Ok(Self {
            url: config.url.clone(),
            config: config.clone(),
            runtime,
            options: options.ok(),
            pool,
            migrated: Arc::new(AtomicBool::new(false)),
        })
    }

    pub fn config(&self) -> &StoreConfig {
        &self.config
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn sql(&self) -> impl Fn(sqlx::Error) -> PgError + Send + Sync + 'static {
        let url = self.url.clone();
        move |source| PgError::Sql {
            url: url.clone(),
            source,
        }
    }

    /// The pool, or why there is none (a URL that does not parse).
    fn pool(&self) -> Result<PgPool, PgError> {
        self.pool.clone().map_err(|why| PgError::Data {
            url: self.url.clone(),
            what: format!("store.url cannot be read: {why}"),
        })
    }

    /// How long one request may take before it is given up: a connection
    /// is waited for `acquire_timeout_ms`, and the statements after it are
    /// short.
    fn deadline(&self) -> Duration {
        Duration::from_millis(self.config.acquire_timeout_ms) + Duration::from_secs(5)
    }

    /// Runs `work` on the pool from a blocking caller, bounded by
    /// [`Postgres::deadline`]; the schema is brought up to date first.
    pub fn run<T, F, W>(&self, work: W) -> Result<T, PgError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, PgError>> + Send + 'static,
        W: FnOnce(PgPool) -> F,
    {
        let pool = self.pool()?;
        let future = self.bounded(work(pool));
        let migrate = (!self.migrated.load(Ordering::Acquire)).then(|| self.migrator());
        let (done, answer) = std::sync::mpsc::sync_channel(1);
        self.runtime.spawn(async move {
            let result = match migrate {
                Some(migrate) => match migrate.await {
                    Ok(()) => future.await,
                    Err(error) => Err(error),
                },
                None => future.await,
            };
            let _ = done.send(result);
        });
        answer.recv().map_err(|_| PgError::Interrupted {
            url: self.url.clone(),
        })?
    }

    /// [`Postgres::run`] for an async caller: the work runs on this
    /// database's runtime, the caller awaits it from its own.
    pub async fn spawn<T, F, W>(self: &Arc<Self>, work: W) -> Result<T, PgError>
    where
        T: Send + 'static,
        F: Future<Output = Result<T, PgError>> + Send + 'static,
        W: FnOnce(PgPool) -> F,
    {
        let pool = self.pool()?;
        let future = self.bounded(work(pool));
        let migrate = (!self.migrated.load(Ordering::Acquire)).then(|| self.migrator());
        let task = self.runtime.spawn(async move {
            if let Some(migrate) = migrate {
                migrate.await?;
            }
            future.await
        });
        task.await.map_err(|_| PgError::Interrupted {
            url: self.url.clone(),
        })?
    }

    /// `future`, given up after [`Postgres::deadline`].
    fn bounded<T>(
        &self,
        future: impl Future<Output = Result<T, PgError>> + Send + 'static,
    ) -> impl Future<Output = Result<T, PgError>> + Send + 'static {
        let waited = self.deadline();
        let url = self.url.clone();
        async move {
            tokio::time::timeout(waited, future)
                .await
                .unwrap_or(Err(PgError::Timeout { url, waited }))
        }
    }

    /// Brings the schema up to date (once per process, under PostgreSQL's
    /// advisory lock, so processes may start together).
    fn migrator(&self) -> impl Future<Output = Result<(), PgError>> + Send + 'static {
        let pool = self.pool();
        let url = self.url.clone();
        let flag = self.flag();
        let waited = self.deadline();
        async move {
            let pool = pool?;
            let run = schema::migrate(&pool);
            match tokio::time::timeout(waited, run).await {
                Ok(Ok(())) => {
                    flag.store(true, Ordering::Release);
                    Ok(())
                }
                Ok(Err(source)) => Err(PgError::Migrate { url, source }),
                Err(_) => Err(PgError::Timeout { url, waited }),
            }
        }
    }

    fn flag(&self) -> Arc<AtomicBool> {
        self.migrated.clone()
    }

    /// `missionbot store migrate`: the schema brought up to date now;
    /// returns the migrations applied by this call.
    pub fn migrate(&self) -> Result<Vec<i64>, PgError> {
        let pool = self.pool()?;
        let url = self.url.clone();
        let waited = self.deadline();
        let (done, answer) = std::sync::mpsc::sync_channel(1);
        self.runtime.spawn(async move {
            let result = match tokio::time::timeout(waited, schema::migrate_reporting(&pool)).await
            {
                Ok(Ok(applied)) => Ok(applied),
                Ok(Err(source)) => Err(PgError::Migrate { url, source }),
                Err(_) => Err(PgError::Timeout { url, waited }),
            };
            let _ = done.send(result);
        });
        let applied = answer.recv().map_err(|_| PgError::Interrupted {
            url: self.url.clone(),
        })??;
        self.migrated.store(true, Ordering::Release);
        Ok(applied)
    }

    /// A connection of its own, outside the pool, for what must hold one
    /// connection for a long time (LISTEN, an advisory lock).
    async fn dedicated(
        options: Option<PgConnectOptions>,
        url: &str,
        waited: Duration,
    ) -> Result<sqlx::PgConnection, PgError> {
        use sqlx::ConnectOptions;
        let options = options.ok_or_else(|| PgError::Data {
            url: url.to_string(),
            what: "store.url cannot be read".to_string(),
        })?;
        match tokio::time::timeout(waited, options.connect()).await {
            Ok(Ok(connection)) => Ok(connection),
            Ok(Err(source)) => Err(PgError::Sql {
                url: url.to_string(),
                source,
            }),
            Err(_) => Err(PgError::Timeout {
                url: url.to_string(),
                waited,
            }),
        }
    }
}

/// Now, UTC, RFC 3339 to the second: the audit log's times.
fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
