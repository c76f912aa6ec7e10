//! The iDIN `status` and its one mapping to the words every provider shares.

use txstatus_core::NormalizedStatus;
use txstatus_core::provider::ShownStatus;

txstatus_core::open_enum! {
    #[non_exhaustive]
    /// The `status` of an iDIN transaction; unknown values are kept as sent.
    pub enum Status {
        /// The bank has not answered yet: ask again in a few seconds.
        Open => "open",
        /// The user finished at the bank; personal data is returned on the first one only.
        Success => "success",
        /// The user cancelled the flow.
        Cancelled => "cancelled",
        /// The flow failed.
        Failure => "failure",
        /// The user did not finish in time.
        Expired => "expired",
    }
}

/// A status in `Debug`: a known one as its variant, an unknown one as sent only
/// when it is a plain token (as [`txstatus_core::TxStatus`] shows it): a status
/// this version does not know can be any text, a name included.
pub(crate) struct ShownStatusValue<'a>(pub(crate) &'a Status);

impl std::fmt::Debug for ShownStatusValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Status::Unknown(raw) => f.debug_tuple("Unknown").field(&ShownStatus(raw)).finish(),
            known => known.fmt(f),
        }
    }
}

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
