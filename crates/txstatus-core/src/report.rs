//! The provider-neutral answer to "what is the state of transaction X?".

use std::{fmt, sync::Arc};

use serde::Serialize;

use crate::{
    BoxFuture, body::RawBody, error::Result, response::Response, status::TxStatus,
    timestamp::Timestamp,
};

/// A model that can be written as JSON, with or without its personal data.
pub trait Document: Send + Sync + fmt::Debug {
    /// The model as JSON; every `Pii` value is `"[redacted]"` when `redact` is true.
    fn to_json(&self, redact: bool) -> serde_json::Result<serde_json::Value>;
}

impl<T: Serialize + Send + Sync + fmt::Debug> Document for T {
    fn to_json(&self, redact: bool) -> serde_json::Result<serde_json::Value> {
        crate::pii::to_json(self, redact)
    }
}

/// A status report: the same shape for every provider.
///
/// It keeps the raw body and the typed document, so nothing a provider hands out
/// once (iDIN's identity) is lost by going through the shared view.
///
/// `Debug` shows the provider's notice only when it is a plain token (free text
/// from the provider may quote anything); the field has it as sent.
#[derive(Clone)]
#[non_exhaustive]
pub struct StatusReport {
    /// Provider name (`persona`, `cm-idscan`, `cm-idin`, `cm-checkout`, `onespan`).
    pub provider: &'static str,
    /// The transaction id as asked.
    pub id: String,
    /// Normalized and raw status.
    pub status: TxStatus,
    /// When the transaction was created, if the provider says.
    pub created_at: Option<Timestamp>,
    /// When it last changed or completed, if the provider says.
    pub updated_at: Option<Timestamp>,
    /// The provider's notice (iDIN `notice`), if any.
    pub notice: Option<String>,
    /// The response body as received.
    pub raw: RawBody,
    /// The typed response, for JSON output.
    pub document: Arc<dyn Document>,
    /// How many attempts the read took (1 when the first answer was used).
    pub attempts: u32,
    /// Whether an earlier attempt of this read (or, under
    /// [`poll_until_terminal`](crate::poll_until_terminal), the failed read just
    /// before it) may have reached the provider and been answered without the
    /// answer arriving here. For one-time answers (iDIN's
    /// identity) this means the data was most likely handed to a lost attempt.
    pub earlier_attempt_may_have_reached_server: bool,
    /// The source asks its caller to stop reading this transaction even though the
    /// status is not terminal: asking again could lose or replace something the
    /// provider hands out once (an iDIN answer that carries personal data).
    pub stop_asking: bool,
}

impl StatusReport {
    /// A report; add timestamps and notice with the `with_*` methods.
    pub fn new(
        provider: &'static str,
        id: impl Into<String>,
        status: TxStatus,
        raw: RawBody,
        document: Arc<dyn Document>,
    ) -> Self {
        Self {
            provider,
            id: id.into(),
            status,
            created_at: None,
            updated_at: None,
            notice: None,
            raw,
            document,
            attempts: 1,
            earlier_attempt_may_have_reached_server: false,
            stop_asking: false,
        }
    }

    /// Sets the attempt count and whether an earlier attempt may have reached the
    /// provider (copy them from the `Response` the report was built from).
    pub fn with_attempts(mut self, attempts: u32, earlier_may_have_reached_server: bool) -> Self {
        self.attempts = attempts;
        self.earlier_attempt_may_have_reached_server = earlier_may_have_reached_server;
        self
    }

    /// Marks the report as one after which nobody should ask again (see
    /// [`StatusReport::stop_asking`]).
    pub fn with_stop_asking(mut self, stop: bool) -> Self {
        self.stop_asking = stop;
        self
    }

    /// Whether a poller must stop here: the status is terminal, or the source
    /// asked to stop.
    pub fn should_stop(&self) -> bool {
        self.stop_asking || self.status.is_terminal()
    }

    /// Sets when the transaction was created.
    pub fn with_created_at(mut self, at: Option<Timestamp>) -> Self {
        self.created_at = at;
        self
    }

    /// Sets when it last changed.
    pub fn with_updated_at(mut self, at: Option<Timestamp>) -> Self {
        self.updated_at = at;
        self
    }

    /// The response document as the provider sent it (every key, every value),
    /// with each non-null personal value written as `"[redacted]"` when `redact` is
    /// true: values the typed model marks `Pii`, and values it does not know.
    /// Numbers keep their digits ([`read_document`](crate::read_document)).
    /// Falls back to the typed model when the body is not JSON.
    pub fn document_json(&self, redact: bool) -> serde_json::Result<serde_json::Value> {
        match crate::read_document(self.raw.as_bytes()) {
            Ok(raw) if redact => {
                let typed = self.document.to_json(true)?;
                Ok(crate::overlay::mask_document(&raw, &typed))
            }
            Ok(raw) => Ok(raw),
            Err(_) => self.document.to_json(redact),
        }
    }

    /// Sets the provider's notice.
    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }
}

impl fmt::Debug for StatusReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatusReport")
            .field("provider", &self.provider)
            // The id asked about: shown when a plain token, as ids are elsewhere
            // (an id can be a reference the caller made of a name or a number).
            .field(
                "id",
                &crate::message::ShownToken(&self.id, crate::id::MAX_ID_LEN),
            )
            .field("status", &self.status)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("notice", &shown_notice(&self.notice))
            .field("raw", &self.raw)
            .field("document", &self.document)
            .field("attempts", &self.attempts)
            .field(
                "earlier_attempt_may_have_reached_server",
                &self.earlier_attempt_may_have_reached_server,
            )
            .field("stop_asking", &self.stop_asking)
            .finish()
    }
}

/// A provider's notice in `Debug`: free text, shown only when a plain token.
fn shown_notice(notice: &Option<String>) -> Option<crate::message::ShownToken<'_>> {
    notice
        .as_deref()
        .map(|notice| crate::message::ShownToken(notice, crate::message::MAX_CODE_CHARS))
}

/// What a provider reads from its typed model for the shared [`StatusReport`]:
/// everything else (provider, id, raw body, attempts, the document) comes from the
/// response, in [`StatusReport::from_response`]. `Debug` withholds a notice that is
/// not a plain token, as [`StatusReport`]'s does.
#[derive(Clone)]
#[non_exhaustive]
pub struct ReportParts {
    /// Normalized and raw status.
    pub status: TxStatus,
    /// When the transaction was created, if the provider says.
    pub created_at: Option<Timestamp>,
    /// When it last changed or completed, if the provider says.
    pub updated_at: Option<Timestamp>,
    /// The provider's notice, if any.
    pub notice: Option<String>,
    /// Whether the caller must stop asking although the status is not terminal.
    pub stop_asking: bool,
}

impl fmt::Debug for ReportParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportParts")
            .field("status", &self.status)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("notice", &shown_notice(&self.notice))
            .field("stop_asking", &self.stop_asking)
            .finish()
    }
}

impl ReportParts {
    /// Parts with only a status; add the rest with the `with_*` methods.
    pub fn new(status: TxStatus) -> Self {
        Self {
            status,
            created_at: None,
            updated_at: None,
            notice: None,
            stop_asking: false,
        }
    }

    /// Sets when the transaction was created.
    pub fn with_created_at(mut self, at: Option<Timestamp>) -> Self {
        self.created_at = at;
        self
    }

    /// Sets when it last changed.
    pub fn with_updated_at(mut self, at: Option<Timestamp>) -> Self {
        self.updated_at = at;
        self
    }

    /// Sets the provider's notice.
    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }

    /// Asks the caller to stop (see [`StatusReport::stop_asking`]).
    pub fn with_stop_asking(mut self, stop: bool) -> Self {
        self.stop_asking = stop;
        self
    }
}

impl StatusReport {
    /// The report of one read: the raw body, attempt count and "earlier attempt"
    /// flag come from `response`, the typed value becomes the document, and
    /// `parts` reads the provider-specific fields from it. Every provider's
    /// [`StatusSource::status_report`] is a read plus this.
    pub fn from_response<T: Document + 'static>(
        provider: &'static str,
        id: impl Into<String>,
        response: Response<T>,
        parts: impl FnOnce(&T) -> ReportParts,
    ) -> Self {
        let raw = response.raw().clone();
        let (attempts, earlier) = (
            response.attempts(),
            response.earlier_attempt_may_have_reached_server(),
        );
        let document = response.into_value();
        let parts = parts(&document);
        Self::new(provider, id, parts.status, raw, Arc::new(document))
            .with_attempts(attempts, earlier)
            .with_created_at(parts.created_at)
            .with_updated_at(parts.updated_at)
            .with_notice(parts.notice)
            .with_stop_asking(parts.stop_asking)
    }
}

/// Any provider client, behind one object-safe interface: hold
/// `Vec<Box<dyn StatusSource>>` and poll them alike.
///
/// A source ends a poll with a terminal status, or with
/// [`StatusReport::with_stop_asking`] when asking again could lose something
/// handed out once (an iDIN answer carrying personal data, whatever its status).
///
/// [`status_report`](Self::status_report) returns a [`BoxFuture`] (so the trait
/// stays dyn-compatible and `Send` is checked where an implementation is
/// written); an implementation writes `Box::pin(async move { .. })`.
///
/// ```
/// use std::sync::Arc;
/// use txstatus_core::{
///     BoxFuture, NormalizedStatus, RawBody, Result, StatusReport, StatusSource, TxStatus,
/// };
///
/// /// A source over an in-memory table (a test double, or a cache in front of a provider).
/// #[derive(Debug)]
/// struct Table(Vec<(&'static str, NormalizedStatus)>);
///
/// impl StatusSource for Table {
///     fn provider(&self) -> &'static str {
///         "table"
///     }
///
///     fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>> {
///         Box::pin(async move {
///             let status = self
///                 .0
///                 .iter()
///                 .find(|(key, _)| *key == id)
///                 .map_or(NormalizedStatus::Unknown, |(_, status)| *status);
///             let report = StatusReport::new(
///                 "table",
///                 id,
///                 TxStatus::new(status, status.as_str()),
///                 RawBody::default(),
///                 Arc::new(()),
///             );
///             Ok(report)
///         })
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let sources: Vec<Box<dyn StatusSource>> = vec![
///     Box::new(Table(vec![("tx-1", NormalizedStatus::Succeeded)])),
///     Box::new(Table(vec![("tx-1", NormalizedStatus::Pending)])),
/// ];
/// for source in &sources {
///     let report = source.status_report("tx-1").await?;
///     println!("{}: {} (stop: {})", source.provider(), report.status, report.should_stop());
/// }
/// # Ok::<(), txstatus_core::Error>(())
/// # }).unwrap();
/// ```
pub trait StatusSource: Send + Sync + fmt::Debug {
    /// Provider name.
    fn provider(&self) -> &'static str;

    /// Reads the transaction's current state.
    fn status_report<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<StatusReport>>;
}
