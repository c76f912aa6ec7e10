//! Which requests are retried, how often, and how long to wait between attempts.
//!
//! Hand-written: the rules (retry classes, iDIN's keep-the-first-success, `Retry-After`
//! caps) are the project's own, and full-jitter backoff is a few lines on a
//! splitmix64 counter; a retry or `rand` crate would add weight and not these rules.

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use reqwest::header::{HeaderMap, HeaderName};

/// Read when a 429 has no readable `Retry-After`.
static RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");

/// How a request may be repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryClass {
    /// Reads: retried on connect errors, timeouts, 429, 500, 502, 503, 504.
    Idempotent,
    /// Requests that create something: retried only when nothing was sent.
    NeverResend,
    /// Reads whose success is handed out once (iDIN status): retried like
    /// [`RetryClass::Idempotent`] until a success status line arrives, never after.
    KeepFirstSuccess,
}

/// Attempts and backoff for retried requests.
///
/// Which requests are retried at all is the request's [`RetryClass`], never the
/// policy: a policy only says how often and how long to wait.
///
/// ```
/// use std::time::Duration;
/// use txstatus_core::{RetryPolicy, Transport};
///
/// let patient = RetryPolicy {
///     max_attempts: 5,
///     max_backoff: Duration::from_secs(10),
///     // A provider asking for more than 30 s gets a rate-limited error at once.
///     max_retry_after: Duration::from_secs(30),
///     ..RetryPolicy::default()
/// };
/// assert!(patient.backoff(3) <= Duration::from_secs(2)); // full jitter under 500 ms * 2^2
/// let transport = Transport::builder().retry_policy(patient).build()?;
/// let _never_retry = Transport::builder().retry_policy(RetryPolicy::none()).build()?;
/// # drop(transport);
/// # Ok::<(), txstatus_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Total attempts, the first included (default 3); 0 counts as 1. The one
    /// resend with fresh credentials after a 401 is made even when it is the
    /// last attempt (a refused request was not carried out): at most one
    /// attempt more than this, and only after a 401.
    pub max_attempts: u32,
    /// First backoff ceiling (default 500 ms).
    pub initial_backoff: Duration,
    /// Largest backoff ceiling (default 5 s).
    pub max_backoff: Duration,
    /// Longest `Retry-After` honoured by waiting (default 60 s); longer returns a
    /// rate-limited error at once.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all (but the one resend with fresh credentials after a
    /// 401, see [`max_attempts`](Self::max_attempts)).
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Full-jitter exponential backoff before attempt `attempt + 1` (`attempt` >= 1):
    /// uniform in `[0, min(max, initial * 2^(attempt-1))]`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(
            next_random()
                .checked_rem(nanos.saturating_add(1))
                .unwrap_or(0),
        )
    }
}

/// What one attempt came to, as far as the retry rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A whole answer with this status; `retry_after` from its headers
    /// ([`retry_after`]).
    Answered {
        /// HTTP status.
        status: u16,
        /// How long the provider asked to wait.
        retry_after: Option<Duration>,
    },
    /// Nothing left this process (DNS, connection refused, TLS handshake).
    NotSent,
    /// The request went out and no status line came back (a reset, a timeout).
    LostAfterSend,
    /// An answer came back whose head could not be read (a malformed status line
    /// or header): its status is unknown, so it may have been a success.
    Unreadable,
    /// A status line arrived and its body did not, whole (cut short, timed out).
    BodyLost {
        /// HTTP status of the line that arrived.
        status: u16,
    },
    /// The body was over the cap.
    TooLarge,
}

/// What the request loop does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Stop: hand the answer (or its error) to the caller.
    Return,
    /// Sleep this long, then send again.
    Wait(Duration),
    /// Fetch fresh credentials and send once more (a 401, the first time).
    RefreshAuth,
}

/// The retry rules as one pure function of what happened.
///
/// - A 2xx, and any status other than 401, 429, 500, 502, 503 and 504, returns
///   (408, 409 and 425 included: a conflict is not transient).
/// - A 401 asks for fresh credentials once (`may_refresh_auth`), whatever the class.
/// - [`RetryClass::NeverResend`] is sent again only when nothing was sent.
/// - [`RetryClass::KeepFirstSuccess`] is never sent again after a 2xx status line,
///   nor after an answer whose head could not be read ([`Outcome::Unreadable`]).
/// - A body over the cap is never fetched again.
/// - Attempts stop at [`RetryPolicy::max_attempts`]; a `Retry-After` on a 429 or
///   503 over [`RetryPolicy::max_retry_after`] or past the deadline returns at
///   once ([`asks_too_long`]); any wait that would reach the deadline returns.
pub fn decide(
    class: RetryClass,
    outcome: Outcome,
    attempt: u32,
    may_refresh_auth: bool,
    remaining: Duration,
    policy: &RetryPolicy,
) -> Decision {
    let success = |status: u16| (200..300).contains(&status);
    let resend = match outcome {
        Outcome::Answered { status, .. } if success(status) => false,
        Outcome::Answered { status: 401, .. } if may_refresh_auth => {
            return Decision::RefreshAuth;
        }
        Outcome::Answered { status, .. } => {
            crate::error::is_retryable_status(status) && class != RetryClass::NeverResend
        }
        Outcome::NotSent => true,
        Outcome::LostAfterSend => class != RetryClass::NeverResend,
        // It may have been the 2xx a one-time answer is never asked for again after.
        Outcome::Unreadable => class == RetryClass::Idempotent,
        Outcome::BodyLost { status } => match class {
            RetryClass::Idempotent => true,
            RetryClass::KeepFirstSuccess => !success(status),
            RetryClass::NeverResend => false,
        },
        Outcome::TooLarge => false,
    };
    if !resend || attempt >= policy.max_attempts {
        return Decision::Return;
    }
    let backoff = policy.backoff(attempt);
    let wait = match outcome {
        Outcome::Answered {
            status,
            retry_after: Some(asked),
        } if status == 429 || status == 503 => {
            if asks_too_long(asked, remaining, policy) {
                return Decision::Return;
            }
            asked.max(backoff)
        }
        _ => backoff,
    };
    if wait >= remaining {
        Decision::Return
    } else {
        Decision::Wait(wait)
    }
}

/// Whether a provider's `Retry-After` is longer than the policy honours or than
/// the time left: the caller then gets a rate-limited error at once.
pub fn asks_too_long(asked: Duration, remaining: Duration, policy: &RetryPolicy) -> bool {
    asked > policy.max_retry_after || asked > remaining
}

/// `Retry-After` in delta-seconds or as an HTTP date (all three RFC 9110 forms);
/// on a 429 without a readable one, `RateLimit-Reset`. Any number and any date
/// are accepted without overflow: a count of seconds past `u64::MAX` (any run
/// of digits) is `u64::MAX` seconds, a wait no policy honours, never "no wait
/// asked"; a date in the past is zero. When the answer asks more than once
/// (several lines, or one line of seconds and dates joined by commas, as an
/// intermediary joins repeated lines), the longest wait is the one honoured: a
/// provider is never asked again sooner than one of its asks.
pub fn retry_after(headers: &HeaderMap, status: u16, now: SystemTime) -> Option<Duration> {
    let longest = |name: &str, dates: bool| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|value| asked_wait(value, dates.then_some(now)))
            .max()
    };
    longest("retry-after", true).or_else(|| {
        (status == 429)
            .then(|| header_counts(headers, &RATELIMIT_RESET).max())
            .flatten()
            .map(Duration::from_secs)
    })
}

/// Every count a header's lines give (`RateLimit-*`): each line a comma-joined
/// list whose members may carry `;` parameters (`10, 10;w=1`), each member read
/// as [`delta_seconds`] reads `Retry-After` (no sign, no fraction; past
/// `u64::MAX` is `u64::MAX`). The caller picks the most cautious one.
pub(crate) fn header_counts<'a>(
    headers: &'a HeaderMap,
    name: &'a HeaderName,
) -> impl Iterator<Item = u64> + 'a {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|member| delta_seconds(member.split(';').next().unwrap_or_default().trim()))
}

/// The longest wait one header line asks for: an HTTP date (when `now` is
/// given), or seconds, or a comma-joined list of either (an intermediary's join
/// of repeated lines: a date's own comma is read as part of the date).
fn asked_wait(value: &str, now: Option<SystemTime>) -> Option<Duration> {
    let value = value.trim();
    let date_wait = |text: &str| {
        let now = now?;
        let when = crate::http_date::parse_unix_seconds(text.trim())?;
        let now = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |since| {
                i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
            });
        let ahead = when.saturating_sub(now);
        Some(Duration::from_secs(u64::try_from(ahead).unwrap_or(0)))
    };
    let members: Vec<&str> = value.split(',').collect();
    let mut longest: Option<Duration> = None;
    let mut rest = members.as_slice();
    while let [first, after @ ..] = rest {
        // A weekday, a comma, then the rest of the date: two members, one ask
        // (a count of seconds is its own ask, never a weekday).
        let seconds = delta_seconds(first.trim());
        let joined = after
            .first()
            .filter(|_| seconds.is_none())
            .and_then(|second| date_wait(&format!("{first},{second}")));
        let (wait, left) = match joined {
            Some(wait) => (Some(wait), after.get(1..).unwrap_or_default()),
            None => (
                seconds
                    .map(Duration::from_secs)
                    .or_else(|| date_wait(first)),
                after,
            ),
        };
        longest = longest.max(wait);
        rest = left;
    }
    longest
}

/// A count of seconds as RFC 9110 writes it (`1*DIGIT`), saturated at
/// `u64::MAX`; `None` for anything else (a sign, a fraction, a word).
fn delta_seconds(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some(value.parse::<u64>().unwrap_or(u64::MAX))
}

static STATE: AtomicU64 = AtomicU64::new(0);

/// splitmix64 over a shared counter seeded from the clock: jitter needs spread,
/// not secrecy.
fn next_random() -> u64 {
    const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;
    if STATE.load(Ordering::Relaxed) == 0 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(GOLDEN);
        let _ = STATE.compare_exchange(0, now | 1, Ordering::Relaxed, Ordering::Relaxed);
    }
    let mut z = STATE
        .fetch_add(GOLDEN, Ordering::Relaxed)
        .wrapping_add(GOLDEN);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No jitter, so every wait is exact: backoff 0, 3 attempts, 60 s cap.
    fn exact() -> RetryPolicy {
        RetryPolicy {
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            ..RetryPolicy::default()
        }
    }

    fn answered(status: u16) -> Outcome {
        Outcome::Answered {
            status,
            retry_after: None,
        }
    }

    fn asking(status: u16, seconds: u64) -> Outcome {
        Outcome::Answered {
            status,
            retry_after: Some(Duration::from_secs(seconds)),
        }
    }

    const ZERO: Decision = Decision::Wait(Duration::ZERO);

    #[test]
    fn every_class_and_outcome_has_its_decision() {
        use Decision::{RefreshAuth, Return};
        use RetryClass::{Idempotent as I, KeepFirstSuccess as K, NeverResend as N};
        let wait = |s| Decision::Wait(Duration::from_secs(s));
        #[rustfmt::skip]
        let table: &[(Outcome, [Decision; 3])] = &[
            //                               Idempotent   NeverResend  KeepFirstSuccess
            (answered(200),                  [Return,     Return,      Return]),
            (answered(204),                  [Return,     Return,      Return]),
            (answered(401),                  [RefreshAuth, RefreshAuth, RefreshAuth]),
            (answered(403),                  [Return,     Return,      Return]),
            (answered(408),                  [Return,     Return,      Return]),
            (answered(409),                  [Return,     Return,      Return]),
            (answered(425),                  [Return,     Return,      Return]),
            (answered(429),                  [ZERO,       Return,      ZERO]),
            (asking(429, 7),                 [wait(7),    Return,      wait(7)]),
            (asking(429, 61),                [Return,     Return,      Return]),
            (asking(503, 7),                 [wait(7),    Return,      wait(7)]),
            (asking(500, 7),                 [ZERO,       Return,      ZERO]),
            (answered(500),                  [ZERO,       Return,      ZERO]),
            (answered(502),                  [ZERO,       Return,      ZERO]),
            (answered(503),                  [ZERO,       Return,      ZERO]),
            (answered(504),                  [ZERO,       Return,      ZERO]),
            (answered(501),                  [Return,     Return,      Return]),
            (Outcome::NotSent,               [ZERO,       ZERO,        ZERO]),
            (Outcome::LostAfterSend,         [ZERO,       Return,      ZERO]),
            (Outcome::Unreadable,            [ZERO,       Return,      Return]),
            (Outcome::BodyLost { status: 200 }, [ZERO,    Return,      Return]),
            (Outcome::BodyLost { status: 503 }, [ZERO,    Return,      ZERO]),
            (Outcome::TooLarge,              [Return,     Return,      Return]),
        ];
        let policy = exact();
        let left = Duration::from_secs(30);
        for (outcome, decisions) in table {
            for (class, expected) in [I, N, K].into_iter().zip(decisions) {
                let got = decide(class, *outcome, 1, true, left, &policy);
                assert_eq!(got, *expected, "{class:?} after {outcome:?}");
            }
        }
    }

    #[test]
    fn a_401_already_refreshed_returns() {
        let got = decide(
            RetryClass::Idempotent,
            answered(401),
            1,
            false,
            Duration::MAX,
            &exact(),
        );
        assert_eq!(got, Decision::Return);
    }

    #[test]
    fn the_last_attempt_returns_whatever_happened() {
        for outcome in [answered(503), Outcome::NotSent, Outcome::LostAfterSend] {
            let got = decide(
                RetryClass::Idempotent,
                outcome,
                3,
                true,
                Duration::MAX,
                &exact(),
            );
            assert_eq!(got, Decision::Return, "{outcome:?}");
        }
    }

    #[test]
    fn no_wait_reaches_the_deadline() {
        let left = Duration::from_secs(5);
        let policy = exact();
        // Asked for more than is left: returned at once.
        assert_eq!(
            decide(
                RetryClass::Idempotent,
                asking(429, 6),
                1,
                true,
                left,
                &policy
            ),
            Decision::Return
        );
        assert!(asks_too_long(Duration::from_secs(6), left, &policy));
        // Asked for what is left exactly: waiting would end at the deadline.
        assert_eq!(
            decide(
                RetryClass::Idempotent,
                asking(503, 5),
                1,
                true,
                left,
                &policy
            ),
            Decision::Return
        );
        // Nothing left at all.
        assert_eq!(
            decide(
                RetryClass::Idempotent,
                answered(503),
                1,
                true,
                Duration::ZERO,
                &policy
            ),
            Decision::Return
        );
    }

    #[test]
    fn a_huge_retry_after_is_refused_not_overflowed() {
        let got = decide(
            RetryClass::Idempotent,
            asking(429, u64::MAX),
            1,
            true,
            Duration::MAX,
            &RetryPolicy::default(),
        );
        assert_eq!(got, Decision::Return);
    }

    #[test]
    fn retry_after_reads_seconds_all_three_date_forms_and_ratelimit_reset() {
        use reqwest::header::HeaderValue;
        // 1994-11-06T08:49:37Z, and ten seconds before it.
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777 - 10);
        let with = |name: &'static str, value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(name, HeaderValue::from_str(value).unwrap());
            headers
        };
        let ten = Some(Duration::from_secs(10));
        for value in [
            "10",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                retry_after(&with("retry-after", value), 503, now),
                ten,
                "{value}"
            );
        }
        assert_eq!(
            retry_after(&with("retry-after", "18446744073709551615"), 429, now),
            Some(Duration::from_secs(u64::MAX))
        );
        let past = UNIX_EPOCH + Duration::from_secs(900_000_000);
        assert_eq!(
            retry_after(
                &with("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"),
                503,
                past
            ),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&with("ratelimit-reset", "10"), 429, now), ten);
        assert_eq!(retry_after(&with("ratelimit-reset", "10"), 503, now), None);
        assert_eq!(retry_after(&with("retry-after", "soon"), 503, now), None);
    }

    #[test]
    fn backoff_stays_under_the_exponential_ceiling() {
        let policy = RetryPolicy::default();
        for _ in 0..1000 {
            assert!(policy.backoff(1) <= Duration::from_millis(500));
            assert!(policy.backoff(2) <= Duration::from_secs(1));
            assert!(policy.backoff(10) <= Duration::from_secs(5));
        }
    }

    #[test]
    fn backoff_is_jittered() {
        let policy = RetryPolicy::default();
        let samples: std::collections::HashSet<_> = (0..50).map(|_| policy.backoff(3)).collect();
        assert!(samples.len() > 10);
    }
}
