//! Helpers shared by the mockito tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant, SystemTime},
};

use cm_idscan::{Client, ClientBuilder, ClientOptions, SecretString};
use txstatus_core::{Clock, ManualClock, Sleep};

/// CM's documented example credentials.
pub const KEY_ID: &str = "3b438437-04a4-40bb-8389-54bb02766fba";
pub const SECRET: &str = "AC4Etykn7jusGR5FwLDAtILtQbiQbTMKedP31szXg4WlSbjGEXyNMZ";

/// The base path prefix every test server uses, to prove it is kept.
pub const PREFIX: &str = "/idscan/v1";

/// The documented details response.
pub const DETAILS: &[u8] = include_bytes!("../../fixtures/transaction-details.json");
/// The documented result response.
pub const RESULT: &[u8] = include_bytes!("../../fixtures/transaction-result.json");

/// A builder pointed at `server` with the prefix, no proxy, and `clock`.
pub fn builder(server: &mockito::Server, clock: Arc<dyn Clock>) -> ClientBuilder {
    Client::builder(KEY_ID, SecretString::from(SECRET))
        .base_url(format!("{}{PREFIX}", server.url()))
        .configure_transport(move |t| t.no_proxy().clock(clock))
}

/// A client on a [`ManualClock`] (retries do not sleep).
pub fn client(server: &mockito::Server) -> (Client, ManualClock) {
    let clock = ManualClock::new();
    let client = builder(server, Arc::new(clock.clone())).build().unwrap();
    (client, clock)
}

/// A clock whose wall time is fixed and whose sleeps return at once.
#[derive(Debug)]
pub struct FixedClock {
    pub system: SystemTime,
    pub start: Instant,
}

impl FixedClock {
    pub fn at_unix(seconds: u64) -> Self {
        Self {
            system: SystemTime::UNIX_EPOCH + Duration::from_secs(seconds),
            start: Instant::now(),
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Instant {
        self.start
    }

    fn system_now(&self) -> SystemTime {
        self.system
    }

    fn sleep(&self, _duration: Duration) -> Sleep {
        Box::pin(std::future::ready(()))
    }
}

/// Records the `Authorization` header of every request a mock answers.
#[derive(Clone, Default)]
pub struct Seen(Arc<Mutex<Vec<Option<String>>>>);

impl Seen {
    /// Answers with `body` and records the header.
    pub fn responder(
        &self,
        body: &'static [u8],
    ) -> impl Fn(&mockito::Request) -> Vec<u8> + Send + Sync + 'static {
        let seen = self.0.clone();
        move |request| {
            let auth = request
                .header("authorization")
                .first()
                .map(|v| v.to_str().unwrap().to_owned());
            seen.lock().unwrap().push(auth);
            body.to_vec()
        }
    }

    pub fn all(&self) -> Vec<Option<String>> {
        self.0.lock().unwrap().clone()
    }
}

/// The claims of a verified token.
#[derive(Debug, PartialEq, Eq)]
pub struct Claims {
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
}

/// Checks an `Authorization` value: `Bearer` + an HS256 JWT whose header names
/// our key id and whose signature verifies with the secret; returns its claims.
pub fn verify_bearer(value: &str) -> Claims {
    use txstatus_core::crypto::{base64url_decode, verify_hmac_sha256};

    let token = value.strip_prefix("Bearer ").expect("a bearer token");
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "three JWT parts");
    let header: serde_json::Value =
        serde_json::from_slice(&base64url_decode(parts[0]).unwrap()).unwrap();
    assert_eq!(
        header,
        serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": KEY_ID})
    );
    let signing_input = format!("{}.{}", parts[0], parts[1]);
    let signature = base64url_decode(parts[2]).unwrap();
    assert!(
        verify_hmac_sha256(SECRET.as_bytes(), signing_input.as_bytes(), &signature),
        "the signature verifies with the key secret"
    );
    let claims: serde_json::Value =
        serde_json::from_slice(&base64url_decode(parts[1]).unwrap()).unwrap();
    Claims {
        iat: claims["iat"].as_u64().unwrap(),
        nbf: claims["nbf"].as_u64().unwrap(),
        exp: claims["exp"].as_u64().unwrap(),
    }
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}
