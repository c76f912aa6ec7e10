//! Renders the fixtures of the calls beyond the transaction status, chosen by
//! the case's prefix.

use std::fmt::Write as _;

use onespan_tx::{
    DetailedVerificationReport, ErasureAction, ErasureResponse, GracePeriod, Notification,
    PROVIDER, TransactionVerification, VerificationImages,
};
use serde::{Serialize, de::DeserializeOwned};
use txstatus_core::RawBody;

/// `Some(rendering)` for `verification-`, `report-`, `images-`, `notification-`
/// and `erasure-` cases; `None` for the others.
pub fn render(case: &str, bytes: &[u8]) -> Option<String> {
    let prefix = case.split('-').next()?;
    Some(match prefix {
        "verification" => render_as::<TransactionVerification>(bytes, |_| String::new()),
        "report" => render_as::<DetailedVerificationReport>(bytes, |r| {
            let stages: Vec<_> = r
                .stages
                .iter()
                .flatten()
                .map(|s| s.result.as_ref().map(|r| r.as_str().to_owned()))
                .collect();
            format!(
                "result: {:?} passed={} stages: {stages:?}\n",
                r.result,
                r.passed()
            )
        }),
        "images" => render_as::<VerificationImages>(bytes, |i| {
            let names: Vec<_> = i.references().map(|(name, _)| name).collect();
            format!("references: {names:?}\n")
        }),
        "notification" => {
            let n = Notification::parse(bytes).unwrap_or_else(|e| panic!("{e}"));
            let head = format!(
                "scenario: {:?}\ntimestamp: {:?}\n",
                n.scenario(),
                n.timestamp().and_then(|t| t.to_rfc3339())
            );
            render_value(&n, head)
        }
        "erasure" => render_as::<ErasureResponse>(bytes, |r| {
            // The fixture's name says which call it answers.
            let action = if case.starts_with("erasure-unmark") {
                ErasureAction::Unmark
            } else {
                ErasureAction::Mark(GracePeriod::days(1))
            };
            let accepted: Vec<_> = r
                .transactions
                .iter()
                .flatten()
                .map(|e| (e.transaction_id.clone(), e.is_accepted_for(action)))
                .collect();
            format!("accepted: {accepted:#?}\n")
        }),
        _ => return None,
    })
}

fn render_as<T: DeserializeOwned + Serialize>(bytes: &[u8], head: impl Fn(&T) -> String) -> String {
    let value: T =
        txstatus_core::provider::decode_json_bytes(PROVIDER, 200, &RawBody::new(bytes.to_vec()))
            .unwrap_or_else(|e| panic!("fixture does not decode: {e}"));
    let head = head(&value);
    render_value(&value, head)
}

fn render_value<T: Serialize>(value: &T, head: String) -> String {
    let mut out = head;
    let redacted = txstatus_core::to_redacted_json(value).unwrap();
    writeln!(
        out,
        "\n--- redacted json\n{}",
        serde_json::to_string_pretty(&redacted).unwrap()
    )
    .unwrap();
    out
}
