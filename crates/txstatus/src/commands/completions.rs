//! `txstatus completions <shell>`: a completion script on stdout.

use clap::CommandFactory;

use crate::{cli::Cli, failure::Failure, out};

/// Writes the script; a failed write is a failure (exit 1): it is a single result.
pub fn run(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "txstatus", &mut script);
    out::write_result(&String::from_utf8_lossy(&script))
}
