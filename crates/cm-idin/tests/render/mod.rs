//! Renders a fixture the way the client sees it, for the generated snapshot tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::{fmt::Write as _, sync::Arc};

use cm_idin::{
    Client, ClientOptions, CreatedTransaction, DirectoryCountry, PROVIDER, StatusResponse,
};
use serde::Serialize;
use txstatus_core::{Error, ManualClock, RawBody, provider::decode_json_bytes, to_redacted_json};

/// Decodes `bytes` as the client would for `case` and renders the result:
/// `status-*` as a status body, `directory*` as the directory, `transaction-*` as a
/// created transaction, `error-<code>-*` as the error a status call returns when the
/// server answers `<code>` with these bytes.
pub fn snapshot(case: &str, bytes: &[u8]) -> String {
    let body = RawBody::new(bytes.to_vec());
    let mut out = String::new();
    writeln!(out, "case: {case}").unwrap();
    if let Some(rest) = case.strip_prefix("error-") {
        let code: u16 = rest.split('-').next().unwrap().parse().unwrap();
        let error = status_error(code, bytes);
        render_error(&mut out, &error, bytes);
    } else if case.starts_with("status-") {
        match decode_json_bytes::<StatusResponse>(PROVIDER, 200, &body) {
            Ok(value) => {
                render_value(&mut out, &value);
                writeln!(out, "--- outcome").unwrap();
                // The variant only: the identity inside is in the redacted JSON.
                let outcome = format!("{:?}", value.outcome());
                writeln!(out, "{}", outcome.split('(').next().unwrap_or_default()).unwrap();
                writeln!(
                    out,
                    "--- normalized\n{} (raw {:?})",
                    value.status(),
                    value.raw_status()
                )
                .unwrap();
            }
            Err(error) => render_error(&mut out, &error, bytes),
        }
    } else if case.starts_with("directory") {
        match decode_json_bytes::<Vec<DirectoryCountry>>(PROVIDER, 200, &body) {
            Ok(value) => render_value(&mut out, &value),
            Err(error) => render_error(&mut out, &error, bytes),
        }
    } else if case.starts_with("transaction-") {
        match decode_json_bytes::<CreatedTransaction>(PROVIDER, 200, &body) {
            Ok(value) => render_value(&mut out, &value),
            Err(error) => render_error(&mut out, &error, bytes),
        }
    } else {
        panic!("no decoder for fixture case {case}");
    }
    out
}

fn render_value<T: Serialize>(out: &mut String, value: &T) {
    let redacted = to_redacted_json(value).unwrap();
    writeln!(
        out,
        "--- redacted json\n{}",
        serde_json::to_string_pretty(&redacted).unwrap()
    )
    .unwrap();
    // The fixtures' made-up personal values, to show how each decoded.
    let exposed = serde_json::to_value(value).unwrap();
    if exposed != redacted {
        writeln!(
            out,
            "--- json, personal values shown\n{}",
            serde_json::to_string_pretty(&exposed).unwrap()
        )
        .unwrap();
    }
}

fn render_error(out: &mut String, error: &Error, bytes: &[u8]) {
    writeln!(out, "--- error\n{error}").unwrap();
    writeln!(out, "status: {:?}", error.status()).unwrap();
    writeln!(out, "json path: {:?}", error.json_path()).unwrap();
    writeln!(out, "retryable: {}", error.is_retryable()).unwrap();
    let kept = error.body().map(RawBody::as_bytes);
    writeln!(out, "body kept whole: {}", kept == Some(bytes)).unwrap();
}

/// The error `Client::status` returns when the server answers `code` with `bytes`.
fn status_error(code: u16, bytes: &[u8]) -> Error {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut server = mockito::Server::new_async().await;
        let content_type = if bytes.starts_with(b"<") {
            "text/html"
        } else {
            "application/json"
        };
        let _mock = server
            .mock("POST", "/status")
            .with_status(usize::from(code))
            .with_header("content-type", content_type)
            .with_body(bytes)
            .create_async()
            .await;
        let client = Client::builder("3c01abeb-b031-4fea-9f2d-c55c283cd78e")
            .base_url(server.url())
            .configure_transport(|t| t.clock(Arc::new(ManualClock::new())).no_proxy())
            .build()
            .unwrap();
        client
            .status("3645651845961623", "merchant-reference")
            .await
            .unwrap_err()
    })
}
