//! The iDIN status in the words every provider shares.

use txstatus_core::NormalizedStatus;

/// Maps an iDIN `status` to a [`NormalizedStatus`], matching the documented
/// spelling exactly:
///
/// | iDIN `status` | normalized |
/// |---|---|
/// | `open` | `Pending` |
/// | `success` (with or without `notice_code` 2000) | `Succeeded` |
/// | `failure` | `Failed` |
/// | `cancelled` | `Cancelled` |
/// | `expired` | `Expired` |
/// | anything else | `Unknown` (never terminal) |
///
/// `Succeeded` means the flow finished at the bank, not that this answer holds the
/// identity: see [`StatusOutcome`](crate::StatusOutcome).
pub fn normalize(raw: &str) -> NormalizedStatus {
    match raw {
        "open" => NormalizedStatus::Pending,
        "success" => NormalizedStatus::Succeeded,
        "failure" => NormalizedStatus::Failed,
        "cancelled" => NormalizedStatus::Cancelled,
        "expired" => NormalizedStatus::Expired,
        _ => NormalizedStatus::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_statuses_map_as_the_table_says() {
        assert_eq!(normalize("open"), NormalizedStatus::Pending);
        assert_eq!(normalize("success"), NormalizedStatus::Succeeded);
        assert_eq!(normalize("failure"), NormalizedStatus::Failed);
        assert_eq!(normalize("cancelled"), NormalizedStatus::Cancelled);
        assert_eq!(normalize("expired"), NormalizedStatus::Expired);
    }

    #[test]
    fn other_spellings_are_unknown_and_not_terminal() {
        for raw in ["", "SUCCESS", "Open", "canceled", "pending", " success"] {
            assert_eq!(normalize(raw), NormalizedStatus::Unknown, "{raw:?}");
            assert!(!normalize(raw).is_terminal());
        }
    }
}
