//! A personal value planted as a key (a body cut short after it, a syntax error
//! after it, a wrong value under it) never reaches the decode error's path,
//! `Display` or `Debug`; the body is kept whole.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use persona_tx::Transaction as Model;

const PLANTED: &str = "PlantedSurname";

#[test]
fn planted_keys_never_reach_the_decode_error() {
    let prefix = r#"{"data":{"id":"txn_1","type":"transaction","attributes":{KEY"#;
    let key = format!("\"{PLANTED}\"");
    let cases = [
        ("cut short after the key", format!("{key}:")),
        ("cut short inside the value", format!("{key}:\"{PLANTED}")),
        ("syntax error after the key", format!("{key} 1}}")),
        (
            "nested object cut short",
            format!("{key}:{{{key}:[{{{key}:"),
        ),
        ("wrong value then garbage", format!("{key}:[1,2,]")),
    ];
    for (case, tail) in cases {
        let body = prefix.replace("KEY", &tail);
        let error = Model::from_json(body.as_bytes()).expect_err(case);
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes(), "{case}");
        let path = error.json_path().unwrap_or_default().to_owned();
        for shown in [path, error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(PLANTED), "{case}: {shown}");
        }
    }
}
