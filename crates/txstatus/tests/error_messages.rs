//! The provider's own error text can quote what was sent: stderr carries it only
//! under `--show-personal-data`, and stdout never.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use support::*;

const SURNAME: &str = "de Vries";

/// One error body per provider shape, each quoting a personal value.
fn cases() -> Vec<(&'static str, String)> {
    let text = "No applicant Jan \\\"de Vries` born 1970";
    vec![
        (
            "persona",
            format!(
                r#"{{"errors":[{{"title":"Record invalid","details":"{text}","code":"name_mismatch"}}]}}"#
            ),
        ),
        (
            "onespan",
            format!(r#"{{"status":404,"error":"Not Found","message":"{text}","path":"/x"}}"#),
        ),
        ("cm-idin", format!(r#"{{"message":"{text}"}}"#)),
    ]
}

fn run(provider: &str, body: &str, extra: &[&str]) -> std::process::Output {
    let fake = Fake::start();
    fake.send(404, body);
    let mut args = vec!["get", provider, "txn_1"];
    if provider == "cm-idin" {
        args = vec![
            "get",
            "cm-idin",
            "3645651845961623",
            "--merchant-reference",
            "ref",
        ];
    }
    args.extend_from_slice(extra);
    let mut command = match provider {
        "persona" => persona_command(&fake, &args),
        "onespan" => onespan_command(&fake, &args),
        _ => idin_command(&fake, &args),
    };
    command.output().unwrap()
}

#[test]
fn a_provider_message_is_withheld_from_stderr_without_show_personal_data() {
    for (provider, body) in cases() {
        for extra in [&[][..], &["--json"][..]] {
            let output = run(provider, &body, extra);
            assert_eq!(code(&output), Some(1), "{provider}: {}", stderr(&output));
            let err = stderr(&output);
            assert!(!err.contains(SURNAME), "{provider}: {err}");
            assert!(err.contains("--show-personal-data"), "{provider}: {err}");
            assert!(!stdout(&output).contains(SURNAME), "{provider}");
        }
    }
}

#[test]
fn show_personal_data_prints_the_provider_message_on_stderr_only() {
    for (provider, body) in cases() {
        let output = run(provider, &body, &["--show-personal-data"]);
        assert_eq!(code(&output), Some(1), "{provider}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(SURNAME),
            "{provider}: {}",
            stderr(&output)
        );
        assert!(!stdout(&output).contains(SURNAME), "{provider}");
    }
}
