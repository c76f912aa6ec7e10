//! What the caller puts into a query must stay the one value it names.
//!
//! Persona reads `include`, `fields[type]` and the events filters as comma
//! lists, and the sparse-fieldset type as part of a deepObject key: an item holding
//! a comma would become two items, a type holding a bracket another key, and an
//! empty item or filter value one that filters nothing (Persona then answers with
//! everything). Each is refused before anything is sent.

use txstatus_core::{Error, Result};

use crate::PROVIDER;

/// Refuses an empty item, or one holding a comma, of the comma list `what`.
pub(crate) fn check_list_item(what: &'static str, item: &str) -> Result<()> {
    if item.is_empty() {
        Err(refuse(what, "an item is empty"))
    } else if item.contains(',') {
        Err(refuse(
            what,
            "an item holds a comma, which would make it two items",
        ))
    } else {
        Ok(())
    }
}

/// Refuses an empty resource type, or one holding `[` or `]`, of `fields[type]`.
pub(crate) fn check_key_word(what: &'static str, word: &str) -> Result<()> {
    if word.is_empty() {
        Err(refuse(what, "the resource type is empty"))
    } else if word.contains(['[', ']']) {
        Err(refuse(
            what,
            "the resource type holds a bracket, which would name another key",
        ))
    } else {
        Ok(())
    }
}

/// Refuses an empty filter value (a filter that would filter nothing).
pub(crate) fn check_filter_value(what: &'static str, value: &str) -> Result<()> {
    if value.is_empty() {
        Err(refuse(
            what,
            "the value is empty, so it would filter nothing",
        ))
    } else {
        Ok(())
    }
}

fn refuse(what: &'static str, why: &str) -> Error {
    // The value itself is never repeated: a reference id may be personal data.
    Error::invalid_input(PROVIDER, format!("refused {what}: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_items_pass_and_commas_brackets_and_empties_are_refused() {
        assert!(check_list_item("include", "verification/government-id").is_ok());
        assert!(check_list_item("include", "a,b").is_err());
        assert!(check_list_item("include", "").is_err());
        assert!(check_key_word("fields", "transaction").is_ok());
        assert!(check_key_word("fields", "a][b").is_err());
        assert!(check_key_word("fields", "").is_err());
        assert!(check_filter_value("filter[reference-id]", "r").is_ok());
        assert!(check_filter_value("filter[reference-id]", "").is_err());
    }
}
