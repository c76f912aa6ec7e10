//! The CM.com Checkout OAuth access tokens a sandbox has issued.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ring::rand::{SecureRandom, SystemRandom};

/// Expired tokens are forgotten (and then answered as unknown) this long after expiry,
/// once the store holds more than [`TokenStore::PRUNE_ABOVE`] tokens.
const REMEMBER_EXPIRED: Duration = Duration::from_secs(600);

/// What a presented token turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenCheck {
    Valid,
    Expired,
    Unknown,
}

/// Issued tokens and their expiry.
#[derive(Debug)]
pub(crate) struct TokenStore {
    /// Distinguishes this instance's tokens from another instance's.
    instance: u64,
    issued: AtomicU64,
    lifetime_ms: AtomicU64,
    expiries: Mutex<Issued>,
}

/// The tokens issued and still remembered, with their expiries.
#[derive(Debug)]
struct Issued {
    tokens: HashMap<String, Instant>,
    /// The size at which the next issue prunes the long expired.
    prune_at: usize,
}

impl TokenStore {
    const PRUNE_ABOVE: usize = 10_000;

    pub(crate) fn new(lifetime: Duration) -> Self {
        let instance = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        TokenStore {
            instance,
            issued: AtomicU64::new(0),
            lifetime_ms: AtomicU64::new(duration_ms(lifetime)),
            expiries: Mutex::new(Issued {
                tokens: HashMap::new(),
                prune_at: Self::PRUNE_ABOVE,
            }),
        }
    }

    /// The lifetime of tokens issued by the token endpoint from now on.
    pub(crate) fn lifetime(&self) -> Duration {
        Duration::from_millis(self.lifetime_ms.load(Ordering::Relaxed))
    }

    pub(crate) fn set_lifetime(&self, lifetime: Duration) {
        self.lifetime_ms
            .store(duration_ms(lifetime), Ordering::Relaxed);
    }

    /// Issues a token valid for `lifetime` from `now`.
    pub(crate) fn issue(&self, lifetime: Duration, now: Instant) -> String {
        let serial = self
            .issued
            .fetch_add(1, Ordering::Relaxed)
            .saturating_add(1);
        // The random part: a token is a credential, so one issued to a client
        // must not tell it (from the serial) the next one issued to another.
        let mut secret = [0u8; 16];
        // The system CSPRNG does not fail on supported platforms.
        let _ = SystemRandom::new().fill(&mut secret);
        let secret: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        let token = format!("sbx-at-{:x}-{serial}-{secret}", self.instance);
        let expiry = now.checked_add(lifetime).unwrap_or(now);
        let mut issued = self.expiries.lock().unwrap_or_else(PoisonError::into_inner);
        if issued.tokens.len() >= issued.prune_at {
            issued
                .tokens
                .retain(|_, expiry| now.saturating_duration_since(*expiry) < REMEMBER_EXPIRED);
            // Pruned again only once the map has doubled: a scan per issue
            // while every token is still valid would be quadratic.
            issued.prune_at = issued.tokens.len().saturating_mul(2).max(Self::PRUNE_ABOVE);
        }
        issued.tokens.insert(token.clone(), expiry);
        token
    }

    pub(crate) fn check(&self, token: &str, now: Instant) -> TokenCheck {
        let expiries = self.expiries.lock().unwrap_or_else(PoisonError::into_inner);
        match expiries.tokens.get(token) {
            Some(expiry) if now < *expiry => TokenCheck::Valid,
            Some(_) => TokenCheck::Expired,
            None => TokenCheck::Unknown,
        }
    }

    /// Forgets every token issued so far.
    pub(crate) fn revoke_all(&self) {
        self.expiries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .tokens
            .clear();
    }
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::{TokenCheck, TokenStore};
    use std::time::{Duration, Instant};

    #[test]
    fn tokens_expire() {
        let store = TokenStore::new(Duration::from_secs(3600));
        let now = Instant::now();
        let token = store.issue(Duration::from_secs(10), now);
        assert_eq!(store.check(&token, now), TokenCheck::Valid);
        assert_eq!(
            store.check(&token, now + Duration::from_secs(10)),
            TokenCheck::Expired
        );
        assert_eq!(store.check("other", now), TokenCheck::Unknown);
        store.revoke_all();
        assert_eq!(store.check(&token, now), TokenCheck::Unknown);
    }
}
