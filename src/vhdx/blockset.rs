//! A set of payload blocks, one bit each: a 1 TiB disk with 1 MiB blocks is 128 KiB, so the
//! compaction planner's memory follows the virtual size by a bit per MiB, not by the data.

/// Payload blocks `0..len`, each in the set or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockSet {
    words: Vec<u64>,
    len: u64,
}

impl BlockSet {
    /// An empty set of `len` blocks.
    pub fn new(len: u64) -> Self {
        BlockSet { words: vec![0; usize::try_from(len.div_ceil(64)).unwrap_or(0)], len }
    }

    /// How many blocks the set can hold.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// True when the set covers no block.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether block `b` is in the set (false past the end).
    pub fn contains(&self, b: u64) -> bool {
        self.words.get((b / 64) as usize).is_some_and(|w| w & (1 << (b % 64)) != 0)
    }

    /// Adds block `b` (ignored past the end).
    pub fn insert(&mut self, b: u64) {
        if let Some(w) = self.words.get_mut((b / 64) as usize)
            && b < self.len
        {
            *w |= 1 << (b % 64);
        }
    }

    /// Takes block `b` out.
    pub fn remove(&mut self, b: u64) {
        if let Some(w) = self.words.get_mut((b / 64) as usize) {
            *w &= !(1 << (b % 64));
        }
    }

    /// Adds the blocks `from..to`, clamped to the set.
    pub fn insert_range(&mut self, from: u64, to: u64) {
        for b in from..to.min(self.len) {
            self.insert(b);
        }
    }

    /// How many blocks are in the set.
    pub fn count(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// The blocks in the set, in order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = u64::from(w.trailing_zeros());
                w &= w - 1;
                Some(i as u64 * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_contains_iterate() {
        let mut s = BlockSet::new(130);
        s.insert(0);
        s.insert(64);
        s.insert_range(120, 200);
        s.insert(500);
        assert!(s.contains(0) && s.contains(64) && s.contains(129));
        assert!(!s.contains(1) && !s.contains(130) && !s.contains(500));
        assert_eq!(s.count(), 12);
        assert_eq!(s.iter().take(3).collect::<Vec<_>>(), vec![0, 64, 120]);
        assert_eq!(s.iter().last(), Some(129));
    }
}
