//! A personal value planted as a key (a body cut short after it, a syntax error
//! after it, a wrong value under it) must never reach a decode error's path,
//! `Display` or `Debug`, and the body must be kept whole. Each provider crate
//! runs this against its own model with a body prefix that reaches a personal
//! member.

use crate::Error;

/// The value planted as a key.
pub const PLANTED: &str = "PlantedSurname";

/// The hostile bodies: `template` with its `KEY` replaced by each planted tail.
pub fn planted_bodies(template: &str) -> Vec<(&'static str, String)> {
    let key = format!("\"{PLANTED}\"");
    [
        ("cut short after the key", format!("{key}:")),
        ("cut short inside the value", format!("{key}:\"{PLANTED}")),
        ("syntax error after the key", format!("{key} 1}}")),
        (
            "nested object cut short",
            format!("{key}:{{{key}:[{{{key}:"),
        ),
        ("wrong value then garbage", format!("{key}:[1,2,]")),
    ]
    .into_iter()
    .map(|(case, tail)| (case, template.replace("KEY", &tail)))
    .collect()
}

/// Decodes every planted body with `decode` and asserts the error hides the key
/// and keeps the body whole.
pub fn assert_planted_keys_hidden<T>(template: &str, decode: impl Fn(&[u8]) -> Result<T, Error>) {
    for (case, body) in planted_bodies(template) {
        let Err(error) = decode(body.as_bytes()) else {
            panic!("{case}: a planted body decoded");
        };
        assert_eq!(
            error.body().map(|b| b.as_bytes()),
            Some(body.as_bytes()),
            "{case}"
        );
        let path = error.json_path().unwrap_or_default().to_owned();
        for shown in [path, error.to_string(), format!("{error:?}")] {
            assert!(!shown.contains(PLANTED), "{case}: {shown}");
        }
    }
}
