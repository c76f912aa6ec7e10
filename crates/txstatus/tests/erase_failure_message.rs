//! A failed erase call's line: the provider's own message only under
//! `--show-personal-data`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support::{Fake, code, command, stderr};

/// `erase onespan --show-personal-data`: a failed call's line carries OneSpan's
/// own message; without the flag it is withheld.
#[test]
fn a_failed_erase_call_shows_the_providers_message_only_when_asked() {
    for show in [false, true] {
        let fake = Fake::start();
        fake.send(
            422,
            r#"{"status":422,"error":"Unprocessable Entity","message":"Jan de Vries is locked"}"#,
        );
        let mut args = vec![
            "erase",
            "onespan",
            "tx-1",
            "--grace-period-days",
            "30",
            "--yes",
        ];
        if show {
            args.push("--show-personal-data");
        }
        let output = command(&args)
            .env("ONESPAN_TOKEN", "onespan_test_token_erase")
            .env("ONESPAN_BASE_URL", &fake.url)
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(1), "{}", stderr(&output));
        let said = stderr(&output);
        assert_eq!(said.contains("Jan de Vries is locked"), show, "{said}");
    }
}
