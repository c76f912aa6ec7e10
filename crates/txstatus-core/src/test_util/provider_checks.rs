//! Checks every provider crate runs on its own pieces (its error-message
//! extractor, its request table), written once here instead of in five crates.

use std::time::Duration;

use crate::{
    Error, HttpError, ProviderMessage, RawBody, RetryPolicy,
    provider::{Decision, Outcome, RequestSpec, RetryClass, decide},
};

/// What the retry rules answer when a request may be sent again (no backoff in
/// the table's policy, so the wait is zero).
pub const AGAIN: Decision = Decision::Wait(Duration::ZERO);

/// What they answer when it may not.
pub const NEVER: Decision = Decision::Return;

/// Asserts `extract` finds the provider's message in `body`, that an error
/// carrying it hands it back through [`Error::provider_message`], and that none of
/// `personal` (values `body` quotes) appears in the error's `Display` or `Debug`.
pub fn assert_message_withheld(
    extract: impl Fn(&[u8]) -> Option<ProviderMessage>,
    body: &[u8],
    personal: &[&str],
) {
    let said = extract(body);
    assert!(said.is_some(), "the extractor found no message");
    let Some(said) = said else { return };
    let error = Error::http(
        "test",
        HttpError::new(422, RawBody::new(body.to_vec())).with_provider_message(said),
    );
    let given_back = error.provider_message().unwrap_or_default();
    for part in personal {
        assert!(
            given_back.contains(part),
            "{part} not given back by provider_message()"
        );
    }
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        for part in personal {
            assert!(!text.contains(part), "{part} in {text}");
        }
    }
}

/// Asserts `extract` reads each `error-*` fixture of `dir` as its row says:
/// (file, message, code). Every such file on disk must have a row, so a new
/// fixture without one fails.
pub fn assert_error_fixtures(
    dir: &std::path::Path,
    extract: impl Fn(&[u8]) -> Option<ProviderMessage>,
    rows: &[(&str, Option<&str>, Option<&str>)],
) {
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with("error-"))
                .collect()
        })
        .unwrap_or_default();
    on_disk.sort();
    let mut listed: Vec<&str> = rows.iter().map(|(name, ..)| *name).collect();
    listed.sort_unstable();
    assert_eq!(on_disk, listed, "every error fixture has a row");
    for (fixture, message, code) in rows {
        let bytes = std::fs::read(dir.join(fixture)).unwrap_or_default();
        let said = extract(&bytes).unwrap_or_default();
        assert_eq!(
            (said.message(), said.code()),
            (*message, *code),
            "{fixture}"
        );
    }
}

/// Asserts each row of a provider's request table: the request states `class`,
/// and the retry rules answer `after_503` after a 503 and `after_reset` after a
/// connection lost once the request was sent.
pub fn assert_retry_table(
    rows: impl IntoIterator<Item = (RequestSpec, RetryClass, Decision, Decision)>,
) {
    let policy = RetryPolicy {
        initial_backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
        ..RetryPolicy::default()
    };
    let unavailable = Outcome::Answered {
        status: 503,
        retry_after: None,
    };
    let left = Duration::from_secs(30);
    for (spec, class, after_503, after_reset) in rows {
        assert_eq!(spec.retry_class(), class, "{}", spec.operation());
        assert_eq!(
            decide(class, unavailable, 1, true, left, &policy),
            after_503,
            "{} after a 503",
            spec.operation()
        );
        assert_eq!(
            decide(class, Outcome::LostAfterSend, 1, true, left, &policy),
            after_reset,
            "{} after a reset once sent",
            spec.operation()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "get_thing")]
    fn a_row_stating_the_wrong_class_fails() {
        assert_retry_table([(
            RequestSpec::get("get_thing"),
            RetryClass::NeverResend,
            NEVER,
            NEVER,
        )]);
    }

    #[test]
    #[should_panic(expected = "after a 503")]
    fn a_row_expecting_the_wrong_decision_fails() {
        assert_retry_table([(
            RequestSpec::get("get_thing"),
            RetryClass::Idempotent,
            NEVER,
            AGAIN,
        )]);
    }

    #[test]
    #[should_panic(expected = "every error fixture has a row")]
    fn an_error_fixture_without_a_row_fails() {
        let dir = std::env::temp_dir().join(format!("txstatus-fixtures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("error-500.json"), b"{}").unwrap();
        assert_error_fixtures(&dir, |_| None, &[]);
    }

    #[test]
    #[should_panic(expected = "found no message")]
    fn an_extractor_that_finds_nothing_fails() {
        assert_message_withheld(|_| None, b"{}", &["Vries"]);
    }
}
