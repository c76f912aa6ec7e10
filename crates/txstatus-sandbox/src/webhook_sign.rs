//! Persona's webhook signature, written with the sandbox's own HMAC code:
//! `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, one pair per secret,
//! separated by a space (how Persona signs while a secret rotates).

use ring::hmac;

/// The sandbox's current Persona webhook secret.
pub const PERSONA_WEBHOOK_SECRET: &str = "wbhsec_sandbox_current";

/// The secret being rotated out; deliveries carry a pair for it too.
pub const PERSONA_WEBHOOK_SECRET_PREVIOUS: &str = "wbhsec_sandbox_previous";

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0x0f] {
            if let Some(digit) = DIGITS.get(usize::from(nibble)) {
                out.push(char::from(*digit));
            }
        }
    }
    out
}

/// The `Persona-Signature` value for `body` at `timestamp`, one pair per secret.
pub(crate) fn persona_signature(secrets: &[&str], timestamp: u64, body: &[u8]) -> String {
    let mut message = format!("{timestamp}.").into_bytes();
    message.extend_from_slice(body);
    secrets
        .iter()
        .map(|secret| {
            let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
            let tag = hmac::sign(&key, &message);
            format!("t={timestamp},v1={}", hex(tag.as_ref()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_a_known_hmac() {
        // HMAC-SHA256("key", "1.body"), computed independently.
        let header = persona_signature(&["key"], 1, b"body");
        assert_eq!(
            header,
            "t=1,v1=91b5374b153842ad05b2c4eab9349b8321b14703165bd3fb8b034dfb8be98ae5"
        );
        let pair = persona_signature(&["a", "b"], 1, b"body");
        assert_eq!(pair.split(' ').count(), 2);
    }
}
