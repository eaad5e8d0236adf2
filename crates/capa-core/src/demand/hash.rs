//! A quick hasher for the accumulator's maps.
//!
//! The standard SipHash costs more than a fifth of the whole analysis when a
//! million duplicate keys go through it. These maps hold keys built from the
//! user's own report, so the fast mixing below (seeded at random per map, so
//! that a crafted file cannot aim at a known layout) is enough.

use std::hash::{BuildHasher, Hasher, RandomState};

/// Builds [`FoldHasher`]s with a random seed.
#[derive(Clone, Debug)]
pub(crate) struct Seeded {
    seed: u64,
}

impl Default for Seeded {
    fn default() -> Self {
        Self {
            seed: RandomState::new().hash_one(0x243F_6A88_85A3_08D3_u64),
        }
    }
}

impl BuildHasher for Seeded {
    type Hasher = FoldHasher;

    fn build_hasher(&self) -> FoldHasher {
        FoldHasher { state: self.seed }
    }
}

/// Folds each word in with a multiply, and mixes the result well at the end
/// (the finaliser of MurmurHash3), because the table picks buckets by the
/// low bits and tags by the high ones.
pub(crate) struct FoldHasher {
    state: u64,
}

impl FoldHasher {
    fn fold(&mut self, word: u64) {
        self.state = (self.state ^ word)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

impl Hasher for FoldHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.fold(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.fold(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.fold(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.fold(i);
    }

    fn finish(&self) -> u64 {
        let mut x = self.state;
        x ^= x >> 33;
        x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        x ^= x >> 33;
        x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        x ^ (x >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn neighbouring_keys_spread_over_buckets_and_tags() {
        let s = Seeded::default();
        // Keys that differ only in their low bits, as diagnosis numbers do.
        let low: HashSet<u64> = (0..4096u64)
            .map(|k| s.hash_one(k << 16 | 3) & 0xFFF)
            .collect();
        assert!(low.len() > 2400, "{} buckets of 4096", low.len());
        let tags: HashSet<u64> = (0..4096u64).map(|k| s.hash_one(k) >> 57).collect();
        assert_eq!(tags.len(), 128);
    }

    #[test]
    fn strings_of_any_length_differ() {
        let s = Seeded::default();
        let words = ["", "a", "ab", "abcdefgh", "abcdefghi", "ADHD", "adhd"];
        let hashes: HashSet<u64> = words.iter().map(|w| s.hash_one(w)).collect();
        assert_eq!(hashes.len(), words.len());
    }
}
