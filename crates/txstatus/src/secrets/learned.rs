//! Credentials the CLI sent without having been given them: CM Checkout's
//! access token, fetched with the client credentials and sent on every read.
//! A provider may echo it into a document field or a kept body, so every
//! client the CLI builds reports what it sends (the transport's
//! `on_credential_sent`) and the scrubber withholds those too.

use std::sync::{Arc, Mutex, PoisonError};

use super::{MIN_LEN, Needles, forms_of, known, signed_with_one_of};

/// Most credentials remembered: a token endpoint that issues a new token for
/// every read cannot grow this without bound (the oldest is dropped; what is
/// written is checked against the newest, the ones reads are sending).
const MAX_LEARNED: usize = 64;

/// The credentials learned, and their forms.
struct Learned {
    secrets: Vec<String>,
    needles: Option<Arc<Needles>>,
}

static LEARNED: Mutex<Learned> = Mutex::new(Learned {
    secrets: Vec::new(),
    needles: None,
});

/// Remembers `credential` (a header's token, as the transport sends it) unless
/// it is one of the configured secrets already searched for, or a token signed
/// with one (ID Scan's per-request JWT, found by its signature).
pub fn learn(credential: &str) {
    let credential = credential.trim();
    if credential.chars().count() < MIN_LEN {
        return;
    }
    let configured = known();
    if configured.cores.iter().any(|core| core == credential)
        || signed_with_one_of(credential, &configured.cores)
    {
        return;
    }
    let mut learned = LEARNED.lock().unwrap_or_else(PoisonError::into_inner);
    if learned.secrets.iter().any(|secret| secret == credential) {
        return;
    }
    if learned.secrets.len() >= MAX_LEARNED {
        learned.secrets.remove(0);
    }
    learned.secrets.push(credential.to_owned());
    let cores = learned.secrets.clone();
    learned.needles = Some(Arc::new(
        Needles::new(forms_of(Vec::new(), cores.clone())).with_cores(cores),
    ));
}

/// The forms of every credential learned so far; `None` before the first.
pub(super) fn needles() -> Option<Arc<Needles>> {
    LEARNED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .needles
        .clone()
}
