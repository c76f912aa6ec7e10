//! Typed 409 and 422 answers: Persona's error objects with `code` and
//! `source.pointer`, read from the body kept on [`txstatus_core::Error`].

use txstatus_core::Error;

use crate::model::{ApiError, ErrorBody};

/// Why Persona refused a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectionKind {
    /// 409: a conflicting request (an `Idempotency-Key` still in progress, a
    /// duplicate, a record modified meanwhile, already redacted).
    Conflict,
    /// 422: the request is valid JSON but not acceptable (a bad status or field).
    Unprocessable,
}

/// A 409 or 422 with Persona's error objects.
///
/// ```no_run
/// # async fn run(client: persona_tx::Client) {
/// use persona_tx::{Rejection, UpdateTransaction};
///
/// let update = UpdateTransaction::new().status("nonsense");
/// if let Err(error) = client.update_transaction("txn_ABC123", &update).await {
///     if let Some(rejection) = Rejection::from_error(&error) {
///         for pointer in rejection.pointers() {
///             eprintln!("rejected: {pointer}");
///         }
///     }
/// }
/// # }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Rejection {
    /// 409 or 422.
    pub kind: RejectionKind,
    /// Persona's error objects, most relevant first (empty when the body was not
    /// a Persona error body).
    pub errors: Vec<ApiError>,
}

impl Rejection {
    /// The rejection an error is, when it is an HTTP 409 or 422.
    pub fn from_error(error: &Error) -> Option<Self> {
        let kind = match error.status()? {
            409 => RejectionKind::Conflict,
            422 => RejectionKind::Unprocessable,
            _ => return None,
        };
        let errors = ErrorBody::from_error(error)
            .map(|body| body.errors)
            .unwrap_or_default();
        Some(Self { kind, errors })
    }

    /// Every `source.pointer` (`/data/attributes/status`).
    pub fn pointers(&self) -> impl Iterator<Item = &str> {
        self.errors
            .iter()
            .filter_map(|e| e.source.as_ref()?.pointer.as_deref())
    }

    /// Every `code`.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.errors.iter().filter_map(|e| e.code.as_deref())
    }
}
