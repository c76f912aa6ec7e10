//! The per-attempt HS256 JWT that authenticates every ID Scan request.
//! Hand-written: one fixed header and HMAC from the core; a JWT crate would add its own crypto.

use std::{
    fmt,
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use serde::Serialize;
use txstatus_core::{
    BoxFuture, Clock, Error, ExposeSecret, Result, SecretString,
    crypto::{base64url_encode, hmac_sha256},
    provider::{AuthHeader, Authenticator, header::AUTHORIZATION, sensitive_value},
};

use crate::PROVIDER;

/// How far before "now" the token's `nbf` is set, so a server clock slightly
/// behind ours still accepts it.
pub const NOT_BEFORE_SKEW: Duration = Duration::from_secs(30);

#[derive(Serialize)]
struct Header<'a> {
    alg: &'static str,
    typ: &'static str,
    kid: &'a str,
}

#[derive(Serialize)]
struct Claims {
    iat: u64,
    nbf: u64,
    exp: u64,
}

/// Signs an HS256 JWT for each attempt from a key id and key secret.
///
/// Header `{"alg":"HS256","typ":"JWT","kid":<key id>}`, payload
/// `{"iat":now,"nbf":now-30,"exp":now+lifetime}` in UNIX seconds, signature
/// HMAC-SHA256 keyed with the secret string's UTF-8 bytes. The header is sent as
/// `Authorization: Bearer <jwt>` and marked sensitive.
#[derive(Clone)]
pub struct JwtAuth {
    key_id: String,
    secret: SecretString,
    encoded_header: String,
    lifetime_secs: u64,
    clock: Arc<dyn Clock>,
}

impl JwtAuth {
    /// Checks the credentials (neither may be empty or whitespace only; the
    /// error names no secret) and prepares the token header. `lifetime` must be
    /// at least one second.
    pub fn new(
        key_id: impl Into<String>,
        secret: SecretString,
        lifetime: Duration,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let key_id = key_id.into();
        if key_id.trim().is_empty() {
            return Err(Error::invalid_input(PROVIDER, "the key id is empty"));
        }
        // Whitespace only is no key either: tokens signed with it are guessable
        // and CM refuses them on every call.
        if txstatus_core::webhook::is_blank_secret(secret.expose_secret().as_bytes()) {
            return Err(Error::invalid_input(
                PROVIDER,
                "the key secret is empty or whitespace only",
            ));
        }
        let lifetime_secs = lifetime.as_secs();
        if lifetime_secs == 0 {
            return Err(Error::invalid_input(
                PROVIDER,
                "the token lifetime must be at least one second",
            ));
        }
        let header = Header {
            alg: "HS256",
            typ: "JWT",
            kid: &key_id,
        };
        let header = serde_json::to_vec(&header).map_err(|e| {
            Error::invalid_input(PROVIDER, format!("cannot encode the JWT header: {e}"))
        })?;
        let encoded_header = base64url_encode(&header);
        Ok(Self {
            key_id,
            secret,
            encoded_header,
            lifetime_secs,
            clock,
        })
    }

    /// The key id (`kid`).
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// How long each token is valid after it is issued.
    pub fn lifetime(&self) -> Duration {
        Duration::from_secs(self.lifetime_secs)
    }

    /// The token issued at `now` (whole UNIX seconds; earlier than 1970 is refused).
    pub fn token_at(&self, now: SystemTime) -> Result<SecretString> {
        let iat = now
            .duration_since(UNIX_EPOCH)
            .map_err(|_| Error::invalid_input(PROVIDER, "the clock is before 1970"))?
            .as_secs();
        let claims = Claims {
            iat,
            nbf: iat.saturating_sub(NOT_BEFORE_SKEW.as_secs()),
            exp: iat.saturating_add(self.lifetime_secs),
        };
        let payload = serde_json::to_vec(&claims).map_err(|e| {
            Error::invalid_input(PROVIDER, format!("cannot encode the JWT claims: {e}"))
        })?;
        let mut token = String::with_capacity(
            self.encoded_header
                .len()
                .saturating_add(payload.len().saturating_mul(2))
                .saturating_add(48),
        );
        token.push_str(&self.encoded_header);
        token.push('.');
        token.push_str(&base64url_encode(&payload));
        let signature = hmac_sha256(self.secret.expose_secret().as_bytes(), token.as_bytes());
        token.push('.');
        token.push_str(&base64url_encode(&signature));
        Ok(SecretString::from(token))
    }
}

impl fmt::Debug for JwtAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtAuth")
            .field("key_id", &self.key_id)
            .field("secret", &"[redacted]")
            .field("lifetime_secs", &self.lifetime_secs)
            .finish()
    }
}

impl Authenticator for JwtAuth {
    fn header(&self) -> BoxFuture<'_, Result<Option<AuthHeader>>> {
        Box::pin(async move {
            let token = self.token_at(self.clock.system_now())?;
            let value =
                sensitive_value(&format!("Bearer {}", token.expose_secret())).ok_or_else(|| {
                    Error::invalid_input(
                        PROVIDER,
                        "the token holds characters a header cannot carry",
                    )
                })?;
            Ok(Some((AUTHORIZATION, value)))
        })
    }

    /// The signing secret (never sent; a provider quoting it back is caught).
    fn any_secret(&self, found: &mut dyn FnMut(&str) -> bool) -> bool {
        found(self.secret.expose_secret())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use txstatus_core::SystemClock;

    /// The example credentials from CM's ID Scan "Getting started" page.
    const KEY_ID: &str = "3b438437-04a4-40bb-8389-54bb02766fba";
    const SECRET: &str = "AC4Etykn7jusGR5FwLDAtILtQbiQbTMKedP31szXg4WlSbjGEXyNMZ";

    /// Computed independently with Python's `hmac`/`hashlib`/`base64` for
    /// iat = 1700000000, nbf = iat - 30, exp = iat + 60, compact JSON in the order
    /// alg, typ, kid / iat, nbf, exp.
    const EXPECTED: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjNiNDM4NDM3LTA0YTQtNDBiYi04Mzg5LTU0YmIwMjc2NmZiYSJ9.eyJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTY5OTk5OTk3MCwiZXhwIjoxNzAwMDAwMDYwfQ.wZ9C-F34sRTvlnzZ9I6wTaJMC3t-zTNMeHVfVMkqCMI";

    fn auth(lifetime: u64) -> JwtAuth {
        JwtAuth::new(
            KEY_ID,
            SecretString::from(SECRET),
            Duration::from_secs(lifetime),
            Arc::new(SystemClock),
        )
        .unwrap()
    }

    #[test]
    fn token_matches_an_independently_computed_vector() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let token = auth(60).token_at(now).unwrap();
        assert_eq!(token.expose_secret(), EXPECTED);
    }

    #[test]
    fn sub_second_time_is_truncated_to_whole_seconds() {
        let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_999);
        assert_eq!(auth(60).token_at(now).unwrap().expose_secret(), EXPECTED);
    }

    #[test]
    fn lifetime_changes_only_exp() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let token = auth(300).token_at(now).unwrap();
        let payload = token.expose_secret().split('.').nth(1).unwrap().to_owned();
        let claims = txstatus_core::crypto::base64url_decode(&payload).unwrap();
        assert_eq!(
            String::from_utf8(claims).unwrap(),
            r#"{"iat":1700000000,"nbf":1699999970,"exp":1700000300}"#
        );
    }

    #[test]
    fn empty_credentials_and_zero_lifetime_are_refused() {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let secret = || SecretString::from(SECRET);
        let minute = Duration::from_secs(60);
        assert!(
            JwtAuth::new(" ", secret(), minute, clock.clone())
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            JwtAuth::new(KEY_ID, SecretString::from(""), minute, clock.clone())
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            JwtAuth::new(KEY_ID, secret(), Duration::from_millis(999), clock)
                .unwrap_err()
                .is_invalid_input()
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let shown = format!("{:?}", auth(60));
        assert!(!shown.contains(SECRET));
        assert!(shown.contains(KEY_ID));
    }
}
