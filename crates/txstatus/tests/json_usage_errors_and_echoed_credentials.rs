//! Promises of docs/CLI.md checked from outside with
//! variants the other tests do not run, each where the binary once said something
//! else.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support;

use support::*;

/// docs/CLI.md, "Errors": under `--json` (and always for `listen` and `worker`)
/// the command line's own refusals are one `txstatus.error/1` document. A JSON
/// flag clap refuses (`--json=true`) and a global flag clap refuses before the
/// command (`-vv listen`) once got the plain line: the wish was read from the
/// exact word `--json` and from the first word that is not `-v`/`--verbose`.
#[test]
fn usage_errors_are_json_whatever_the_spelling_of_json_or_of_the_global_flag() {
    let runs: &[&[&str]] = &[
        &["get", "persona", "t", "--json=true"],
        &["get", "persona", "t", "--json="],
        &["list", "persona", "--json=1"],
        &["erase", "persona", "t", "--json=yes"],
        &["watch", "persona", "t", "--json=true", "--interval", "0ms"],
        &["-vv", "listen"],
        &["-v", "-v", "listen"],
        &["--verbose=true", "listen"],
        &["-vvv", "worker"],
        &["-vv", "get", "persona", "t", "--json"],
        &["listen", "--json=false"],
    ];
    for args in runs {
        let what = args.join(" ");
        let output = command(args).output().unwrap();
        assert_eq!(code(&output), Some(2), "{what}: {}", stderr(&output));
        assert!(output.stdout.is_empty(), "{what}");
        let text = stderr(&output);
        assert_eq!(text.lines().count(), 1, "{what}: one document: {text}");
        let error = json_error(&output);
        assert_eq!(error["schema"], "txstatus.error/1", "{what}");
        assert_eq!(error["kind"], "usage", "{what}");
        assert_eq!(error["exit_code"], 2, "{what}");
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}"
        );
    }
    // Not asked for: the one plain line.
    let plain: &[&[&str]] = &[
        &["get", "persona", "t", "--json=false"],
        &["-vv", "get", "persona", "t"],
        &["get", "--", "--json"],
    ];
    for args in plain {
        let what = args.join(" ");
        let output = command(args).output().unwrap();
        assert_eq!(code(&output), Some(2), "{what}: {}", stderr(&output));
        let text = stderr(&output);
        assert_eq!(text.lines().count(), 1, "{what}: {text}");
        assert!(
            text.starts_with("txstatus: usage error: "),
            "{what}: {text}"
        );
    }
}

/// docs/CLI.md, "Output rules": every credential is `[redacted]` everywhere, and
/// `--json` is one document per line. A provider echoing a numeric credential as
/// a JSON number (or a number holding a stretch of one) once got the scrub's
/// bare `[redacted]` in place of the number: no JSON. Such a number is now the
/// string `"[redacted]"`, on every JSON path and in the readable document.
#[test]
fn a_credential_echoed_as_a_json_number_leaves_every_document_parseable() {
    let key = "4096123456789012";
    let document = format!(
        r#"{{"data":{{"type":"transaction","id":"t1","attributes":{{"status":"approved","echo":{key},"stretch":[9{},1.5],"nested":{{"n":{key}}}}}}}}}"#,
        &key[..12]
    );
    let list = format!(
        r#"{{"data":[{}],"links":{{}}}}"#,
        &document[8..document.len() - 1]
    );
    let runs: Vec<(Vec<&str>, String)> = vec![
        (vec!["get", "persona", "t1", "--json"], document.clone()),
        (
            vec!["get", "persona", "t1", "--json", "--show-personal-data"],
            document.clone(),
        ),
        (
            vec!["watch", "persona", "t1", "--json", "--show-personal-data"],
            document.clone(),
        ),
        (vec!["list", "persona", "--json"], list),
    ];
    for (args, body) in runs {
        let what = args.join(" ");
        let fake = Fake::start();
        fake.send(200, &body);
        let output = persona_command(&fake, &args)
            .env("PERSONA_API_KEY", key)
            .output()
            .unwrap();
        assert_eq!(code(&output), Some(0), "{what}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(!text.contains(&key[..10]), "{what}: {text}");
        assert!(text.contains("\"[redacted]\""), "{what}: {text}");
        let lines = json_lines(&output);
        assert_eq!(lines.len(), 1, "{what}: {text}");
    }
    // The readable document is the same JSON, indented.
    let fake = Fake::start();
    fake.send(200, &document);
    let output = persona_command(&fake, &["get", "persona", "t1", "--show-personal-data"])
        .env("PERSONA_API_KEY", key)
        .output()
        .unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let start = text.find("document\n").unwrap() + "document\n".len();
    let shown: serde_json::Value = serde_json::from_str(&text[start..]).unwrap();
    assert_eq!(shown["data"]["attributes"]["echo"], "[redacted]", "{text}");
    assert!(!text.contains(&key[..10]), "{text}");
}
