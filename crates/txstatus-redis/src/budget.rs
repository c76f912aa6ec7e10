//! Budget names: which processes share one rate budget.

use txstatus_core::crypto::{hex_encode, hmac_sha256};

/// The hash key for credential fingerprints: fixed, so every replica derives the same
/// name; it separates these fingerprints from any other use of the credential.
const FINGERPRINT_KEY: &[u8] = b"txstatus-redis/budget-name/v1";

/// The default budget name: `provider:` and a fingerprint of the credential (a keyed
/// SHA-256 truncated to 64 bits, hex). Two clients with the same key share a budget;
/// the secret itself never reaches Redis, logs or this name.
///
/// Persona's limit is per environment and two keys of one environment share it: name
/// the budget yourself then (e.g. `persona:production`).
pub fn budget_name(provider: &str, credential: &[u8]) -> String {
    let digest = hmac_sha256(FINGERPRINT_KEY, credential);
    let short = digest.get(..8).unwrap_or(&digest);
    format!("{provider}:{}", hex_encode(short))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_stable_and_never_holds_the_secret() {
        let secret = b"persona_sandbox_0123456789abcdef";
        let name = budget_name("persona", secret);
        assert_eq!(name, budget_name("persona", secret));
        assert!(name.starts_with("persona:"));
        assert_eq!(name.len(), "persona:".len() + 16);
        assert!(!name.contains("0123456789abcdef"));
        assert_ne!(name, budget_name("persona", b"another key"));
    }
}
