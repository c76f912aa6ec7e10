//! Authenticating Checkout webhook deliveries with a secret in their URL.
//!
//! CM does not sign Checkout webhooks, and its per-transaction `webhooks[].url`
//! is the one thing a merchant controls. So each Checkout gets its own random
//! token (256 bits from the operating system's CSPRNG) in a query parameter;
//! store the token with the Checkout, and on delivery compare in constant time.
//! A leaked token then opens one Checkout's hints, never another's, when the
//! receiver checks it against that Checkout
//! ([`CheckoutWebhooks::per_checkout`](crate::CheckoutWebhooks::per_checkout)).

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use txstatus_core::{
    Error, ExposeSecret, Result, SecretString, Url,
    crypto::base64url_encode,
    webhook::{is_blank_secret, secret_matches},
};

use crate::PROVIDER;

/// The query parameter holding the token.
pub const TOKEN_PARAMETER: &str = "cm_token";

/// A per-Checkout webhook token. `Debug` never shows it.
#[derive(Clone)]
pub struct WebhookToken(SecretString);

impl fmt::Debug for WebhookToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookToken([redacted])")
    }
}

impl WebhookToken {
    /// A fresh token from the system CSPRNG.
    pub fn generate() -> Result<Self> {
        let mut bytes = [0u8; 32];
        SystemRandom::new()
            .fill(&mut bytes)
            .map_err(|_| Error::invalid_input(PROVIDER, "the system random source failed"))?;
        Ok(Self(SecretString::from(base64url_encode(&bytes))))
    }

    /// A token loaded from your store (as [`WebhookToken::expose`] gave it).
    ///
    /// A blank token (empty or whitespace only) is kept but matches no delivery:
    /// anyone could send `?cm_token=`.
    pub fn from_stored(token: SecretString) -> Self {
        Self(token)
    }

    /// The token text, to store with the Checkout.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// `base` with the token added as `cm_token`; other query pairs are kept.
    /// The result is a secret: put it in [`CheckoutWebhook::url`](crate::CheckoutWebhook::url),
    /// never in logs.
    ///
    /// A blank token (empty or whitespace only) is refused: it would register a
    /// webhook whose deliveries can never be authenticated. So is a `base` that
    /// already carries a `cm_token` parameter (a URL made earlier, say): with a
    /// second one, every delivery would carry two tokens, and unless both were
    /// this one none would ever match. Make the URL from the base without it.
    pub fn webhook_url(&self, base: &str) -> Result<String> {
        if is_blank_secret(self.0.expose_secret().as_bytes()) {
            return Err(Error::invalid_input(
                PROVIDER,
                "the webhook token is blank: no delivery could be authenticated",
            ));
        }
        let mut url = Url::parse(base).map_err(|_| {
            Error::invalid_input(PROVIDER, "the webhook base is not an absolute url")
        })?;
        if url.scheme() != "https" {
            return Err(Error::invalid_input(
                PROVIDER,
                "the webhook url must be https",
            ));
        }
        if url.query_pairs().any(|(name, _)| name == TOKEN_PARAMETER) {
            return Err(Error::invalid_input(
                PROVIDER,
                "the webhook base already carries a cm_token parameter: deliveries would carry two tokens",
            ));
        }
        url.query_pairs_mut()
            .append_pair(TOKEN_PARAMETER, self.0.expose_secret());
        Ok(url.into())
    }

    /// Whether a delivery's request target (`/path?query` or a full URL)
    /// carries this token. Compared in constant time ([`secret_matches`]);
    /// never `true` for a blank token.
    ///
    /// Every `cm_token` parameter must carry the token: the same one repeated
    /// (a URL registered with it twice) still matches, while any other value
    /// beside it (another token, an empty one) makes the target ambiguous and
    /// matches nothing. Each value is read as the exact bytes it encodes
    /// (`%XX` and `+` decoded once, nothing replaced), so no two sent values
    /// read as the same token.
    ///
    /// The query is what lies between the first `?` and the first `#`: a
    /// `?cm_token=` inside the fragment (`/hooks#?cm_token=..`) is not a query
    /// parameter and matches nothing.
    pub fn matches(&self, request_target: &str) -> bool {
        let before_fragment = request_target
            .split_once('#')
            .map_or(request_target, |(before, _)| before);
        let query = before_fragment.split_once('?').map_or("", |(_, q)| q);
        let mut found = query
            .split('&')
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decoded(name) == TOKEN_PARAMETER.as_bytes()).then_some(value)
            })
            .peekable();
        if found.peek().is_none() {
            return false;
        }
        found.all(|given| secret_matches(&form_decoded(given), self.expose().as_bytes()))
    }
}

/// One `application/x-www-form-urlencoded` name or value as the bytes it
/// encodes: `+` is a space, `%XX` one byte, a `%` not followed by two hex
/// digits itself. Unlike `form_urlencoded::parse`, bytes that are not UTF-8
/// are kept, never replaced (which would make `%FE` and `%FF` the same text).
fn form_decoded(part: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(part.len());
    let mut bytes = part.as_bytes().iter();
    while let Some(&byte) = bytes.next() {
        match byte {
            b'+' => out.push(b' '),
            b'%' => match hex_pair(bytes.as_slice()) {
                Some(decoded) => {
                    out.push(decoded);
                    bytes.nth(1);
                }
                None => out.push(b'%'),
            },
            other => out.push(other),
        }
    }
    out
}

/// The byte two hex digits at the start of `rest` spell, if they do.
fn hex_pair(rest: &[u8]) -> Option<u8> {
    let pair = rest.get(..2)?;
    if !pair.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_are_long_and_distinct() {
        let a = WebhookToken::generate().unwrap();
        let b = WebhookToken::generate().unwrap();
        assert_eq!(a.expose().len(), 43);
        assert_ne!(a.expose(), b.expose());
        assert!(!format!("{a:?}").contains(a.expose()));
    }

    #[test]
    fn the_url_carries_the_token_and_keeps_its_query() {
        let token = WebhookToken::from_stored(SecretString::from("tok-123_ABC"));
        let url = token
            .webhook_url("https://shop.test/hooks?purchaseId=order123")
            .unwrap();
        assert_eq!(
            url,
            "https://shop.test/hooks?purchaseId=order123&cm_token=tok-123_ABC"
        );
        assert!(token.matches(&url));
        assert!(token.matches("/hooks?purchaseId=order123&cm_token=tok-123_ABC"));
        assert!(
            token
                .webhook_url("http://shop.test/hooks")
                .unwrap_err()
                .is_invalid_input()
        );
    }

    #[test]
    fn a_missing_wrong_or_repeated_token_does_not_match() {
        let token = WebhookToken::from_stored(SecretString::from("tok-123"));
        for target in [
            "/hooks",
            "/hooks?cm_token=",
            "/hooks?cm_token=tok-12",
            "/hooks?cm_token=tok-1234",
            "/hooks?cm_token=TOK-123",
            "/hooks?cm_token=tok-123&cm_token=tok-12",
            "/hooks?other=tok-123",
        ] {
            assert!(!token.matches(target), "{target}");
        }
        assert!(token.matches("/hooks?cm%5Ftoken=tok%2D123"));
    }

    #[test]
    fn a_blank_token_makes_no_webhook_url() {
        for stored in ["", " ", "\t\n"] {
            let token = WebhookToken::from_stored(SecretString::from(stored));
            let error = token.webhook_url("https://shop.test/hooks").unwrap_err();
            assert!(error.is_invalid_input(), "{stored:?}");
        }
    }

    #[test]
    fn a_blank_stored_token_matches_no_target() {
        for stored in ["", " ", "\t\t"] {
            let token = WebhookToken::from_stored(SecretString::from(stored));
            for target in [
                "/hooks?cm_token=",
                "/hooks?cm_token=%20",
                "/hooks?cm_token=%09%09",
            ] {
                assert!(!token.matches(target), "{stored:?} {target}");
            }
        }
    }
}
