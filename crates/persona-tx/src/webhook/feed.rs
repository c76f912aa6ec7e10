//! [`PersonaEventFeed`]: Persona's `/events` listed so a sweep catches missed
//! deliveries.

use std::collections::HashSet;

use futures_util::StreamExt;
use txstatus_core::BoxFuture;
use txstatus_core::webhook::{EventFeed, FeedEvent};

use crate::{Client, ListEvents, PROVIDER};

/// Persona's `/events` as an [`EventFeed`].
#[derive(Clone, Debug)]
pub struct PersonaEventFeed {
    client: Client,
}

impl PersonaEventFeed {
    /// A feed reading through `client`.
    pub fn new(client: Client) -> Self {
        Self { client }
    }
}

impl EventFeed for PersonaEventFeed {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    /// Walks from the newest event back to `after` (or `limit` listed events),
    /// then returns them oldest first, each event once: a page listing again an
    /// event an earlier page listed (a server taking the cursor inclusively)
    /// adds no second copy, though it counts toward `limit`, which bounds the
    /// walk. With more than `limit` events since `after`, the walk does not
    /// reach it: the feed then pages forward from `after` instead
    /// (`page[before]`, the newer side) and returns the `limit` events right
    /// after it, so the next sweep goes on from the newest of those and none is
    /// skipped. Only when Persona no longer lists `after` (a forward page from
    /// it is empty) are the newest `limit` events returned, the older ones
    /// skipped.
    fn events_after<'a>(
        &'a self,
        after: Option<&'a str>,
        limit: usize,
    ) -> BoxFuture<'a, txstatus_core::Result<Vec<FeedEvent>>> {
        Box::pin(async move {
            let mut stream = Box::pin(self.client.events(ListEvents::new()));
            let mut newest = Collected::default();
            let mut listed = 0usize;
            let mut reached = after.is_none();
            while listed < limit {
                let Some(event) = stream.next().await else {
                    reached = true;
                    break;
                };
                listed = listed.saturating_add(1);
                let event = event?;
                if after == Some(event.id.as_str()) {
                    reached = true;
                    break;
                }
                newest.push(&event);
            }
            let Some(after) = after.filter(|_| !reached) else {
                newest.events.reverse();
                return Ok(newest.events);
            };
            let forward = self.forward_from(after, limit).await?;
            if forward.is_empty() {
                newest.events.reverse();
                return Ok(newest.events);
            }
            Ok(forward)
        })
    }
}

impl PersonaEventFeed {
    /// Up to `limit` events right after `cursor`, oldest first: pages of
    /// `page[before]`, each the events just newer than the newest one so far.
    /// Stops at an empty page, or one that moves the cursor nowhere.
    async fn forward_from(
        &self,
        cursor: &str,
        limit: usize,
    ) -> txstatus_core::Result<Vec<FeedEvent>> {
        let mut out = Collected::default();
        let mut cursor = cursor.to_owned();
        let mut listed = 0usize;
        while listed < limit {
            let size = limit
                .saturating_sub(listed)
                .min(usize::from(crate::MAX_PAGE_SIZE));
            let size = u8::try_from(size).unwrap_or(crate::MAX_PAGE_SIZE);
            let page = self
                .client
                .list_events(&ListEvents::new().before(cursor.clone()).page_size(size))
                .await?;
            let data = &page.value().data;
            listed = listed.saturating_add(data.len().max(1));
            // Newest first: the first is where the next page starts.
            let Some(next) = data.first().map(|event| event.id.clone()) else {
                break;
            };
            for event in data.iter().rev().filter(|event| event.id != cursor) {
                out.push(event);
            }
            if next == cursor || next.trim().is_empty() {
                break;
            }
            cursor = next;
        }
        Ok(out.events)
    }
}

/// Events collected in the order listed, each id once.
#[derive(Default)]
struct Collected {
    events: Vec<FeedEvent>,
    seen: HashSet<String>,
}

impl Collected {
    /// Adds `event` unless its id was added before (ids compared as sent; a
    /// blank id names nothing to merge with).
    fn push(&mut self, event: &crate::model::Event) {
        if !event.id.trim().is_empty() && !self.seen.insert(event.id.clone()) {
            return;
        }
        // The delivery rule for names (`Delivery::with_event_name`).
        let name = event
            .name()
            .map(|name| name.as_str().to_owned())
            .filter(|name| txstatus_core::provider::id_problem(name).is_none());
        let transaction_id = event
            .transaction()
            .map(|transaction| transaction.data.id.clone())
            // A hostile or broken page (`..`, empty, control characters, too
            // long) names nothing to re-read.
            .filter(|id| txstatus_core::provider::id_problem(id).is_none());
        self.events
            .push(FeedEvent::new(event.id.clone(), name, transaction_id));
    }
}
