//! The end of a caller's whole operation (a poll, a request waiting for its
//! token), seen by every request made inside it without changing any signature:
//! a request never waits or reads past the end of the operation it serves.

use std::{future::Future, time::Instant};

tokio::task_local! {
    static END: Option<Instant>;
}

/// Runs `future` with its requests bounded by `end` (an instant of the clock the
/// caller runs on) and by any end already in force, whichever comes first.
pub(crate) async fn within<F: Future>(end: Option<Instant>, future: F) -> F::Output {
    let end = earliest(current(), end);
    END.scope(end, future).await
}

/// The end in force for the running task, if any.
pub(crate) fn current() -> Option<Instant> {
    END.try_with(|end| *end).ok().flatten()
}

/// The earlier of two optional ends (`None` means unbounded).
pub(crate) fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
