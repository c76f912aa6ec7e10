//! Query options of the retrieve call: `include` and sparse fieldsets.

/// `include` and `fields[TYPE]` for [`Client::transaction_with`](crate::Client::transaction_with).
///
/// ```
/// use persona_tx::RetrieveOptions;
///
/// // include=account,transaction-type&fields[transaction]=status,fields
/// let options = RetrieveOptions::new()
///     .include(["account", "transaction-type"])
///     .fields("transaction", ["status", "fields"]);
/// # let _ = options;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetrieveOptions {
    include: Option<Vec<String>>,
    fields: Vec<(String, Vec<String>)>,
}

impl RetrieveOptions {
    /// No `include` and no sparse fieldsets: Persona's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Relationship paths to serialize in `included` (sent as one comma list).
    /// An empty list sends `include=` (empty), which asks for no included objects.
    /// A path that is empty or holds a comma is refused, before anything is sent,
    /// by the call that uses these options.
    pub fn include<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.include = Some(paths.into_iter().map(Into::into).collect());
        self
    }

    /// Sends `include=` (empty): no included objects.
    pub fn include_nothing(self) -> Self {
        self.include(std::iter::empty::<String>())
    }

    /// Only these attributes of resources of `resource_type` (`fields[TYPE]=a,b`).
    /// Calling it again for the same type replaces its list; an empty list asks
    /// for no attributes. A type that is empty or holds `[` or `]`, or an attribute
    /// that is empty or holds a comma, is refused before anything is sent.
    pub fn fields<I, S>(mut self, resource_type: impl Into<String>, attributes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let resource_type = resource_type.into();
        let attributes: Vec<String> = attributes.into_iter().map(Into::into).collect();
        match self
            .fields
            .iter_mut()
            .find(|(known, _)| *known == resource_type)
        {
            Some(entry) => entry.1 = attributes,
            None => self.fields.push((resource_type, attributes)),
        }
        self
    }

    /// Checks, before anything is sent, that every item stays the one value it
    /// names (see `query_values`): no comma in an item, no bracket in a type.
    pub(crate) fn check(&self) -> txstatus_core::Result<()> {
        use crate::query_values::{check_key_word, check_list_item};
        for path in self.include.iter().flatten() {
            check_list_item("include", path)?;
        }
        for (resource_type, attributes) in &self.fields {
            check_key_word("fields[type]", resource_type)?;
            for attribute in attributes {
                check_list_item("fields[type]", attribute)?;
            }
        }
        Ok(())
    }

    /// The query pairs, unencoded (txstatus-core percent-encodes them, brackets included).
    /// The default options (every status read) allocate nothing.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::with_capacity(
            self.fields
                .len()
                .saturating_add(usize::from(self.include.is_some())),
        );
        if let Some(include) = &self.include {
            pairs.push(("include".to_owned(), include.join(",")));
        }
        for (resource_type, attributes) in &self.fields {
            pairs.push((format!("fields[{resource_type}]"), attributes.join(",")));
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::RetrieveOptions;

    #[test]
    fn default_options_send_no_query() {
        assert!(RetrieveOptions::new().query_pairs().is_empty());
    }

    #[test]
    fn default_options_allocate_no_query_pairs() {
        // Every status read builds them: the default allocates nothing.
        assert_eq!(RetrieveOptions::new().query_pairs().capacity(), 0);
    }

    #[test]
    fn empty_include_is_sent_as_an_empty_value() {
        let pairs = RetrieveOptions::new().include_nothing().query_pairs();
        assert_eq!(pairs, vec![("include".to_owned(), String::new())]);
    }

    #[test]
    fn fields_are_keyed_by_type_and_replaced_when_repeated() {
        let pairs = RetrieveOptions::new()
            .include(["account", "verification/government-id"])
            .fields("transaction", ["status"])
            .fields("account", Vec::<String>::new())
            .fields("transaction", ["status", "fields"])
            .query_pairs();
        assert_eq!(
            pairs,
            vec![
                (
                    "include".to_owned(),
                    "account,verification/government-id".to_owned()
                ),
                ("fields[transaction]".to_owned(), "status,fields".to_owned()),
                ("fields[account]".to_owned(), String::new()),
            ]
        );
    }
}
