//! The transaction `state` in the workspace's shared words.

use txstatus_core::NormalizedStatus;

/// Maps an ID Scan transaction `state` to the normalized status.
///
/// | `state` | normalized |
/// |---|---|
/// | `pending` | [`NormalizedStatus::Pending`] |
/// | `completed` | [`NormalizedStatus::Succeeded`] |
/// | `expired` | [`NormalizedStatus::Expired`] |
/// | anything else | [`NormalizedStatus::Unknown`] |
///
/// Matching is exact on CM's spelling. `completed` only says every task ended: a
/// completed transaction can hold a failed face match or invalid document fields.
///
/// ```
/// use cm_idscan::{NormalizedStatus, normalize};
///
/// assert_eq!(normalize("pending"), NormalizedStatus::Pending);
/// assert_eq!(normalize("completed"), NormalizedStatus::Succeeded);
/// assert_eq!(normalize("Completed"), NormalizedStatus::Unknown);
/// ```
pub fn normalize(raw: &str) -> NormalizedStatus {
    match raw {
        "pending" => NormalizedStatus::Pending,
        "completed" => NormalizedStatus::Succeeded,
        "expired" => NormalizedStatus::Expired,
        _ => NormalizedStatus::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_documented_states_exactly() {
        assert_eq!(normalize("pending"), NormalizedStatus::Pending);
        assert_eq!(normalize("completed"), NormalizedStatus::Succeeded);
        assert_eq!(normalize("expired"), NormalizedStatus::Expired);
        assert_eq!(normalize("Completed"), NormalizedStatus::Unknown);
        assert_eq!(normalize("cancelled"), NormalizedStatus::Unknown);
        assert_eq!(normalize(""), NormalizedStatus::Unknown);
        assert!(!normalize("archived").is_terminal());
    }
}
