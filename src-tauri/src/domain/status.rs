//! The statuses of an improvement action's result, as compliance officers know them.

use super::code_enum::code_enum;

code_enum! {
    /// Whether the organisation has put the action in place.
    ImplementationStatus, "implementation status" {
        NotImplemented = ("not_implemented", "Not implemented"),
        Implemented = ("implemented", "Implemented"),
        AlternativeImplementation = ("alternative_implementation", "Alternative implementation"),
        Planned = ("planned", "Planned"),
        OutOfScope = ("out_of_scope", "Out of scope"),
    }
}

code_enum! {
    /// The outcome of testing an action. The last three are set by connectors only.
    TestStatus, "test status" {
        None = ("none", "None"),
        NotAssessed = ("not_assessed", "Not assessed"),
        Passed = ("passed", "Passed"),
        FailedLowRisk = ("failed_low_risk", "Failed low risk"),
        FailedMediumRisk = ("failed_medium_risk", "Failed medium risk"),
        FailedHighRisk = ("failed_high_risk", "Failed high risk"),
        OutOfScope = ("out_of_scope", "Out of scope"),
        InProgress = ("in_progress", "In progress"),
        /// Automatic only: the connector has not collected data yet.
        ToBeDetermined = ("to_be_determined", "To be determined"),
        /// Automatic only: the service gave no data or refused the request.
        CouldNotBeDetermined = ("could_not_be_determined", "Could not be determined"),
        /// Automatic only: some of what the action asks for is in place.
        PartiallyTested = ("partially_tested", "Partially tested"),
    }
}

impl TestStatus {
    /// Statuses only a connector may set; a person records the others.
    pub fn is_automatic_only(self) -> bool {
        matches!(
            self,
            TestStatus::ToBeDetermined
                | TestStatus::CouldNotBeDetermined
                | TestStatus::PartiallyTested
        )
    }

    pub fn is_failed(self) -> bool {
        matches!(
            self,
            TestStatus::FailedLowRisk | TestStatus::FailedMediumRisk | TestStatus::FailedHighRisk
        )
    }

    /// Nothing has been learnt yet about the action.
    pub fn is_untested(self) -> bool {
        matches!(
            self,
            TestStatus::None | TestStatus::NotAssessed | TestStatus::ToBeDetermined
        )
    }
}

code_enum! {
    /// Where a result's test status comes from.
    TestingSource, "testing source" {
        Automatic = ("automatic", "Automatic"),
        Manual = ("manual", "Manual"),
        /// Inherits the status and evidence of a parent action.
        Parent = ("parent", "Parent"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_named() {
        for status in TestStatus::ALL {
            assert_eq!(TestStatus::from_code(status.code()), Ok(*status));
        }
        let err = TestStatus::from_code("passd").unwrap_err();
        assert_eq!(err.to_string(), "\"passd\" is not a known test status");
    }

    #[test]
    fn every_documented_test_status_exists() {
        let labels: Vec<_> = TestStatus::ALL.iter().map(|s| s.label()).collect();
        for expected in [
            "None",
            "Not assessed",
            "Passed",
            "Failed low risk",
            "Failed medium risk",
            "Failed high risk",
            "Out of scope",
            "In progress",
            "To be determined",
            "Could not be determined",
            "Partially tested",
        ] {
            assert!(labels.contains(&expected), "missing {expected}");
        }
        let automatic = TestStatus::ALL.iter().filter(|s| s.is_automatic_only());
        assert_eq!(automatic.count(), 3);
    }

    #[test]
    fn serde_uses_the_stable_codes() {
        let json = serde_json::to_string(&ImplementationStatus::AlternativeImplementation).unwrap();
        assert_eq!(json, "\"alternative_implementation\"");
    }
}
