//! The ids a listing printed lately: Persona's pages may list an item again
//! (a cursor that is not strictly after the last item, an item moved up by an
//! update), and `list` and `events` print one record per item.

use std::collections::{HashSet, VecDeque};

/// How many of the latest ids are remembered: repeats come from adjacent pages,
/// so a window of many pages catches them with bounded memory however long the
/// listing runs.
const REMEMBERED: usize = 10_000;

/// The latest [`REMEMBERED`] ids printed.
#[derive(Default)]
pub struct PrintedIds {
    ids: HashSet<String>,
    order: VecDeque<String>,
}

impl PrintedIds {
    /// Whether `id` is printed for the first time (and remembers it). A blank
    /// id names nothing to compare: always printed.
    pub fn first_time(&mut self, id: &str) -> bool {
        if id.trim().is_empty() {
            return true;
        }
        if !self.ids.insert(id.to_owned()) {
            return false;
        }
        self.order.push_back(id.to_owned());
        while self.order.len() > REMEMBERED {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_printed_lately_is_not_printed_again_and_memory_stays_bounded() {
        let mut printed = PrintedIds::default();
        assert!(printed.first_time("txn_1"));
        assert!(!printed.first_time("txn_1"));
        assert!(printed.first_time("txn_2"));
        assert!(printed.first_time(""));
        assert!(printed.first_time(""));
        for n in 0..REMEMBERED + 10 {
            printed.first_time(&format!("x{n}"));
        }
        assert_eq!(printed.ids.len(), REMEMBERED);
        assert_eq!(printed.order.len(), REMEMBERED);
    }
}
