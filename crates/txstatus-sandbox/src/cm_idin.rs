//! iDIN transactions issued by `POST /transaction`: what each creation asked for
//! and how far its user has got.
//!
//! CM's rules, as its status page states them: the status must be asked within
//! 30 s of the user's return to the merchant's return URL, or a `success` carries
//! a `notice` (code 2000) and no personal data; the personal data is handed out
//! once; `transaction_reference` is the one given at creation, `null` without
//! one; only the attributes asked at creation are answered, and `bin` is the
//! user's own only when `identity` was asked (otherwise it differs every time).
//!
//! The sandbox has no bank, so when the user comes back is modelled: at the
//! first status read (which answers `open`, the user still on the way), or
//! [`SandboxBuilder::idin_return_after`](crate::SandboxBuilder::idin_return_after)
//! after the creation, whichever comes first. From then on the identity is handed
//! out to the first read within
//! [`SandboxBuilder::idin_data_window`](crate::SandboxBuilder::idin_data_window)
//! (30 s, CM's), and every later read, or any read after the window, gets the
//! notice. Both durations are settings, so tests never sleep.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

/// CM's window after the user's return in which the identity is handed out.
pub const DEFAULT_IDIN_DATA_WINDOW: Duration = Duration::from_secs(30);

/// The attributes a creation can ask for, as CM names them in the request.
pub(crate) const ATTRIBUTES: [&str; 8] = [
    "identity",
    "name",
    "gender",
    "address",
    "date_of_birth",
    "18y_or_older",
    "email_address",
    "telephone_number",
];

/// What was asked at creation, one flag per [`ATTRIBUTES`] entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Asked([bool; ATTRIBUTES.len()]);

impl Asked {
    /// The flags of a creation body: a `true` asks, `false`, `null` or absent
    /// does not; any other value is refused with the attribute's name.
    pub(crate) fn from_body(fields: &Map<String, Value>) -> Result<Self, &'static str> {
        let mut asked = [false; ATTRIBUTES.len()];
        for (slot, name) in asked.iter_mut().zip(ATTRIBUTES) {
            *slot = match fields.get(name) {
                None | Some(Value::Null) => false,
                Some(Value::Bool(flag)) => *flag,
                Some(_) => return Err(name),
            };
        }
        Ok(Asked(asked))
    }

    /// Whether `name` (one of [`ATTRIBUTES`]) was asked.
    pub(crate) fn has(self, name: &str) -> bool {
        ATTRIBUTES
            .iter()
            .zip(self.0)
            .any(|(attribute, asked)| *attribute == name && asked)
    }
}

/// What a status read of an issued transaction answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// The user is not back from the bank yet.
    Open,
    /// The first read within the window: the asked attributes.
    Identity,
    /// `success` with notice 2000: handed out already, or asked too late.
    Notice,
}

/// One issued transaction.
#[derive(Clone, Debug)]
pub(crate) struct Issued {
    /// The `merchant_reference` its creation returned (the status call needs it).
    pub(crate) merchant_reference: String,
    /// The `transaction_reference` its creation gave, if any.
    pub(crate) transaction_reference: Option<String>,
    /// The bank its creation chose.
    pub(crate) issuer_id: String,
    /// The attributes its creation asked for.
    pub(crate) asked: Asked,
    /// Whether it was created on CM's test bank (`/test`): read there only.
    test: bool,
    created: Instant,
    /// When the user came back, once they have.
    returned: Option<Instant>,
    /// Whether the identity has been handed out.
    identity_sent: bool,
}

impl Issued {
    /// A transaction created at `created`.
    pub(crate) fn new(
        merchant_reference: String,
        transaction_reference: Option<String>,
        issuer_id: String,
        asked: Asked,
        test: bool,
        created: Instant,
    ) -> Self {
        Issued {
            merchant_reference,
            transaction_reference,
            issuer_id,
            asked,
            test,
            created,
            returned: None,
            identity_sent: false,
        }
    }

    /// Answers one read at `now` and records what it changed.
    fn read(&mut self, now: Instant, timing: Timing) -> Answer {
        let by_time = self
            .created
            .checked_add(timing.return_after)
            .filter(|at| now >= *at);
        let Some(returned) = self.returned.or(by_time) else {
            self.returned = Some(now);
            return Answer::Open;
        };
        self.returned = Some(returned);
        if self.identity_sent || now.saturating_duration_since(returned) >= timing.data_window {
            Answer::Notice
        } else {
            self.identity_sent = true;
            Answer::Identity
        }
    }
}

/// The two durations of the model (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Timing {
    /// The latest the user comes back after the creation.
    pub(crate) return_after: Duration,
    /// How long after the return the identity is handed out.
    pub(crate) data_window: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            return_after: crate::cm_flows::FLOW_PROGRESS,
            data_window: DEFAULT_IDIN_DATA_WINDOW,
        }
    }
}

/// The issued transactions of one sandbox instance, by serial (`sbx-issued-<n>`).
#[derive(Debug, Default)]
pub(crate) struct IssuedStore {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    last_serial: u64,
    issued: HashMap<u64, Issued>,
    timing: Timing,
}

impl IssuedStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets the model's durations (before the sandbox serves).
    pub(crate) fn set_timing(&self, timing: Timing) {
        self.lock().timing = timing;
    }

    /// Keeps a new transaction, built from its serial, and returns the serial.
    pub(crate) fn issue(&self, make: impl FnOnce(u64) -> Issued) -> u64 {
        let mut inner = self.lock();
        let serial = inner.last_serial.saturating_add(1);
        inner.last_serial = serial;
        inner.issued.insert(serial, make(serial));
        serial
    }

    /// Answers a read of `serial` at `now` with the transaction as it was asked
    /// for; `None` when no such transaction was issued.
    pub(crate) fn read(&self, serial: u64, now: Instant) -> Option<(Answer, Issued)> {
        let mut inner = self.lock();
        let timing = inner.timing;
        let issued = inner.issued.get_mut(&serial)?;
        let answer = issued.read(now, timing);
        Some((answer, issued.clone()))
    }

    /// The merchant reference of `serial`, if issued in that environment
    /// (`test`: CM's test bank).
    pub(crate) fn merchant_reference(&self, serial: u64, test: bool) -> Option<String> {
        self.lock()
            .issued
            .get(&serial)
            .filter(|issued| issued.test == test)
            .map(|issued| issued.merchant_reference.clone())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn issued(created: Instant) -> Issued {
        Issued::new(
            "m".into(),
            None,
            "SBXBNL2S".into(),
            Asked::default(),
            false,
            created,
        )
    }

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn the_first_read_is_the_return_and_the_window_runs_from_it() {
        let t0 = Instant::now();
        let timing = Timing::default();
        let mut on_time = issued(t0);
        assert_eq!(on_time.read(t0, timing), Answer::Open);
        assert_eq!(on_time.read(t0 + 29 * SECOND, timing), Answer::Identity);
        assert_eq!(on_time.read(t0 + 29 * SECOND, timing), Answer::Notice);

        let mut late = issued(t0);
        assert_eq!(late.read(t0, timing), Answer::Open);
        assert_eq!(late.read(t0 + 30 * SECOND, timing), Answer::Notice);
        assert_eq!(late.read(t0 + 31 * SECOND, timing), Answer::Notice);
    }

    #[test]
    fn a_user_back_by_time_is_not_waited_for_and_a_late_first_read_gets_the_notice() {
        let t0 = Instant::now();
        let timing = Timing {
            return_after: 10 * SECOND,
            data_window: 30 * SECOND,
        };
        let mut read_soon = issued(t0);
        assert_eq!(read_soon.read(t0 + 11 * SECOND, timing), Answer::Identity);
        let mut read_late = issued(t0);
        assert_eq!(read_late.read(t0 + 40 * SECOND, timing), Answer::Notice);
    }

    #[test]
    fn a_return_after_past_what_an_instant_holds_waits_for_the_first_read() {
        let t0 = Instant::now();
        let timing = Timing {
            return_after: Duration::MAX,
            data_window: 30 * SECOND,
        };
        let mut issued = issued(t0);
        assert_eq!(issued.read(t0 + 3600 * SECOND, timing), Answer::Open);
        assert_eq!(issued.read(t0 + 3601 * SECOND, timing), Answer::Identity);
    }

    #[test]
    fn flags_must_be_booleans_and_only_true_asks() {
        let body = serde_json::json!({
            "identity": true, "name": false, "gender": null, "18y_or_older": true,
        });
        let asked = Asked::from_body(body.as_object().unwrap()).unwrap();
        assert!(asked.has("identity") && asked.has("18y_or_older"));
        assert!(!asked.has("name") && !asked.has("gender") && !asked.has("address"));
        for bad in [serde_json::json!("true"), serde_json::json!(1)] {
            let body = serde_json::json!({ "address": bad });
            assert_eq!(Asked::from_body(body.as_object().unwrap()), Err("address"));
        }
    }
}
