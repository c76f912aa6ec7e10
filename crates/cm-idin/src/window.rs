//! The 30 seconds after the user's return in which CM hands out the identity.

use std::time::{Duration, Instant};

use txstatus_core::{RawBody, Response};

use crate::{Status, StatusOutcome, StatusResponse};

/// How long after the user's return from the bank CM hands out the identity: 30 s.
pub const RETURN_WINDOW: Duration = Duration::from_secs(30);

/// Default wait between two status reads inside the window while the status is
/// `open`: 1 s (change it with
/// [`ClientBuilder::window_interval`](crate::ClientBuilder::window_interval)).
pub const DEFAULT_WINDOW_INTERVAL: Duration = Duration::from_secs(1);

/// What [`Client::status_within_window`](crate::Client::status_within_window) ended
/// with: the last answer, whole, and what it means.
///
/// **Store [`WindowedStatus::raw`] first**: the identity in it is not handed out
/// again.
#[derive(Clone, Debug)]
pub struct WindowedStatus {
    response: Response<StatusResponse>,
    outcome: StatusOutcome,
    reads: u32,
    window_closed: bool,
}

impl WindowedStatus {
    pub(crate) fn new(response: Response<StatusResponse>, reads: u32, window_closed: bool) -> Self {
        let outcome = StatusOutcome::from_response(&response);
        Self {
            response,
            outcome,
            reads,
            window_closed,
        }
    }

    /// The last answer's body, as received.
    pub fn raw(&self) -> &RawBody {
        self.response.raw()
    }

    /// The last answer, decoded, with its metadata.
    pub fn response(&self) -> &Response<StatusResponse> {
        &self.response
    }

    /// Takes the last answer.
    pub fn into_response(self) -> Response<StatusResponse> {
        self.response
    }

    /// What the last answer means ([`StatusOutcome::from_response`]: a `notice_code`
    /// 2000 after a failed attempt that may have reached CM is
    /// [`StatusOutcome::SuccessDataLostToEarlierAttempt`]).
    pub fn outcome(&self) -> &StatusOutcome {
        &self.outcome
    }

    /// Status calls made (each may have retried inside its own deadline; see
    /// [`Response::attempts`] for the last one).
    pub fn reads(&self) -> u32 {
        self.reads
    }

    /// Whether reading stopped because the window closed while the status was still
    /// `open`: the bank had not answered in time, and asking later can no longer get
    /// the identity.
    pub fn window_closed(&self) -> bool {
        self.window_closed
    }
}

/// Whether another read may follow this answer: only a plain `open` (a body that
/// may hold an identity, [`may_hold_identity`](crate::may_hold_identity), or a
/// status this version does not know, is returned at once: asking again could cost
/// data it holds).
pub(crate) fn ask_again(response: &Response<StatusResponse>) -> bool {
    matches!(response.value().status, Some(Status::Open))
        && !crate::sink::holds_identity(response.value(), response.raw().as_bytes())
}

/// The window's end for a return at `returned_at`, seen at `now`; a return in the
/// future counts as now. `None` when it cannot be represented.
pub(crate) fn window_end(returned_at: Instant, now: Instant) -> Option<Instant> {
    returned_at.min(now).checked_add(RETURN_WINDOW)
}
