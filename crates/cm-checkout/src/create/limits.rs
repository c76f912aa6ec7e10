//! Bounds checked before a create is sent. CM's Checkout pages do not state
//! them all; where they are silent these are the conservative choices, so a
//! request this crate accepts is one CM should accept too.

/// Smallest amount in minor units (CM refuses zero-amount Checkouts).
pub const MIN_AMOUNT: u64 = 1;
/// Largest amount in minor units: 999 999.99 in a two-decimal currency.
pub const MAX_AMOUNT: u64 = 99_999_999;
/// Longest `reference` and `merchantOrderReference`, in characters.
pub const MAX_REFERENCE_LEN: usize = 64;
/// Longest `description` (and order item name / description), in characters.
pub const MAX_DESCRIPTION_LEN: usize = 255;
/// Longest URL (return URLs and webhook URLs), in bytes.
pub const MAX_URL_LEN: usize = 2048;
/// Most webhook retries CM is asked for (its example uses 10).
pub const MAX_MAX_RETRIES: u32 = 10;
