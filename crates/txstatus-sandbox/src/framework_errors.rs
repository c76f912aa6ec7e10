//! Errors the HTTP layer makes itself (405 with `Allow` for a known path and another
//! method, 400 for a path segment that is not UTF-8 or a body that did not arrive, 413
//! for a body over [`MAX_REQUEST_BODY`]), answered in the provider's documented error
//! shape like every error a handler makes: a client's error handling meets here what it
//! meets at the provider, not axum's plain text or an empty body.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::Provider;
use crate::providers;
use crate::respond;

/// The largest request body the sandbox takes (axum's default, set explicitly so the
/// check of a declared `Content-Length` and the read of the body agree).
pub(crate) const MAX_REQUEST_BODY: u64 = 2 * 1024 * 1024;

/// Which error body a path gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ErrorShape {
    /// `{"errors":[{"title","details"}]}`.
    Persona,
    /// `{"message"}`: ID Scan, iDIN, Checkout, and paths under no provider.
    Message,
    /// RFC 6749's `{"error","error_description"}`: Checkout's token endpoint.
    OAuth,
    /// `{"messageKey","message","code","name"}`.
    OneSpan,
}

impl ErrorShape {
    /// The shape of errors at `path` (which lies under `provider`'s prefix, if any).
    pub(crate) fn of(provider: Option<Provider>, path: &str) -> Self {
        match provider {
            Some(Provider::Persona) => Self::Persona,
            Some(Provider::OneSpan) => Self::OneSpan,
            Some(Provider::CmCheckout)
                if path
                    .strip_prefix(Provider::CmCheckout.base_path())
                    .is_some_and(|rest| {
                        rest.trim_end_matches('/') == "/authorization/oauth2/token"
                    }) =>
            {
                Self::OAuth
            }
            Some(Provider::CmIdScan | Provider::CmIdin | Provider::CmCheckout) | None => {
                Self::Message
            }
        }
    }

    /// An error of `status` in this shape.
    pub(crate) fn error(self, status: StatusCode) -> Response {
        let reason = status.canonical_reason().unwrap_or("Error");
        let text = explanation(status).unwrap_or(reason);
        match self {
            Self::Persona => providers::persona::error(status, reason, Some(text)),
            Self::Message => respond::json_value(status, &json!({ "message": text })),
            Self::OAuth => providers::checkout::oauth_error(status, "invalid_request", text),
            Self::OneSpan => providers::onespan::error(status, &message_key(reason), text),
        }
    }
}

/// What went wrong, for the statuses the HTTP layer makes.
fn explanation(status: StatusCode) -> Option<&'static str> {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            Some("this method is not allowed here (the Allow header lists the ones that are)")
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            Some("the request body is larger than the sandbox takes (2 MiB)")
        }
        StatusCode::BAD_REQUEST => Some(
            "the request could not be read (a path segment that is not UTF-8, or a body \
             that did not arrive whole)",
        ),
        _ => None,
    }
}

/// OneSpan's `messageKey` for a reason phrase: `error.` and the phrase in lower camel
/// case (`Method Not Allowed`: `error.methodNotAllowed`).
fn message_key(reason: &str) -> String {
    let mut key = String::from("error.");
    for (n, word) in reason
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .enumerate()
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if n == 0 {
                key.push(first.to_ascii_lowercase());
            } else {
                key.push(first.to_ascii_uppercase());
            }
            key.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onespan_message_keys_are_lower_camel_case() {
        assert_eq!(message_key("Method Not Allowed"), "error.methodNotAllowed");
        assert_eq!(message_key("Payload Too Large"), "error.payloadTooLarge");
        assert_eq!(message_key(""), "error.");
    }

    #[test]
    fn only_checkouts_token_endpoint_speaks_oauth() {
        let token = "/cm-checkout/api/v1/authorization/oauth2/token";
        assert_eq!(
            ErrorShape::of(Some(Provider::CmCheckout), token),
            ErrorShape::OAuth
        );
        assert_eq!(
            ErrorShape::of(
                Some(Provider::CmCheckout),
                "/cm-checkout/api/v1/paymentmethods/checkout/v1/transactions/x"
            ),
            ErrorShape::Message
        );
        assert_eq!(ErrorShape::of(None, "/"), ErrorShape::Message);
    }
}
