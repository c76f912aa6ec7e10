//! A read answer is taken only as an answer about what was asked for.
//!
//! A 2xx answer to a read whose own id member names another object (a proxy or
//! cache answering for another request) is a decode error at that member that
//! keeps the body: taken as the asked transaction's state, it would show another
//! transaction's personal data and a wrong state. An answer that names none (the
//! member absent, `null` or blank) is taken as it is: the providers' documents
//! do not promise the member on every answer. Neither id is ever put in the
//! message.

use crate::{Error, Result, response::Response};

/// How a provider's ids compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdCase {
    /// Case is part of the id (Persona's `txn_` keys, iDIN's digits).
    Exact,
    /// Ids that differ only in ASCII case name the same object (UUIDs: hex
    /// digits, whose case carries no meaning, and providers send both).
    IgnoreAscii,
}

/// `response` unless `named` (the answer's own id member, at `path`) names
/// another `what` (`"transaction"`) than `asked`; then a decode error at `path`
/// that keeps the body and shows neither id. An answer naming no id is taken
/// as it is, unless its body is an error (`error`, `errors`, a `status` of 400
/// or more, or a `message` with a `code`: [`reads_as_error_or_notice`]) sent
/// under a success status: then a decode error at `.` keeping the body.
///
/// [`reads_as_error_or_notice`]: crate::provider::reads_as_error_or_notice
pub fn about_asked<T>(
    provider: &'static str,
    case: IdCase,
    response: Response<T>,
    asked: &str,
    (path, what): (&str, &str),
    named: impl FnOnce(&T) -> Option<&str>,
) -> Result<Response<T>> {
    let named = named(response.value());
    if named.is_none() && crate::error_shaped::reads_as_error_or_notice(response.raw().as_bytes()) {
        return Err(Error::decode(
            provider,
            response.status(),
            ".",
            "the answer is an error body under a success status, not the object asked for"
                .to_owned(),
            response.raw().clone(),
        ));
    }
    if !names_another(case, named, asked) {
        return Ok(response);
    }
    Err(Error::decode(
        provider,
        response.status(),
        path,
        format!("the answer names another {what} than the one asked for"),
        response.raw().clone(),
    ))
}

/// Whether `named` is an id (present, not blank) and not `asked`.
///
/// The comparison comes first: the usual answer names the asked id, and then
/// the blank check (a Unicode trim, code touched on every read) never runs.
pub fn names_another(case: IdCase, named: Option<&str>, asked: &str) -> bool {
    let Some(named) = named else {
        return false;
    };
    let same = match case {
        IdCase::Exact => named == asked,
        IdCase::IgnoreAscii => named.eq_ignore_ascii_case(asked),
    };
    !same && !named.trim().is_empty()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::{body::RawBody, provider::RawResponse};

    fn answer(body: &str) -> Response<()> {
        RawResponse::new(
            "test",
            200,
            Default::default(),
            RawBody::new(body.as_bytes().to_vec()),
        )
        .into_response(())
    }

    #[test]
    fn only_a_present_other_id_names_another() {
        for case in [IdCase::Exact, IdCase::IgnoreAscii] {
            assert!(!names_another(case, None, "a1"));
            assert!(!names_another(case, Some(""), "a1"));
            assert!(!names_another(case, Some(" \t"), "a1"));
            assert!(!names_another(case, Some("a1"), "a1"));
            assert!(names_another(case, Some("b2"), "a1"));
            assert!(names_another(case, Some("a1 "), "a1"));
        }
        assert!(names_another(IdCase::Exact, Some("A1"), "a1"));
        assert!(!names_another(IdCase::IgnoreAscii, Some("A1"), "a1"));
    }

    #[test]
    fn an_answer_about_another_id_is_a_decode_error_keeping_the_body_and_naming_neither() {
        let body = r#"{"id":"other-secret-id"}"#;
        let error = about_asked(
            "test",
            IdCase::Exact,
            answer(body),
            "asked-secret-id",
            ("id", "transaction"),
            |_| Some("other-secret-id"),
        )
        .unwrap_err();
        assert_eq!(error.json_path(), Some("id"));
        assert_eq!(error.body().unwrap().as_bytes(), body.as_bytes());
        assert!(!error.write_was_accepted());
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("secret-id"), "{shown}");
        assert!(
            about_asked(
                "test",
                IdCase::Exact,
                answer(body),
                "x",
                ("id", "t"),
                |_| None
            )
            .is_ok()
        );
    }
}
