//! A diary table's states in one replication, with one bit per vacant entry,
//! so that finding the next vacant offer skips 64 entries at a time past the
//! booked ones and the sessions held back.

use super::super::diary::State;

/// States and vacancy bits of one table. The bit is what makes an entry
/// vacant: a publication sets the bits of its entries and leaves their
/// states as they were (unpublished), which nothing else reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entries {
    states: Vec<State>,
    vacant: Vec<u64>,
}

impl Entries {
    /// The vacancy bits of entries in the given states.
    pub fn bits(states: &[State]) -> Vec<u64> {
        let mut bits = vec![0; states.len().div_ceil(64)];
        for (i, s) in states.iter().enumerate() {
            if *s == State::Vacant {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    }

    /// Entries in the given states, with their bits from [`Entries::bits`]
    /// (reusing this one's memory).
    pub fn reset(&mut self, initial: &[State], bits: &[u64]) {
        self.states.clear();
        self.states.extend_from_slice(initial);
        self.vacant.clear();
        self.vacant.extend_from_slice(bits);
    }

    /// Publishes entries: `(word, mask)` pairs of vacancy bits to set.
    pub fn publish(&mut self, words: &[(u32, u64)]) {
        for &(w, mask) in words {
            self.vacant[w as usize] |= mask;
        }
    }

    /// The state of entry `i`.
    pub fn get(&self, i: usize) -> State {
        self.states[i]
    }

    /// Puts entry `i` in a state.
    pub fn set(&mut self, i: usize, state: State) {
        let bit = 1u64 << (i % 64);
        if state == State::Vacant {
            self.vacant[i / 64] |= bit;
        } else {
            self.vacant[i / 64] &= !bit;
        }
        self.states[i] = state;
    }

    /// The first vacant entry in `from..end`.
    pub fn next_vacant(&self, from: usize, end: usize) -> Option<usize> {
        if from >= end {
            return None;
        }
        let mut w = from / 64;
        let mut word = self.vacant.get(w)? & (!0u64 << (from % 64));
        loop {
            if word != 0 {
                let i = w * 64 + word.trailing_zeros() as usize;
                return (i < end).then_some(i);
            }
            w += 1;
            if w * 64 >= end {
                return None;
            }
            word = *self.vacant.get(w)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_vacant_skips_the_rest() {
        let mut states = vec![State::Booked; 200];
        for i in [3, 64, 65, 130, 199] {
            states[i] = State::Vacant;
        }
        let mut e = Entries::default();
        e.reset(&states, &Entries::bits(&states));
        assert_eq!(e.next_vacant(0, 200), Some(3));
        assert_eq!(e.next_vacant(4, 200), Some(64));
        assert_eq!(e.next_vacant(66, 200), Some(130));
        assert_eq!(e.next_vacant(66, 130), None);
        assert_eq!(e.next_vacant(131, 200), Some(199));
        e.set(199, State::Booked);
        assert_eq!(e.next_vacant(131, 200), None);
        e.set(150, State::Vacant);
        assert_eq!(e.next_vacant(131, 200), Some(150));
        assert_eq!(e.get(150), State::Vacant);
        assert_eq!(e.next_vacant(500, 600), None);
        assert_eq!(Entries::default().next_vacant(0, 10), None);
        e.publish(&[(2, 1 << 20)]);
        assert_eq!(e.next_vacant(131, 200), Some(148));
    }
}
