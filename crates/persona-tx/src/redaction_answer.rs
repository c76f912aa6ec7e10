//! What a 2xx answer to a redaction still holds.

use serde_json::Value;

/// Whether a redaction's answer still holds a personal value, read from its
/// bytes, so that what the model keeps raw counts as well as what it reads:
/// any value that is not `null`, empty or blank in the transaction's attributes
/// (its fields, tags, reference id, signals, attributes this crate does not
/// know) or in an included object's, except `status`, the times (`*-at`) and
/// a field's `type`. An answer that does not read as JSON holds one (it
/// decoded as a transaction, so only nesting past the reader's limit can do
/// that): a redaction is reported done only when the answer shows it.
pub(crate) fn holds_personal_values(raw: &[u8]) -> bool {
    let Ok(document) = txstatus_core::provider::from_json_slice::<Value>(raw) else {
        return true;
    };
    let resource_holds = |resource: &Value| {
        !resource.is_object() || resource.get("attributes").is_some_and(attributes_hold)
    };
    document.get("data").is_some_and(resource_holds)
        || document
            .get("included")
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(resource_holds))
}

/// Whether attributes hold a personal value (see [`holds_personal_values`]).
fn attributes_hold(attributes: &Value) -> bool {
    match attributes.as_object() {
        Some(members) => members
            .iter()
            .any(|(name, value)| name != "status" && !name.ends_with("-at") && holds_value(value)),
        None => holds_value(attributes),
    }
}

/// Whether a value is anything but `null`, blank text or containers of those
/// (a member named `type`, a field's type, is no value).
fn holds_value(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.trim().is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
        Value::Array(items) => items.iter().any(holds_value),
        Value::Object(members) => members
            .iter()
            .any(|(key, member)| key != "type" && holds_value(member)),
    }
}
