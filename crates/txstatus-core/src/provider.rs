//! What provider crates build on; not for applications.
//!
//! Requests are described ([`RequestSpec`]) and executed ([`Service`]) here, bodies
//! decoded leniently ([`lenient`], [`decode_json_bytes`]), open enums declared
//! ([`open_enum!`](crate::open_enum)), error messages extracted
//! ([`MessageExtractor`]) and credentials cached ([`CachedToken`]). This module
//! follows the provider crates, which depend on the core at an exact version
//! (`=0.1.0`): it may change in any release. Applications use the crate root.

// Declared here rather than in lib.rs: only provider crates use it.
#[path = "named_fields.rs"]
mod named_fields;
#[path = "shown_text.rs"]
pub mod shown_text;

pub use crate::auth::{
    AuthHeader, Authenticator, BearerToken, CachedToken, IssuedToken, MAX_BEARER_TOKEN_LEN,
    MAX_TOKEN_LIFETIME, NoAuth, TOKEN_FAILURE_HOLD_OFF, TokenSource, bearer_header,
    sensitive_value,
};
pub use crate::decode_budget::{ITEM_BYTES_PER_BODY_BYTE, MIN_ITEM_BYTES, charge};
pub use crate::env::{env_optional, env_required, env_secret};
pub use crate::error_shaped::{reads_as_error, reads_as_error_or_notice};
pub use crate::id::{MAX_ID_LEN, id_problem, validate_id};
pub use crate::lenient;
pub use crate::message::MessageExtractor;
pub use crate::oauth_error::oauth_error_message;
pub use crate::object_only;
pub use crate::open_enum;
pub use crate::personal_number::holds_personal_number;
pub use crate::pii::serialize_pii;
pub use crate::private_support::open_enum_text;
pub use crate::read_answer::{IdCase, about_asked, names_another};
pub use crate::record_decoder;
pub use crate::redact_debug::RedactedDebug;
pub use crate::report::ReportParts;
pub use crate::request::{FormValue, Method, RequestBody, RequestSpec};
pub use crate::response::{RawResponse, decode_json_bytes, from_json_slice};
pub use crate::retry::{Decision, Outcome, RetryClass, asks_too_long, decide, retry_after};
pub use crate::service::{Service, ServiceBuilder, check_base_url, is_browser_url, is_loopback};
pub use crate::shown_number::{
    NumberDigits, ShownNumber, opt_u64 as shown_opt_u64, written_digits,
};
pub use crate::shown_url::ShownUrl;
pub use crate::status::ShownStatus;
pub use crate::timestamp::ShownTime;
pub use crate::url_len::MAX_URL_LEN;
pub use crate::url_under::get_url_under;
pub use crate::write_answer::{is_usable_id, written};
pub use named_fields::named_fields_message;

/// Header types used in request descriptions (the `http` crate's, as reqwest
/// re-exports them: no reqwest type is part of the API).
pub mod header {
    pub use reqwest::header::{
        ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue,
    };
}
