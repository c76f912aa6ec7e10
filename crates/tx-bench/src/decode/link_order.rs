//! Link orders that move whole object files (codegen units), each keeping its
//! functions in the order the compiler gave them.
//!
//! Why: lld's `--shuffle-sections` moves single functions, which also breaks up the
//! locality a normal build keeps (the functions of one codegen unit side by side):
//! in the follow-up of the full run of 3d02c42 (2026-12-07), the unshuffled build had
//! the lowest or second-lowest typed/`Value` median in 9 of 14 rows. Moving whole
//! units changes where each unit lands (its address, and so the alignment and cache
//! sets of every function in it) and keeps what a normal build keeps.

use std::collections::HashMap;

/// The functions of a link, grouped by the object file they came from, in link order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectGroups {
    groups: Vec<Vec<String>>,
}

impl ObjectGroups {
    /// Reads lld's `-Map` output: every input section named `.text.<symbol>` (one
    /// function each, as rustc and `-ffunction-sections` emit them), grouped by its
    /// object file in the order of first appearance. Sections without a symbol in
    /// their name (a C object's plain `.text`) are left out: the linker keeps them
    /// where they were, after the ordered ones.
    pub fn from_lld_map(map: &str) -> Self {
        let mut groups: Vec<Vec<String>> = Vec::new();
        let mut objects: HashMap<&str, usize> = HashMap::new();
        for (object, symbol) in map.lines().filter_map(text_section) {
            let index = *objects.entry(object).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len().saturating_sub(1)
            });
            if let Some(group) = groups.get_mut(index) {
                group.push(symbol.to_owned());
            }
        }
        Self { groups }
    }

    /// How many object files have functions.
    pub fn objects(&self) -> usize {
        self.groups.len()
    }

    /// A `--symbol-ordering-file` that lays the objects out in the order `seed`
    /// gives, each object's functions together and in their own order.
    pub fn ordering_file(&self, seed: u64) -> String {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        shuffle(&mut order, seed);
        let mut text = String::new();
        for group in order.iter().filter_map(|&index| self.groups.get(index)) {
            for symbol in group {
                text.push_str(symbol);
                text.push('\n');
            }
        }
        text
    }
}

/// The object file and the function symbol of a map line naming an input section
/// `.text.<symbol>`, such as
/// `  2b6010  2b6010  a9  16          /t/deps/x.o:(.text._ZN3foo3barE)`; `None` for
/// every other line.
fn text_section(line: &str) -> Option<(&str, &str)> {
    let (left, section) = line.trim_end().strip_suffix(')')?.rsplit_once(":(")?;
    let name = section.strip_prefix(".text.")?;
    // Cold, hot and start-up functions carry a prefix before their symbol.
    let symbol = ["unlikely.", "hot.", "startup.", "exit.", "split."]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix).filter(|rest| !rest.is_empty()))
        .unwrap_or(name);
    // VMA, LMA, size and alignment come before the object's path.
    let mut object = left.trim_start();
    for _ in 0..4 {
        let (_, rest) = object.split_once(char::is_whitespace)?;
        object = rest.trim_start();
    }
    (!object.is_empty() && !symbol.is_empty()).then_some((object, symbol))
}

/// Fisher-Yates with splitmix64: the same seed gives the same order on every machine.
fn shuffle(items: &mut [usize], seed: u64) {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for last in (1..items.len()).rev() {
        let bound = u64::try_from(last).unwrap_or(u64::MAX).saturating_add(1);
        let pick = usize::try_from(next() % bound).unwrap_or(0);
        items.swap(last, pick);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = "\
             VMA              LMA     Size Align Out     In      Symbol
          2b5f00           2b5f00   712a27    64 .text
          2b5f00           2b5f00       22    16         /usr/lib/Scrt1.o:(.text)
          2b5f00           2b5f00       22     1                 _start
          2b5ff0           2b5ff0       14    16         /t/deps/a.cgu.00.rcgu.o:(.text._RNva1)
          2b5ff0           2b5ff0       14     1                 a::one
          2b6010           2b6010       a9    16         /t/deps/a.cgu.00.rcgu.o:(.text.unlikely._ZN2a3twoE)
          2b6010           2b6010       a9     1                 a::two
          2b60c0           2b60c0       f5    16         /t/deps/libb.rlib(b.cgu.01.rcgu.o):(.text._ZN1b3oneE)
          2b61c0           2b61c0       c3    16         /t/deps/a.cgu.00.rcgu.o:(.text._ZN1a5threeE)
          2b6290           2b6290       dd    16         /t/deps/libc.rlib(c.o):(.text.hot)
          9c8928           9c8928       17     4 .init
          9c8928           9c8928       17     4         /usr/lib/crti.o:(.init)
";

    #[test]
    fn functions_are_grouped_by_object_in_link_order() {
        let groups = ObjectGroups::from_lld_map(MAP);
        assert_eq!(
            groups.groups,
            vec![
                vec![
                    "_RNva1".to_owned(),
                    "_ZN2a3twoE".into(),
                    "_ZN1a5threeE".into()
                ],
                vec!["_ZN1b3oneE".into()],
                vec!["hot".into()],
            ],
            "plain `.text` and other output sections are left out; a bare `.text.hot` is a symbol"
        );
        assert_eq!(groups.objects(), 3);
    }

    #[test]
    fn an_ordering_keeps_each_object_s_functions_together_and_in_order() {
        let groups = ObjectGroups {
            groups: (0..20)
                .map(|object| (0..5).map(|f| format!("o{object}f{f}")).collect())
                .collect(),
        };
        let text = groups.ordering_file(7);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 100);
        for chunk in lines.chunks(5) {
            let object = chunk[0].split('f').next().unwrap();
            let expected: Vec<String> = (0..5).map(|f| format!("{object}f{f}")).collect();
            assert_eq!(chunk, expected.as_slice());
        }
        let objects: Vec<&str> = lines
            .chunks(5)
            .map(|c| c[0].split('f').next().unwrap())
            .collect();
        assert_ne!(
            objects,
            (0..20).map(|o| format!("o{o}")).collect::<Vec<_>>(),
            "seed 7 moves the objects"
        );
    }

    #[test]
    fn a_seed_gives_the_same_order_every_time_and_seeds_differ() {
        let groups = ObjectGroups {
            groups: (0..50).map(|o| vec![format!("s{o}")]).collect(),
        };
        assert_eq!(groups.ordering_file(3), groups.ordering_file(3));
        assert_ne!(groups.ordering_file(3), groups.ordering_file(4));
        let mut sorted: Vec<&str> = groups.ordering_file(3).leak().lines().collect();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 50, "every symbol once");
    }

    #[test]
    fn a_map_without_function_sections_has_no_groups() {
        assert_eq!(ObjectGroups::from_lld_map("garbage\n").objects(), 0);
        assert_eq!(ObjectGroups::default().ordering_file(1), "");
    }
}
