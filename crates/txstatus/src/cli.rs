//! The command line, as clap reads it. The names are a contract (docs/CLI.md):
//! keep them.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Args, Parser, Subcommand, ValueEnum, builder::PossibleValue};

/// Shown after `--help`: examples, where credentials come from (the provider
/// table's environment) and the exit codes.
fn after_help() -> String {
    format!(
        "{EXAMPLES}\n{}\n{EXIT_CODES}",
        crate::providers::help_environment()
    )
}

const EXAMPLES: &str = "\
Examples:
  txstatus demo
  txstatus get persona inq_123 --json
  txstatus watch cm-checkout tx_9 --interval 5s --timeout 2m
  txstatus get cm-idin 0050001234 --merchant-reference REF --save-dir ~/idin
  txstatus get cm-idscan TX --result RESULT_ID
  txstatus get onespan TX --outcome
  txstatus erase onespan TX1 TX2 --grace-period-days 30 --yes
  txstatus list persona --reference-id REF --limit 20 --json
";

const EXIT_CODES: &str = "\
Exit codes:
  0  success (a streaming command whose reader went away also stops with 0)
  1  the provider, the network or a decode failed; a stream or batch is incomplete;
     stopped by SIGINT or SIGTERM (sandbox, listen and worker stop with 0)
  2  usage: bad flags, missing credential, closed stdout, refused confirmation;
     nothing was sent
  3  iDIN: the identity was most likely handed to an attempt whose answer was lost
  4  watch: timed out before a final state
  5  the provider refused the credentials (HTTP 401 or 403)

The full contract (output rules, --json schemas): docs/CLI.md";

/// Ask five identity and payment providers for the state of a transaction.
#[derive(Debug, Parser)]
#[command(
    name = "txstatus",
    version,
    about,
    after_help = after_help(),
    propagate_version = true
)]
pub struct Cli {
    /// Show the request trace on stderr (provider, operation, attempt, status,
    /// timing; never bodies, secrets or query strings).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a transaction once (single result).
    #[command(after_help = after_help())]
    Get(GetArgs),
    /// Poll a transaction until its state is final (streaming: one record per change).
    #[command(after_help = after_help())]
    Watch(WatchArgs),
    /// Start the sandbox in-process and watch one transaction of each provider
    /// (streaming; no credentials, no network).
    Demo,
    /// Run the sandbox in the foreground and print its base URLs and test credentials.
    Sandbox {
        /// Port to listen on (default: any free port).
        #[arg(long)]
        port: Option<u16>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// List transactions, newest first (streaming; persona; personal data always
    /// redacted).
    #[command(after_help = after_help())]
    List(ListArgs),
    /// List provider events, newest first (streaming; persona; personal data always
    /// redacted).
    #[command(after_help = after_help())]
    Events(EventsArgs),
    /// Erase transactions (batch: one record per id). onespan: mark for erasure
    /// after a grace period, or --undo; persona: redact (cannot be undone).
    #[command(after_help = after_help())]
    Erase(EraseArgs),
    /// Receive webhooks, re-read what they name and print each transition once
    /// (streaming; secrets and credentials from the environment).
    Listen(ListenArgs),
    /// Schedule transactions for the workers on TXSTATUS_REDIS_URL (batch; cm-idin
    /// refused).
    Enqueue(EnqueueArgs),
    /// Read scheduled transactions, within a shared budget, and print each transition
    /// recorded (streaming; TXSTATUS_REDIS_URL; SIGTERM releases leases).
    Worker(WorkerArgs),
}

/// The providers: one value per row of the provider table (`providers.rs`), which
/// gives each its name and help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderName {
    /// Persona.
    Persona,
    /// CM.com ID Scan.
    CmIdscan,
    /// CM.com iDIN.
    CmIdin,
    /// CM.com Payments Checkout.
    CmCheckout,
    /// OneSpan Identity Verification.
    Onespan,
}

impl ValueEnum for ProviderName {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()).help(self.info().about))
    }
}

/// Which transaction, and how to print it (`get` and `watch`).
#[derive(Debug, Args)]
pub struct Target {
    /// The provider.
    pub provider: ProviderName,
    /// The transaction id.
    pub id: String,
    /// The provider's base URL (any path prefix kept); wins over the environment.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print JSON (schema in docs/CLI.md); errors become one JSON document on stderr.
    #[arg(long)]
    pub json: bool,
    /// Print personal data instead of redacting it.
    #[arg(long)]
    pub show_personal_data: bool,
    /// Write the last response body, exactly as received (any credential of this
    /// process in it `[redacted]`), to FILE (must not exist; mode 0600; written and
    /// synced before anything is printed).
    #[arg(long, value_name = "FILE")]
    pub save_raw: Option<PathBuf>,
    /// cm-idin: directory for the identity file when no --save-raw is given
    /// (default: $TXSTATUS_SAVE_DIR, else the current directory).
    #[arg(long, value_name = "DIR")]
    pub save_dir: Option<PathBuf>,
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

/// `get`: one read.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// The transaction.
    #[command(flatten)]
    pub target: Target,
    /// cm-idscan: read this result (extracted fields and files) instead of the
    /// transaction.
    #[arg(long, value_name = "RESULT_ID")]
    pub result: Option<String>,
    /// onespan: add the verification outcome (the detailed verification report and
    /// the partners' results, masked like the transaction). Not with --save-raw.
    #[arg(long)]
    pub outcome: bool,
}

/// `watch` adds polling options.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The transaction.
    #[command(flatten)]
    pub target: Target,
    /// Wait between reads, `<integer>(ms|s|m|h)`, longer than zero.
    #[arg(long, default_value = "2s", value_parser = crate::duration::parse_positive)]
    pub interval: Duration,
    /// Give up after, `<integer>(ms|s|m|h)`, longer than zero (exit 4).
    #[arg(long, default_value = "10m", value_parser = crate::duration::parse_positive)]
    pub timeout: Duration,
    /// At most N requests per PERIOD (e.g. 300/1m): a budget shared through Redis
    /// when TXSTATUS_REDIS_URL is set (the stored limit wins), else this process's.
    #[arg(long, value_name = "N/PERIOD")]
    pub rate_limit: Option<String>,
}

/// `list <provider>` (persona).
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The provider (persona).
    pub provider: ProviderName,
    /// persona: only transactions with this reference id.
    #[arg(long, value_name = "R")]
    pub reference_id: Option<String>,
    /// persona: only transactions of this type.
    #[arg(long, value_name = "T")]
    pub transaction_type_id: Option<String>,
    /// Transactions per page request (1-100; default: --limit if 100 or less, else
    /// Persona's).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=100))]
    pub page_size: Option<u8>,
    /// Stop after N records.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// The provider's base URL; wins over the environment.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// One JSON document per line.
    #[arg(long)]
    pub json: bool,
}

/// `events <provider>` (persona).
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// The provider (persona).
    pub provider: ProviderName,
    /// Only events of this transaction.
    #[arg(long, value_name = "ID")]
    pub transaction: Option<String>,
    /// Only events with these names (comma-separated).
    #[arg(long, value_name = "NAME[,NAME]")]
    pub name: Option<String>,
    /// Stop after N records.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// The provider's base URL; wins over the environment.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// One JSON document per line.
    #[arg(long)]
    pub json: bool,
}

/// `erase <provider> <id>... --yes`.
#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The provider (persona: redaction; onespan: mark for erasure).
    pub provider: ProviderName,
    /// The transaction ids (each once; repeats are dropped).
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Confirm: erasure cannot be undone (except onespan's --undo within the grace
    /// period). Without it nothing is sent (exit 2).
    #[arg(long)]
    pub yes: bool,
    /// onespan: unmark transactions marked for erasure.
    #[arg(long)]
    pub undo: bool,
    /// onespan: days before erasure (required; 0 erases at once, irreversibly).
    #[arg(long, value_name = "N")]
    pub grace_period_days: Option<u32>,
    /// The provider's base URL; wins over the environment.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// One JSON document per line.
    #[arg(long)]
    pub json: bool,
    /// onespan: print OneSpan's own words for each id (they may quote anything);
    /// otherwise shown as `[redacted]`.
    #[arg(long)]
    pub show_personal_data: bool,
}

/// `listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Providers to receive (comma-separated; default: all four that send webhooks).
    #[arg(long, value_name = "LIST")]
    pub providers: Option<String>,
    /// Re-read transactions whose last state is not final this often [default: 5m].
    #[arg(long, value_name = "D", value_parser = crate::duration::parse_positive)]
    pub sweep_every: Option<Duration>,
}

/// `enqueue <provider> <id>...`.
#[derive(Debug, Args)]
pub struct EnqueueArgs {
    /// The provider (not cm-idin: its identity cannot pass through a shared queue).
    pub provider: ProviderName,
    /// The transaction ids.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Wait between reads of each transaction [default: 2s].
    #[arg(long, value_name = "D", value_parser = crate::duration::parse_positive)]
    pub interval: Option<Duration>,
    /// One JSON document per line.
    #[arg(long)]
    pub json: bool,
}

/// `worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Transactions read at once (1-1024; default 4).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: Option<u32>,
    /// The shared rate budget, N requests per PERIOD (e.g. 300/1m).
    #[arg(long, value_name = "N/PERIOD")]
    pub rate_limit: Option<String>,
}

impl Command {
    /// Whether `--show-personal-data` was given (it also lets a failure carry
    /// the provider's own message).
    pub fn shows_personal_data(&self) -> bool {
        match self {
            Self::Get(args) => args.target.show_personal_data,
            Self::Watch(args) => args.target.show_personal_data,
            _ => false,
        }
    }

    /// Whether errors are to be written as JSON documents.
    pub fn json(&self) -> bool {
        match self {
            Self::Get(args) => args.target.json,
            Self::Watch(args) => args.target.json,
            Self::List(args) => args.json,
            Self::Events(args) => args.json,
            Self::Erase(args) => args.json,
            Self::Enqueue(args) => args.json,
            // listen and worker print JSON records only.
            Self::Listen(_) | Self::Worker(_) => true,
            Self::Demo | Self::Sandbox { .. } | Self::Completions { .. } => false,
        }
    }
}
