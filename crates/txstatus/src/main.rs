//! `txstatus`: ask any of five identity and payment providers for the state of a
//! transaction, or watch it to its final state.
//!
//! The contract (commands, exit codes, output rules, `--json` schemas,
//! environment) is written once in `docs/CLI.md` and in `--help`; the exit codes
//! are the constants in `failure.rs`.
#![forbid(unsafe_code)]

/// `eprintln!` that never panics: a stderr that cannot be written (a closed pipe
/// behind `2>&1 | head`) must not turn a result into exit 101. Every secret this
/// process holds is replaced by `[redacted]` (`secrets.rs`), whatever the line
/// quotes.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", crate::secrets::scrub(&line));
    }};
}

mod cli;
mod clients;
mod commands;
mod duration;
mod env;
mod failure;
mod idin;
mod keep;
mod out;
mod output;
mod plan;
mod printed_ids;
mod providers;
mod rate;
mod secrets;
mod shared;
mod stoppable;
mod text;
mod usage;
mod verbose;

use std::process::ExitCode;

use clap::Parser;

use crate::{cli::Command, failure::Failure};

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return ExitCode::from(usage::report(&error, json_errors_asked())),
    };
    failure::show_provider_messages(cli.command.shows_personal_data());
    if cli.verbose {
        verbose::install();
    }
    let json = cli.command.json();
    if let Err(failure) = out::check_open() {
        return fail(&failure, json);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return fail(
                &Failure::failed(format!("cannot start the async runtime: {error}")),
                json,
            );
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(&failure, json),
    }
}

/// Whether a command line clap refused wants its error as a JSON document: `--json`
/// was given, or the command is `listen` or `worker`, whose errors are always JSON
/// (docs/CLI.md, "Errors").
fn json_errors_asked() -> bool {
    json_asked_in(std::env::args_os().skip(1))
}

/// [`json_errors_asked`] over the arguments after the program name. clap refused
/// them, so they are read as a person wrote them, not as clap would have parsed
/// them: `--json` in any spelling that names it (`--json`, `--json=true`,
/// `--json=`; not `--json=false`, `=0`, `=no` or `=off`) asks for JSON, and the
/// command is the first word that is not an option (the only global option,
/// `-v`/`--verbose`, takes no value, so `-vv`, `-v -v` and `--verbose=x` are
/// skipped like `-v`). Nothing after `--` is an option.
fn json_asked_in(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    let mut command = None;
    for arg in args {
        let bytes = arg.as_encoded_bytes();
        if bytes == b"--" {
            break;
        }
        if bytes == b"--json" {
            return true;
        }
        if let Some(value) = bytes.strip_prefix(b"--json=") {
            let off = [&b"false"[..], b"0", b"no", b"off"]
                .iter()
                .any(|word| value.eq_ignore_ascii_case(word));
            if !off {
                return true;
            }
            continue;
        }
        if command.is_none() && !bytes.starts_with(b"-") {
            command = Some(arg);
        }
    }
    command.is_some_and(|command| command == "listen" || command == "worker")
}

/// Reports a failure on stderr (one line, or one JSON document under `--json`)
/// and gives its exit code.
fn fail(failure: &Failure, json: bool) -> ExitCode {
    ExitCode::from(fail_code(failure, json))
}

/// [`fail`], giving the exit code as a number.
fn fail_code(failure: &Failure, json: bool) -> u8 {
    if json {
        let message = secrets::scrub(failure.message());
        let document = output::error_object(failure.code(), failure.kind(), &message);
        note!("{}", text::json_line(&document));
    } else {
        note!(
            "txstatus: {}",
            text::escape(&secrets::scrub(&failure.to_string()))
        );
    }
    failure.code()
}

async fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Get(args) => commands::get::run(&args).await,
        Command::Watch(args) => commands::watch::run(&args).await,
        Command::Demo => commands::demo::run().await,
        Command::Sandbox { port } => commands::sandbox::run(port).await,
        Command::Completions { shell } => commands::completions::run(shell),
        Command::List(args) => commands::list::run(&args).await,
        Command::Events(args) => commands::events::run(&args).await,
        Command::Erase(args) => commands::erase::run(&args).await,
        Command::Listen(args) => commands::listen::run(&args).await,
        Command::Enqueue(args) => commands::enqueue::run(&args).await,
        Command::Worker(args) => commands::worker::run(&args).await,
    }
}

#[cfg(test)]
mod tests {
    use super::json_asked_in;

    fn asked(line: &str) -> bool {
        json_asked_in(line.split(' ').filter(|w| !w.is_empty()).map(Into::into))
    }

    #[test]
    fn every_spelling_of_json_and_of_the_global_flag_before_listen_asks_for_a_json_error() {
        for line in [
            "get persona t --json",
            "get persona t --json=true",
            "get persona t --json=TRUE",
            "get persona t --json=1",
            "get persona t --json=",
            "list persona --json=yes --limit x",
            "listen --addr x",
            "-v listen --addr x",
            "-vv listen",
            "-v -v listen",
            "--verbose --verbose listen",
            "--verbose=true listen",
            "-vvv worker --concurrency 0",
            "listen --json=false",
        ] {
            assert!(asked(line), "{line}");
        }
    }

    #[test]
    fn json_switched_off_after_the_separator_or_absent_asks_for_a_line() {
        for line in [
            "get persona t",
            "get persona t --json=false",
            "get persona t --json=Off",
            "get persona t --json=no",
            "get persona t --json=0",
            "-vv get persona t",
            "get -- --json",
            "get persona listen",
            "--bogus get worker",
            "",
        ] {
            assert!(!asked(line), "{line}");
        }
    }
}
