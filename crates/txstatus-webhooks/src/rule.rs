//! The transition rule: when a re-read state replaces the last recorded one.
//!
//! A store evaluates it inside its atomic compare-and-set (the Redis store in
//! Lua), so it is kept small and total.

use crate::transition::ObservedState;

use time::{Duration, OffsetDateTime};

/// How far past the deciding clock a provider's update time may lie and still
/// order two states. A later time ahead of that (a provider's clock or
/// data gone wrong, a year 9999) would otherwise win over every state read
/// after it, for ever; it is ignored for ordering (kept in the record).
pub const MAX_TIME_AHEAD: Duration = Duration::DAY;

/// Whether `next` is newer than `last` and so is a transition:
///
/// - the same status again is never a transition;
/// - when both carry a provider update time, the later one wins (a time more
///   than [`MAX_TIME_AHEAD`] past this machine's clock does not count);
/// - otherwise a terminal state is never replaced by a non-terminal one.
///
/// Stores decide with [`is_newer_at`] and a clock of their own, never this
/// machine's: [`MemoryStore`](crate::MemoryStore) the receiver's (the commit's
/// observation time), a shared store one every replica reads alike (Redis
/// `TIME`), so replicas whose clocks differ decide alike.
pub fn is_newer(last: Option<&ObservedState>, next: &ObservedState) -> bool {
    is_newer_at(last, next, OffsetDateTime::now_utc())
}

/// [`is_newer`] with the current time given: a store's own clock (the
/// receiver's, a shared server's), or a test's.
pub fn is_newer_at(
    last: Option<&ObservedState>,
    next: &ObservedState,
    now: OffsetDateTime,
) -> bool {
    let Some(last) = last else {
        return true;
    };
    if last.same_status(next) {
        return false;
    }
    // No bound when the clock itself is at the end of the range.
    let limit = now.checked_add(MAX_TIME_AHEAD);
    let trusted =
        |at: Option<OffsetDateTime>| at.filter(|at| limit.is_none_or(|limit| *at <= limit));
    if let (Some(last_at), Some(next_at)) = (trusted(last.updated_at), trusted(next.updated_at))
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
    fn a_time_far_ahead_of_the_clock_orders_nothing() {
        let now = datetime!(2026-01-01 12:00 UTC);
        let mut stuck = state(NormalizedStatus::Pending, "submitted");
        stuck.updated_at = Some(datetime!(9999-12-31 23:59 UTC));
        let mut review = state(NormalizedStatus::Pending, "needs review");
        review.updated_at = Some(datetime!(2026-01-01 11:00 UTC));
        let mut done = state(NormalizedStatus::Succeeded, "approved");
        done.updated_at = Some(datetime!(2026-01-01 11:30 UTC));
        // Past the bound: the terminal rule decides, as without times.
        assert!(is_newer_at(Some(&stuck), &review, now));
        assert!(is_newer_at(Some(&stuck), &done, now));
        assert!(!is_newer_at(Some(&done), &stuck, now));
        // Within a day ahead still orders (clock skew).
        let mut ahead = state(NormalizedStatus::Pending, "in review");
        ahead.updated_at = Some(datetime!(2026-01-02 11:00 UTC));
        assert!(!is_newer_at(Some(&ahead), &review, now));
        // A clock at the end of the range bounds nothing.
        assert!(!is_newer_at(
            Some(&ahead),
            &review,
            OffsetDateTime::new_utc(time::Date::MAX, time::Time::MIDNIGHT)
        ));
    }

    #[test]
    fn a_raw_change_with_the_same_normalized_status_is_a_transition() {
        let submitted = state(NormalizedStatus::Pending, "submitted");
        let review = state(NormalizedStatus::Pending, "in review");
        assert!(is_newer(Some(&submitted), &review));
    }
}
