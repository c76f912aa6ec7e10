//! Shared state on Redis (`TXSTATUS_REDIS_URL`): the connection and the rate budget.
//! The URL carries a password: it is never echoed, in any message.

use std::{
    cell::Cell,
    sync::{Arc, OnceLock},
    time::Duration,
};

use txstatus_core::{BoxFuture, Clock, RateLimit, RateLimiter, StatusReport, StatusSource};
use txstatus_redis::{Redis, RedisConfig, RedisRateLimiter, URL_ENV, budget_name};

use crate::{cli::ProviderName, env, failure::Failure};

/// The connection when `TXSTATUS_REDIS_URL` is set; `None` when it is not.
pub async fn connect_if_set() -> Result<Option<Redis>, Failure> {
    let config = RedisConfig::from_env().map_err(|e| Failure::usage(e.to_string()))?;
    match config {
        Some(config) => connect(&config).await.map(Some),
        None => Ok(None),
    }
}

/// The connection; a missing `TXSTATUS_REDIS_URL` is a usage error (exit 2).
pub async fn connect_required(command: &str) -> Result<Redis, Failure> {
    connect_if_set().await?.ok_or_else(|| {
        Failure::usage(format!(
            "{command} needs Redis: set {URL_ENV} (redis://... or rediss://...); nothing was sent"
        ))
    })
}

async fn connect(config: &RedisConfig) -> Result<Redis, Failure> {
    Redis::connect(config).await.map_err(|e| match e.kind() {
        txstatus_redis::ErrorKind::Config => Failure::usage(e.to_string()),
        _ => Failure::failed(format!("cannot use {URL_ENV}: {e}")),
    })
}

/// The variable naming a shared budget (instead of the credential's fingerprint).
const BUDGET_NAME_ENV: &str = "TXSTATUS_BUDGET_NAME";

/// Whether `TXSTATUS_REDIS_URL` is set (to anything but blanks): the variables
/// only shared state uses are read then.
pub fn redis_configured() -> bool {
    std::env::var_os(URL_ENV).is_some_and(|url| !url.to_string_lossy().trim().is_empty())
}

/// Reads what [`budget`] will read from the environment when Redis is configured,
/// so a variable that is not UTF-8 is a usage error before Redis is contacted
/// (docs/CLI.md).
pub fn check_budget_env() -> Result<(), Failure> {
    if redis_configured() {
        env::optional(BUDGET_NAME_ENV)?;
    }
    Ok(())
}

/// The credential the default budget name fingerprints (never stored or shown).
fn credential(provider: ProviderName) -> Result<String, Failure> {
    match provider {
        ProviderName::Persona => env::required("PERSONA_API_KEY"),
        ProviderName::CmIdscan => env::required("CM_IDSCAN_KEY_ID"),
        ProviderName::CmIdin => env::required("CM_IDIN_MERCHANT_TOKEN"),
        ProviderName::CmCheckout => env::required("CM_CHECKOUT_CLIENT_ID"),
        ProviderName::Onespan => env::required("ONESPAN_TOKEN"),
    }
}

/// The budget shared by every process on this Redis with the same credential (or the
/// same `TXSTATUS_BUDGET_NAME`), allowing `limit`. The limit stored first wins; a
/// different one given here is reported on stderr once the budget answers.
pub async fn budget(
    redis: &Redis,
    provider: ProviderName,
    limit: RateLimit,
) -> Result<Arc<RedisRateLimiter>, Failure> {
    let name = match env::optional(BUDGET_NAME_ENV)? {
        Some(name) => format!("{}:{name}", provider.as_str()),
        None => budget_name(provider.as_str(), credential(provider)?.as_bytes()),
    };
    let limiter = RedisRateLimiter::builder(redis, name, limit)
        .build()
        .await
        .map_err(|e| Failure::failed(format!("the shared rate budget: {e}")))?;
    if let Ok(Some(stored)) = limiter.stored_limit().await
        && stored != limit
    {
        note!(
            "txstatus: rate budget mismatch: --rate-limit {}/{:?} given, {}/{:?} stored by another process; the stored limit is used",
            limit.requests,
            limit.per,
            stored.requests,
            stored.per
        );
    }
    Ok(Arc::new(limiter))
}

/// Coerces for the client builders.
pub fn as_limiter(budget: Arc<RedisRateLimiter>) -> Arc<dyn RateLimiter> {
    budget
}

tokio::task_local! {
    /// Whether the read running on this task was already given its first slot (the
    /// worker takes one before each read, keeping its lease while it waits).
    static PREPAID: Cell<bool>;
}

/// A client's limiter whose budget is attached once Redis answers: the clients are
/// built, and every usage error found, before Redis is contacted. Until attached (it
/// always is before a request), a request fails as rate-limited: never unlimited.
///
/// Under `worker` ([`Prepaid`]), the worker's own slot pays for a read's first attempt
/// and every further attempt (a retry after a 429, a 5xx or a reset; the attempt after
/// a 401 refresh) takes a slot of its own from the same budget, so the requests that
/// reach the provider never outnumber the budget's slots.
#[derive(Debug, Default)]
pub struct LateBudget {
    budget: OnceLock<Arc<dyn RateLimiter>>,
}

impl LateBudget {
    /// A limiter with no budget yet.
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Attaches the budget (the first one attached stays).
    pub fn attach(&self, budget: Arc<dyn RateLimiter>) {
        let _ = self.budget.set(budget);
    }
}

impl RateLimiter for LateBudget {
    fn acquire<'a>(
        &'a self,
        clock: &'a dyn Clock,
        max_wait: Duration,
    ) -> BoxFuture<'a, Result<(), Duration>> {
        match self.budget.get() {
            Some(budget) => budget.acquire(clock, max_wait),
            None => Box::pin(async { Err(Duration::MAX) }),
        }
    }

    fn try_acquire(&self, clock: &dyn Clock) -> bool {
        if PREPAID
            .try_with(|paid| paid.replace(false))
            .unwrap_or(false)
        {
            return true;
        }
        self.budget
            .get()
            .is_some_and(|budget| budget.try_acquire(clock))
    }
}

/// A worker's source whose client is limited by a [`LateBudget`]: each read runs with
/// its first attempt paid for by the slot the worker took before starting it.
#[derive(Debug)]
pub struct Prepaid(pub Arc<dyn StatusSource>);

impl StatusSource for Prepaid {
    fn provider(&self) -> &'static str {
        self.0.provider()
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(PREPAID.scope(Cell::new(true), self.0.status_report(id)))
    }
}
