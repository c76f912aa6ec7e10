//! The answer of the OAuth2 token endpoint.

use std::{fmt, time::Duration};

use serde::{Deserialize, Deserializer, de};

use txstatus_core::{Error, RawBody, Result, SecretString, provider::IssuedToken};

use crate::PROVIDER;

/// Lifetime assumed when the token response has no usable `expires_in`.
///
/// CM documents `expires_in`; this is a guard for an answer without it: short
/// enough that a token is not used long past its real expiry (a 401 replaces it
/// anyway), long enough not to ask for a token on every call.
pub const DEFAULT_EXPIRES_IN: Duration = Duration::from_secs(300);

/// The token endpoint's answer: `access_token` and `expires_in` (seconds, a
/// number or a numeric string, a float form cut to the second below, a negative
/// one `0`); a `token_type` other than `Bearer` (in any
/// case) is refused, as RFC 6749 asks of a client that cannot use it.
///
/// `Debug` never shows the token.
#[non_exhaustive]
pub struct TokenResponse {
    access_token: SecretString,
    expires_in: Option<u64>,
    token_type: Option<String>,
}

impl TokenResponse {
    /// Decodes a token response.
    ///
    /// A failure is a decode error whose message names no value and whose body is
    /// left empty: the bytes may hold an access token.
    pub fn from_slice(status: u16, body: &[u8]) -> Result<Self> {
        let wire: Wire = txstatus_core::provider::from_json_slice(body).map_err(|e| {
            decode_error(
                status,
                format!(
                    "not a token response ({:?} error at line {}, column {})",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
            )
        })?;
        let access_token = wire
            .access_token
            .ok_or_else(|| decode_error(status, "the token response holds no access_token"))?;
        // RFC 6749, 7.1: a client must not use a token whose type it does not
        // understand. The token is sent as `Bearer`, so only that type (any
        // case, RFC 6749 5.1) or none is taken; a `mac` or `DPoP` token sent as
        // a bearer one would be refused on every call, or worse, accepted
        // without the proof its type demands.
        if wire
            .token_type
            .as_deref()
            .is_some_and(|kind| !kind.trim().eq_ignore_ascii_case("bearer"))
        {
            return Err(decode_error(
                status,
                "the token response names a token_type other than Bearer",
            ));
        }
        Ok(Self {
            access_token: access_token.0,
            expires_in: wire.expires_in,
            token_type: wire.token_type,
        })
    }

    /// `expires_in` in seconds, as sent.
    pub fn expires_in(&self) -> Option<u64> {
        self.expires_in
    }

    /// `token_type`, as sent (`Bearer`).
    pub fn token_type(&self) -> Option<&str> {
        self.token_type.as_deref()
    }

    /// The token with its lifetime ([`DEFAULT_EXPIRES_IN`] when `expires_in` is absent).
    pub fn into_issued(self) -> IssuedToken {
        IssuedToken {
            token: self.access_token,
            expires_in: self
                .expires_in
                .map_or(DEFAULT_EXPIRES_IN, Duration::from_secs),
        }
    }
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .field("token_type", &self.token_type)
            .finish()
    }
}

fn decode_error(status: u16, message: impl Into<String>) -> Error {
    Error::decode(PROVIDER, status, ".", message, RawBody::default())
}

/// The token answer as sent. Read from a JSON object only (serde's derive would
/// also read `["tok", 60]` as a token, position by position), a repeated key
/// refused.
#[derive(Default)]
struct Wire {
    access_token: Option<SecretText>,
    expires_in: Option<u64>,
    token_type: Option<String>,
}

txstatus_core::provider::record_decoder! {
    Wire {
        "access_token" => access_token: value,
        "expires_in" => expires_in: (with lifetime_secs as Option<u64>),
        "token_type" => token_type: text,
    }
}

/// Reads `expires_in`: seconds as a JSON number or a numeric string; `null` and
/// `""` are absent. A lifetime is not money, so unlike an amount a float form
/// is taken: a fraction is cut to the second below (a token is never kept past
/// its end), a negative lifetime is `0` (expired: used for this call, replaced on
/// the next), one past `u64` is `u64::MAX`. Refusing them would make the token
/// in the same answer unusable. What is no finite number (`"soon"`, `"NaN"`, a
/// boolean, an object) fails the decode.
fn lifetime_secs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    struct V;
    impl de::Visitor<'_> for V {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a lifetime in seconds")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(u64::try_from(v).unwrap_or(0)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            if !v.is_finite() {
                return Err(E::custom("a lifetime that is no finite number"));
            }
            // `as` saturates: past `u64::MAX` is `u64::MAX`, below zero is 0.
            Ok(Some(v.trunc().max(0.0) as u64))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            if let Ok(seconds) = v.parse::<u64>() {
                return Ok(Some(seconds));
            }
            if let Ok(seconds) = v.parse::<i64>() {
                return self.visit_i64(seconds);
            }
            match v.parse::<f64>() {
                Ok(seconds) => self.visit_f64(seconds),
                Err(_) => Err(E::custom("a lifetime that is no number")),
            }
        }
    }
    deserializer.deserialize_any(V)
}

/// A non-empty secret string read straight into a [`SecretString`].
struct SecretText(SecretString);

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = SecretText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-empty token string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v.trim().is_empty() {
                    return Err(E::custom("the access token is empty"));
                }
                Ok(SecretText(SecretString::from(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use txstatus_core::ExposeSecret;

    #[test]
    fn expires_in_is_read_as_number_or_string() {
        let a =
            TokenResponse::from_slice(200, br#"{"access_token":"t1","expires_in":3600}"#).unwrap();
        assert_eq!(a.expires_in(), Some(3600));
        let b = TokenResponse::from_slice(200, br#"{"access_token":"t1","expires_in":"3600"}"#)
            .unwrap();
        let issued = b.into_issued();
        assert_eq!(issued.expires_in, Duration::from_secs(3600));
        assert_eq!(issued.token.expose_secret(), "t1");
    }

    #[test]
    fn a_missing_lifetime_gets_the_default() {
        let issued = TokenResponse::from_slice(200, br#"{"access_token":"t1"}"#)
            .unwrap()
            .into_issued();
        assert_eq!(issued.expires_in, DEFAULT_EXPIRES_IN);
    }

    #[test]
    fn decode_failures_keep_neither_body_nor_token() {
        for body in [
            &br#"{"access_token":"tok-SECRET","expires_in":"soon"}"#[..],
            br#"{"access_token":"","expires_in":60}"#,
            br#"{"expires_in":60}"#,
            br#"tok-SECRET"#,
        ] {
            let error = TokenResponse::from_slice(200, body).unwrap_err();
            let text = format!("{error} {error:?}");
            assert!(!text.contains("tok-SECRET"), "{text}");
            assert_eq!(error.body().map(RawBody::len), Some(0));
        }
    }

    #[test]
    fn an_array_or_a_repeated_key_is_not_a_token() {
        for body in [
            &br#"["tok-SECRET", 60]"#[..],
            br#"["tok-SECRET"]"#,
            br#"{"access_token":"tok-SECRET","access_token":"tok-OTHER","expires_in":60}"#,
        ] {
            let error = TokenResponse::from_slice(200, body).unwrap_err();
            assert!(
                matches!(error.kind(), txstatus_core::ErrorKind::Decode(_)),
                "{error}"
            );
            assert!(!format!("{error} {error:?}").contains("tok-"), "{error}");
        }
    }

    #[test]
    fn debug_hides_the_token() {
        let response =
            TokenResponse::from_slice(200, br#"{"access_token":"tok-SECRET","expires_in":60}"#)
                .unwrap();
        assert!(!format!("{response:?}").contains("tok-SECRET"));
    }
}
