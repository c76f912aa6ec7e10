//! What clap refuses or answers before any command runs: usage errors (exit 2)
//! written like every other error (one line `txstatus: usage error: ...`, or one
//! `txstatus.error/1` document), and `--help`/`--version` written like a single
//! result.
//!
//! clap quotes the command line back (`invalid value '...'`), and a command line
//! may hold anything: a control character, or a credential pasted into the wrong
//! place. Its text goes through the same scrub and escape as every other line.

use clap::error::ErrorKind;

use crate::{
    failure::{EXIT_OK, Failure},
    out,
};

/// What to do with clap's refusal or answer: the exit code, having written it.
pub fn report(error: &clap::Error, json: bool) -> u8 {
    if !error.use_stderr() {
        return answer(error, json);
    }
    let message = if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // clap's answer is the whole help, which is not a message.
        "no command given: see `txstatus --help`".to_owned()
    } else {
        one_line(&error.render().to_string())
    };
    crate::fail_code(&Failure::usage(message), json)
}

/// `--help` and `--version`: a single result on stdout, so a closed stdout is a
/// usage error and one that cannot be written is a failure said on stderr, as a
/// JSON document when the command line asks for JSON errors (`json`), like every
/// other error.
fn answer(error: &clap::Error, json: bool) -> u8 {
    if let Err(failure) = out::check_open() {
        return crate::fail_code(&failure, json);
    }
    let text = error.render().to_string();
    match out::write_result(&text) {
        Ok(()) => EXIT_OK,
        Err(failure) => crate::fail_code(&failure, json),
    }
}

/// clap's error as one message: its first line without `error: `, then every
/// detail line before the usage (the missing arguments, the possible values, a
/// tip), so a script reading `message` learns what was wrong.
pub fn one_line(rendered: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for line in rendered.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if line.is_empty() {
            continue;
        }
        let line = line.strip_prefix("error: ").unwrap_or(line);
        match parts.last_mut() {
            Some(last) if !line.starts_with("tip:") => {
                let glue = if last.ends_with(':') || line.starts_with('[') {
                    " "
                } else {
                    ", "
                };
                last.push_str(glue);
                last.push_str(line);
            }
            _ => parts.push(line.to_owned()),
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_arguments_are_named_in_the_one_line_message() {
        let rendered = "error: the following required arguments were not provided:\n  <PROVIDER>\n  \
                        <ID>\n\nUsage: txstatus get <PROVIDER> <ID>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(rendered),
            "the following required arguments were not provided: <PROVIDER>, <ID>"
        );
    }

    #[test]
    fn possible_values_and_tips_stay_and_the_usage_goes() {
        let rendered = "error: invalid value 'x' for '<PROVIDER>'\n  [possible values: persona, \
                        onespan]\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(rendered),
            "invalid value 'x' for '<PROVIDER>' [possible values: persona, onespan]"
        );
        let rendered = "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as \
                        a value, use '-- --bogus'\n\nUsage: txstatus get <PROVIDER> <ID>\n";
        assert_eq!(
            one_line(rendered),
            "unexpected argument '--bogus' found; tip: to pass '--bogus' as a value, use '-- --bogus'"
        );
    }
}
