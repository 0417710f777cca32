//! Results whose testing source is Parent inherit the status of another action.

use std::cell::OnceCell;

use rustc_hash::FxHashMap;

use crate::domain::{ActionId, AssessmentId, InstanceId, ResultState, TestingSource};

type Key = (AssessmentId, ActionId, Option<InstanceId>);

pub(super) struct ParentLookup<'r> {
    results: &'r [ResultState],
    /// Built the first time a result inherits; most workspaces never need it.
    by_key: OnceCell<FxHashMap<Key, &'r ResultState>>,
}

impl<'r> ParentLookup<'r> {
    const MAX_DEPTH: usize = 16;

    pub(super) fn new(results: &'r [ResultState]) -> Self {
        ParentLookup {
            results,
            by_key: OnceCell::new(),
        }
    }

    /// The state scoring uses: the result itself, or what it inherits from the parent
    /// action's result (same instance, else the assessment-wide one). A missing parent
    /// or a cycle counts as untested rather than guessing.
    pub(super) fn effective(&self, result: &ResultState) -> ResultState {
        if result.testing_source != TestingSource::Parent {
            return *result;
        }
        let by_key = self.by_key.get_or_init(|| {
            self.results
                .iter()
                .map(|r| ((r.key.assessment_id, r.key.action_id, r.key.instance_id), r))
                .collect()
        });
        let key = result.key;
        let mut current = *result;
        for _ in 0..Self::MAX_DEPTH {
            if current.testing_source != TestingSource::Parent {
                return ResultState { key, ..current };
            }
            let Some(parent) = current.parent_action_id else {
                break;
            };
            let found = by_key
                .get(&(key.assessment_id, parent, key.instance_id))
                .or_else(|| by_key.get(&(key.assessment_id, parent, None)));
            match found {
                Some(parent_state) => current = **parent_state,
                None => break,
            }
        }
        ResultState::untouched(key)
    }
}
