//! iDIN's one-time identity, as the CLI judges it from the shared report.
//!
//! CM hands the identity out once. The CLI therefore stops asking at the first
//! answer that carries personal data *or that it cannot judge* (a status this
//! version does not know, a body that does not read as a status), whatever the
//! source's own `stop_asking` says, and keeps that answer in a file.

use std::{
    fmt,
    sync::atomic::{AtomicBool, Ordering},
};

use cm_idin::{StatusOutcome, StatusResponse};
use txstatus_core::{BoxFuture, StatusReport, StatusSource};

use crate::{failure::Failure, text::escape};

/// Whether this iDIN body must be kept: it may hold an identity as the client
/// judges it ([`cm_idin::may_hold_identity`]: personal data, a non-null member this
/// version does not model, a body that does not read as a status), or its status is
/// not one this version knows.
pub fn must_keep(raw: &[u8]) -> bool {
    cm_idin::may_hold_identity(raw)
        || StatusResponse::from_json(raw).map_or(true, |document| {
            matches!(document.status, None | Some(cm_idin::Status::Unknown(_)))
        })
}

/// Whether a report says the identity was most likely handed to an earlier
/// attempt whose answer was lost (exit 3).
pub fn identity_lost(report: &StatusReport) -> bool {
    serde_json::from_slice::<StatusResponse>(report.raw.as_bytes()).is_ok_and(|document| {
        matches!(
            StatusOutcome::from_parts(&document, report.earlier_attempt_may_have_reached_server),
            StatusOutcome::SuccessDataLostToEarlierAttempt(_)
        )
    })
}

/// Exit 3: the read succeeded, the identity did not come with it.
pub fn lost_failure(report: &StatusReport) -> Failure {
    Failure::IdentityLost(format!(
        "cm-idin {}: the identity was most likely handed to an earlier attempt whose answer \
         was lost (the answer came on attempt {} without personal data); it is not handed out \
         again: the user has to go through the bank once more",
        escape(&report.id),
        report.attempts
    ))
}

/// Says on stderr when an earlier attempt may have reached the provider (any
/// provider: for iDIN it is what makes an identity lost).
pub fn note_attempts(report: &StatusReport) {
    if report.earlier_attempt_may_have_reached_server {
        note!(
            "txstatus: {} answered on attempt {}; an earlier attempt may have reached it",
            report.provider,
            report.attempts
        );
    }
}

/// An iDIN source whose reports ask the poller to stop at any answer that must be
/// kept ([`must_keep`]).
pub struct Guard {
    inner: Box<dyn StatusSource>,
}

impl Guard {
    /// Wraps the iDIN source.
    pub fn new(inner: Box<dyn StatusSource>) -> Self {
        Self { inner }
    }
}

impl fmt::Debug for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Guard").field("inner", &self.inner).finish()
    }
}

impl StatusSource for Guard {
    fn provider(&self) -> &'static str {
        self.inner.provider()
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            let report = self.inner.status_report(id).await?;
            let stop = report.stop_asking || must_keep(report.raw.as_bytes());
            Ok(report.with_stop_asking(stop))
        })
    }
}

/// A source that tells whether one of its reads is under way: a signal that comes
/// then must not abandon an iDIN read, whose answer CM may be handing out once
/// (`watch` finishes it and keeps its answer).
pub struct Tracked<'s> {
    inner: &'s dyn StatusSource,
    reading: AtomicBool,
}

impl<'s> Tracked<'s> {
    /// Wraps `inner`.
    pub fn new(inner: &'s dyn StatusSource) -> Self {
        Self {
            inner,
            reading: AtomicBool::new(false),
        }
    }

    /// Whether a read has begun and not ended.
    pub fn reading(&self) -> bool {
        self.reading.load(Ordering::SeqCst)
    }
}

impl fmt::Debug for Tracked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tracked")
            .field("inner", &self.inner)
            .field("reading", &self.reading())
            .finish()
    }
}

impl StatusSource for Tracked<'_> {
    fn provider(&self) -> &'static str {
        self.inner.provider()
    }

    fn status_report<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, txstatus_core::Result<StatusReport>> {
        Box::pin(async move {
            self.reading.store(true, Ordering::SeqCst);
            let report = self.inner.status_report(id).await;
            self.reading.store(false, Ordering::SeqCst);
            report
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_with_personal_data_or_unknown_status_are_kept() {
        assert!(must_keep(br#"{"status":"success","bin":"X"}"#));
        assert!(must_keep(br#"{"status":"open","name":{"last_name":"X"}}"#));
        assert!(must_keep(br#"{"status":"Success"}"#));
        assert!(must_keep(br#"{"bin":null}"#));
        assert!(must_keep(b"not json"));
        assert!(!must_keep(br#"{"status":"open"}"#));
        assert!(!must_keep(
            br#"{"status":"success","notice":"gone","notice_code":2000}"#
        ));
        assert!(!must_keep(br#"{"status":"cancelled"}"#));
        assert!(must_keep(br#"{"status":"success","birth_place":"X"}"#));
        assert!(must_keep(
            br#"{"status":"open","name":{"second_last_name":"X"}}"#
        ));
    }
}
