//! The command line, as clap reads it. The names are a contract: keep them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Ask any of five identity and payment providers for the state of a transaction.
#[derive(Debug, Parser)]
#[command(name = "txstatus", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a transaction once.
    Get(Target),
    /// Poll a transaction until its status is final.
    Watch(WatchArgs),
    /// Start the sandbox in-process and watch one transaction of each provider.
    Demo,
    /// Run the sandbox in the foreground and print its base URLs and test credentials.
    Sandbox {
        /// Port to listen on (default: any free port).
        #[arg(long)]
        port: Option<u16>,
    },
}

/// The providers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProviderName {
    /// Persona.
    Persona,
    /// CM.com ID Scan.
    #[value(name = "cm-idscan")]
    CmIdscan,
    /// CM.com iDIN.
    #[value(name = "cm-idin")]
    CmIdin,
    /// CM.com Payments Checkout.
    #[value(name = "cm-checkout")]
    CmCheckout,
    /// OneSpan Identity Verification.
    Onespan,
}

impl ProviderName {
    /// The name as written on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Persona => "persona",
            Self::CmIdscan => "cm-idscan",
            Self::CmIdin => "cm-idin",
            Self::CmCheckout => "cm-checkout",
            Self::Onespan => "onespan",
        }
    }
}

/// Which transaction, and how to print it.
#[derive(Debug, Args)]
pub struct Target {
    /// The provider.
    pub provider: ProviderName,
    /// The transaction id.
    pub id: String,
    /// The provider's base URL (any path prefix kept); wins over the environment.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Print personal data instead of redacting it.
    #[arg(long)]
    pub show_personal_data: bool,
    /// Write the last response body, exactly as received, to FILE (must not exist; mode 0600).
    #[arg(long, value_name = "FILE")]
    pub save_raw: Option<PathBuf>,
    /// cm-idin: the merchant reference from the transaction-creation response (required).
    #[arg(long, value_name = "REF")]
    pub merchant_reference: Option<String>,
    /// onespan: include verifications.
    #[arg(long)]
    pub with_verifications: bool,
    /// persona: comma-separated relationships to include.
    #[arg(long, value_name = "LIST")]
    pub include: Option<String>,
}

/// `watch` adds polling options.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The transaction.
    #[command(flatten)]
    pub target: Target,
    /// Wait between reads, `<integer>(ms|s|m|h)`.
    #[arg(long, default_value = "2s", value_parser = crate::duration::parse)]
    pub interval: std::time::Duration,
    /// Give up after, `<integer>(ms|s|m|h)`.
    #[arg(long, default_value = "10m", value_parser = crate::duration::parse)]
    pub timeout: std::time::Duration,
}
