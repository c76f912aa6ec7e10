//! The five providers the sandbox fakes and where each one lives under the root URL.

use std::fmt;

/// One of the five faked providers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    /// Persona transactions.
    Persona,
    /// CM.com ID Scan.
    CmIdScan,
    /// CM.com iDIN.
    CmIdin,
    /// CM.com Payments Checkout.
    CmCheckout,
    /// OneSpan Identity Verification.
    OneSpan,
}

impl Provider {
    /// All providers, in a fixed order.
    pub const ALL: [Provider; 5] = [
        Provider::Persona,
        Provider::CmIdScan,
        Provider::CmIdin,
        Provider::CmCheckout,
        Provider::OneSpan,
    ];

    /// The provider's name, as the provider crates spell their `PROVIDER` constant
    /// (`persona`, `cm-idscan`, `cm-idin`, `cm-checkout`, `onespan`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::Persona => "persona",
            Provider::CmIdScan => "cm-idscan",
            Provider::CmIdin => "cm-idin",
            Provider::CmCheckout => "cm-checkout",
            Provider::OneSpan => "onespan",
        }
    }

    /// The path under the sandbox root that plays the provider's base URL, without a
    /// trailing slash (`/persona/api/v1`, `/cm-idscan/id-scan/v1`, `/cm-idin/idin/v1.0`,
    /// `/cm-checkout/api/v1`, `/onespan`).
    pub const fn base_path(self) -> &'static str {
        match self {
            Provider::Persona => "/persona/api/v1",
            Provider::CmIdScan => "/cm-idscan/id-scan/v1",
            Provider::CmIdin => "/cm-idin/idin/v1.0",
            Provider::CmCheckout => "/cm-checkout/api/v1",
            Provider::OneSpan => "/onespan",
        }
    }

    /// The provider whose base path a request path falls under: the path equals the base
    /// path or continues it with `/`.
    pub fn from_path(path: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|provider| {
            path.strip_prefix(provider.base_path())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Provider;

    #[test]
    fn a_path_belongs_to_the_provider_whose_base_path_it_continues() {
        assert_eq!(
            Provider::from_path("/persona/api/v1/transactions/x"),
            Some(Provider::Persona)
        );
        assert_eq!(Provider::from_path("/onespan"), Some(Provider::OneSpan));
        assert_eq!(Provider::from_path("/onespanx/api"), None);
        assert_eq!(Provider::from_path("/"), None);
    }
}
