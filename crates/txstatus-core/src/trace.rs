//! What traces may say about a request: OpenTelemetry's HTTP-client attributes,
//! without ids, queries or full URLs (`url.full` is left out for privacy).

use crate::{
    error::{Error, ErrorKind},
    request::{RequestSpec, Segment},
};

/// The path of a request with every caller-supplied id written `{id}`: the
/// base URL's path (configuration) and the API's fixed words, never an id.
pub(crate) fn url_template(base_path: &str, spec: &RequestSpec) -> String {
    let mut template = base_path.trim_end_matches('/').to_owned();
    for segment in &spec.segments {
        template.push('/');
        match segment {
            Segment::Fixed(fixed) => template.push_str(fixed),
            Segment::Id(_) => template.push_str("{id}"),
        }
    }
    if template.is_empty() {
        template.push('/');
    }
    template
}

/// `error.type` of a failed attempt: a fixed word, never a message.
pub(crate) fn error_type(error: &Error) -> &'static str {
    match error.kind() {
        ErrorKind::Transport(t) if t.timeout => "timeout",
        ErrorKind::Transport(t) if t.connect => "connect",
        ErrorKind::Transport(t) if t.status.is_some() => "body_incomplete",
        ErrorKind::Transport(_) => "transport",
        ErrorKind::BodyTooLarge { .. } => "body_too_large",
        _ => "_OTHER",
    }
}

#[cfg(test)]
mod tests {
    use super::url_template;
    use crate::provider::RequestSpec;

    #[test]
    fn ids_become_placeholders_and_the_base_path_is_kept() {
        let spec = RequestSpec::get("get")
            .segment("transactions")
            .id_segment("txn_SECRET_ID")
            .query("q", "jan@example.com");
        assert_eq!(url_template("/api/v1/", &spec), "/api/v1/transactions/{id}");
        assert_eq!(url_template("/", &RequestSpec::get("root")), "/");
    }
}
