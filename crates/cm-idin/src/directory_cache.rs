//! The iDIN directory, cached the way CM asks: fetched at most once a day and
//! never shown when older than seven days.
//!
//! The banks rarely change, and CM asks merchants not to fetch the list on
//! every page view. A [`DirectoryCache`] is shared by its clones (one fetch
//! serves them all, and concurrent callers wait for the same fetch). It is
//! refreshed on demand by [`DirectoryCache::get`] once a day has passed, or in
//! the background by spawning [`DirectoryCache::run_refresher`]. When a fetch
//! fails the previous copy keeps being served until it is seven days old;
//! after that the caller gets the fetch's error, never an older list.

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
/// Wait after a failed background fetch before trying again.
pub const DIRECTORY_RETRY: Duration = Duration::from_secs(15 * 60);

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
    /// otherwise the fetch's error.
    pub async fn get(&self) -> Result<Arc<Directory>> {
        let mut state = self.state.lock().await;
        if let Some((directory, at)) = &state.current
            && self.age(*at) < DIRECTORY_REFRESH
        {
            return Ok(directory.clone());
        }
        self.fetch_into(&mut state).await
    }

    /// Fetches now if the cached copy is a day old or there is none (CM's
    /// at-most-daily rule holds for explicit refreshes too). Returns whether a
    /// fetch happened.
    pub async fn refresh(&self) -> Result<bool> {
        let mut state = self.state.lock().await;
        if let Some((_, at)) = &state.current
            && self.age(*at) < DIRECTORY_REFRESH
        {
            return Ok(false);
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
                Ok(_) => match self.age_of_cached().await {
                    Some(age) => DIRECTORY_REFRESH.saturating_sub(age),
                    None => DIRECTORY_RETRY,
                },
                Err(_) => DIRECTORY_RETRY,
            };
            self.clock.sleep(wait.max(Duration::from_secs(1))).await;
        }
    }

    fn age(&self, at: Instant) -> Duration {
        self.clock.now().saturating_duration_since(at)
    }

    async fn fetch_into(&self, state: &mut State) -> Result<Arc<Directory>> {
        match self.client.directory().await {
            Ok(response) => {
                let directory = Arc::new(Directory::new(response.into_value()));
                state.current = Some((directory.clone(), self.clock.now()));
                Ok(directory)
            }
            Err(error) => match &state.current {
                Some((directory, at)) if self.age(*at) < DIRECTORY_MAX_AGE => Ok(directory.clone()),
                // Past seven days the copy is dropped so it is never served again.
                Some(_) => {
                    state.current = None;
                    Err(error)
                }
                None => Err(error),
            },
        }
    }
}
