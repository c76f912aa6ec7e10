//! The provider table: every provider the CLI knows, written once. Its name (the
//! provider crate's `PROVIDER`), the environment it reads, how its `StatusSource`
//! is built and which commands take it. `cli.rs`, `--help`, `listen`, `sandbox` and
//! the per-command checks all read this table; a new provider is a new row.

use txstatus_sandbox::{Credentials, ids};

use crate::{
    cli::{ProviderName, Target},
    clients::{self, Built, Setup},
    failure::Failure,
};

/// The variable names the CLI reads (docs/CLI.md), each spelled here only.
pub mod var {
    /// Persona API key.
    pub const PERSONA_API_KEY: &str = "PERSONA_API_KEY";
    /// Persona base URL.
    pub const PERSONA_BASE_URL: &str = "PERSONA_BASE_URL";
    /// Persona webhook secrets (current first, comma-separated).
    pub const PERSONA_WEBHOOK_SECRET: &str = "PERSONA_WEBHOOK_SECRET";
    /// ID Scan key id.
    pub const CM_IDSCAN_KEY_ID: &str = "CM_IDSCAN_KEY_ID";
    /// ID Scan key secret.
    pub const CM_IDSCAN_SECRET: &str = "CM_IDSCAN_SECRET";
    /// ID Scan base URL.
    pub const CM_IDSCAN_BASE_URL: &str = "CM_IDSCAN_BASE_URL";
    /// ID Scan webhook header line (`Name: value`).
    pub const CM_IDSCAN_WEBHOOK_HEADER: &str = "CM_IDSCAN_WEBHOOK_HEADER";
    /// iDIN merchant token.
    pub const CM_IDIN_MERCHANT_TOKEN: &str = "CM_IDIN_MERCHANT_TOKEN";
    /// iDIN base URL.
    pub const CM_IDIN_BASE_URL: &str = "CM_IDIN_BASE_URL";
    /// Checkout OAuth client id.
    pub const CM_CHECKOUT_CLIENT_ID: &str = "CM_CHECKOUT_CLIENT_ID";
    /// Checkout OAuth client secret.
    pub const CM_CHECKOUT_CLIENT_SECRET: &str = "CM_CHECKOUT_CLIENT_SECRET";
    /// Checkout base URL.
    pub const CM_CHECKOUT_BASE_URL: &str = "CM_CHECKOUT_BASE_URL";
    /// Checkout webhook token.
    pub const CM_CHECKOUT_WEBHOOK_TOKEN: &str = "CM_CHECKOUT_WEBHOOK_TOKEN";
    /// OneSpan bearer token.
    pub const ONESPAN_TOKEN: &str = "ONESPAN_TOKEN";
    /// OneSpan base URL (required: OneSpan has no default host).
    pub const ONESPAN_BASE_URL: &str = "ONESPAN_BASE_URL";
    /// OneSpan tenant (optional).
    pub const ONESPAN_TENANT: &str = "ONESPAN_TENANT";
    /// OneSpan notification sender addresses (comma-separated).
    pub const ONESPAN_NOTIFY_ALLOW: &str = "ONESPAN_NOTIFY_ALLOW";
}

/// The commands that name a provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// `get`.
    Get,
    /// `watch`.
    Watch,
    /// `list`.
    List,
    /// `events`.
    Events,
    /// `erase`.
    Erase,
    /// `listen`.
    Listen,
    /// `enqueue`.
    Enqueue,
}

impl Verb {
    /// The command as typed.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Watch => "watch",
            Self::List => "list",
            Self::Events => "events",
            Self::Erase => "erase",
            Self::Listen => "listen",
            Self::Enqueue => "enqueue",
        }
    }
}

/// One variable and the value the sandbox gives it.
pub struct Var {
    /// The variable's name.
    pub name: &'static str,
    /// Its value for a sandbox (`None`: left unset).
    pub sandbox: fn(&Credentials) -> Option<String>,
}

/// What a provider reads from the environment.
pub struct Env {
    /// Required credentials, in `--help` order.
    pub credentials: &'static [Var],
    /// The base URL variable.
    pub base_url: &'static str,
    /// Whether the base URL must be given (no default host).
    pub base_url_required: bool,
    /// Optional settings.
    pub optional: &'static [Var],
    /// What `listen` reads besides the credentials.
    pub webhook: &'static [&'static str],
}

/// One row of the table.
pub struct Provider {
    /// The command-line value.
    pub name: ProviderName,
    /// The name as the provider crate spells its `PROVIDER`.
    pub id: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// Its environment.
    pub env: Env,
    /// The commands that take it.
    pub verbs: &'static [Verb],
    /// Its `StatusSource` for `get`, `watch` and `demo`, from the target and the
    /// environment (the process's, or the demo's embedded sandbox).
    pub build: fn(&Target, &Setup<'_>) -> Result<Built, Failure>,
    /// What `demo` watches in its embedded sandbox: the `watch` arguments after the
    /// provider (the id of the transaction that advances, and any flag it needs).
    pub demo: &'static [&'static str],
}

const PERSONA: Provider = Provider {
    name: ProviderName::Persona,
    id: persona_tx::PROVIDER,
    about: "Persona.",
    env: Env {
        credentials: &[Var {
            name: var::PERSONA_API_KEY,
            sandbox: |c| Some(c.persona_api_key.clone()),
        }],
        base_url: var::PERSONA_BASE_URL,
        base_url_required: false,
        optional: &[],
        webhook: &[var::PERSONA_WEBHOOK_SECRET],
    },
    verbs: &[
        Verb::Get,
        Verb::Watch,
        Verb::List,
        Verb::Events,
        Verb::Erase,
        Verb::Listen,
        Verb::Enqueue,
    ],
    build: clients::persona,
    demo: &[ids::persona::PROGRESS],
};

const CM_IDSCAN: Provider = Provider {
    name: ProviderName::CmIdscan,
    id: cm_idscan::PROVIDER,
    about: "CM.com ID Scan.",
    env: Env {
        credentials: &[
            Var {
                name: var::CM_IDSCAN_KEY_ID,
                sandbox: |c| Some(c.idscan_key_id.clone()),
            },
            Var {
                name: var::CM_IDSCAN_SECRET,
                sandbox: |c| Some(c.idscan_secret.clone()),
            },
        ],
        base_url: var::CM_IDSCAN_BASE_URL,
        base_url_required: false,
        optional: &[],
        webhook: &[var::CM_IDSCAN_WEBHOOK_HEADER],
    },
    verbs: &[Verb::Get, Verb::Watch, Verb::Listen, Verb::Enqueue],
    build: clients::idscan,
    demo: &[ids::idscan::PROGRESS],
};

const CM_IDIN: Provider = Provider {
    name: ProviderName::CmIdin,
    id: cm_idin::PROVIDER,
    about: "CM.com iDIN.",
    env: Env {
        credentials: &[Var {
            name: var::CM_IDIN_MERCHANT_TOKEN,
            sandbox: |c| Some(c.idin_merchant_token.clone()),
        }],
        base_url: var::CM_IDIN_BASE_URL,
        base_url_required: false,
        optional: &[],
        webhook: &[],
    },
    // Not `enqueue`: its one-time identity cannot pass through a shared queue.
    verbs: &[Verb::Get, Verb::Watch],
    build: clients::idin,
    demo: &[
        ids::idin::PROGRESS,
        "--merchant-reference",
        ids::idin::MERCHANT_REFERENCE,
    ],
};

const CM_CHECKOUT: Provider = Provider {
    name: ProviderName::CmCheckout,
    id: cm_checkout::PROVIDER,
    about: "CM.com Payments Checkout.",
    env: Env {
        credentials: &[
            Var {
                name: var::CM_CHECKOUT_CLIENT_ID,
                sandbox: |c| Some(c.checkout_client_id.clone()),
            },
            Var {
                name: var::CM_CHECKOUT_CLIENT_SECRET,
                sandbox: |c| Some(c.checkout_client_secret.clone()),
            },
        ],
        base_url: var::CM_CHECKOUT_BASE_URL,
        base_url_required: false,
        optional: &[],
        webhook: &[var::CM_CHECKOUT_WEBHOOK_TOKEN],
    },
    verbs: &[Verb::Get, Verb::Watch, Verb::Listen, Verb::Enqueue],
    build: clients::checkout,
    demo: &[ids::checkout::PROGRESS],
};

const ONESPAN: Provider = Provider {
    name: ProviderName::Onespan,
    id: onespan_tx::PROVIDER,
    about: "OneSpan Identity Verification.",
    env: Env {
        credentials: &[Var {
            name: var::ONESPAN_TOKEN,
            sandbox: |c| Some(c.onespan_token.clone()),
        }],
        base_url: var::ONESPAN_BASE_URL,
        base_url_required: true,
        optional: &[Var {
            name: var::ONESPAN_TENANT,
            sandbox: |c| c.onespan_tenant.clone(),
        }],
        webhook: &[var::ONESPAN_NOTIFY_ALLOW],
    },
    verbs: &[
        Verb::Get,
        Verb::Watch,
        Verb::Erase,
        Verb::Listen,
        Verb::Enqueue,
    ],
    build: clients::onespan,
    demo: &[ids::onespan::PROGRESS],
};

/// Every provider, in `--help` order.
pub const PROVIDERS: [&Provider; 5] = [&PERSONA, &CM_IDSCAN, &CM_IDIN, &CM_CHECKOUT, &ONESPAN];

impl ProviderName {
    /// Every value, in table order (clap's list).
    pub const ALL: [ProviderName; 5] = [
        ProviderName::Persona,
        ProviderName::CmIdscan,
        ProviderName::CmIdin,
        ProviderName::CmCheckout,
        ProviderName::Onespan,
    ];

    /// Its row.
    pub fn info(self) -> &'static Provider {
        match self {
            Self::Persona => &PERSONA,
            Self::CmIdscan => &CM_IDSCAN,
            Self::CmIdin => &CM_IDIN,
            Self::CmCheckout => &CM_CHECKOUT,
            Self::Onespan => &ONESPAN,
        }
    }

    /// The name as written on the command line (the crate's `PROVIDER`).
    pub fn as_str(self) -> &'static str {
        self.info().id
    }

    /// How its transaction ids compare, as its webhook side says (UUIDs ignore
    /// ASCII case): shared state, `listen`, `enqueue` and `erase` key an id by
    /// this rule, so one transaction named in two cases is one.
    pub fn id_case(self) -> txstatus_core::provider::IdCase {
        use txstatus_core::provider::IdCase;
        match self {
            Self::CmIdscan | Self::CmCheckout | Self::Onespan => IdCase::IgnoreAscii,
            Self::Persona | Self::CmIdin => IdCase::Exact,
        }
    }

    /// `id` in the form this provider's transactions are keyed by
    /// ([`txstatus_core::webhook::transaction_key`]).
    pub fn transaction_key(self, id: &str) -> String {
        txstatus_core::webhook::transaction_key(self.id_case(), id.to_owned())
    }

    /// Whether `verb` takes this provider.
    pub fn supports(self, verb: Verb) -> bool {
        self.info().verbs.contains(&verb)
    }

    /// A usage error unless `verb` takes this provider
    /// ("list applies to persona, not cm-idin").
    pub fn require(self, verb: Verb) -> Result<(), Failure> {
        if self.supports(verb) {
            return Ok(());
        }
        Err(Failure::usage(format!(
            "{} applies to {}, not {}",
            verb.as_str(),
            names(verb).join(" and "),
            self.as_str()
        )))
    }
}

/// The providers `verb` takes, in table order.
pub fn taking(verb: Verb) -> Vec<ProviderName> {
    PROVIDERS
        .iter()
        .filter(|p| p.verbs.contains(&verb))
        .map(|p| p.name)
        .collect()
}

/// Their names.
pub fn names(verb: Verb) -> Vec<&'static str> {
    taking(verb).into_iter().map(ProviderName::as_str).collect()
}

/// The `Environment` part of `--help`, from the table.
pub fn help_environment() -> String {
    let mut out =
        String::from("Environment (credentials are read only from here, never from flags):\n");
    for provider in PROVIDERS {
        let env = &provider.env;
        let mut names: Vec<String> = env.credentials.iter().map(|v| v.name.to_owned()).collect();
        names.push(if env.base_url_required {
            format!("{} (required)", env.base_url)
        } else {
            env.base_url.to_owned()
        });
        names.extend(env.optional.iter().map(|v| v.name.to_owned()));
        out.push_str(&format!("  {:<13}{}\n", provider.id, names.join(", ")));
    }
    out.push_str(&format!(
        "  {:<13}{} (where iDIN identities are kept), NO_COLOR\n",
        "all",
        crate::keep::SAVE_DIR_VAR
    ));
    let webhook: Vec<&str> = PROVIDERS
        .iter()
        .flat_map(|p| p.env.webhook.iter().copied())
        .collect();
    push_wrapped(&mut out, "listen", &webhook);
    out.push_str(&format!(
        "  {:<13}{} (listen, enqueue, worker, watch --rate-limit, erase;\n{:15}never printed), {}, {}\n",
        "shared", SHARED_REDIS_URL, "", SHARED_BUDGET_NAME, SHARED_ERASE_STREAM
    ));
    out
}

/// Shared state on Redis (`listen`, `enqueue`, `worker`, `watch --rate-limit`, `erase`).
pub const SHARED_REDIS_URL: &str = "TXSTATUS_REDIS_URL";
/// The name of a shared rate budget (default: provider plus a credential fingerprint).
pub const SHARED_BUDGET_NAME: &str = "TXSTATUS_BUDGET_NAME";
/// `1` lets `erase` also delete stream entries on Redis.
pub const SHARED_ERASE_STREAM: &str = "TXSTATUS_REDIS_ERASE_STREAM";

/// One `  label        A, B,` line of the help, wrapped under the names at 84 columns.
fn push_wrapped(out: &mut String, label: &str, names: &[&str]) {
    out.push_str(&format!("  {label:<13}"));
    let mut width = 15;
    for (index, name) in names.iter().enumerate() {
        let last = index + 1 == names.len();
        let piece = if last {
            (*name).to_owned()
        } else {
            format!("{name},")
        };
        if index > 0 {
            if width + 1 + piece.len() > 70 {
                out.push_str(&format!("\n{:15}", ""));
                width = 15;
            } else {
                out.push(' ');
                width += 1;
            }
        }
        width += piece.len();
        out.push_str(&piece);
    }
    out.push('\n');
}

/// The environment of a sandbox as `(name, value)` pairs, each provider's base URL
/// then its credentials; optional ones only when the sandbox sets them.
pub fn sandbox_env(sandbox: &txstatus_sandbox::Sandbox) -> Vec<(&'static str, String)> {
    let credentials = sandbox.credentials();
    let mut vars = Vec::new();
    for provider in PROVIDERS {
        let Some(faked) = sandbox_provider(provider.id) else {
            continue;
        };
        vars.push((provider.env.base_url, sandbox.base_url(faked)));
        for var in provider.env.credentials.iter().chain(provider.env.optional) {
            if let Some(value) = (var.sandbox)(credentials) {
                vars.push((var.name, value));
            }
        }
    }
    vars
}

/// The sandbox's provider of that name.
fn sandbox_provider(id: &str) -> Option<txstatus_sandbox::Provider> {
    txstatus_sandbox::Provider::ALL
        .into_iter()
        .find(|p| p.as_str() == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_the_sandbox_and_the_provider_crates_name_the_same_providers() {
        let table: Vec<&str> = PROVIDERS.iter().map(|p| p.id).collect();
        let sandbox: Vec<&str> = txstatus_sandbox::Provider::ALL
            .iter()
            .map(|p| p.as_str())
            .collect();
        let crates = [
            persona_tx::PROVIDER,
            cm_idscan::PROVIDER,
            cm_idin::PROVIDER,
            cm_checkout::PROVIDER,
            onespan_tx::PROVIDER,
        ];
        assert_eq!(table, sandbox);
        assert_eq!(table, crates);
    }

    #[test]
    fn every_row_is_reached_by_its_own_name() {
        assert_eq!(ProviderName::ALL.len(), PROVIDERS.len());
        for (name, row) in ProviderName::ALL.iter().zip(PROVIDERS) {
            assert_eq!(*name, row.name);
            assert_eq!(name.info().name, *name, "{}", row.id);
            assert_eq!(name.info().id, row.id);
            assert!(row.verbs.contains(&Verb::Get) && row.verbs.contains(&Verb::Watch));
        }
    }

    #[test]
    fn every_variable_is_named_once() {
        let mut all: Vec<&str> = PROVIDERS
            .iter()
            .flat_map(|p| {
                let env = &p.env;
                env.credentials
                    .iter()
                    .chain(env.optional)
                    .map(|v| v.name)
                    .chain([env.base_url])
                    .chain(env.webhook.iter().copied())
            })
            .collect();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count);
    }

    #[tokio::test]
    async fn the_sandbox_environment_names_every_base_url_and_credential() {
        let sandbox = txstatus_sandbox::start().await.unwrap();
        let root = sandbox.root_url().to_owned();
        let c = sandbox.credentials().clone();
        let lines: Vec<String> = sandbox_env(&sandbox)
            .into_iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let expected = [
            format!("PERSONA_BASE_URL={root}/persona/api/v1"),
            format!("PERSONA_API_KEY={}", c.persona_api_key),
            format!("CM_IDSCAN_BASE_URL={root}/cm-idscan/id-scan/v1"),
            format!("CM_IDSCAN_KEY_ID={}", c.idscan_key_id),
            format!("CM_IDSCAN_SECRET={}", c.idscan_secret),
            format!("CM_IDIN_BASE_URL={root}/cm-idin/idin/v1.0"),
            format!("CM_IDIN_MERCHANT_TOKEN={}", c.idin_merchant_token),
            format!("CM_CHECKOUT_BASE_URL={root}/cm-checkout/api/v1"),
            format!("CM_CHECKOUT_CLIENT_ID={}", c.checkout_client_id),
            format!("CM_CHECKOUT_CLIENT_SECRET={}", c.checkout_client_secret),
            format!("ONESPAN_BASE_URL={root}/onespan"),
            format!("ONESPAN_TOKEN={}", c.onespan_token),
        ];
        assert_eq!(lines, expected);
        sandbox.shutdown().await;

        let with_tenant = txstatus_sandbox::Sandbox::builder()
            .onespan_tenant("t-1")
            .start()
            .await
            .unwrap();
        let last = sandbox_env(&with_tenant).pop();
        assert_eq!(last, Some(("ONESPAN_TENANT", "t-1".to_owned())));
        with_tenant.shutdown().await;
    }

    #[test]
    fn a_provider_a_command_does_not_take_is_refused_with_the_ones_it_does() {
        let error = ProviderName::CmIdin.require(Verb::Erase).unwrap_err();
        assert_eq!(
            error.message(),
            "erase applies to persona and onespan, not cm-idin"
        );
        assert!(ProviderName::Persona.require(Verb::List).is_ok());
    }
}
