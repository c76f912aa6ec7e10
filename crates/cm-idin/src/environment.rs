//! CM's two iDIN environments.

/// CM's test bank: the same API under `/test`, where CM simulates every
/// outcome (each status, errors, late data) without real banks or people.
pub const TEST_BASE_URL: &str = "https://api.cm.com/idin/v1.0/test";

/// Where a client sends its calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Environment {
    /// Real banks and real identities ([`crate::DEFAULT_BASE_URL`]).
    #[default]
    Production,
    /// CM's test bank ([`TEST_BASE_URL`]); use the merchant token of a test
    /// account.
    Test,
}

impl Environment {
    /// The base URL, for [`ClientOptions::base_url`](crate::ClientOptions::base_url).
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Production => crate::DEFAULT_BASE_URL,
            Self::Test => TEST_BASE_URL,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::{Client, ClientOptions};

    #[test]
    fn the_test_preset_points_at_cms_test_bank() {
        let client = Client::builder("token")
            .base_url(Environment::Test.base_url())
            .build()
            .unwrap();
        assert_eq!(
            client.base_url().as_str(),
            "https://api.cm.com/idin/v1.0/test"
        );
        assert_eq!(Environment::default().base_url(), crate::DEFAULT_BASE_URL);
    }
}
