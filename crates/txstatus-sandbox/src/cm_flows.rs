//! Flows created through the sandbox's CM endpoints (ID Scan and Checkout
//! transactions, Checkout refunds, ID Scan webhook subscriptions).
//!
//! A created flow is not a scenario script: reading it never moves it. It
//! progresses with time ([`FLOW_PROGRESS`] after creation: ID Scan to
//! `completed`, Checkout to `SUCCESS`, a refund to `SUCCESS`) or when a test
//! says so through [`Sandbox::set_cm_flow_state`](crate::Sandbox::set_cm_flow_state).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};
use serde_json::Value;

use crate::Provider;

/// How long a created flow waits before it progresses by itself.
pub const FLOW_PROGRESS: Duration = Duration::from_secs(30);

/// One created flow: its document as created, its state and when it was made.
#[derive(Debug, Clone)]
pub(crate) struct Flow {
    pub(crate) document: Value,
    created: Instant,
    /// The state a test set, overriding time.
    forced: Option<String>,
    initial: &'static str,
    progressed: &'static str,
    /// When the flow expires unless it has progressed by then, and the state it
    /// has from then on (ID Scan's `expires`).
    expiry: Option<(Instant, &'static str)>,
}

impl Flow {
    /// The state now.
    pub(crate) fn state(&self, now: Instant) -> String {
        if let Some(state) = &self.forced {
            return state.clone();
        }
        let progress_at = self.created.checked_add(FLOW_PROGRESS);
        if let Some((expires_at, expired)) = self.expiry
            && now >= expires_at
            && progress_at.is_none_or(|progress_at| expires_at <= progress_at)
        {
            return expired.to_owned();
        }
        if now.saturating_duration_since(self.created) >= FLOW_PROGRESS {
            self.progressed.to_owned()
        } else {
            self.initial.to_owned()
        }
    }
}

#[derive(Debug, Default)]
struct Flows {
    idscan: HashMap<String, Flow>,
    checkout: HashMap<String, Flow>,
    /// Refunds per Checkout id, in creation order.
    refunds: HashMap<String, Vec<Flow>>,
    webhooks: Vec<Value>,
}

/// The created flows of one sandbox instance.
#[derive(Debug, Default)]
pub(crate) struct CmFlows {
    flows: Mutex<Flows>,
}

/// Which kind of flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    IdScan,
    Checkout,
}

impl CmFlows {
    fn lock(&self) -> std::sync::MutexGuard<'_, Flows> {
        self.flows.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores a new flow under `id`.
    pub(crate) fn create(
        &self,
        kind: Kind,
        id: &str,
        document: Value,
        initial: &'static str,
        progressed: &'static str,
    ) {
        self.create_expiring(kind, id, document, initial, progressed, None);
    }

    /// Stores a new flow under `id` that turns `expiry.1` at `expiry.0` unless it
    /// has progressed before.
    pub(crate) fn create_expiring(
        &self,
        kind: Kind,
        id: &str,
        document: Value,
        initial: &'static str,
        progressed: &'static str,
        expiry: Option<(Instant, &'static str)>,
    ) {
        let flow = Flow {
            document,
            created: Instant::now(),
            forced: None,
            initial,
            progressed,
            expiry,
        };
        let mut flows = self.lock();
        match kind {
            Kind::IdScan => flows.idscan.insert(id.to_owned(), flow),
            Kind::Checkout => flows.checkout.insert(id.to_owned(), flow),
        };
    }

    /// A copy of the flow, if `id` was created here.
    pub(crate) fn get(&self, kind: Kind, id: &str) -> Option<Flow> {
        let flows = self.lock();
        match kind {
            Kind::IdScan => flows.idscan.get(id).cloned(),
            Kind::Checkout => flows.checkout.get(id).cloned(),
        }
    }

    /// Sets the state of a created flow (or of the newest refund of a Checkout
    /// when `provider` is Checkout and `id` names a refund); `false` if unknown.
    pub(crate) fn force(&self, provider: Provider, id: &str, state: &str) -> bool {
        let mut flows = self.lock();
        let flow = match provider {
            Provider::CmIdScan => flows.idscan.get_mut(id),
            Provider::CmCheckout => match flows.checkout.get_mut(id) {
                Some(flow) => Some(flow),
                None => flows
                    .refunds
                    .values_mut()
                    .flatten()
                    .find(|r| r.document.get("id").and_then(Value::as_str) == Some(id)),
            },
            _ => None,
        };
        match flow {
            Some(flow) => {
                flow.forced = Some(state.to_owned());
                true
            }
            None => false,
        }
    }

    /// Adds a refund of `amount` to a Checkout that was paid `paid`, if it fits in what
    /// is left (refunds pending or succeeded count against it); `false`, nothing added,
    /// otherwise. Checked and added under one lock: refunds arriving at once can never
    /// together exceed the amount paid.
    pub(crate) fn add_refund_within(
        &self,
        checkout_id: &str,
        amount: u64,
        paid: u64,
        document: Value,
    ) -> bool {
        let now = Instant::now();
        let mut flows = self.lock();
        let used = flows
            .refunds
            .get(checkout_id)
            .into_iter()
            .flatten()
            .filter(|refund| matches!(refund.state(now).as_str(), "SUCCESS" | "PENDING"))
            .filter_map(|refund| refund.document.get("amount").and_then(Value::as_u64))
            .fold(0u64, u64::saturating_add);
        if amount > paid.saturating_sub(used) {
            return false;
        }
        let flow = Flow {
            document,
            created: now,
            forced: None,
            initial: "PENDING",
            progressed: "SUCCESS",
            expiry: None,
        };
        flows
            .refunds
            .entry(checkout_id.to_owned())
            .or_default()
            .push(flow);
        true
    }

    /// The refunds of a Checkout.
    pub(crate) fn refunds(&self, checkout_id: &str) -> Vec<Flow> {
        self.lock()
            .refunds
            .get(checkout_id)
            .cloned()
            .unwrap_or_default()
    }

    /// Records an ID Scan webhook subscription.
    pub(crate) fn subscribe(&self, subscription: Value) {
        self.lock().webhooks.push(subscription);
    }
}

/// A random UUID-shaped id (version 4 layout).
pub(crate) fn new_id() -> String {
    let mut bytes = [0u8; 16];
    // The system CSPRNG does not fail on supported platforms; zeros would still
    // be a valid (if predictable) sandbox id.
    let _ = SystemRandom::new().fill(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let part = |from: usize, to: usize| hex.get(from..to).unwrap_or("0").to_owned();
    format!(
        "{}-{}-4{}-8{}-{}",
        part(0, 8),
        part(8, 12),
        part(13, 16),
        part(17, 20),
        part(20, 32)
    )
}

/// A random token of `len` hex digits (iframe and hosted-checkout links).
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 20];
    let _ = SystemRandom::new().fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn flow(age: Duration) -> Flow {
        Flow {
            document: Value::Null,
            created: Instant::now().checked_sub(age).unwrap(),
            forced: None,
            initial: "pending",
            progressed: "completed",
            expiry: None,
        }
    }

    #[test]
    fn a_flow_progresses_once_its_time_has_passed() {
        let fresh = flow(Duration::ZERO);
        let old = flow(FLOW_PROGRESS);
        let now = Instant::now();
        assert_eq!(fresh.state(now), "pending");
        assert_eq!(old.state(now), "completed");
    }

    #[test]
    fn a_forced_state_wins_over_time_and_unknown_ids_are_refused() {
        let flows = CmFlows::default();
        flows.create(Kind::IdScan, "a", Value::Null, "pending", "completed");
        assert!(flows.force(Provider::CmIdScan, "a", "expired"));
        assert!(!flows.force(Provider::CmIdScan, "b", "expired"));
        assert!(!flows.force(Provider::CmCheckout, "a", "SUCCESS"));
        let state = flows.get(Kind::IdScan, "a").unwrap().state(Instant::now());
        assert_eq!(state, "expired");
    }

    #[test]
    fn ids_are_uuid_shaped_and_distinct() {
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }
}
