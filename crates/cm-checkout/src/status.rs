//! The Checkout `status` and its one mapping to the shared vocabulary.

use txstatus_core::{NormalizedStatus, TxStatus};

txstatus_core::open_enum! {
    /// The status of a Checkout transaction; unknown values are kept.
    pub enum TransactionStatus {
        /// Checkout has been created; the initial status.
        Open => "OPEN",
        /// A payment could not be completed yet; waiting for something.
        Pending => "PENDING",
        /// A payment is authorized.
        Authorized => "AUTHORIZED",
        /// Checkout successfully paid.
        Success => "SUCCESS",
        /// Checkout has not succeeded; unknown reason.
        Failure => "FAILURE",
        /// Checkout has been cancelled by the customer.
        Cancelled => "CANCELLED",
        /// Checkout has not succeeded; expired.
        Expired => "EXPIRED",
    }
}

impl TransactionStatus {
    /// The status in the shared vocabulary (see [`crate::normalize`]).
    pub fn normalized(&self) -> NormalizedStatus {
        crate::normalize(self.as_str())
    }

    /// The normalized status together with CM's spelling.
    pub fn tx_status(&self) -> TxStatus {
        TxStatus::new(self.normalized(), self.as_str())
    }
}

/// Maps a Checkout `status` to the shared [`NormalizedStatus`]; exact, case-sensitive.
///
/// | CM Checkout `status`            | normalized  |
/// |---------------------------------|-------------|
/// | `OPEN`, `PENDING`, `AUTHORIZED` | `Pending`   |
/// | `SUCCESS`                       | `Succeeded` |
/// | `FAILURE`                       | `Failed`    |
/// | `CANCELLED`                     | `Cancelled` |
/// | `EXPIRED`                       | `Expired`   |
/// | anything else                   | `Unknown`   |
///
/// ```
/// use cm_checkout::normalize;
/// use txstatus_core::NormalizedStatus;
///
/// assert_eq!(normalize("AUTHORIZED"), NormalizedStatus::Pending);
/// assert_eq!(normalize("SUCCESS"), NormalizedStatus::Succeeded);
/// assert_eq!(normalize("success"), NormalizedStatus::Unknown);
/// ```
pub fn normalize(raw: &str) -> NormalizedStatus {
    match raw {
        "OPEN" | "PENDING" | "AUTHORIZED" => NormalizedStatus::Pending,
        "SUCCESS" => NormalizedStatus::Succeeded,
        "FAILURE" => NormalizedStatus::Failed,
        "CANCELLED" => NormalizedStatus::Cancelled,
        "EXPIRED" => NormalizedStatus::Expired,
        _ => NormalizedStatus::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use txstatus_core::NormalizedStatus::*;

    #[test]
    fn maps_every_documented_status_and_nothing_else() {
        let table = [
            ("OPEN", Pending),
            ("PENDING", Pending),
            ("AUTHORIZED", Pending),
            ("SUCCESS", Succeeded),
            ("FAILURE", Failed),
            ("CANCELLED", Cancelled),
            ("EXPIRED", Expired),
            ("REFUNDED", Unknown),
            ("success", Unknown),
            (" SUCCESS", Unknown),
            ("", Unknown),
        ];
        for (raw, expected) in table {
            assert_eq!(normalize(raw), expected, "{raw:?}");
        }
        assert!(!normalize("AUTHORIZED").is_terminal());
        assert!(!normalize("whatever").is_terminal());
    }
}
