//! How much a decode may keep per byte of body. A typed item can be hundreds of
//! bytes where its JSON is three (`{},` or `null,`): a 4 MiB body of empty items
//! would decode to gigabytes. Every decode of a provider's body
//! ([`from_json_slice`](crate::provider::from_json_slice)) gets a budget in
//! proportion to the body, and each array item a model keeps is charged its
//! size; past the budget the decode fails (a decode error that keeps the body).

use std::cell::Cell;

use serde::de;

/// Bytes of kept array items a decode may build per byte of body (a
/// `serde_json::Value` of `[0,0,...]` keeps 16 per byte).
pub const ITEM_BYTES_PER_BODY_BYTE: usize = 8;

/// The budget of a body smaller than 64 KiB: 1 MiB.
pub const MIN_ITEM_BYTES: usize = 1 << 20;

thread_local! {
    /// What the decode running on this thread may still keep; `None` outside one.
    static LEFT: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `decode` with the budget of a body of `body_len` bytes; the budget
/// before is restored afterwards (decodes can nest).
pub(crate) fn with_budget<R>(body_len: usize, decode: impl FnOnce() -> R) -> R {
    let budget = body_len
        .saturating_mul(ITEM_BYTES_PER_BODY_BYTE)
        .max(MIN_ITEM_BYTES);
    let _restore = Restore(replace(Some(budget)));
    decode()
}

/// Sets the running decode's budget and returns the one before (not generic:
/// compiled once, not once per model).
#[inline(never)]
fn replace(budget: Option<usize>) -> Option<usize> {
    LEFT.with(|left| left.replace(budget))
}

/// Puts the budget of the enclosing decode back, also when a decode unwinds.
struct Restore(Option<usize>);

impl Drop for Restore {
    fn drop(&mut self) {
        replace(self.0);
    }
}

/// Charges one kept item of type `T` to the running decode's budget: an error
/// once it is spent. Outside a budgeted decode (a model decoded by the
/// application with `serde_json` directly) nothing is charged. Only the size is
/// generic: the budget itself is kept by one function, compiled once.
#[inline]
pub fn charge<T, E: de::Error>() -> Result<(), E> {
    if take(std::mem::size_of::<T>()) {
        Ok(())
    } else {
        Err(refused())
    }
}

/// Takes `size` bytes from the running decode's budget; `false` when they are
/// not left (the budget is then unchanged). Always `true` outside a decode.
#[inline(never)]
fn take(size: usize) -> bool {
    LEFT.with(|left| match left.get() {
        None => true,
        Some(available) => match available.checked_sub(size) {
            Some(rest) => {
                left.set(Some(rest));
                true
            }
            None => false,
        },
    })
}

#[cold]
fn refused<E: de::Error>() -> E {
    E::custom(format_args!(
        "the arrays of this body decode to more than {ITEM_BYTES_PER_BODY_BYTE} times its \
         size (or {MIN_ITEM_BYTES} bytes): refused"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charge_one<T>() -> Result<(), serde_json::Error> {
        charge::<T, serde_json::Error>()
    }

    #[test]
    fn outside_a_decode_nothing_is_charged() {
        for _ in 0..10_000 {
            charge_one::<[u8; 1024]>().unwrap();
        }
    }

    #[test]
    fn a_decode_may_keep_its_budget_and_not_a_byte_more() {
        with_budget(0, || {
            for _ in 0..MIN_ITEM_BYTES / 1024 {
                charge_one::<[u8; 1024]>().unwrap();
            }
            let error = charge_one::<u8>().unwrap_err();
            assert!(error.to_string().contains("refused"), "{error}");
        });
        with_budget(1 << 20, || {
            for _ in 0..ITEM_BYTES_PER_BODY_BYTE {
                charge_one::<[u8; 1 << 20]>().unwrap();
            }
            charge_one::<u8>().unwrap_err();
        });
    }

    #[test]
    fn a_nested_decode_restores_the_outer_budget() {
        with_budget(0, || {
            charge_one::<[u8; 1000]>().unwrap();
            with_budget(0, || charge_one::<[u8; MIN_ITEM_BYTES]>().unwrap());
            charge_one::<[u8; 1000]>().unwrap();
            assert!(charge_one::<[u8; MIN_ITEM_BYTES]>().is_err());
        });
        charge_one::<[u8; MIN_ITEM_BYTES]>().unwrap();
    }
}
