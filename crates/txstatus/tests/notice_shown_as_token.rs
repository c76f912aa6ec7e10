//! iDIN's `notice` is provider-chosen text: printed only as a plain machine token,
//! else `[redacted]`, unless `--show-personal-data` (docs/CLI.md, docs/PERSONAL-DATA.md).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::support::*;

const PLANTS: &[(&str, &str)] = &[
    (r#""jane.doe@example.com""#, "jane.doe@example.com"),
    (r#""Jane Q Doe""#, "Jane Q Doe"),
    (r#""4111111111111111""#, "4111111111111111"),
    ("4111111111111111", "4111111111111111"),
    (r#""123456782""#, "123456782"),
];

fn body(notice: &str) -> String {
    format!(r#"{{"status":"success","transaction_id":"t1","notice":{notice},"notice_code":2000}}"#)
}

#[test]
fn a_notice_that_is_no_plain_token_is_withheld_by_get_and_watch() {
    for (json, planted) in PLANTS {
        for json_flag in [false, true] {
            for watch in [false, true] {
                let fake = Fake::start();
                let dir = temp_dir("notice-token");
                fake.send(200, &body(json));
                let mut args = vec![
                    if watch { "watch" } else { "get" },
                    "cm-idin",
                    "t1",
                    "--merchant-reference",
                    "ref-1",
                    "--save-dir",
                    dir.to_str().unwrap(),
                ];
                if watch {
                    args.extend(["--interval", "10ms", "--timeout", "5s"]);
                }
                if json_flag {
                    args.push("--json");
                }
                let output = idin_command(&fake, &args).output().unwrap();
                assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
                for text in [stdout(&output), stderr(&output)] {
                    assert!(
                        !text.contains(planted),
                        "{planted} leaked by {args:?}: {text}"
                    );
                }
                if json_flag {
                    let value: serde_json::Value =
                        serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
                    assert_eq!(value["notice"], "[redacted]", "{value}");
                }
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
    }
}

#[test]
fn a_notice_is_shown_as_sent_with_show_personal_data() {
    let fake = Fake::start();
    let dir = temp_dir("notice-shown");
    fake.send(200, &body(r#""Jane Q Doe""#));
    let output = idin_get(
        &fake,
        &[
            "--save-dir",
            dir.to_str().unwrap(),
            "--json",
            "--show-personal-data",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(json(&output)["notice"], "Jane Q Doe");
    let _ = std::fs::remove_dir_all(&dir);
}
