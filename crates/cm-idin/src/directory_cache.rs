//! The iDIN directory, cached the way CM asks: fetched at most once a day and
//! never shown when older than seven days.
//!
//! The banks rarely change, and CM asks merchants not to fetch the list on
//! every page view. A [`DirectoryCache`] is shared by its clones (one fetch
//! serves them all, and concurrent callers wait for it: one fetch runs at a
//! time). It is refreshed on demand by [`DirectoryCache::get`] once a day has
//! passed, or in the background by spawning [`DirectoryCache::run_refresher`].
//! When a fetch fails the previous copy keeps being served until it is seven
//! days old, and no caller fetches again for [`DIRECTORY_RETRY`] (an outage at
//! CM does not turn every page view into a fetch); past seven days the caller
//! gets the fetch's error, never an older list.
//!
//! A failed fetch leaves no copy to serve when there was none (the first fetch,
//! or after seven days): its error is given to every caller for
//! [`DIRECTORY_FAILURE_HOLD_OFF`] (the callers that were waiting for it
//! included), then the next caller fetches again. An error on a caller's own
//! time (its deadline passing before anything was sent) is that caller's alone.
//!
//! A 2xx answer listing no bank a transaction can be created at (`[]`, countries
//! without banks, no `issuer_id` that is a BIC) is a failed fetch too, a decode
//! error keeping the body: it never replaces a copy, nor is it served for a day.

use std::{
    collections::BTreeMap,
    sync::Arc,
    time::{Duration, Instant},
};

use tokio::sync::Mutex;
use txstatus_core::{Clock, Result};

use crate::{Client, DirectoryCountry, Issuer};

/// How long a fetched directory is used before it is fetched again.
pub const DIRECTORY_REFRESH: Duration = Duration::from_secs(24 * 60 * 60);
/// Oldest directory ever served.
pub const DIRECTORY_MAX_AGE: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// Wait after a failed fetch (by a caller or the background refresher) before
/// fetching again, while a copy under seven days old is served instead.
pub const DIRECTORY_RETRY: Duration = Duration::from_secs(15 * 60);

/// How long the error of a failed fetch is given to every caller, with no copy
/// to serve, before one fetches again: a crowd of page views during an outage at
/// CM makes one request, not one each.
pub const DIRECTORY_FAILURE_HOLD_OFF: Duration = Duration::from_secs(5);

/// A fetched directory with its banks grouped by country.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directory {
    countries: Vec<DirectoryCountry>,
}

impl Directory {
    /// Wraps a directory as CM sent it.
    pub fn new(countries: Vec<DirectoryCountry>) -> Self {
        Self { countries }
    }

    /// The countries in CM's order.
    pub fn countries(&self) -> &[DirectoryCountry] {
        &self.countries
    }

    /// Banks grouped by country (countries sorted, banks in CM's order). Banks
    /// of a country CM lists twice are joined; a missing country is `""`.
    pub fn by_country(&self) -> BTreeMap<&str, Vec<&Issuer>> {
        let mut grouped: BTreeMap<&str, Vec<&Issuer>> = BTreeMap::new();
        for country in &self.countries {
            let name = country.country.as_deref().unwrap_or("");
            let entry = grouped.entry(name).or_default();
            entry.extend(country.issuers.iter().flatten());
        }
        grouped
    }

    /// The banks of one country.
    pub fn issuers(&self, country: &str) -> Vec<&Issuer> {
        self.by_country().remove(country).unwrap_or_default()
    }
}

#[derive(Debug, Default)]
struct State {
    current: Option<(Arc<Directory>, Instant)>,
    /// When the last fetch failed, if it did after the last success.
    failed_at: Option<Instant>,
    /// The last failed fetch's error while there was no copy to serve instead.
    failure: Option<(Instant, txstatus_core::Error)>,
}

/// A shared, clock-driven cache of [`Client::directory`].
#[derive(Clone, Debug)]
pub struct DirectoryCache {
    client: Client,
    clock: Arc<dyn Clock>,
    state: Arc<Mutex<State>>,
}

impl DirectoryCache {
    /// A cache over `client`, timed by the client's transport clock.
    pub fn new(client: Client) -> Self {
        let clock = client.clock();
        Self {
            client,
            clock,
            state: Arc::new(Mutex::new(State::default())),
        }
    }

    /// The directory: the cached copy while under a day old, otherwise a fresh
    /// fetch. If that fetch fails, the cached copy while under seven days old,
    /// otherwise the fetch's error. After a failed fetch, a copy under seven days
    /// old is served without fetching again for [`DIRECTORY_RETRY`]; with no such
    /// copy, the fetch's error is given to every caller for
    /// [`DIRECTORY_FAILURE_HOLD_OFF`] (one at a time, the callers waiting for that
    /// fetch included), then the next caller fetches again.
    pub async fn get(&self) -> Result<Arc<Directory>> {
        let mut state = self.state.lock().await;
        if let Some(directory) = self.servable_without_fetch(&state) {
            return Ok(directory);
        }
        if let Some(error) = self.held_failure(&state) {
            return Err(error);
        }
        self.fetch_into(&mut state).await
    }

    /// The last failed fetch's error while it is under
    /// [`DIRECTORY_FAILURE_HOLD_OFF`] old (there was no copy to serve instead).
    fn held_failure(&self, state: &State) -> Option<txstatus_core::Error> {
        let (at, error) = state.failure.as_ref()?;
        (self.age(*at) < DIRECTORY_FAILURE_HOLD_OFF).then(|| error.duplicate())
    }

    /// The cached copy when no fetch is due: it is under a day old, or a fetch
    /// failed less than [`DIRECTORY_RETRY`] ago and it is under seven days old.
    fn servable_without_fetch(&self, state: &State) -> Option<Arc<Directory>> {
        let (directory, at) = state.current.as_ref()?;
        let age = self.age(*at);
        let backing_off = state
            .failed_at
            .is_some_and(|failed| self.age(failed) < DIRECTORY_RETRY);
        (age < DIRECTORY_REFRESH || (backing_off && age < DIRECTORY_MAX_AGE))
            .then(|| directory.clone())
    }

    /// Fetches now if the cached copy is a day old or there is none (CM's
    /// at-most-daily rule holds for explicit refreshes too), and no fetch failed
    /// in the last [`DIRECTORY_RETRY`] while a copy under seven days old is held.
    /// Returns whether a fetch happened.
    pub async fn refresh(&self) -> Result<bool> {
        let mut state = self.state.lock().await;
        if self.servable_without_fetch(&state).is_some() {
            return Ok(false);
        }
        if let Some(error) = self.held_failure(&state) {
            return Err(error);
        }
        self.fetch_into(&mut state).await.map(|_| true)
    }

    /// How old the cached copy is, if there is one.
    pub async fn age_of_cached(&self) -> Option<Duration> {
        let state = self.state.lock().await;
        state.current.as_ref().map(|(_, at)| self.age(*at))
    }

    /// Keeps the cache fresh for ever: refreshes, then sleeps (on the client's
    /// clock) until the copy is a day old, or [`DIRECTORY_RETRY`] after a
    /// failure. Spawn it on your runtime and abort it to stop; it never returns.
    pub async fn run_refresher(&self) {
        loop {
            let wait = match self.refresh().await {
                Ok(_) => {
                    let state = self.state.lock().await;
                    self.until_due(&state)
                }
                Err(_) => DIRECTORY_RETRY,
            };
            self.clock.sleep(wait.max(Duration::from_secs(1))).await;
        }
    }

    /// How long until a fetch is due: the copy turns a day old, and the wait
    /// after a failed fetch is over ([`DIRECTORY_RETRY`] if there is no copy).
    fn until_due(&self, state: &State) -> Duration {
        let refresh_in = state.current.as_ref().map_or(DIRECTORY_RETRY, |(_, at)| {
            DIRECTORY_REFRESH.saturating_sub(self.age(*at))
        });
        let retry_in = state.failed_at.map_or(Duration::ZERO, |failed| {
            DIRECTORY_RETRY.saturating_sub(self.age(failed))
        });
        refresh_in.max(retry_in)
    }

    fn age(&self, at: Instant) -> Duration {
        self.clock.now().saturating_duration_since(at)
    }

    async fn fetch_into(&self, state: &mut State) -> Result<Arc<Directory>> {
        match self.client.directory().await.and_then(with_a_bank) {
            Ok(countries) => {
                let directory = Arc::new(Directory::new(countries));
                state.current = Some((directory.clone(), self.clock.now()));
                state.failed_at = None;
                state.failure = None;
                Ok(directory)
            }
            Err(error) => {
                let now = self.clock.now();
                state.failed_at = Some(now);
                let result = self.after_failed_fetch(state, error);
                state.failure = match &result {
                    Err(error) if !error.failed_on_callers_time() => Some((now, error.duplicate())),
                    _ => None,
                };
                result
            }
        }
    }

    /// What a failed fetch gives: the cached copy while under seven days old,
    /// otherwise the error (and the copy is dropped).
    fn after_failed_fetch(
        &self,
        state: &mut State,
        error: txstatus_core::Error,
    ) -> Result<Arc<Directory>> {
        match &state.current {
            Some((directory, at)) if self.age(*at) < DIRECTORY_MAX_AGE => Ok(directory.clone()),
            // Past seven days the copy is dropped so it is never served again.
            Some(_) => {
                state.current = None;
                Err(error)
            }
            None => Err(error),
        }
    }
}

/// The countries of a directory answer that lists at least one bank a
/// transaction can be created at (an `issuer_id` that
/// [`NewTransaction::validate`](crate::NewTransaction::validate) accepts). Any
/// other 2xx answer (`[]`, countries without banks, ids that are blank or not
/// BICs: a proxy's page, an incident at CM) is a failed fetch, a decode error
/// keeping the body: served for a day, it would leave users no bank to choose
/// while a good copy was at hand.
fn with_a_bank(
    response: txstatus_core::Response<Vec<DirectoryCountry>>,
) -> Result<Vec<DirectoryCountry>> {
    let usable = response
        .value()
        .iter()
        .flat_map(|country| country.issuers.iter().flatten())
        .filter_map(|issuer| issuer.issuer_id.as_deref())
        .any(|id| crate::transaction::check_issuer_id(id).is_ok());
    if usable {
        Ok(response.into_value())
    } else {
        Err(txstatus_core::Error::decode(
            crate::PROVIDER,
            response.status(),
            ".",
            "the directory lists no bank a transaction can be created at (no issuer_id \
             that is a BIC)",
            response.raw().clone(),
        ))
    }
}
