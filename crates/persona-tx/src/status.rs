//! Persona's customer-defined statuses mapped to the shared [`NormalizedStatus`].

use txstatus_core::NormalizedStatus;

/// The default table, keys already in [`status_key`] form.
const DEFAULT_TABLE: &[(&str, NormalizedStatus)] = &[
    ("created", NormalizedStatus::Pending),
    ("pending", NormalizedStatus::Pending),
    ("submitted", NormalizedStatus::Pending),
    ("needs review", NormalizedStatus::Pending),
    ("in review", NormalizedStatus::Pending),
    ("completed", NormalizedStatus::Succeeded),
    ("approved", NormalizedStatus::Succeeded),
    ("declined", NormalizedStatus::Failed),
    ("failed", NormalizedStatus::Failed),
    ("expired", NormalizedStatus::Expired),
];

/// Maps a Persona transaction `status` with the default table.
///
/// Matching is case-insensitive, with `-`, `_` and space treated alike; leading and
/// trailing whitespace, `-` and `_` are ignored.
///
/// | Persona `status` | normalized |
/// |---|---|
/// | `created`, `pending`, `submitted`, `needs review`, `in review` | `Pending` |
/// | `completed`, `approved` | `Succeeded` |
/// | `declined`, `failed` | `Failed` |
/// | `expired` | `Expired` |
/// | anything else | `Unknown` (never terminal) |
///
/// Statuses are defined by each customer's workflows: a client built with
/// [`ClientBuilder::status_mapping`](crate::ClientBuilder::status_mapping) maps more
/// through [`Client::status_of`](crate::Client::status_of).
///
/// ```
/// use persona_tx::normalize;
/// use txstatus_core::NormalizedStatus;
///
/// assert_eq!(normalize("Needs_Review"), NormalizedStatus::Pending);
/// assert_eq!(normalize("approved"), NormalizedStatus::Succeeded);
/// assert_eq!(normalize("escalated"), NormalizedStatus::Unknown);
/// ```
pub fn normalize(raw: &str) -> NormalizedStatus {
    lookup_default(&status_key(raw))
}

fn lookup_default(key: &str) -> NormalizedStatus {
    DEFAULT_TABLE
        .iter()
        .find(|(known, _)| *known == key)
        .map_or(NormalizedStatus::Unknown, |(_, status)| *status)
}

/// The matching form of a status: lower case, `-` and `_` as spaces, then trimmed
/// (so a leading or trailing `-` or `_` is ignored like a space: the three are alike).
pub(crate) fn status_key(raw: &str) -> String {
    let key: String = raw
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    match key.trim() {
        trimmed if trimmed.len() == key.len() => key,
        trimmed => trimmed.to_owned(),
    }
}

/// The default table plus a client's own mappings, which take precedence.
#[derive(Clone, Debug, Default)]
pub(crate) struct StatusTable {
    extra: Vec<(String, NormalizedStatus)>,
}

impl StatusTable {
    /// Adds (or replaces) a mapping.
    pub(crate) fn insert(&mut self, raw: &str, status: NormalizedStatus) {
        let key = status_key(raw);
        match self.extra.iter_mut().find(|(known, _)| *known == key) {
            Some(entry) => entry.1 = status,
            None => self.extra.push((key, status)),
        }
    }

    /// Maps a raw status.
    pub(crate) fn normalize(&self, raw: &str) -> NormalizedStatus {
        let key = status_key(raw);
        self.extra
            .iter()
            .find(|(known, _)| *known == key)
            .map_or_else(|| lookup_default(&key), |(_, status)| *status)
    }

    /// Number of extra mappings.
    pub(crate) fn len(&self) -> usize {
        self.extra.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_table_matches_every_documented_status() {
        for (raw, expected) in [
            ("created", NormalizedStatus::Pending),
            ("pending", NormalizedStatus::Pending),
            ("submitted", NormalizedStatus::Pending),
            ("needs review", NormalizedStatus::Pending),
            ("in review", NormalizedStatus::Pending),
            ("completed", NormalizedStatus::Succeeded),
            ("approved", NormalizedStatus::Succeeded),
            ("declined", NormalizedStatus::Failed),
            ("failed", NormalizedStatus::Failed),
            ("expired", NormalizedStatus::Expired),
        ] {
            assert_eq!(normalize(raw), expected, "{raw}");
        }
    }

    #[test]
    fn matching_ignores_case_and_separator_spelling() {
        for raw in [
            "Needs Review",
            "needs-review",
            "NEEDS_REVIEW",
            " needs review ",
        ] {
            assert_eq!(normalize(raw), NormalizedStatus::Pending, "{raw}");
        }
        assert_eq!(normalize("In-Review"), NormalizedStatus::Pending);
    }

    #[test]
    fn anything_else_is_unknown_and_not_terminal() {
        for raw in ["", "escalated", "approvedish", "needs  review"] {
            assert_eq!(normalize(raw), NormalizedStatus::Unknown, "{raw:?}");
            assert!(!normalize(raw).is_terminal());
        }
    }

    #[test]
    fn extra_mappings_add_and_override() {
        let mut table = StatusTable::default();
        table.insert("Manual-Approval", NormalizedStatus::Succeeded);
        table.insert("declined", NormalizedStatus::Cancelled);
        table.insert("manual approval", NormalizedStatus::Succeeded);
        assert_eq!(table.len(), 2);
        assert_eq!(
            table.normalize("MANUAL_APPROVAL"),
            NormalizedStatus::Succeeded
        );
        assert_eq!(table.normalize("Declined"), NormalizedStatus::Cancelled);
        assert_eq!(table.normalize("approved"), NormalizedStatus::Succeeded);
        assert_eq!(table.normalize("other"), NormalizedStatus::Unknown);
    }
}
