//! The transition rule: when a re-read state replaces the last recorded one.
//!
//! A store evaluates it inside its atomic compare-and-set (the Redis store in
//! Lua), so it is kept small and total.

use crate::transition::ObservedState;

/// Whether `next` is newer than `last` and so is a transition:
///
/// - the same status again is never a transition;
/// - when both carry a provider update time, the later one wins;
/// - otherwise a terminal state is never replaced by a non-terminal one.
pub fn is_newer(last: Option<&ObservedState>, next: &ObservedState) -> bool {
    let Some(last) = last else {
        return true;
    };
    if last.same_status(next) {
        return false;
    }
    if let (Some(last_at), Some(next_at)) = (last.updated_at, next.updated_at)
        && last_at != next_at
    {
        return next_at > last_at;
    }
    !last.terminal || next.terminal
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use txstatus_core::{NormalizedStatus, TxStatus};

    use super::*;

    fn state(normalized: NormalizedStatus, raw: &str) -> ObservedState {
        ObservedState::new(&TxStatus::new(normalized, raw), None)
    }

    #[test]
    fn the_first_state_is_a_transition() {
        assert!(is_newer(None, &state(NormalizedStatus::Pending, "pending")));
    }

    #[test]
    fn the_same_state_twice_is_not() {
        let pending = state(NormalizedStatus::Pending, "pending");
        assert!(!is_newer(Some(&pending), &pending));
    }

    #[test]
    fn terminal_is_never_replaced_by_non_terminal_without_times() {
        let done = state(NormalizedStatus::Succeeded, "approved");
        let pending = state(NormalizedStatus::Pending, "pending");
        assert!(!is_newer(Some(&done), &pending));
        assert!(is_newer(Some(&pending), &done));
    }

    #[test]
    fn a_later_provider_time_wins_and_an_earlier_one_loses() {
        let mut older = state(NormalizedStatus::Pending, "submitted");
        older.updated_at = Some(datetime!(2026-01-01 10:00 UTC));
        let mut newer = state(NormalizedStatus::Pending, "needs review");
        newer.updated_at = Some(datetime!(2026-01-01 11:00 UTC));
        assert!(is_newer(Some(&older), &newer));
        assert!(!is_newer(Some(&newer), &older));
    }

    #[test]
    fn a_raw_change_with_the_same_normalized_status_is_a_transition() {
        let submitted = state(NormalizedStatus::Pending, "submitted");
        let review = state(NormalizedStatus::Pending, "in review");
        assert!(is_newer(Some(&submitted), &review));
    }
}
