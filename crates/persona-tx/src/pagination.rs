//! Following `links.next` safely: only its `page[after]` cursor is used, the next
//! request is rebuilt from the caller's filters against the client's own base URL
//! (the link drops the filters and could name any host), and a cursor seen before
//! ends the walk with an error instead of a loop.

use std::collections::{HashSet, VecDeque};

use futures_util::stream::{self, Stream};
use serde::de::DeserializeOwned;
use txstatus_core::provider::{MAX_ID_LEN, RequestSpec, header::HeaderValue};
use txstatus_core::{Error, RawBody, Response, Result, Url};

use crate::{
    Client, PROVIDER,
    list_options::{ListEvents, ListTransactions},
    model::{Event, EventList, Links, TransactionData, TransactionList},
    requests,
};

/// The `page[after]` cursor of a `links.next` path, `None` at the end (no
/// `links`, no `next`, `next: null`). A `next` without a cursor is an error: it
/// cannot be followed without trusting the provider's URL.
///
/// Given only the links, its error holds no body; the page walk
/// ([`Client::transactions`]) puts the page's body in it.
pub fn next_cursor(links: Option<&Links>) -> Result<Option<String>> {
    cursor_in(links, &RawBody::default(), 200)
}

/// [`next_cursor`] for a page that arrived with `status` and `body`: an error
/// keeps the page, like every decode error of an answer.
fn cursor_in(links: Option<&Links>, body: &RawBody, status: u16) -> Result<Option<String>> {
    let malformed = |what: &str| page_error(what, body, status);
    let Some(next) = links.and_then(|links| links.next.as_deref()) else {
        return Ok(None);
    };
    if next.trim().is_empty() {
        return Ok(None);
    }
    // Only parsed, never requested: the base is a placeholder for relative paths.
    let base = Url::parse("https://links.invalid/")
        .map_err(|_| Error::invalid_input(PROVIDER, "internal: placeholder URL"))?;
    let url = base
        .join(next)
        .map_err(|_| malformed("links.next is not a URL or path"))?;
    let mut cursors = url
        .query_pairs()
        .filter(|(key, _)| key == "page[after]")
        .map(|(_, value)| value);
    let first = cursors.next();
    // Two different cursors: which one Persona meant is unknown (a server may
    // take the last), so neither is followed.
    if let Some(first) = &first
        && cursors.any(|other| other != *first)
    {
        return Err(malformed(
            "links.next names page[after] twice with different cursors",
        ));
    }
    first
        .map(std::borrow::Cow::into_owned)
        .filter(|cursor| !cursor.is_empty())
        .ok_or_else(|| malformed("links.next has no page[after] cursor"))
        .and_then(|cursor| {
            // Persona's cursors are object ids: a longer one is not Persona's, and
            // each one seen is kept to detect a loop.
            if cursor.len() > MAX_ID_LEN {
                Err(malformed(
                    "links.next has a page[after] cursor longer than 256 bytes",
                ))
            } else {
                Ok(Some(cursor))
            }
        })
}

/// A page whose `links.next` cannot be followed: a decode error at
/// `links.next` holding the page's body (`what` names no value from it).
fn page_error(what: &str, body: &RawBody, status: u16) -> Error {
    Error::decode(
        PROVIDER,
        status,
        "links.next",
        what.to_owned(),
        body.clone(),
    )
}

/// A list endpoint that pages with `page[after]`.
pub(crate) trait Listing: Clone + Send + Sync + 'static {
    type Page: DeserializeOwned + Send + 'static;
    type Item: Send + 'static;
    fn request(&self, version: &HeaderValue, after: Option<&str>) -> RequestSpec;
    fn split(page: Self::Page) -> (Vec<Self::Item>, Option<Links>);
    fn starting_after(&self) -> Option<&str>;
    /// Refuses, before anything is sent, a query value that would not stay one.
    fn check(&self) -> Result<()>;
    /// What an item [`foreign`](Self::foreign) finds is, in the error's message.
    const FOREIGN: &'static str;
    /// The JSON:API type every item must have (`transaction`, `event`).
    const TYPE: &'static str;
    /// The item's `id`, as sent.
    fn id_of(item: &Self::Item) -> &str;
    /// The item's `type`, as sent (empty when absent).
    fn type_of(item: &Self::Item) -> &str;
    /// Whether `item` names another object than the filters asked for, so the
    /// page cannot be the answer to this listing ([`about_asked`](txstatus_core::provider::about_asked)).
    fn foreign(&self, item: &Self::Item) -> bool {
        let _ = item;
        false
    }
}

/// A page listing an item of another reference id than the one filtered on is
/// a decode error at `data` that keeps the page: a proxy or cache answering for
/// another request, or a filter not applied, would otherwise be taken for the
/// transactions of that reference id (and a lost create for one that happened).
pub(crate) fn check_page<L: Listing>(
    listing: &L,
    items: &[L::Item],
    body: &RawBody,
    status: u16,
) -> Result<()> {
    // An error body under a success status (a gateway's or Persona's `errors`)
    // is no page, and neither is an object without `data`, the primary data
    // every JSON:API list page carries: taken for an empty page, either would
    // be "no transactions", and a lookup after a lost create would create again.
    if txstatus_core::provider::reads_as_error(body.as_bytes()) {
        return Err(Error::decode(
            PROVIDER,
            status,
            ".",
            "the answer is an error body under a success status, not a page",
            body.clone(),
        ));
    }
    if items.is_empty() && !crate::model::has_data_member(body.as_bytes()) {
        return Err(Error::decode(
            PROVIDER,
            status,
            "data",
            "the page has no data member: it is not a list page",
            body.clone(),
        ));
    }
    // A member of another type (an `inquiry` in a transaction list) is not one
    // of the listed objects, whatever its id and attributes say.
    if items
        .iter()
        .any(|item| crate::names_another_type(L::type_of(item), L::TYPE))
    {
        return Err(Error::decode(
            PROVIDER,
            status,
            "data",
            format!("the page lists an object of another type than {}", L::TYPE),
            body.clone(),
        ));
    }
    if items.iter().any(|item| listing.foreign(item)) {
        return Err(Error::decode(
            PROVIDER,
            status,
            "data",
            format!("the page lists {}", L::FOREIGN),
            body.clone(),
        ));
    }
    Ok(())
}

impl Listing for ListTransactions {
    type Page = TransactionList;
    type Item = TransactionData;
    const FOREIGN: &'static str =
        "a transaction of another reference id or transaction type than the one filtered on";
    const TYPE: &'static str = "transaction";
    fn id_of(item: &TransactionData) -> &str {
        &item.id
    }
    fn type_of(item: &TransactionData) -> &str {
        &item.kind
    }
    fn request(&self, version: &HeaderValue, after: Option<&str>) -> RequestSpec {
        requests::list_transactions(version, self, after)
    }
    fn split(page: TransactionList) -> (Vec<TransactionData>, Option<Links>) {
        (page.data, page.links)
    }
    fn starting_after(&self) -> Option<&str> {
        ListTransactions::starting_after(self)
    }
    fn check(&self) -> Result<()> {
        ListTransactions::check(self)
    }
    fn foreign(&self, item: &TransactionData) -> bool {
        // Reference ids are the customer's own text: compared exactly. A
        // transaction without one (or with `fields` leaving it out) names none.
        let other_reference = self.reference_id_filter().is_some_and(|asked| {
            item.attributes
                .as_ref()
                .and_then(|attributes| attributes.reference_id.as_ref())
                .is_some_and(|named| !named.expose().trim().is_empty() && named.expose() != asked)
        });
        // Transaction types are Persona's ids: compared exactly too; a
        // transaction naming none (sparse fields) names no other.
        let other_type = self.transaction_type_filter().is_some_and(|asked| {
            crate::transaction_type_of(item).is_some_and(|named| named != asked.trim())
        });
        other_reference || other_type
    }
}

impl Listing for ListEvents {
    type Page = EventList;
    type Item = Event;
    const FOREIGN: &'static str = "an event its filters leave out (another id, name or object)";
    const TYPE: &'static str = "event";
    fn id_of(item: &Event) -> &str {
        &item.id
    }
    fn type_of(item: &Event) -> &str {
        &item.kind
    }
    fn request(&self, version: &HeaderValue, after: Option<&str>) -> RequestSpec {
        requests::list_events(version, self, after)
    }
    fn split(page: EventList) -> (Vec<Event>, Option<Links>) {
        (page.data, page.links)
    }
    fn starting_after(&self) -> Option<&str> {
        ListEvents::starting_after(self)
    }
    fn check(&self) -> Result<()> {
        ListEvents::check(self)
    }
    fn foreign(&self, event: &Event) -> bool {
        // Each filter is checked only when given, and only against what the event
        // names (an event without a name, or about an object this crate does not
        // model, is taken). Ids and names are compared exactly, as sent.
        let (ids, names, object_ids) = self.filters();
        let outside = |filter: &[String], named: Option<&str>| {
            !filter.is_empty()
                && named.is_some_and(|named| {
                    !named.trim().is_empty() && !filter.iter().any(|asked| asked == named)
                })
        };
        outside(ids, Some(event.id.as_str()))
            || outside(names, event.name().map(|name| name.as_str()))
            || outside(
                object_ids,
                event
                    .transaction()
                    .map(|transaction| transaction.data.id.as_str()),
            )
    }
}

/// How many ids of items already listed a walk remembers to refuse a cursor that
/// walks back (the latest; memory stays bounded on a walk of any length).
const MAX_REMEMBERED_IDS: usize = 10_000;

/// The latest ids listed, at most `max`: a walk over millions of transactions
/// keeps only the latest. A walk back further than that re-lists pages whose
/// cursors repeat, which the walk's `seen` cursors stop.
#[derive(Default)]
struct RecentIds {
    ids: HashSet<String>,
    /// `ids` in the order they came, so the oldest is forgotten first.
    order: VecDeque<String>,
}

impl RecentIds {
    fn insert(&mut self, id: &str, max: usize) {
        if self.ids.insert(id.to_owned()) {
            self.order.push_back(id.to_owned());
        }
        while self.order.len() > max {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
}

struct Walk<L: Listing> {
    client: Client,
    listing: L,
    after: Option<String>,
    seen: HashSet<String>,
    /// The ids of the items of the pages before the current one, the latest
    /// [`MAX_REMEMBERED_IDS`] of them: a cursor naming one would walk back over
    /// them.
    listed: RecentIds,
    buffer: VecDeque<L::Item>,
    /// An error found with a page, yielded after that page's items.
    pending: Option<Error>,
    done: bool,
}

impl<L: Listing> Walk<L> {
    fn new(client: Client, listing: L) -> Self {
        let mut seen = HashSet::new();
        if let Some(start) = listing.starting_after() {
            seen.insert(start.to_owned());
        }
        Self {
            client,
            listing,
            after: None,
            seen,
            listed: RecentIds::default(),
            buffer: VecDeque::new(),
            pending: None,
            done: false,
        }
    }

    async fn next_item(&mut self) -> Option<Result<L::Item>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            if let Some(error) = self.pending.take() {
                return Some(Err(error));
            }
            if self.done {
                return None;
            }
            match self.next_page().await {
                Ok(items) => self.buffer.extend(items),
                Err(error) => {
                    self.done = true;
                    return Some(Err(error));
                }
            }
        }
    }

    /// Fetches one page and decides where the walk goes next.
    async fn next_page(&mut self) -> Result<Vec<L::Item>> {
        self.listing.check()?;
        let spec = self
            .listing
            .request(self.client.version_header(), self.after.as_deref());
        let page: Response<L::Page> = self.client.service().execute(spec).await?.decode_json()?;
        // Cheap: the bytes are shared. An error about the links keeps the page.
        let (body, status) = (page.raw().clone(), page.status());
        let (items, links) = L::split(page.into_value());
        check_page(&self.listing, &items, &body, status)?;
        let cursor = cursor_in(links.as_ref(), &body, status)?;
        // Persona's cursor is the id of the page's last object: one naming an
        // object listed before it (on this page or an earlier one) is never
        // followed, it would list those objects again (a loop whose cursors are
        // all new). Blank ids name nothing.
        let goes_back = |cursor: &str| {
            self.listed.contains(cursor)
                || items
                    .split_last()
                    .is_some_and(|(_, before)| before.iter().any(|item| L::id_of(item) == cursor))
        };
        // A cursor returned before is reported as such, not as a walk back.
        let went_back = cursor
            .as_deref()
            .is_some_and(|cursor| !self.seen.contains(cursor) && goes_back(cursor));
        for id in items
            .iter()
            .map(L::id_of)
            .filter(|id| !id.trim().is_empty())
        {
            self.listed.insert(id, MAX_REMEMBERED_IDS);
        }
        match cursor {
            // An empty page ends the walk whatever its links say: Persona's cursor
            // is the last object's id, and an empty page has none.
            Some(_) if items.is_empty() => self.done = true,
            Some(_) if went_back => {
                self.done = true;
                self.pending = Some(page_error(
                    "Persona returned a page[after] cursor naming an object already listed; stopped instead of walking back",
                    &body,
                    status,
                ));
            }
            Some(cursor) => {
                if !self.seen.insert(cursor.clone()) {
                    self.done = true;
                    self.pending = Some(page_error(
                        "Persona returned a page[after] cursor it had already returned; stopped instead of looping",
                        &body,
                        status,
                    ));
                } else {
                    self.after = Some(cursor);
                }
            }
            None => self.done = true,
        }
        Ok(items)
    }
}

/// Every item of every page, fetched lazily one page at a time.
pub(crate) fn walk<L: Listing>(
    client: Client,
    listing: L,
) -> impl Stream<Item = Result<L::Item>> + Send + 'static {
    stream::unfold(Walk::new(client, listing), |mut walk| async move {
        let item = walk.next_item().await?;
        Some((item, walk))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_walk_remembers_only_the_latest_ids_listed() {
        let mut recent = super::RecentIds::default();
        for i in 0..5 {
            recent.insert(&format!("txn_{i}"), 3);
        }
        recent.insert("txn_4", 3);
        assert!(!recent.contains("txn_0") && !recent.contains("txn_1"));
        assert!(recent.contains("txn_2") && recent.contains("txn_3") && recent.contains("txn_4"));
        assert_eq!((recent.ids.len(), recent.order.len()), (3, 3));
    }

    use super::*;

    fn links(next: Option<&str>) -> Links {
        Links {
            prev: None,
            next: next.map(str::to_owned),
        }
    }

    #[test]
    fn the_cursor_is_taken_from_a_relative_next() {
        let next = links(Some("/api/v1/transactions?page%5Bafter%5D=txn_ABC123"));
        assert_eq!(
            next_cursor(Some(&next)).unwrap().as_deref(),
            Some("txn_ABC123")
        );
    }

    #[test]
    fn the_cursor_is_taken_from_another_host_without_trusting_it() {
        let next = links(Some(
            "https://evil.example/steal?page[after]=txn_X&page[size]=5",
        ));
        assert_eq!(next_cursor(Some(&next)).unwrap().as_deref(), Some("txn_X"));
    }

    #[test]
    fn no_links_or_null_next_is_the_end() {
        assert_eq!(next_cursor(None).unwrap(), None);
        assert_eq!(next_cursor(Some(&links(None))).unwrap(), None);
    }

    #[test]
    fn a_next_without_cursor_is_an_error() {
        assert!(
            next_cursor(Some(&links(Some(
                "/api/v1/transactions?page%5Bbefore%5D=x"
            ))))
            .is_err()
        );
    }
}
