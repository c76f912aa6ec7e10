//! Scenario scripts (what the n-th read of an id answers) and the per-instance read
//! counters.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::Provider;
use crate::ids::{checkout, idin, idscan, onespan, persona};

/// One answer of a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// The provider's document with this status (for iDIN also `success-identity` and
    /// `success-notice`).
    Doc(&'static str),
    /// 429 with `Retry-After: 1`.
    TooManyRequests,
    /// 503 with a non-JSON body.
    Unavailable,
}

use Step::{Doc, TooManyRequests, Unavailable};

/// iDIN's first `success`: carries the identity.
pub(crate) const IDIN_IDENTITY: &str = "success-identity";
/// iDIN's later `success`: `notice` and `notice_code` 2000, no personal data.
pub(crate) const IDIN_NOTICE: &str = "success-notice";

/// The script of a scenario id, or `None` for an unknown id (404).
pub(crate) fn script(provider: Provider, id: &str) -> Option<&'static [Step]> {
    match provider {
        Provider::Persona => persona_script(id),
        Provider::CmIdScan => idscan_script(id),
        Provider::CmIdin => idin_script(id),
        Provider::CmCheckout => checkout_script(id),
        Provider::OneSpan => onespan_script(id),
    }
}

fn persona_script(id: &str) -> Option<&'static [Step]> {
    Some(match id {
        persona::PROGRESS => &[Doc("created"), Doc("pending"), Doc("completed")],
        persona::RATE_LIMITED => &[TooManyRequests, Doc("completed")],
        persona::UNAVAILABLE => &[Unavailable, Doc("completed")],
        persona::STUCK => &[Doc("pending")],
        persona::UNKNOWN_STATUS => &[Doc("awaiting-sandbox")],
        persona::COMPLETED => &[Doc("completed")],
        persona::APPROVED => &[Doc("approved")],
        persona::DECLINED => &[Doc("declined")],
        persona::FAILED => &[Doc("failed")],
        persona::EXPIRED => &[Doc("expired")],
        _ => return None,
    })
}

fn idscan_script(id: &str) -> Option<&'static [Step]> {
    Some(match id {
        idscan::PROGRESS => &[Doc("pending"), Doc("completed")],
        idscan::RATE_LIMITED => &[TooManyRequests, Doc("completed")],
        idscan::UNAVAILABLE => &[Unavailable, Doc("completed")],
        idscan::STUCK => &[Doc("pending")],
        idscan::UNKNOWN_STATUS => &[Doc("sandbox_review")],
        idscan::COMPLETED => &[Doc("completed")],
        idscan::EXPIRED => &[Doc("expired")],
        _ => return None,
    })
}

/// The script of an id issued by `POST /transaction`.
pub(crate) const IDIN_ISSUED: &[Step] = &[Doc("open"), Doc(IDIN_IDENTITY), Doc(IDIN_NOTICE)];

fn idin_script(id: &str) -> Option<&'static [Step]> {
    Some(match id {
        idin::PROGRESS => IDIN_ISSUED,
        idin::IDENTITY_ONCE => &[Doc(IDIN_IDENTITY), Doc(IDIN_NOTICE)],
        idin::LATE => &[Doc(IDIN_NOTICE)],
        idin::RATE_LIMITED => &[TooManyRequests, Doc(IDIN_IDENTITY), Doc(IDIN_NOTICE)],
        idin::UNAVAILABLE => &[Unavailable, Doc(IDIN_IDENTITY), Doc(IDIN_NOTICE)],
        idin::STUCK => &[Doc("open")],
        idin::UNKNOWN_STATUS => &[Doc("sandbox_hold")],
        idin::FAILURE => &[Doc("failure")],
        idin::CANCELLED => &[Doc("cancelled")],
        idin::EXPIRED => &[Doc("expired")],
        _ => return None,
    })
}

fn checkout_script(id: &str) -> Option<&'static [Step]> {
    Some(match id {
        checkout::PROGRESS => &[Doc("OPEN"), Doc("PENDING"), Doc("SUCCESS")],
        checkout::RATE_LIMITED => &[TooManyRequests, Doc("SUCCESS")],
        checkout::UNAVAILABLE => &[Unavailable, Doc("SUCCESS")],
        checkout::STUCK => &[Doc("OPEN")],
        checkout::UNKNOWN_STATUS => &[Doc("SANDBOX_HOLD")],
        checkout::AUTHORIZED => &[Doc("AUTHORIZED")],
        checkout::SUCCESS => &[Doc("SUCCESS")],
        checkout::FAILURE => &[Doc("FAILURE")],
        checkout::CANCELLED => &[Doc("CANCELLED")],
        checkout::EXPIRED => &[Doc("EXPIRED")],
        _ => return None,
    })
}

fn onespan_script(id: &str) -> Option<&'static [Step]> {
    Some(match id {
        onespan::PROGRESS => &[Doc("new"), Doc("workflow_in_progress"), Doc("completed")],
        onespan::RATE_LIMITED => &[TooManyRequests, Doc("completed")],
        onespan::UNAVAILABLE => &[Unavailable, Doc("completed")],
        onespan::STUCK => &[Doc("workflow_in_progress")],
        onespan::UNKNOWN_STATUS => &[Doc("sandbox_hold")],
        onespan::COMPLETED => &[Doc("completed")],
        onespan::ERROR => &[Doc("error")],
        onespan::CANCELLED => &[Doc("cancelled")],
        onespan::EXPIRED => &[Doc("expired")],
        _ => return None,
    })
}

/// The step at `index`, or the last one once the script has run out.
fn step_at(script: &[Step], index: usize) -> Step {
    script
        .get(index)
        .or_else(|| script.last())
        .copied()
        .unwrap_or(Unavailable)
}

/// Read counters per (provider, id), private to one sandbox instance.
#[derive(Debug, Default)]
pub(crate) struct Scenarios {
    reads: Mutex<HashMap<(Provider, String), usize>>,
}

impl Scenarios {
    /// Counts one read of `id` and returns the step it is answered with.
    pub(crate) fn advance(&self, provider: Provider, id: &str, script: &[Step]) -> Step {
        let mut reads = self.reads.lock().unwrap_or_else(PoisonError::into_inner);
        let count = reads.entry((provider, id.to_owned())).or_insert(0);
        let step = step_at(script, *count);
        *count = count.saturating_add(1);
        step
    }

    /// The step the last read of `id` was answered with (the first step before any read),
    /// without counting a read.
    pub(crate) fn peek(&self, provider: Provider, id: &str, script: &[Step]) -> Step {
        let reads = self.reads.lock().unwrap_or_else(PoisonError::into_inner);
        let count = reads.get(&(provider, id.to_owned())).copied().unwrap_or(0);
        step_at(script, count.saturating_sub(1))
    }

    /// How many reads of `id` have been counted.
    pub(crate) fn reads(&self, provider: Provider, id: &str) -> usize {
        let reads = self.reads.lock().unwrap_or_else(PoisonError::into_inner);
        reads.get(&(provider, id.to_owned())).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::{Doc, Scenarios, script};
    use crate::{Provider, ids};

    #[test]
    fn the_last_step_repeats() {
        let scenarios = Scenarios::default();
        let steps = script(Provider::Persona, ids::persona::PROGRESS).unwrap();
        let seen: Vec<_> = (0..5)
            .map(|_| scenarios.advance(Provider::Persona, "sbx-progress", steps))
            .collect();
        assert_eq!(
            seen,
            [
                Doc("created"),
                Doc("pending"),
                Doc("completed"),
                Doc("completed"),
                Doc("completed")
            ]
        );
    }

    #[test]
    fn every_provider_rejects_the_not_found_id() {
        for provider in Provider::ALL {
            assert!(script(provider, "sbx-not-found").is_none());
            assert!(script(provider, "sbx-progress").is_some());
        }
    }
}
