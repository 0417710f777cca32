//! Results whose testing source is Parent inherit the test of another action.
//!
//! In domain terms: a child inherits its parent's *test* (status, partial credit,
//! date; the evidence is shown with it), never its implementation status, which
//! stays the child's own. A child marked Out of scope therefore stays out, and a
//! parent that is out of scope leaves its children untested rather than removing
//! them. Which of the parent's results a child reads:
//! - a technical child of a non-technical parent reads the parent's single result
//!   for each of its instances;
//! - a non-technical child of a technical parent reads the aggregate of the parent's
//!   instances: passed only when every in-scope instance passed, failed (at the worst
//!   risk) when any failed;
//! - otherwise the parent's result for the same instance.

use std::cell::OnceCell;

use rustc_hash::FxHashMap;

use crate::domain::{
    ActionId, AssessmentId, InstanceId, ResultKey, ResultState, TestStatus, TestingSource,
};

type Key = (AssessmentId, ActionId, Option<InstanceId>);

struct Index<'r> {
    by_key: FxHashMap<Key, &'r ResultState>,
    /// Per-instance results of each (assessment, action), for aggregates.
    instances: FxHashMap<(AssessmentId, ActionId), Vec<&'r ResultState>>,
}

pub(super) struct ParentLookup<'r> {
    results: &'r [ResultState],
    /// Built the first time a result inherits; most workspaces never need it.
    index: OnceCell<Index<'r>>,
}

/// What a child takes over from its parent.
#[derive(Clone, Copy)]
struct Test {
    status: TestStatus,
    credit: Option<crate::domain::Credit>,
    date: Option<chrono::DateTime<chrono::Utc>>,
}

impl Test {
    const UNTESTED: Test = Test {
        status: TestStatus::None,
        credit: None,
        date: None,
    };
}

impl<'r> ParentLookup<'r> {
    const MAX_DEPTH: usize = 16;

    pub(super) fn new(results: &'r [ResultState]) -> Self {
        ParentLookup {
            results,
            index: OnceCell::new(),
        }
    }

    fn index(&self) -> &Index<'r> {
        self.index.get_or_init(|| {
            let mut instances: FxHashMap<_, Vec<_>> = FxHashMap::default();
            for r in self.results.iter().filter(|r| r.key.instance_id.is_some()) {
                instances
                    .entry((r.key.assessment_id, r.key.action_id))
                    .or_default()
                    .push(r);
            }
            Index {
                by_key: self
                    .results
                    .iter()
                    .map(|r| ((r.key.assessment_id, r.key.action_id, r.key.instance_id), r))
                    .collect(),
                instances,
            }
        })
    }

    /// The state scoring uses: the result itself, or its own implementation status
    /// with the test it inherits. A missing parent or a cycle counts as untested.
    pub(super) fn effective(&self, result: &ResultState) -> ResultState {
        if result.testing_source != TestingSource::Parent {
            return *result;
        }
        let test = match result.parent_action_id {
            Some(parent) => self.test_of(result.key, parent, 0),
            None => Test::UNTESTED,
        };
        let status = match test.status {
            // A parent out of scope does not take its children with it.
            TestStatus::OutOfScope => TestStatus::None,
            status => status,
        };
        ResultState {
            test_status: status,
            partial_credit: test.credit,
            test_date: test.date,
            ..*result
        }
    }

    /// The test of `action` as seen from the child result `key`.
    fn test_of(&self, key: ResultKey, action: ActionId, depth: usize) -> Test {
        if depth >= Self::MAX_DEPTH {
            return Test::UNTESTED;
        }
        let index = self.index();
        let exact = index
            .by_key
            .get(&(key.assessment_id, action, key.instance_id));
        let single = || index.by_key.get(&(key.assessment_id, action, None));
        if let Some(found) = exact.or_else(single) {
            return self.own_test(found, key, depth);
        }
        if key.instance_id.is_none() {
            if let Some(results) = index.instances.get(&(key.assessment_id, action)) {
                return self.aggregate(results, depth);
            }
        }
        Test::UNTESTED
    }

    fn own_test(&self, state: &ResultState, key: ResultKey, depth: usize) -> Test {
        if state.is_out_of_scope() {
            return Test {
                status: TestStatus::OutOfScope,
                ..Test::UNTESTED
            };
        }
        match (state.testing_source, state.parent_action_id) {
            (TestingSource::Parent, Some(parent)) => self.test_of(key, parent, depth + 1),
            (TestingSource::Parent, None) => Test::UNTESTED,
            _ => Test {
                status: state.test_status,
                credit: state.partial_credit,
                date: state.test_date,
            },
        }
    }

    /// A technical parent seen from a non-technical child: passed only when every
    /// in-scope instance passed; the worst failure when any failed; out of scope when
    /// every instance is; in progress when some were tested; untested otherwise.
    fn aggregate(&self, results: &[&ResultState], depth: usize) -> Test {
        let tests: Vec<Test> = results
            .iter()
            .map(|r| self.own_test(r, r.key, depth + 1))
            .filter(|t| t.status != TestStatus::OutOfScope)
            .collect();
        let date = tests.iter().filter_map(|t| t.date).max();
        if tests.is_empty() {
            return Test {
                status: TestStatus::OutOfScope,
                ..Test::UNTESTED
            };
        }
        let worst_failure = [
            TestStatus::FailedHighRisk,
            TestStatus::FailedMediumRisk,
            TestStatus::FailedLowRisk,
        ]
        .into_iter()
        .find(|f| tests.iter().any(|t| t.status == *f));
        let status = if let Some(failure) = worst_failure {
            failure
        } else if tests.iter().all(|t| t.status == TestStatus::Passed) {
            TestStatus::Passed
        } else if tests.iter().all(|t| t.status.is_untested()) {
            TestStatus::None
        } else {
            TestStatus::InProgress
        };
        Test {
            status,
            credit: None,
            date,
        }
    }
}
