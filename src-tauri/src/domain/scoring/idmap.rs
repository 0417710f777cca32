//! Lookups by row id that stay fast at a million results. Row ids are usually dense,
//! so a vector indexed by id beats hashing; sparse ids fall back to a hash map.

use rustc_hash::FxHashMap;

/// How many times more slots than entries a dense table may have.
const MAX_SPARSENESS: usize = 4;
/// Dense tables of pairs stay below this many slots (about 100 MB of picks).
pub(super) const MAX_PAIR_SLOTS: usize = 4 << 20;

pub(super) enum IdMap<V> {
    Dense { offset: i64, values: Vec<Option<V>> },
    Sparse(FxHashMap<i64, V>),
}

impl<V> IdMap<V> {
    pub(super) fn new(entries: Vec<(i64, V)>) -> Self {
        let (Some(min), Some(max)) = (
            entries.iter().map(|e| e.0).min(),
            entries.iter().map(|e| e.0).max(),
        ) else {
            return IdMap::Sparse(FxHashMap::default());
        };
        let span = usize::try_from(max.abs_diff(min))
            .ok()
            .and_then(|d| d.checked_add(1));
        match span {
            Some(span) if span <= (entries.len() * MAX_SPARSENESS).max(1024) => {
                let mut values: Vec<Option<V>> =
                    std::iter::repeat_with(|| None).take(span).collect();
                for (id, value) in entries {
                    values[(id - min) as usize] = Some(value);
                }
                IdMap::Dense {
                    offset: min,
                    values,
                }
            }
            _ => IdMap::Sparse(entries.into_iter().collect()),
        }
    }

    #[inline]
    pub(super) fn get(&self, id: i64) -> Option<&V> {
        match self {
            IdMap::Dense { offset, values } => {
                let i = id.checked_sub(*offset)?;
                values.get(usize::try_from(i).ok()?)?.as_ref()
            }
            IdMap::Sparse(map) => map.get(&id),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            IdMap::Dense { values, .. } => values.iter().filter(|v| v.is_some()).count(),
            IdMap::Sparse(map) => map.len(),
        }
    }
}

/// Values keyed by a pair of ids announced in advance: a flat table when it is small
/// enough, a hash map for the rest.
pub(super) struct PairMap<V> {
    dense: Option<DenseTable<V>>,
    overflow: FxHashMap<(i64, i64), V>,
}

struct DenseTable<V> {
    first: IdMap<usize>,
    second: IdMap<usize>,
    width: usize,
    values: Vec<Option<V>>,
}

impl<V> PairMap<V> {
    pub(super) fn new(first: impl Iterator<Item = i64>, second: impl Iterator<Item = i64>) -> Self {
        let first = IdMap::new(first.enumerate().map(|(i, id)| (id, i)).collect());
        let second = IdMap::new(second.enumerate().map(|(i, id)| (id, i)).collect());
        let width = second.len().max(1);
        let dense = match first.len().checked_mul(width) {
            Some(slots) if slots <= MAX_PAIR_SLOTS => Some(DenseTable {
                first,
                second,
                width,
                values: std::iter::repeat_with(|| None).take(slots).collect(),
            }),
            _ => None,
        };
        PairMap {
            dense,
            overflow: FxHashMap::default(),
        }
    }

    /// Stores `value` for `(a, b)` unless a value is there that `replaces` says to keep.
    #[inline]
    pub(super) fn upsert(&mut self, a: i64, b: i64, value: V, replaces: impl Fn(&V, &V) -> bool) {
        let slot = self.dense.as_mut().and_then(|t| {
            let i = *t.first.get(a)? * t.width + *t.second.get(b)?;
            t.values.get_mut(i)
        });
        match slot {
            Some(Some(current)) => {
                if replaces(&value, current) {
                    *current = value;
                }
            }
            Some(empty) => *empty = Some(value),
            None => match self.overflow.entry((a, b)) {
                std::collections::hash_map::Entry::Occupied(mut current) => {
                    if replaces(&value, current.get()) {
                        current.insert(value);
                    }
                }
                std::collections::hash_map::Entry::Vacant(empty) => {
                    empty.insert(value);
                }
            },
        }
    }

    pub(super) fn into_values(self) -> impl Iterator<Item = V> {
        let dense = self.dense.map(|t| t.values).unwrap_or_default();
        dense
            .into_iter()
            .flatten()
            .chain(self.overflow.into_values())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_ids_answer_alike() {
        let dense = IdMap::new(vec![(10, "a"), (11, "b"), (13, "c")]);
        assert!(matches!(dense, IdMap::Dense { .. }));
        let sparse = IdMap::new(vec![(10, "a"), (1 << 40, "b"), (-5, "c")]);
        assert!(matches!(sparse, IdMap::Sparse(_)));
        assert_eq!(
            (dense.get(10), dense.get(12), dense.get(13), dense.get(9)),
            (Some(&"a"), None, Some(&"c"), None)
        );
        assert_eq!(
            (sparse.get(1 << 40), sparse.get(-5), sparse.get(0)),
            (Some(&"b"), Some(&"c"), None)
        );
        assert_eq!((dense.len(), sparse.len()), (3, 3));
    }

    #[test]
    fn extreme_ids_do_not_overflow() {
        let map = IdMap::new(vec![(i64::MIN, 1), (i64::MAX, 2)]);
        assert_eq!(
            (map.get(i64::MIN), map.get(i64::MAX), map.get(0)),
            (Some(&1), Some(&2), None)
        );
    }
}

#[cfg(test)]
#[test]
fn pairs_keep_what_replaces_says_in_dense_and_overflow_slots() {
    let mut pairs = PairMap::new([1, 2].into_iter(), [7].into_iter());
    let keep_larger = |new: &i32, current: &i32| new > current;
    for (a, b, v) in [(1, 7, 5), (1, 7, 3), (2, 7, 9), (99, 7, 1), (99, 7, 4)] {
        pairs.upsert(a, b, v, keep_larger);
    }
    let mut values: Vec<i32> = pairs.into_values().collect();
    values.sort();
    assert_eq!(values, [4, 5, 9]);
}
