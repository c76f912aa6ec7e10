//! Query options of `GET /transactions` and `GET /events`, in the spec's deepObject
//! style (`page[size]`, `filter[reference-id]`, `filter[identifier][key]`...).

use std::fmt;

use crate::options::RetrieveOptions;

/// Largest `page[size]` Persona accepts.
pub const MAX_PAGE_SIZE: u8 = 100;

/// Cursor and size of one page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageOptions {
    size: Option<u8>,
    after: Option<String>,
    before: Option<String>,
}

impl PageOptions {
    fn pairs(&self, after: Option<&str>, out: &mut Vec<(String, String)>) {
        if let Some(size) = self.size {
            out.push(("page[size]".to_owned(), size.to_string()));
        }
        // A cursor taken from `links.next` replaces the starting cursors.
        match after {
            Some(cursor) => out.push(("page[after]".to_owned(), cursor.to_owned())),
            None => {
                if let Some(after) = &self.after {
                    out.push(("page[after]".to_owned(), after.clone()));
                }
                if let Some(before) = &self.before {
                    out.push(("page[before]".to_owned(), before.clone()));
                }
            }
        }
    }
}

macro_rules! paging_setters {
    () => {
        /// Objects per page, 1 to 100 (values outside are clamped); Persona's
        /// default when not set.
        pub fn page_size(mut self, size: u8) -> Self {
            self.page.size = Some(size.clamp(1, MAX_PAGE_SIZE));
            self
        }

        /// Starts after this object id (`page[after]`).
        pub fn after(mut self, cursor: impl Into<String>) -> Self {
            self.page.after = Some(cursor.into());
            self
        }

        /// Starts before this object id (`page[before]`, the newer side).
        pub fn before(mut self, cursor: impl Into<String>) -> Self {
            self.page.before = Some(cursor.into());
            self
        }

        /// Sparse fieldset `fields[TYPE]=a,b`.
        pub fn fields<I, S>(mut self, resource_type: impl Into<String>, attributes: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.fields = self.fields.fields(resource_type, attributes);
            self
        }

        /// The starting `page[after]`, if set.
        pub fn starting_after(&self) -> Option<&str> {
            self.page.after.as_deref()
        }
    };
}

/// Filters and paging of `GET /transactions`, newest first.
///
/// ```
/// use persona_tx::ListTransactions;
///
/// // page[size]=50&filter[reference-id]=user-42
/// let list = ListTransactions::new().page_size(50).reference_id("user-42");
/// # let _ = list;
/// ```
///
/// An empty filter value (which would filter nothing) is refused before anything
/// is sent; every other value travels as exactly one query value.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ListTransactions {
    page: PageOptions,
    reference_id: Option<String>,
    transaction_type_id: Option<String>,
    identifier_key: Option<String>,
    identifier_value: Option<String>,
    fields: RetrieveOptions,
}

impl ListTransactions {
    /// Every transaction, Persona's page size.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();

    /// Only the transactions of this reference id (`filter[reference-id]`).
    /// A page listing a transaction whose `reference-id` is another one (a
    /// proxy or cache answering for another request, or a filter not applied)
    /// is a decode error at `data` that keeps the page.
    pub fn reference_id(mut self, reference_id: impl Into<String>) -> Self {
        self.reference_id = Some(reference_id.into());
        self
    }

    /// The `filter[reference-id]` value, if any.
    pub(crate) fn reference_id_filter(&self) -> Option<&str> {
        self.reference_id.as_deref()
    }

    /// The `filter[transaction-type-id]` value, if any.
    pub(crate) fn transaction_type_filter(&self) -> Option<&str> {
        self.transaction_type_id.as_deref()
    }

    /// Only transactions of this type (`filter[transaction-type-id]`). A page
    /// listing a transaction of another type is a decode error at `data` that
    /// keeps the page, as for [`reference_id`](Self::reference_id).
    pub fn transaction_type_id(mut self, id: impl Into<String>) -> Self {
        self.transaction_type_id = Some(id.into());
        self
    }

    /// Only transactions with this identifier (`filter[identifier][key]` and
    /// `filter[identifier][value]`).
    pub fn identifier(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.identifier_key = Some(key.into());
        self.identifier_value = Some(value.into());
        self
    }

    /// Checks, before anything is sent, that no filter value is empty and the
    /// sparse fieldsets stay one value each.
    pub(crate) fn check(&self) -> txstatus_core::Result<()> {
        use crate::query_values::check_filter_value;
        let filters = [
            ("filter[reference-id]", &self.reference_id),
            ("filter[transaction-type-id]", &self.transaction_type_id),
            ("filter[identifier][key]", &self.identifier_key),
            ("filter[identifier][value]", &self.identifier_value),
        ];
        for (what, value) in filters {
            if let Some(value) = value {
                check_filter_value(what, value)?;
            }
        }
        self.fields.check()
    }

    /// The query pairs, unencoded, with `after` (a cursor from `links.next`)
    /// replacing the starting cursors.
    pub fn query_pairs(&self, after: Option<&str>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.page.pairs(after, &mut out);
        let filters = [
            ("filter[reference-id]", &self.reference_id),
            ("filter[transaction-type-id]", &self.transaction_type_id),
            ("filter[identifier][key]", &self.identifier_key),
            ("filter[identifier][value]", &self.identifier_value),
        ];
        for (key, value) in filters {
            if let Some(value) = value {
                out.push((key.to_owned(), value.clone()));
            }
        }
        out.extend(self.fields.query_pairs());
        out
    }
}

impl fmt::Debug for ListTransactions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Reference ids and identifier values name people: shown only as set or not.
        f.debug_struct("ListTransactions")
            .field("page", &self.page)
            .field(
                "reference_id",
                &self.reference_id.as_ref().map(|_| "[redacted]"),
            )
            .field("transaction_type_id", &self.transaction_type_id)
            .field("identifier_key", &self.identifier_key)
            .field(
                "identifier_value",
                &self.identifier_value.as_ref().map(|_| "[redacted]"),
            )
            .field("fields", &self.fields)
            .finish()
    }
}

/// Filters and paging of `GET /events`, newest first. Each filter is a comma list.
///
/// ```
/// use persona_tx::{ListEvents, model::EventName};
///
/// // filter[object-id]=txn_ABC&filter[name]=transaction.created,transaction.redacted
/// let list = ListEvents::new()
///     .object_ids(["txn_ABC"])
///     .names([EventName::TransactionCreated, EventName::TransactionRedacted]);
/// # let _ = list;
/// ```
///
/// Each filter is sent as one comma list: an item that is empty or holds a comma
/// (it would become two items) is refused before anything is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListEvents {
    page: PageOptions,
    names: Vec<String>,
    object_ids: Vec<String>,
    ids: Vec<String>,
    fields: RetrieveOptions,
}

impl ListEvents {
    /// Every event, Persona's page size.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();

    /// Only events with these names (`filter[name]`).
    pub fn names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: fmt::Display,
    {
        self.names = names.into_iter().map(|name| name.to_string()).collect();
        self
    }

    /// Only events about these objects (`filter[object-id]`, e.g. transaction ids).
    pub fn object_ids<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.object_ids = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Only these events (`filter[id]`).
    pub fn ids<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.ids = ids.into_iter().map(Into::into).collect();
        self
    }

    /// The `filter[id]`, `filter[name]` and `filter[object-id]` items, for the
    /// check that a page lists only what they ask for.
    pub(crate) fn filters(&self) -> (&[String], &[String], &[String]) {
        (&self.ids, &self.names, &self.object_ids)
    }

    /// Checks, before anything is sent, that every filter item stays one item
    /// of its comma list (no comma, not empty).
    pub(crate) fn check(&self) -> txstatus_core::Result<()> {
        use crate::query_values::check_list_item;
        let filters = [
            ("filter[name]", &self.names),
            ("filter[object-id]", &self.object_ids),
            ("filter[id]", &self.ids),
        ];
        for (what, values) in filters {
            for value in values {
                check_list_item(what, value)?;
            }
        }
        self.fields.check()
    }

    /// The query pairs, unencoded, with `after` replacing the starting cursors.
    pub fn query_pairs(&self, after: Option<&str>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.page.pairs(after, &mut out);
        let filters = [
            ("filter[name]", &self.names),
            ("filter[object-id]", &self.object_ids),
            ("filter[id]", &self.ids),
        ];
        for (key, values) in filters {
            if !values.is_empty() {
                out.push((key.to_owned(), values.join(",")));
            }
        }
        out.extend(self.fields.query_pairs());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(String, String)]) -> Vec<(&str, &str)> {
        list.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }

    #[test]
    fn transaction_filters_use_deep_object_keys() {
        let list = ListTransactions::new()
            .page_size(250)
            .after("txn_A")
            .reference_id("ref-1")
            .transaction_type_id("txntp_1")
            .identifier("email", "a@b.c")
            .fields("transaction", ["status"]);
        assert_eq!(
            pairs(&list.query_pairs(None)),
            [
                ("page[size]", "100"),
                ("page[after]", "txn_A"),
                ("filter[reference-id]", "ref-1"),
                ("filter[transaction-type-id]", "txntp_1"),
                ("filter[identifier][key]", "email"),
                ("filter[identifier][value]", "a@b.c"),
                ("fields[transaction]", "status"),
            ]
        );
    }

    #[test]
    fn a_followed_cursor_replaces_both_starting_cursors() {
        let list = ListTransactions::new().after("txn_A").before("txn_B");
        assert_eq!(
            pairs(&list.query_pairs(Some("txn_C"))),
            [("page[after]", "txn_C")]
        );
    }

    #[test]
    fn event_filters_are_comma_lists() {
        let list = ListEvents::new()
            .page_size(0)
            .names(["transaction.created", "transaction.redacted"])
            .object_ids(["txn_1", "txn_2"])
            .ids(["evt_1"]);
        assert_eq!(
            pairs(&list.query_pairs(None)),
            [
                ("page[size]", "1"),
                ("filter[name]", "transaction.created,transaction.redacted"),
                ("filter[object-id]", "txn_1,txn_2"),
                ("filter[id]", "evt_1"),
            ]
        );
    }

    #[test]
    fn debug_hides_reference_ids_and_identifier_values() {
        let list = ListTransactions::new()
            .reference_id("jane-doe")
            .identifier("email", "jane@x.y");
        let printed = format!("{list:?}");
        assert!(!printed.contains("jane"));
    }
}
