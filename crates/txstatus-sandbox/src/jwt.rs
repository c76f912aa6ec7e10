//! Verification of the HS256 JWTs that CM.com ID Scan clients sign themselves.
//!
//! Written here on purpose rather than shared with the clients, so that a client's
//! encoding or claim bug shows up as a 401 instead of being mirrored.

use std::fmt;

use ring::hmac;
use serde_json::{Map, Value};

/// Clock skew allowed for `nbf` and `iat`, in seconds.
pub(crate) const LEEWAY_SECS: f64 = 5.0;

/// Why a token was refused; the `Display` text goes into the 401 body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JwtError {
    /// Not three base64url parts separated by dots.
    Malformed(&'static str),
    /// `alg` is not `HS256`.
    Algorithm,
    /// `kid` is missing or not the sandbox's key id.
    KeyId,
    /// The signature does not verify with the key secret.
    Signature,
    /// A required claim is missing or not a number.
    Claim(&'static str),
    /// `exp` is not in the future.
    Expired,
    /// `nbf` (or `iat`) is in the future.
    NotYetValid(&'static str),
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtError::Malformed(what) => write!(f, "malformed JWT: {what}"),
            JwtError::Algorithm => f.write_str("JWT header alg must be HS256"),
            JwtError::KeyId => f.write_str("JWT header kid does not name a known key"),
            JwtError::Signature => f.write_str("JWT signature does not verify"),
            JwtError::Claim(name) => write!(f, "JWT claim {name} is missing or not a number"),
            JwtError::Expired => f.write_str("JWT has expired (exp is not in the future)"),
            JwtError::NotYetValid(name) => write!(f, "JWT claim {name} is in the future"),
        }
    }
}

/// The key id and HMAC key a token must be signed with.
#[derive(Debug)]
pub(crate) struct Verifier {
    key_id: String,
    key: hmac::Key,
}

impl Verifier {
    /// A verifier for tokens whose header `kid` is `key_id`, signed with the UTF-8 bytes of
    /// `secret`.
    pub(crate) fn new(key_id: &str, secret: &str) -> Self {
        Verifier {
            key_id: key_id.to_owned(),
            key: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
        }
    }

    /// Checks `token` at `now` (UNIX seconds).
    pub(crate) fn verify(&self, token: &str, now: f64) -> Result<(), JwtError> {
        const PARTS: &str = "expected three dot-separated parts";
        let (signed, signature) = token.rsplit_once('.').ok_or(JwtError::Malformed(PARTS))?;
        let (header, payload) = signed.split_once('.').ok_or(JwtError::Malformed(PARTS))?;
        if payload.contains('.') {
            return Err(JwtError::Malformed(PARTS));
        }
        let header = decode_object(header, "header")?;
        if header.get("alg").and_then(Value::as_str) != Some("HS256") {
            return Err(JwtError::Algorithm);
        }
        if header.get("kid").and_then(Value::as_str) != Some(self.key_id.as_str()) {
            return Err(JwtError::KeyId);
        }
        let signature = base64url_decode(signature)
            .ok_or(JwtError::Malformed("signature is not unpadded base64url"))?;
        hmac::verify(&self.key, signed.as_bytes(), &signature).map_err(|_| JwtError::Signature)?;
        let claims = decode_object(payload, "payload")?;
        let exp = number(&claims, "exp")?.ok_or(JwtError::Claim("exp"))?;
        let nbf = number(&claims, "nbf")?.ok_or(JwtError::Claim("nbf"))?;
        // CM documents all three claims; a client that leaves `iat` out fails here as
        // it would against CM.
        let iat = number(&claims, "iat")?.ok_or(JwtError::Claim("iat"))?;
        if exp <= now {
            return Err(JwtError::Expired);
        }
        if nbf > now + LEEWAY_SECS {
            return Err(JwtError::NotYetValid("nbf"));
        }
        if iat > now + LEEWAY_SECS {
            return Err(JwtError::NotYetValid("iat"));
        }
        Ok(())
    }
}

fn decode_object(part: &str, what: &'static str) -> Result<Map<String, Value>, JwtError> {
    let bytes = base64url_decode(part).ok_or(JwtError::Malformed(match what {
        "header" => "header is not unpadded base64url",
        _ => "payload is not unpadded base64url",
    }))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JwtError::Malformed(match what {
            "header" => "header is not a JSON object",
            _ => "payload is not a JSON object",
        })),
    }
}

/// A numeric claim: `Ok(None)` when absent, an error when present but not a number.
fn number(claims: &Map<String, Value>, name: &'static str) -> Result<Option<f64>, JwtError> {
    match claims.get(name) {
        None => Ok(None),
        Some(value) => value.as_f64().map(Some).ok_or(JwtError::Claim(name)),
    }
}

/// Decodes unpadded base64url (RFC 7515 §2); `None` on padding, other alphabets or a
/// length that no encoding produces.
pub(crate) fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut buffer: u32 = 0;
    let mut bits: u32 = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{JwtError, Verifier, base64url_decode};

    #[test]
    fn decodes_unpadded_base64url() {
        assert_eq!(base64url_decode("").unwrap(), b"");
        assert_eq!(base64url_decode("Zg").unwrap(), b"f");
        assert_eq!(base64url_decode("Zm8").unwrap(), b"fo");
        assert_eq!(base64url_decode("Zm9v").unwrap(), b"foo");
        assert_eq!(base64url_decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(base64url_decode("Zg=="), None);
        assert_eq!(base64url_decode("+/8"), None);
        assert_eq!(base64url_decode("Z"), None);
    }

    #[test]
    fn refuses_a_token_without_three_parts() {
        let verifier = Verifier::new("kid", "secret");
        assert!(matches!(
            verifier.verify("a.b", 0.0),
            Err(JwtError::Malformed(_))
        ));
        assert!(matches!(
            verifier.verify("a.b.c.d", 0.0),
            Err(JwtError::Malformed(_))
        ));
    }
}
