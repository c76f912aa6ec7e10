//! Receiver-side parsing of OneSpan notifications.
//!
//! OneSpan calls a configured endpoint (static IP addresses only) when a
//! workflow reaches a configured state. Notifications are **not signed**: treat
//! each one as an unauthenticated hint that a transaction changed, authenticate
//! and rate-limit the endpoint as your receiver decides (the webhook crate's
//! receiver), and read the transaction with [`Client::transaction`](crate::Client::transaction)
//! before acting on it.
//!
//! Two payload shapes are documented: `@timestamp` with a
//! `2020-01-17 00:08:31.118 +0000` value and `type: "notification"`, and
//! `timestamp` in RFC 3339 with `type` naming the event (`consent_accepted`).
//! Both are read; [`Notification::timestamp`] takes whichever is present.
//!
//! Choices where the docs are silent: the docs list the scenarios (transaction
//! created, completed, expired, cancelled, error, ready for lender; session
//! started, ended, error; document selected, presented, downloaded, downloaded
//! for printing, printed, accepted, signed, added; page view created; signature
//! accepted, signed; verifications doc ID, OTP, document with face; audit trail
//! generated, error; consent accepted) but spell only `transaction_created` and
//! `page_next`; the others are spelled the same way (`session_started`,
//! `audit_trail_generated`). Any other trigger is kept as
//! [`NotificationTrigger::Unknown`], and [`Notification::scenario`] still sorts
//! it by its prefix.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use txstatus_core::{Pii, RawBody, Result, Timestamp};

use crate::PROVIDER;

txstatus_core::open_enum! {
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

/// The documented notification scenarios, for routing without matching every
/// trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// Transaction created, completed, expired, cancelled, error, ready for lender.
    Transaction,
    /// Session started, ended, error.
    Session,
    /// Document events.
    Document,
    /// Page view events (including `page_next`).
    PageView,
    /// Signature accepted or signed.
    Signature,
    /// Verification results (doc ID, OTP, document with face).
    Verification,
    /// Audit trail generated or error.
    AuditTrail,
    /// Consent accepted.
    Consent,
    /// Anything else.
    Other,
}

impl Scenario {
    fn of(name: &str) -> Self {
        const PREFIXES: [(&str, Scenario); 9] = [
            ("transaction_", Scenario::Transaction),
            ("session_", Scenario::Session),
            ("document_", Scenario::Document),
            ("page_", Scenario::PageView),
            ("signature_", Scenario::Signature),
            ("verification_", Scenario::Verification),
            ("verifications_", Scenario::Verification),
            ("audit_trail_", Scenario::AuditTrail),
            ("consent_", Scenario::Consent),
        ];
        PREFIXES
            .iter()
            .find(|(prefix, _)| name.starts_with(prefix))
            .map_or(Self::Other, |(_, scenario)| *scenario)
    }
}

/// One notification as OneSpan posts it. An unauthenticated hint: see the
/// module docs.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Notification {
    /// `@timestamp` (first documented shape), as sent.
    #[serde(
        rename = "@timestamp",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub at_timestamp: Option<String>,
    /// `timestamp` (second documented shape), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// `type`: `notification`, or the event (`consent_accepted`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `id` of the notification, when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `transaction_id`: read this transaction to learn what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `session_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// `trigger`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<NotificationTrigger>,
    /// `role` of the participant (`Borrower`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `skip_common_ux_components`.
    #[serde(
        default,
        deserialize_with = "txstatus_core::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_common_ux_components: Option<bool>,
    /// `skip_view_state`.
    #[serde(
        default,
        deserialize_with = "txstatus_core::lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub skip_view_state: Option<bool>,
    /// `message`: free text configured in the workflow; personal, since a
    /// workflow may put a name in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Pii<String>>,
    /// `fields`: workflow data (consent details, form values); personal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Pii<Box<RawValue>>>,
    /// `document_references`; personal (document names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_references: Option<Pii<Box<RawValue>>>,
    /// `client_device` (IP address, browser, OS); personal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_device: Option<Pii<Box<RawValue>>>,
    /// `version`, any JSON (the docs show it without a value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Box<RawValue>>,
}

impl Notification {
    /// Parses a notification body. A body that is not one JSON object of this
    /// shape is a decode error that keeps the body (its `Debug` shows only the
    /// length) and never repeats it in the message.
    pub fn parse(body: &[u8]) -> Result<Self> {
        txstatus_core::decode_json_bytes(PROVIDER, 200, &RawBody::new(body.to_vec()))
    }

    /// When it happened: `@timestamp` or `timestamp`, whichever is present
    /// (`@timestamp` first). The `2020-01-17 00:08:31.118 +0000` form is read as
    /// well as RFC 3339; anything else is kept as text (`parsed()` is `None`).
    pub fn timestamp(&self) -> Option<Timestamp> {
        let text = self.at_timestamp.as_deref().or(self.timestamp.as_deref())?;
        let direct = Timestamp::parse(text);
        if direct.parsed().is_some() {
            return Some(direct);
        }
        match spaced_to_rfc3339(text) {
            Some(rfc) if Timestamp::parse(rfc.as_str()).parsed().is_some() => {
                Some(Timestamp::parse(rfc))
            }
            _ => Some(direct),
        }
    }

    /// The documented scenario this notification belongs to, from its trigger
    /// (or, for an unrecognised trigger, its `type`).
    pub fn scenario(&self) -> Scenario {
        let from_trigger = self
            .trigger
            .as_ref()
            .map_or(Scenario::Other, |t| Scenario::of(t.as_str()));
        match (from_trigger, self.kind.as_deref()) {
            (Scenario::Other, Some(kind)) => Scenario::of(kind),
            (scenario, _) => scenario,
        }
    }
}

/// `2020-01-17 00:08:31.118 +0000` -> `2020-01-17T00:08:31.118+00:00`.
fn spaced_to_rfc3339(text: &str) -> Option<String> {
    let (date, rest) = text.trim().split_once(' ')?;
    let (time, offset) = rest.trim().split_once(' ')?;
    let offset = offset.trim();
    if offset.len() != 5 || !offset.is_char_boundary(3) {
        return None;
    }
    let (hours, minutes) = offset.split_at(3);
    Some(format!("{date}T{time}{hours}:{minutes}"))
}
