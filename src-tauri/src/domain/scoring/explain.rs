//! The sentence that says why an action earned what it earned.

use super::outcome::OutcomeCounts;
use super::report::StatusCount;
use crate::domain::ImprovementAction;

pub(super) fn action(
    action: &ImprovementAction,
    counts: &OutcomeCounts,
    statuses: &[StatusCount],
    credit: f64,
    achieved: f64,
) -> String {
    let points = action.points();
    if counts.applicable == 0 {
        let service = action.service.as_deref().unwrap_or("its service");
        return format!("Not counted: the assessment has no {service} instance to test it on.");
    }
    if counts.in_scope == 0 {
        return "Not counted: marked out of scope, so it adds nothing to points possible.".into();
    }
    let detail = statuses
        .iter()
        .map(|s| format!("{} {}", s.count, s.status.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ");
    if !action.is_technical() {
        return match statuses.first() {
            Some(s) if counts.passed == 1 => format!("Earned all {points} points: {}.", s.status.label().to_lowercase()),
            Some(_) if achieved > 0.0 => format!(
                "Earned {} of {points} points: partially tested ({:.0}% credit).",
                fmt_points(achieved),
                credit * 100.0
            ),
            _ => format!("Earned 0 of {points} points: the test status is {detail}; only Passed earns points."),
        };
    }
    let out_of_scope = counts.applicable - counts.in_scope;
    let scope_note = if out_of_scope > 0 {
        format!("; {out_of_scope} out of scope, not counted")
    } else {
        String::new()
    };
    let earned_on = if credit == f64::from(counts.passed) {
        format!("{} passed", counts.passed)
    } else {
        format!(
            "{} credited, partial tests counting their share",
            fmt_points(credit)
        )
    };
    format!(
        "Earned {} of {points} points ({points} x {earned_on} / {} in scope{scope_note}). Results: {detail}.",
        fmt_points(achieved),
        counts.in_scope,
    )
}

/// Points with at most two decimals and no trailing zeros: "16.2", "27".
pub fn fmt_points(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
