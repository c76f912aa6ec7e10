//! Finds the provider's own error message in an error body.

use serde::Deserialize;

/// Longest message kept, in characters.
const MAX_MESSAGE: usize = 300;

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Option<Vec<ErrorItem>>,
    #[serde(default)]
    message: Option<serde_json::Value>,
    #[serde(default)]
    error_description: Option<String>,
    #[serde(default)]
    error: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
}

#[derive(Deserialize)]
struct ErrorItem {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    details: Option<serde_json::Value>,
}

/// The message of a JSON error body in the common shapes (`errors[].title`,
/// `message`, `error_description`, `error`), trimmed and without control characters.
pub(crate) fn provider_message(body: &[u8]) -> Option<String> {
    let parsed: ErrorBody = serde_json::from_slice(body).ok()?;
    let from_errors = parsed.errors.and_then(|items| {
        items.into_iter().next().and_then(|item| {
            let detail = item
                .detail
                .or_else(|| item.details.and_then(|d| d.as_str().map(str::to_owned)));
            match (item.title, detail) {
                (Some(title), Some(detail)) => Some(format!("{title}: {detail}")),
                (Some(title), None) => Some(title),
                (None, detail) => detail,
            }
        })
    });
    let text = from_errors
        .or_else(|| parsed.message.and_then(|m| m.as_str().map(str::to_owned)))
        .or(parsed.error_description)
        .or_else(|| {
            parsed.error.and_then(|e| match e {
                serde_json::Value::String(s) => Some(s),
                serde_json::Value::Object(map) => map
                    .get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_owned),
                _ => None,
            })
        })
        .or(parsed.title)?;
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_MESSAGE)
        .collect();
    let clean = clean.trim().to_owned();
    (!clean.is_empty()).then_some(clean)
}

#[cfg(test)]
mod tests {
    use super::provider_message;

    #[test]
    fn reads_the_common_error_shapes() {
        assert_eq!(
            provider_message(br#"{"errors":[{"title":"Record not found"}]}"#).as_deref(),
            Some("Record not found")
        );
        assert_eq!(
            provider_message(br#"{"message":"Unauthorized"}"#).as_deref(),
            Some("Unauthorized")
        );
        assert_eq!(
            provider_message(br#"{"error":"invalid_client"}"#).as_deref(),
            Some("invalid_client")
        );
        assert_eq!(provider_message(b"<html>502</html>"), None);
    }
}
