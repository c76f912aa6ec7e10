//! The `Debug` sweep: a planted marker, in every spelling a value can take on
//! its way into a type (as is, upper and lower case, percent-encoded, base64,
//! inside a URL's user info, query and fragment), must appear in none of
//! `{:?}`, `{:#?}`, `{}` and an error's source chain. Each crate's
//! `tests/debug_sweep.rs` builds its public types around it.

use std::fmt::{Debug, Display, Write as _};

use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};

/// The planted secret or personal value.
pub const MARKER: &str = "Sw33pMarker";

/// The spellings of `marker` a type might hold: as is, upper case, lower case,
/// percent-encoded (every byte), base64 and base64url.
pub fn spellings(marker: &str) -> Vec<String> {
    let mut encoded = String::new();
    for byte in marker.bytes() {
        let _ = write!(encoded, "%{byte:02X}");
    }
    vec![
        marker.to_owned(),
        marker.to_uppercase(),
        marker.to_lowercase(),
        encoded,
        STANDARD.encode(marker).trim_end_matches('=').to_owned(),
        URL_SAFE_NO_PAD.encode(marker),
    ]
}

/// A URL carrying `marker` in its user name, password, path-free query and
/// fragment: `https://u-M:M@host.example/base?token=M#M`.
pub fn planted_url(marker: &str) -> String {
    format!("https://u-{marker}:{marker}@host.example/base?token={marker}&k=v#{marker}")
}

/// The spelling of `MARKER` that `text` contains, if any.
pub fn marker_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    spellings(MARKER).into_iter().find(|spelling| {
        text.contains(spelling.as_str()) || lower.contains(&spelling.to_lowercase())
    })
}

/// Asserts that neither `{:?}` nor `{:#?}` of `value` shows [`MARKER`].
pub fn assert_debug_hides(label: &str, value: &dyn Debug) {
    for shown in [format!("{value:?}"), format!("{value:#?}")] {
        if let Some(spelling) = marker_in(&shown) {
            panic!("{label}: Debug shows the marker as {spelling:?}: {shown}");
        }
    }
}

/// Asserts that `{}` of `value` does not show [`MARKER`].
pub fn assert_display_hides(label: &str, value: &dyn Display) {
    let shown = value.to_string();
    if let Some(spelling) = marker_in(&shown) {
        panic!("{label}: Display shows the marker as {spelling:?}: {shown}");
    }
}

/// Asserts that the error's `{}`, `{:?}` and `{:#?}`, and those of every error
/// in its source chain, do not show [`MARKER`].
pub fn assert_error_hides(label: &str, error: &(dyn std::error::Error + 'static)) {
    let mut next = Some(error);
    let mut depth = 0;
    while let Some(current) = next {
        let label = format!("{label} (source {depth})");
        assert_display_hides(&label, &current);
        assert_debug_hides(&label, &current);
        next = current.source();
        depth += 1;
    }
}
