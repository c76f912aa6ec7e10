//! A notification OneSpan posts to a receiver (the wire shape; parsing and
//! routing are in [`crate::webhook`]).

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;
use txstatus_core::{
    Pii, REDACTED,
    provider::{ShownStatus, ShownTime, holds_personal_number, lenient::opt_bool},
};

txstatus_core::provider::open_enum! {
    /// A notification's `trigger`. Unknown triggers are kept in `Unknown`.
    pub enum NotificationTrigger {
        /// `transaction_created`.
        TransactionCreated => "transaction_created",
        /// `transaction_completed`.
        TransactionCompleted => "transaction_completed",
        /// `transaction_expired`.
        TransactionExpired => "transaction_expired",
        /// `transaction_cancelled`.
        TransactionCancelled => "transaction_cancelled",
        /// `transaction_error`.
        TransactionError => "transaction_error",
        /// `transaction_ready_for_lender`.
        TransactionReadyForLender => "transaction_ready_for_lender",
        /// `session_started`.
        SessionStarted => "session_started",
        /// `session_ended`.
        SessionEnded => "session_ended",
        /// `session_error`.
        SessionError => "session_error",
        /// `document_selected`.
        DocumentSelected => "document_selected",
        /// `document_presented`.
        DocumentPresented => "document_presented",
        /// `document_downloaded`.
        DocumentDownloaded => "document_downloaded",
        /// `document_downloaded_for_printing`.
        DocumentDownloadedForPrinting => "document_downloaded_for_printing",
        /// `document_printed`.
        DocumentPrinted => "document_printed",
        /// `document_accepted`.
        DocumentAccepted => "document_accepted",
        /// `document_signed`.
        DocumentSigned => "document_signed",
        /// `document_added`.
        DocumentAdded => "document_added",
        /// `page_view_created`.
        PageViewCreated => "page_view_created",
        /// `page_next` (the consent example's trigger).
        PageNext => "page_next",
        /// `signature_accepted`.
        SignatureAccepted => "signature_accepted",
        /// `signature_signed`.
        SignatureSigned => "signature_signed",
        /// `verification_doc_id`.
        VerificationDocId => "verification_doc_id",
        /// `verification_otp`.
        VerificationOtp => "verification_otp",
        /// `verification_document_with_face`.
        VerificationDocumentWithFace => "verification_document_with_face",
        /// `audit_trail_generated`.
        AuditTrailGenerated => "audit_trail_generated",
        /// `audit_trail_error`.
        AuditTrailError => "audit_trail_error",
        /// `consent_accepted`.
        ConsentAccepted => "consent_accepted",
    }
}

/// One notification as OneSpan posts it. An unauthenticated hint: see
/// [`crate::webhook`]. Text members sent as numbers or booleans are kept as
/// their text (an epoch `@timestamp`, a numeric id). `Debug` shows the personal
/// members (`message`, `fields`, `document_references`, `client_device`) as
/// `[redacted]`, as redacted serialization ([`txstatus_core::to_redacted_json`])
/// writes them, the ids, type and role only as plain tokens (other text there
/// may be a name), the times when shaped like times, and `version` when it is a version
/// number (see [`Notification::version`]).
#[non_exhaustive]
#[derive(Clone, Default, Serialize)]
pub struct Notification {
    /// `@timestamp` (first documented shape), as sent.
    #[serde(
        rename = "@timestamp",
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt_time"
    )]
    pub at_timestamp: Option<String>,
    /// `timestamp` (second documented shape), as sent.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt_time"
    )]
    pub timestamp: Option<String>,
    /// `type`: `notification`, or the event (`consent_accepted`).
    #[serde(
        rename = "type",
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub kind: Option<String>,
    /// `id` of the notification, when sent.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub id: Option<String>,
    /// `transaction_id`: read this transaction to learn what changed.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub transaction_id: Option<String>,
    /// `session_id`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub session_id: Option<String>,
    /// `trigger`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<NotificationTrigger>,
    /// `role` of the participant (`Borrower`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "txstatus_core::provider::shown_text::opt"
    )]
    pub role: Option<String>,
    /// `skip_common_ux_components`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_common_ux_components: Option<bool>,
    /// `skip_view_state`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_view_state: Option<bool>,
    /// `message`: free text configured in the workflow; personal, since a
    /// workflow may put a name in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Pii<String>>,
    /// `fields`: workflow data (consent details, form values); personal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Pii<Box<RawValue>>>,
    /// `document_references`; personal (document names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_references: Option<Pii<Box<RawValue>>>,
    /// `client_device` (IP address, browser, OS); personal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_device: Option<Pii<Box<RawValue>>>,
    /// `version`, any JSON as sent (the docs show it without a value; `3`
    /// seen). A version number (a JSON number, or digits and dots as text) is
    /// the notification format's and is shown by `Debug` and written by
    /// redacted serialization alike; any other value (an object, an array,
    /// other text) can carry anything, so it is treated as personal there
    /// (`[redacted]`), and still written as sent by plain serialization.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_version"
    )]
    pub version: Option<Box<RawValue>>,
}

impl fmt::Debug for Notification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notification")
            .field("at_timestamp", &self.at_timestamp.as_deref().map(ShownTime))
            .field("timestamp", &self.timestamp.as_deref().map(ShownTime))
            .field("kind", &ShownStatus::optional(&self.kind))
            .field("id", &ShownStatus::optional(&self.id))
            .field(
                "transaction_id",
                &ShownStatus::optional(&self.transaction_id),
            )
            .field("session_id", &ShownStatus::optional(&self.session_id))
            .field("trigger", &self.trigger)
            .field("role", &ShownStatus::optional(&self.role))
            .field("skip_common_ux_components", &self.skip_common_ux_components)
            .field("skip_view_state", &self.skip_view_state)
            .field("message", &self.message)
            .field("fields", &self.fields)
            .field("document_references", &self.document_references)
            .field("client_device", &self.client_device)
            .field("version", &self.version.as_deref().map(shown_version))
            .finish()
    }
}

/// Longest `version` text shown: a version number is a few characters.
const MAX_VERSION_LEN: usize = 32;

/// Whether `version` is a version number: a short JSON number, or short text of
/// ASCII digits and dots (`"2.1"`), holding no card number or BSN (their check
/// digits tell them from a version). Nothing else is known not to be personal.
fn is_version_number(version: &RawValue) -> bool {
    let text = version.get();
    if text.len() > MAX_VERSION_LEN || holds_personal_number(text) {
        return false;
    }
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit() || b == b'.'),
        None => text.starts_with(|c: char| c == '-' || c.is_ascii_digit()),
    }
}

/// `version` as `Debug` shows it: as sent when it is a version number.
fn shown_version(version: &RawValue) -> &str {
    if is_version_number(version) {
        version.get()
    } else {
        REDACTED
    }
}

/// `version` as sent when it is a version number, otherwise as [`Pii`]
/// (`"[redacted]"` under redacted serialization, as `Debug` shows it).
fn serialize_version<S: Serializer>(
    version: &Option<Box<RawValue>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match version {
        Some(raw) if !is_version_number(raw) => Pii::new(raw).serialize(serializer),
        other => other.serialize(serializer),
    }
}

txstatus_core::provider::record_decoder! {
    Notification {
        "@timestamp" => at_timestamp: text,
        "timestamp" => timestamp: text,
        "type" => kind: text,
        "id" => id: text,
        "transaction_id" => transaction_id: text,
        "session_id" => session_id: text,
        "trigger" => trigger: text,
        "role" => role: text,
        "skip_common_ux_components" => skip_common_ux_components: (with opt_bool as Option<bool>),
        "skip_view_state" => skip_view_state: (with opt_bool as Option<bool>),
        "message" => message: text,
        "fields" => fields: value,
        "document_references" => document_references: value,
        "client_device" => client_device: value,
        "version" => version: value,
    }
}
