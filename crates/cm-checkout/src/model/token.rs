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
/// one `0`, one past `u64` (`1e400` too) `u64::MAX`); a `token_type` other
/// than `Bearer` (in any case) is refused, as RFC 6749 asks of a client that
/// cannot use it, and so is an answer carrying OAuth's `error` member.
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
        // RFC 6749 5.2: `error` is what a refusal carries. An answer with it is
        // not a token, whatever else it holds (a gateway's error page shaped
        // as JSON under a 200, a token answer with the refusal beside it).
        if wire.error.0 {
            return Err(decode_error(
                status,
                "the token response carries an `error` member: no token is taken from it",
            ));
        }
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
            .field(
                "expires_in",
                &self.expires_in.map(txstatus_core::provider::ShownNumber),
            )
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
    error: Present,
}

txstatus_core::provider::record_decoder! {
    Wire {
        "access_token" => access_token: value,
        "expires_in" => expires_in: (with lifetime_secs as Option<u64>),
        "token_type" => token_type: text,
        "error" => error: value,
    }
}

/// Whether a member holds anything but `null` (its value is never kept: an
/// error description may quote anything).
#[derive(Default)]
struct Present(bool);

impl<'de> Deserialize<'de> for Present {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Option::<de::IgnoredAny>::deserialize(deserializer)?;
        Ok(Self(value.is_some()))
    }
}

/// Reads `expires_in`: seconds as a JSON number or a numeric string; `null` and
/// `""` are absent. A lifetime is not money, so unlike an amount any number form
/// is taken: a fraction is cut to the second below (a token is never kept past
/// its end), a negative lifetime is `0` (expired: used for this call, replaced on
/// the next), one past `u64` (`1e400` included, which a JSON reader refuses as
/// a number out of range) is `u64::MAX`. Refusing them would make the token in
/// the same answer unusable. What is no number (`"soon"`, `"NaN"`, `"inf"`,
/// `"0x10"`, a boolean, an object) fails the decode.
fn lifetime_secs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    // The member as its JSON text: a number JSON readers cannot hold (`1e400`)
    // is still read, as the number it writes.
    let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
    let text = raw.get().trim();
    if text == "null" {
        return Ok(None);
    }
    if text.starts_with('"') {
        let text: String = serde_json::from_str(text)
            .map_err(|_| de::Error::custom("a lifetime that is no text"))?;
        return lifetime_text(&text).map_err(de::Error::custom);
    }
    if text.is_empty() {
        return Err(de::Error::custom("a lifetime that is no number"));
    }
    lifetime_text(text).map_err(de::Error::custom)
}

/// A lifetime written as a decimal number (see [`lifetime_secs`]); blank is
/// absent.
fn lifetime_text(text: &str) -> Result<Option<u64>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if !is_decimal_number(text) {
        return Err("a lifetime that is no number");
    }
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(Some(seconds));
    }
    // Negative, with a fraction or an exponent, or past `u64`: read as a float,
    // which is infinite past its range and `0` below its precision.
    let seconds: f64 = text.parse().map_err(|_| "a lifetime that is no number")?;
    if seconds.is_nan() {
        return Err("a lifetime that is no number");
    }
    // `as` saturates: infinity is `u64::MAX`; below zero was caught first.
    Ok(Some(if seconds <= 0.0 {
        0
    } else {
        seconds.trunc() as u64
    }))
}

/// Whether `text` is a decimal number: a sign, digits, a fraction, an
/// exponent (`-12.5e+3`); no `inf`, `NaN`, hex or digit separators.
fn is_decimal_number(text: &str) -> bool {
    let text = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction);
    let exponent_ok = exponent.is_none_or(|exponent| {
        let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        !exponent.is_empty() && digits(exponent)
    });
    mantissa_ok && exponent_ok
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
