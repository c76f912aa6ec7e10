//! `txstatus`: ask any of five identity and payment providers for the state of a
//! transaction, or watch it to its final state.
//!
//! Exit codes: 0 success; 1 an API, transport or decode error, or a watch that timed
//! out; 2 a usage error (no request sent). On any non-zero exit stdout is empty.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod duration;
mod env;
mod failure;
mod output;
mod plan;
mod save_raw;

use std::process::ExitCode;

use clap::Parser;

use crate::{cli::Command, failure::Failure};

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("txstatus: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("txstatus: {failure}");
            ExitCode::from(failure.code())
        }
    }
}

async fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Get(target) => commands::get::run(&target).await,
        Command::Watch(args) => commands::watch::run(&args).await,
        Command::Demo => commands::demo::run().await,
        Command::Sandbox { port } => commands::sandbox::run(port).await,
    }
}
