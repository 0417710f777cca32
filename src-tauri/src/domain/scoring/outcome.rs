//! How action outcomes roll up into control and assessment statuses.

use crate::domain::code_enum::code_enum;

code_enum! {
    /// An action's state across the instances it applies to in one assessment.
    ActionOutcome, "action outcome" {
        Passed = ("passed", "Passed"),
        Failed = ("failed", "Failed"),
        InProgress = ("in_progress", "In progress"),
        /// Nothing tested yet on any in-scope instance.
        Untested = ("untested", "Not tested"),
        OutOfScope = ("out_of_scope", "Out of scope"),
        /// A technical action whose service has no instance in the assessment.
        NotApplicable = ("not_applicable", "Not applicable"),
    }
}

code_enum! {
    ControlStatus, "control status" {
        Passed = ("passed", "Passed"),
        Failed = ("failed", "Failed"),
        None = ("none", "None"),
        OutOfScope = ("out_of_scope", "Out of scope"),
        InProgress = ("in_progress", "In progress"),
    }
}

code_enum! {
    AssessmentStatus, "assessment status" {
        Complete = ("complete", "Complete"),
        Incomplete = ("incomplete", "Incomplete"),
        None = ("none", "None"),
        InProgress = ("in_progress", "In progress"),
    }
}

/// Counts of an action's in-scope results, by what they mean for its outcome.
pub(super) struct OutcomeCounts {
    pub applicable: u32,
    pub in_scope: u32,
    pub passed: u32,
    pub failed: u32,
    pub untested: u32,
}

pub(super) fn action_outcome(c: &OutcomeCounts) -> ActionOutcome {
    if c.applicable == 0 {
        ActionOutcome::NotApplicable
    } else if c.in_scope == 0 {
        ActionOutcome::OutOfScope
    } else if c.failed > 0 {
        ActionOutcome::Failed
    } else if c.passed == c.in_scope {
        ActionOutcome::Passed
    } else if c.untested == c.in_scope {
        ActionOutcome::Untested
    } else {
        ActionOutcome::InProgress
    }
}

/// A control passes when all its in-scope actions pass and fails when any fails.
pub(super) fn control_status(outcomes: impl Iterator<Item = ActionOutcome>) -> ControlStatus {
    let (mut any, mut in_scope, mut passed, mut failed, mut untested) = (false, 0, 0, 0, 0);
    for outcome in outcomes {
        any = true;
        match outcome {
            ActionOutcome::OutOfScope | ActionOutcome::NotApplicable => continue,
            ActionOutcome::Passed => passed += 1,
            ActionOutcome::Failed => failed += 1,
            ActionOutcome::Untested => untested += 1,
            ActionOutcome::InProgress => {}
        }
        in_scope += 1;
    }
    if !any {
        ControlStatus::None
    } else if in_scope == 0 {
        ControlStatus::OutOfScope
    } else if failed > 0 {
        ControlStatus::Failed
    } else if passed == in_scope {
        ControlStatus::Passed
    } else if untested == in_scope {
        ControlStatus::None
    } else {
        ControlStatus::InProgress
    }
}

/// Complete when every control passed or is out of scope (and one passed),
/// Incomplete when any failed, None when nothing was tested (including when every
/// control is out of scope), In progress otherwise.
pub(super) fn assessment_status(controls: &[super::ControlOutcome]) -> AssessmentStatus {
    let statuses = || controls.iter().map(|c| c.status);
    if statuses().any(|s| s == ControlStatus::Failed) {
        AssessmentStatus::Incomplete
    } else if statuses().all(|s| s == ControlStatus::None || s == ControlStatus::OutOfScope) {
        AssessmentStatus::None
    } else if statuses().all(|s| s == ControlStatus::Passed || s == ControlStatus::OutOfScope) {
        AssessmentStatus::Complete
    } else {
        AssessmentStatus::InProgress
    }
}

/// Share of in-scope controls that passed; 0 when no control is in scope.
pub(super) fn progress(controls: &[super::ControlOutcome]) -> f64 {
    let in_scope = controls
        .iter()
        .filter(|c| c.status != ControlStatus::OutOfScope)
        .count();
    let passed = controls
        .iter()
        .filter(|c| c.status == ControlStatus::Passed)
        .count();
    if in_scope == 0 {
        0.0
    } else {
        passed as f64 / in_scope as f64
    }
}
