//! The Debug sweep of the core's public types: a planted marker, in every
//! spelling, reaches none of `{:?}`, `{:#?}`, `{}` or an error's source chain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../src/test_util/sweep.rs"]
mod sweep;

use std::{sync::Arc, time::Duration};

use sweep::{MARKER, assert_debug_hides, assert_display_hides, assert_error_hides, planted_url};
use txstatus_core::{
    ClientOptions, Download, Error, HttpError, NormalizedStatus, Pii, PollError, ProviderMessage,
    RawBody, SecretString, StatusReport, TxStatus,
    provider::{
        BearerToken, RawResponse, RequestSpec, RetryClass, ServiceBuilder, ShownUrl,
        header::{HeaderMap, HeaderName, HeaderValue},
    },
    webhook::Inbound,
};

/// A sentence around the marker: not a machine token, as provider text is.
fn sentence() -> String {
    format!("Please check {MARKER} again")
}

fn body() -> RawBody {
    RawBody::from(format!(r#"{{"name":"{MARKER}","url":"{}"}}"#, planted_url(MARKER)).into_bytes())
}

fn headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    for name in ["set-cookie", "x-request-id", "location", "content-type"] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(&sentence()).unwrap(),
        );
    }
    headers
}

struct Options(ServiceBuilder);

impl ClientOptions for Options {
    fn service_builder_mut(&mut self) -> &mut ServiceBuilder {
        &mut self.0
    }
}

#[test]
fn shown_url_hides_user_info_query_fragment_and_the_opaque_rest_of_a_hostless_url() {
    let cases = [
        planted_url(MARKER),
        format!("user:{MARKER}@api.example.com"),
        format!("redis:{MARKER}@cache.example:6379"),
        format!("mailto:{MARKER}@example.com"),
        format!("data:text/plain,{MARKER}"),
        format!("not a url {MARKER}"),
    ];
    for case in cases {
        assert_debug_hides(&case, &ShownUrl::parse(&case));
    }
}

#[test]
fn a_service_builder_shows_no_secret_of_its_base_url_whatever_its_shape() {
    for base in [
        planted_url(MARKER),
        format!("admin:{MARKER}@api.example.com"),
    ] {
        let builder = Options(ServiceBuilder::new("p", None)).base_url(base.clone());
        assert_debug_hides(&base, &builder.0);
    }
}

#[test]
fn every_error_kind_hides_provider_text_request_ids_and_bodies() {
    let mut http = HttpError::new(400, body())
        .with_provider_message(ProviderMessage::new(Some(&sentence()), Some(&sentence())));
    http.request_id = Some(sentence());
    let mut http_with_raw_code = HttpError::new(422, body());
    // A public field: set directly, not through `ProviderMessage`'s filter.
    http_with_raw_code.code = Some(sentence());
    let decode =
        || txstatus_core::provider::decode_json_bytes::<u64>("p", 200, &body()).unwrap_err();
    let errors = [
        ("http", Error::http("p", http)),
        (
            "http with a code set directly",
            Error::http("p", http_with_raw_code),
        ),
        ("decode", decode()),
        (
            "decode after an accepted write",
            decode().after_accepted_write(),
        ),
        (
            "rate limited",
            Error::rate_limited(
                "p",
                429,
                Some(Duration::from_secs(1)),
                Some(sentence()),
                body(),
            ),
        ),
        ("body too large", Error::body_too_large("p", 200, 10)),
        (
            "body too large with the bytes up to the cap",
            Error::body_too_large_with("p", 500, 10, body()),
        ),
        (
            "local rate limit",
            Error::local_rate_limit("p", Duration::from_secs(1)),
        ),
        (
            "token endpoint",
            Error::http("p", HttpError::new(401, body())).from_token_endpoint(),
        ),
    ];
    for (label, error) in errors {
        assert_error_hides(label, &error);
        assert_debug_hides(label, error.kind());
    }
}

#[test]
fn a_raw_status_that_is_not_a_plain_token_is_withheld_from_debug_and_display() {
    let status = TxStatus::new(NormalizedStatus::Unknown, sentence());
    assert_debug_hides("status", &status);
    assert_display_hides("status", &status);
    let plain = TxStatus::new(NormalizedStatus::Succeeded, "approved");
    assert_eq!(plain.to_string(), "succeeded (approved)");
    assert!(format!("{plain:?}").contains("approved"));
}

#[test]
fn a_status_report_and_a_poll_timeout_hide_the_document_body_and_raw_status() {
    let report = StatusReport::new(
        "p",
        "txn_1",
        TxStatus::new(NormalizedStatus::Pending, sentence()),
        body(),
        Arc::new(Pii::new(sentence())),
    )
    .with_notice(Some(sentence()));
    assert_debug_hides("report", &report);
    let parts =
        txstatus_core::provider::ReportParts::new(TxStatus::new(NormalizedStatus::Pending, "p"))
            .with_notice(Some(sentence()));
    assert_debug_hides("report parts", &parts);
    let plain = StatusReport::new(
        "p",
        "txn_1",
        TxStatus::new(NormalizedStatus::Pending, "p"),
        body(),
        Arc::new(1),
    )
    .with_notice(Some("DATA_EXPIRED".into()));
    assert!(format!("{plain:?}").contains("DATA_EXPIRED"));
    let timeout = PollError::Timeout {
        last: Some(Box::new(report)),
    };
    assert_debug_hides("poll timeout", &timeout);
    assert_display_hides("poll timeout", &timeout);
    let failed = PollError::Failed(Error::http("p", HttpError::new(500, body())));
    assert_debug_hides("poll failed", &failed);
    assert_display_hides("poll failed", &failed);
}

#[test]
fn responses_raw_responses_and_downloads_show_no_header_value_or_body() {
    let raw = RawResponse::new("p", 200, headers(), body());
    assert_debug_hides("raw response", &raw);
    let response =
        RawResponse::new("p", 200, headers(), body()).into_response(Pii::new(sentence()));
    assert_debug_hides("response", &response);
    let download = Download::new(
        Some(format!("application/pdf; name=\"{MARKER}.pdf\"")),
        body(),
    );
    assert_debug_hides("download", &download);
    let odd = Download::new(Some(sentence()), body());
    assert_debug_hides("download with an odd type", &odd);
    let plain = Download::new(Some("image/jpeg".into()), body());
    assert!(format!("{plain:?}").contains("image/jpeg"));
}

#[test]
fn a_request_spec_shows_no_query_value_header_value_or_body() {
    let json = RequestSpec::post("create")
        .segment("things")
        .id_segment(MARKER)
        .query("filter", MARKER)
        .header(
            HeaderName::from_static("x-custom"),
            HeaderValue::from_str(MARKER).unwrap(),
        )
        .json_body(body().bytes())
        .body_secret(SecretString::from(MARKER));
    assert_debug_hides("json spec", &json);
    let form = RequestSpec::put("token", RetryClass::Idempotent).form_body(vec![(
        "client_secret",
        txstatus_core::provider::FormValue::Secret(SecretString::from(MARKER)),
    )]);
    assert_debug_hides("form spec", &form);
}

#[test]
fn credentials_and_inbound_webhooks_show_no_secret_target_or_body() {
    let token = BearerToken::new("p", &SecretString::from(MARKER)).unwrap();
    assert_debug_hides("bearer", &token);
    assert_debug_hides("secret", &SecretString::from(MARKER));
    let headers = headers();
    let target = format!("/hook?token={MARKER}");
    let body = body();
    let inbound = Inbound {
        method: "POST",
        headers: &headers,
        peer: None,
        target: &target,
        body: body.as_bytes(),
        now: std::time::SystemTime::now(),
    };
    assert_debug_hides("inbound", &inbound);
}

txstatus_core::open_enum! {
    /// A state with one known value.
    enum Swept {
        /// Known.
        Known => "KNOWN",
    }
}

#[test]
fn an_unknown_enum_value_that_is_not_a_plain_token_is_withheld_in_debug() {
    let unknown = Swept::from_provider(&sentence());
    assert_debug_hides("unknown enum value", &unknown);
    let token = Swept::from_provider("REFUNDED");
    assert!(format!("{token:?}").contains("REFUNDED"));
    assert!(format!("{:?}", Swept::Known).contains("Known"));
}

#[test]
fn redacted_json_writes_an_unknown_enum_value_exactly_when_debug_shows_it() {
    let unknown = Swept::from_provider(&sentence());
    assert_eq!(
        txstatus_core::to_redacted_json(&unknown).unwrap(),
        serde_json::json!("[redacted]")
    );
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        serde_json::json!(sentence())
    );
    for token in ["REFUNDED", ""] {
        let value = Swept::from_provider(token);
        assert_eq!(
            txstatus_core::to_redacted_json(&value).unwrap(),
            serde_json::json!(token)
        );
    }
    assert_eq!(
        txstatus_core::to_redacted_json(&Swept::Known).unwrap(),
        serde_json::json!("KNOWN")
    );
}
