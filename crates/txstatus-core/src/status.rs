//! The normalized transaction status shared by every provider.

use std::fmt;

/// Where a transaction stands, in the same words for every provider.
///
/// `Succeeded` means the transaction reached its successful end state, not that a
/// person was verified or a payment is safe to ship: read the provider's own model
/// for that.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NormalizedStatus {
    /// Still in progress.
    Pending,
    /// Reached its successful end state.
    Succeeded,
    /// Ended in failure.
    Failed,
    /// Cancelled by the user or the merchant.
    Cancelled,
    /// Ran out of time.
    Expired,
    /// A status this version does not know; never terminal.
    Unknown,
}

impl NormalizedStatus {
    /// Whether the status can no longer change.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Succeeded | Self::Failed | Self::Cancelled | Self::Expired
        )
    }

    /// Lower-case name, as the CLI prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::Unknown => "unknown",
        }
    }
}

impl fmt::Display for NormalizedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A normalized status together with the provider's own spelling of it.
///
/// `Debug` and `Display` show the provider's spelling only when it is a plain
/// token (`[A-Za-z0-9_.:-]`, at most 64 characters) or empty: an unknown status can be
/// any text, a name or a sentence included. [`TxStatus::raw`] has it as sent.
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TxStatus {
    normalized: NormalizedStatus,
    raw: String,
}

impl TxStatus {
    /// Pairs a provider's raw status with its normalized meaning.
    pub fn new(normalized: NormalizedStatus, raw: impl Into<String>) -> Self {
        Self {
            normalized,
            raw: raw.into(),
        }
    }

    /// The normalized meaning.
    pub fn normalized(&self) -> NormalizedStatus {
        self.normalized
    }

    /// The status exactly as the provider spelled it.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether the status can no longer change.
    pub fn is_terminal(&self) -> bool {
        self.normalized.is_terminal()
    }
}

impl fmt::Display for TxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw.is_empty()
            || crate::message::is_machine_token(&self.raw, crate::message::MAX_CODE_CHARS)
        {
            write!(f, "{} ({})", self.normalized, self.raw)
        } else {
            write!(
                f,
                "{} (provider's spelling withheld: not a plain token)",
                self.normalized
            )
        }
    }
}

impl fmt::Debug for TxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TxStatus")
            .field("normalized", &self.normalized)
            .field("raw", &ShownStatus(&self.raw))
            .finish()
    }
}

/// A provider's raw status in `Debug`, shown only when it is a plain token (as
/// [`TxStatus`]'s `Debug` shows it): an unknown status can be any text, a name
/// included. For types outside the core that keep a raw status, or any text a
/// provider or a user chooses outside the personal members (ids, references,
/// notices, codes), which may hold a name or an email address too.
pub struct ShownStatus<'a>(pub &'a str);

impl<'a> ShownStatus<'a> {
    /// An optional text in `Debug`: `None`, or `Some` of it shown as
    /// [`ShownStatus`] shows it.
    pub fn optional<T: std::ops::Deref<Target = str>>(value: &'a Option<T>) -> Option<Self> {
        value.as_deref().map(ShownStatus)
    }
}

impl fmt::Debug for ShownStatus<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::message::ShownToken(self.0, crate::message::MAX_CODE_CHARS).fmt(f)
    }
}
