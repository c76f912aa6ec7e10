//! The answer to a write (a create, a refund, a subscription) taken as a success
//! only when it names what was written: a 2xx `{}`, an error object under 200 or
//! a blank id is no proof of a write, and must neither be taken for one nor
//! resent (it may have been carried out).

use crate::{Error, Result, response::Response};

/// `response` when `names_it` (the caller read the new object's id, say);
/// otherwise a decode error at `path` that keeps the body and is marked
/// [`after_accepted_write`](Error::after_accepted_write). `what` names the
/// missing part in the message (`"a usable transaction id"`); never a value.
pub fn written<T>(
    provider: &'static str,
    response: Response<T>,
    names_it: bool,
    path: &str,
    what: &str,
) -> Result<Response<T>> {
    if names_it {
        return Ok(response);
    }
    Err(Error::decode(
        provider,
        response.status(),
        path,
        format!("the answer to the write has no {what}"),
        response.raw().clone(),
    )
    .after_accepted_write())
}

/// Whether a provider-given id can be used as one: not blank, and one path
/// segment ([`id_problem`](crate::provider::id_problem)).
pub fn is_usable_id(id: &str) -> bool {
    !id.trim().is_empty() && crate::id::id_problem(id).is_none()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::{body::RawBody, provider::RawResponse};

    fn answer(body: &str) -> Response<()> {
        RawResponse::new(
            "test",
            201,
            Default::default(),
            RawBody::new(body.as_bytes().to_vec()),
        )
        .into_response(())
    }

    #[test]
    fn an_answer_naming_nothing_is_an_error_after_a_write_keeping_the_body() {
        let error = written("test", answer("{}"), false, "id", "id").unwrap_err();
        assert!(error.write_was_accepted());
        assert_eq!(error.json_path(), Some("id"));
        assert_eq!(error.body().unwrap().as_bytes(), b"{}");
        assert!(written("test", answer("{\"id\":\"a\"}"), true, "id", "id").is_ok());
    }

    #[test]
    fn blank_and_path_like_ids_are_not_usable() {
        for id in ["", " ", "\t", ".", "..", "a\u{7}"] {
            assert!(!is_usable_id(id), "{id:?}");
        }
        assert!(is_usable_id("trx_123"));
    }
}
