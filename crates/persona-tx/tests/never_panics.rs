//! Property test: any bytes fed to the decoders return a value or an error, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use persona_tx::Transaction;

/// Deterministic generator: the test needs spread, not secrecy.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }

    /// Random JSON biased towards Persona's keys and field types.
    fn value(&mut self, depth: u32) -> String {
        const KEYS: &[&str] = &[
            "data",
            "type",
            "id",
            "attributes",
            "status",
            "fields",
            "value",
            "included",
            "relationships",
            "created-at",
            "updated-at",
            "tags",
            "checks",
            "photo-urls",
            "reference-id",
            "name",
            "x",
            "",
        ];
        const TYPES: &[&str] = &[
            "\"transaction\"",
            "\"account\"",
            "\"verification/government-id\"",
            "\"string\"",
            "\"integer\"",
            "\"number\"",
            "\"boolean\"",
            "\"date\"",
            "\"datetime\"",
            "\"file\"",
            "\"choices\"",
            "\"multi-choices\"",
            "\"hash\"",
            "\"json\"",
            "\"array\"",
            "\"email-address\"",
            "\"unknown\"",
        ];
        let choice = if depth > 4 {
            self.next() % 5
        } else {
            self.next() % 8
        };
        match choice {
            0 => "null".to_owned(),
            1 => self.pick(&["true", "false"]).to_owned(),
            2 => self
                .pick(&["0", "-1", "3.5", "1e400", "18446744073709551616", "\"42\""])
                .to_owned(),
            3 => self.pick(TYPES).to_owned(),
            4 => self
                .pick(&[
                    "\"2025-01-02T03:04:05Z\"",
                    "\"yesterday\"",
                    "\"\"",
                    "\"\\u0000\"",
                ])
                .to_owned(),
            5 | 6 => {
                let n = self.next() % 5;
                let members: Vec<String> = (0..n)
                    .map(|_| format!("\"{}\":{}", self.pick(KEYS), self.value(depth + 1)))
                    .collect();
                format!("{{{}}}", members.join(","))
            }
            _ => {
                let n = self.next() % 4;
                let items: Vec<String> = (0..n).map(|_| self.value(depth + 1)).collect();
                format!("[{}]", items.join(","))
            }
        }
    }
}

#[test]
fn arbitrary_json_never_panics_the_decoder() {
    let mut generator = Gen(7);
    for _ in 0..20_000 {
        let doc = format!(
            "{{\"data\":{},\"included\":{}}}",
            generator.value(1),
            generator.value(1)
        );
        let _ = serde_json::from_str::<Transaction>(&doc);
        let other = generator.value(0);
        let _ = serde_json::from_str::<Transaction>(&other);
    }
}

#[test]
fn every_truncation_and_byte_flip_of_the_fixtures_never_panics() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut generator = Gen(11);
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let step = (bytes.len() / 400).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = serde_json::from_slice::<Transaction>(&bytes[..cut]);
        }
        for _ in 0..200 {
            let mut mutated = bytes.clone();
            if mutated.is_empty() {
                break;
            }
            let at = (generator.next() as usize) % mutated.len();
            const NOISE: &[u8] = b"{}[]\":,0an\\";
            mutated[at] = NOISE[(generator.next() as usize) % NOISE.len()];
            let _ = serde_json::from_slice::<Transaction>(&mutated);
        }
    }
}
