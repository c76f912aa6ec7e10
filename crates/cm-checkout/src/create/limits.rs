//! Bounds checked before a create is sent: CM's documented constraints of the
//! Checkout transaction (`reference` String(1...255), `merchantOrderReference`
//! String(1...35), `description` String(1...255), `amount` Int(1...99999999),
//! `returnUrl` String(2000), `maxRetries` Int(0...255)). Where the pages are
//! silent (order item texts and numbers, webhook URLs) these are the
//! conservative choices: every order line's total (`unitPrice` × `quantity`),
//! the sum of the lines and the sum of their VAT stay within `amount`'s range,
//! so a request this crate accepts is one CM should accept too.

/// Smallest amount in minor units (CM refuses zero-amount Checkouts).
pub const MIN_AMOUNT: u64 = 1;
/// Largest amount in minor units: 999 999.99 in a two-decimal currency.
pub const MAX_AMOUNT: u64 = 99_999_999;
/// Longest `reference`, in characters (documented as String(1...255)).
pub const MAX_REFERENCE_LEN: usize = 255;
/// Longest `merchantOrderReference`, in characters (documented as
/// String(1...35): it ends up on the customer's bank statement).
pub const MAX_MERCHANT_ORDER_REFERENCE_LEN: usize = 35;
/// Longest `description` (and order item code / name / description), in characters.
pub const MAX_DESCRIPTION_LEN: usize = 255;
/// Longest return URL (`returnUrl`, each of `returnUrls`), in bytes (documented
/// as String(2000)).
pub const MAX_RETURN_URL_LEN: usize = 2000;
/// Longest webhook URL, in bytes.
pub const MAX_URL_LEN: usize = 2048;
/// Most units on one order line (`orderItems[].quantity`). CM's pages are
/// silent: a count past the largest amount is no real order, and past 2^31 a
/// 32-bit reader on the other side wraps it into another count.
pub const MAX_QUANTITY: u64 = MAX_AMOUNT;
/// Highest VAT rate in percent (`orderItems[].vatRate`): no rate is above 100.
pub const MAX_VAT_RATE: u32 = 100;
/// Most payment attempts the customer may be allowed (`maxRetries`, documented
/// as Int(0...255)).
pub const MAX_MAX_RETRIES: u32 = 255;
