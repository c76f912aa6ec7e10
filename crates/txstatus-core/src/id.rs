//! Transaction id validation: an id becomes exactly one path segment or is refused.

/// Longest id accepted, in bytes.
pub const MAX_ID_LEN: usize = 256;

/// Why an id was refused.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("the id is empty")
    } else if id == "." || id == ".." {
        Some("the id is `.` or `..`")
    } else if id.len() > MAX_ID_LEN {
        Some("the id is longer than 256 bytes")
    } else if id.chars().any(char::is_control) {
        Some("the id contains a control character")
    } else {
        None
    }
}

/// Checks an id before any request: non-empty, not `.` or `..`, no control
/// characters, at most 256 bytes. Everything else is percent-encoded as one segment.
pub fn validate_id(provider: &'static str, id: &str) -> crate::Result<()> {
    match id_problem(id) {
        Some(problem) => Err(crate::Error::invalid_input(provider, problem)),
        None => Ok(()),
    }
}
