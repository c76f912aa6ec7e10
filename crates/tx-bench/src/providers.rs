//! The provider crates the benchmarks measure, listed once: the provider's name
//! (its crate's `PROVIDER`, which is also its fixture folder's owner), the crate,
//! and the expression that builds a client for the footprint programs.

/// One provider crate.
pub struct Provider {
    /// The crate's `PROVIDER` constant.
    pub id: &'static str,
    /// The crate's package name (its folder under `crates/`).
    pub krate: &'static str,
    /// An expression building a client, `{module}` standing for the crate's path.
    pub client: &'static str,
}

/// The provider crates, in report order.
pub const PROVIDERS: [Provider; 5] = [
    Provider {
        id: persona_tx::PROVIDER,
        krate: "persona-tx",
        client: "{module}::Client::builder(String::from(\"token\")).build()",
    },
    Provider {
        id: cm_idscan::PROVIDER,
        krate: "cm-idscan",
        client: "{module}::Client::builder(\"kid\", {module}::SecretString::from(String::from(\"secret\"))).build()",
    },
    Provider {
        id: cm_idin::PROVIDER,
        krate: "cm-idin",
        client: "{module}::Client::builder(String::from(\"token\")).build()",
    },
    Provider {
        id: cm_checkout::PROVIDER,
        krate: "cm-checkout",
        client: "{module}::Client::builder(\"id\", String::from(\"secret\")).build()",
    },
    Provider {
        id: onespan_tx::PROVIDER,
        krate: "onespan-tx",
        client: "{ use {module}::ClientOptions; {module}::Client::builder(String::from(\"token\")).base_url(\"https://tenant.example\").build() }",
    },
];

/// The row of the provider named `id`.
pub fn by_id(id: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.id == id)
}

/// The row of the crate `krate`.
pub fn by_crate(krate: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.krate == krate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_a_crate_folder_with_fixtures() {
        for provider in &PROVIDERS {
            let dir = crate::paths::workspace_root()
                .join("crates")
                .join(provider.krate);
            assert!(dir.join("fixtures").is_dir(), "{}", provider.krate);
            assert_eq!(by_id(provider.id).map(|p| p.krate), Some(provider.krate));
        }
    }
}
