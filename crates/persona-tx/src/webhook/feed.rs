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
    /// walk. With more than `limit` events since `after`, the older ones are
    /// skipped: the stale-transaction sweep still covers every transaction a
    /// delivery named.
    fn events_after<'a>(
        &'a self,
        after: Option<&'a str>,
        limit: usize,
    ) -> BoxFuture<'a, txstatus_core::Result<Vec<FeedEvent>>> {
        Box::pin(async move {
            let mut stream = Box::pin(self.client.events(ListEvents::new()));
            let mut events = Vec::new();
            let mut seen = HashSet::new();
            let mut listed = 0usize;
            while listed < limit {
                let Some(event) = stream.next().await else {
                    break;
                };
                listed = listed.saturating_add(1);
                let event = event?;
                if after == Some(event.id.as_str()) {
                    break;
                }
                // Ids compared as sent; a blank id names nothing to merge with.
                if !event.id.trim().is_empty() && !seen.insert(event.id.clone()) {
                    continue;
                }
                // The delivery rule for names (`Delivery::with_event_name`).
                let name = event
                    .name()
                    .map(|name| name.as_str().to_owned())
                    .filter(|name| txstatus_core::provider::id_problem(name).is_none());
                let transaction_id = event
                    .transaction()
                    .map(|transaction| transaction.data.id.clone())
                    // A hostile or broken page (`..`, empty, control characters,
                    // too long) names nothing to re-read.
                    .filter(|id| txstatus_core::provider::id_problem(id).is_none());
                events.push(FeedEvent::new(event.id, name, transaction_id));
            }
            events.reverse();
            Ok(events)
        })
    }
}
