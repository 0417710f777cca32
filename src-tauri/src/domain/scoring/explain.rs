//! The sentence that says why an action earned what it earned. Made on demand, for
//! the actions a person looks at, from the engine's breakdown.

use std::fmt::Write;

use super::report::ActionBreakdown;
use crate::domain::{ImprovementAction, TestStatus};

/// Why `action` earned what its breakdown says: "Earned 13.5 of 27 points (27 x 1
/// passed / 2 in scope; 1 out of scope, not counted). Results: 1 passed, ...".
pub fn explain(action: &ImprovementAction, breakdown: &ActionBreakdown) -> String {
    let b = breakdown;
    let (points, credit, achieved, statuses) = (b.points, b.credit, b.achieved, &b.statuses);
    let counts = (b.applicable, b.in_scope, b.passed);
    let mut out = String::with_capacity(96);
    if counts.0 == 0 {
        let service = action.service.as_deref().unwrap_or("its service");
        let _ = write!(
            out,
            "Not counted: the assessment has no {service} instance to test it on."
        );
        return out;
    }
    if counts.1 == 0 {
        out.push_str("Not counted: marked out of scope, so it adds nothing to points possible.");
        return out;
    }
    if !action.is_technical() {
        let status = statuses.first().map_or(TestStatus::None, |s| s.status);
        let _ = match status {
            TestStatus::Passed => write!(out, "Earned all {points} points: passed."),
            TestStatus::PartiallyTested => write!(
                out,
                "Earned {} of {points} points: partially tested ({:.0}% credit).",
                Points(achieved),
                credit * 100.0
            ),
            other => write!(
                out,
                "Earned 0 of {points} points: the test status is {}; only Passed earns points.",
                other.label()
            ),
        };
        return out;
    }
    let _ = write!(
        out,
        "Earned {} of {points} points ({points} x ",
        Points(achieved)
    );
    if credit == f64::from(counts.2) {
        let _ = write!(out, "{} passed", counts.2);
    } else {
        let _ = write!(
            out,
            "{} credited, partial tests counting their share",
            Points(credit)
        );
    }
    let _ = write!(out, " / {} in scope", counts.1);
    let out_of_scope = counts.0 - counts.1;
    if out_of_scope > 0 {
        let _ = write!(out, "; {out_of_scope} out of scope, not counted");
    }
    out.push_str("). Results: ");
    for (i, s) in statuses.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} ", s.count);
        // Codes are the labels in lower case, words joined by underscores.
        out.extend(
            s.status
                .code()
                .chars()
                .map(|c| if c == '_' { ' ' } else { c }),
        );
    }
    out.push('.');
    out
}

/// Points with at most two decimals and no trailing zeros: "16.2", "27".
pub struct Points(pub f64);

impl std::fmt::Display for Points {
    // Integer formatting: float formatting would dominate a recompute's cost.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cents = (self.0 * 100.0).round() as i64;
        let (whole, part) = (cents / 100, (cents % 100).abs());
        if cents < 0 && whole == 0 {
            f.write_str("-")?;
        }
        match part {
            0 => write!(f, "{whole}"),
            p if p % 10 == 0 => write!(f, "{whole}.{}", p / 10),
            p => write!(f, "{whole}.{p:02}"),
        }
    }
}

/// [`Points`] as a string.
pub fn fmt_points(value: f64) -> String {
    Points(value).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_print_like_people_write_them() {
        for (value, text) in [
            (27.0, "27"),
            (13.5, "13.5"),
            (20.25, "20.25"),
            (1.0 / 3.0, "0.33"),
            (0.0, "0"),
            (2.999, "3"),
            (-0.5, "-0.5"),
            (100.05, "100.05"),
        ] {
            assert_eq!(fmt_points(value), text);
        }
    }

    #[test]
    fn codes_read_as_the_lower_case_labels() {
        for status in TestStatus::ALL {
            assert_eq!(
                status.code().replace('_', " "),
                status.label().to_lowercase()
            );
        }
    }
}
