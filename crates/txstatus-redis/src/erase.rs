//! Erasure reaches shared state: what Redis holds about a transaction, deleted.

use crate::{error::Error, watch::WatchQueue};

/// What [`WatchQueue::erase`] removed, and what it leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Erased {
    /// Keys and schedule entries removed (state with its last status, interval and
    /// lease; the schedule entry).
    pub removed: u64,
    /// Transition stream entries removed (0 unless stream erasure is allowed).
    pub stream_entries: u64,
    /// What is not removed, in words, for the operator.
    pub not_removed: Vec<&'static str>,
}

/// Stream entries read per page while erasing.
const PAGE: usize = 1000;

/// What stays after erasure, always: neither is personal data, but say so.
const ALWAYS_KEPT: &[&str] = &[
    "the rate budget's log (start times only, no ids)",
    "webhook event-id markers (keyed by event id, expire with the provider's retry horizon)",
    "copies already read by consumers of the transition stream",
];

impl WatchQueue {
    /// Deletes what Redis holds about `id` of `provider`: its watch state (interval,
    /// lease: a worker holding it is fenced out) and schedule entry, the webhook store's
    /// state (last status, read tickets, the hints kept for its next transition) and
    /// sweep entry, and, when
    /// [`allow_stream_erasure`](Self::allow_stream_erasure) is set, its entries in the
    /// transition stream. Transition records hold ids and statuses only, nothing
    /// personal; deleting them is for erasure of the id itself.
    ///
    /// A read in flight meanwhile writes nothing: a worker's lease is fenced (and
    /// [`begin_read`](Self::begin_read) gives it no ticket), and a webhook re-read's
    /// ticket was issued by the erased state, so its commit records nothing.
    ///
    /// A provider name [`enqueue`](Self::enqueue) would refuse is an error
    /// ([`ErrorKind::Config`](crate::ErrorKind::Config)), nothing deleted: such a name
    /// could name another provider's keys.
    pub async fn erase(&self, provider: &str, id: &str) -> Result<Erased, Error> {
        crate::watch::check_provider(provider)?;
        let mut connection = self.redis.connection();
        let removed: u64 = redis::Script::new(include_str!("lua/watch_erase.lua"))
            .key(self.tx_key(provider, id))
            .key(self.due_key(provider))
            .key(self.webhook_tx_key(provider, id))
            .key(self.webhook_due_key())
            .arg(id)
            .arg(Self::webhook_due_member(provider, id))
            .invoke_async(&mut connection)
            .await?;
        let mut not_removed = ALWAYS_KEPT.to_vec();
        let stream_entries = if self.erase_stream_entries {
            self.erase_stream(provider, id).await?
        } else {
            not_removed.push("its entries in the transition stream (stream erasure not allowed)");
            0
        };
        Ok(Erased {
            removed,
            stream_entries,
            not_removed,
        })
    }

    /// Deletes the stream entries of one transaction (a scan of the bounded stream).
    async fn erase_stream(&self, provider: &str, id: &str) -> Result<u64, Error> {
        let mut connection = self.redis.connection();
        let stream = self.stream_key();
        // A key of another type there (written by another program) holds no transition
        // of ours: nothing to erase, and no error that would stop every erasure.
        let kind: String = redis::cmd("TYPE")
            .arg(&stream)
            .query_async(&mut connection)
            .await?;
        if kind != "stream" {
            return Ok(0);
        }
        let mut start = "-".to_owned();
        let mut deleted = 0_u64;
        loop {
            // Compared in the script (see `lua/stream_naming.lua`): only ids come back,
            // never a value (whatever its length or encoding), and an entry another
            // program wrote is only not a match, never a stop to erasure.
            let page: Vec<(String, u8)> = redis::Script::new(include_str!("lua/stream_naming.lua"))
                .key(&stream)
                .arg(&start)
                .arg(PAGE)
                .arg(provider)
                .arg(id)
                .invoke_async(&mut connection)
                .await?;
            let Some((last, _)) = page.last() else {
                break;
            };
            start = format!("({last}");
            let matching: Vec<&str> = page
                .iter()
                .filter(|(_, matches)| *matches == 1)
                .map(|(entry, _)| entry.as_str())
                .collect();
            if !matching.is_empty() {
                let n: u64 = redis::cmd("XDEL")
                    .arg(&stream)
                    .arg(&matching)
                    .query_async(&mut connection)
                    .await?;
                deleted = deleted.saturating_add(n);
            }
            if page.len() < PAGE {
                break;
            }
        }
        Ok(deleted)
    }
}
