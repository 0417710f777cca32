//! Improvement actions: what to implement and test, and how many points it is worth.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::code_enum::code_enum;
use super::{ActionId, DomainError};

code_enum! {
    /// What the action does about a risk; with the enforcement it fixes the points.
    ActionPurpose, "action purpose" {
        Preventive = ("preventive", "Preventive"),
        Detective = ("detective", "Detective"),
        Corrective = ("corrective", "Corrective"),
    }
}

code_enum! {
    /// Whether the action must be implemented or is left to the organisation.
    Enforcement, "enforcement" {
        Mandatory = ("mandatory", "Mandatory"),
        Discretionary = ("discretionary", "Discretionary"),
    }
}

code_enum! {
    /// How the action is implemented. Technical actions are tested per service instance.
    ImplementationType, "implementation type" {
        Technical = ("technical", "Technical"),
        Documentation = ("documentation", "Documentation"),
        Operational = ("operational", "Operational"),
    }
}

/// The points an action is worth by purpose and enforcement (custom scores aside).
pub fn standard_points(purpose: ActionPurpose, enforcement: Enforcement) -> u32 {
    match (purpose, enforcement) {
        (ActionPurpose::Preventive, Enforcement::Mandatory) => 27,
        (ActionPurpose::Preventive, Enforcement::Discretionary) => 9,
        (ActionPurpose::Detective | ActionPurpose::Corrective, Enforcement::Mandatory) => 3,
        (ActionPurpose::Detective | ActionPurpose::Corrective, Enforcement::Discretionary) => 1,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImprovementAction {
    pub id: ActionId,
    pub uid: Uuid,
    pub title: String,
    pub description: String,
    pub purpose: ActionPurpose,
    pub enforcement: Enforcement,
    /// A custom template's own score (1..=99); replaces the standard points.
    pub custom_score: Option<u8>,
    pub implementation_type: ImplementationType,
    /// The connector service a technical action is tested on (e.g. "salesforce").
    pub service: Option<String>,
}

impl ImprovementAction {
    /// The points the action is worth when fully passed.
    pub fn points(&self) -> u32 {
        match self.custom_score {
            Some(score) => u32::from(score),
            None => standard_points(self.purpose, self.enforcement),
        }
    }

    pub fn is_technical(&self) -> bool {
        self.implementation_type == ImplementationType::Technical
    }

    /// Checks the rules an action must keep; the error names the action.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.title.trim().is_empty() {
            return Err(DomainError::Empty("an improvement action's title"));
        }
        if let Some(score) = self.custom_score {
            if !(1..=99).contains(&score) {
                return Err(DomainError::CustomScoreOutOfRange {
                    action: self.title.clone(),
                    score: i64::from(score),
                });
            }
        }
        match (&self.service, self.implementation_type) {
            (None, ImplementationType::Technical) => Err(
                DomainError::TechnicalActionWithoutService(self.title.clone()),
            ),
            (
                Some(_),
                kind @ (ImplementationType::Documentation | ImplementationType::Operational),
            ) => Err(DomainError::ServiceOnNonTechnicalAction {
                action: self.title.clone(),
                kind: kind.code(),
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn action(purpose: ActionPurpose, enforcement: Enforcement) -> ImprovementAction {
        ImprovementAction {
            id: ActionId(1),
            uid: Uuid::nil(),
            title: "Require MFA".into(),
            description: String::new(),
            purpose,
            enforcement,
            custom_score: None,
            implementation_type: ImplementationType::Operational,
            service: None,
        }
    }

    #[test]
    fn the_points_table() {
        use ActionPurpose::*;
        use Enforcement::*;
        let table = [
            (Preventive, Mandatory, 27),
            (Preventive, Discretionary, 9),
            (Detective, Mandatory, 3),
            (Detective, Discretionary, 1),
            (Corrective, Mandatory, 3),
            (Corrective, Discretionary, 1),
        ];
        for (purpose, enforcement, points) in table {
            assert_eq!(
                action(purpose, enforcement).points(),
                points,
                "{purpose} {enforcement}"
            );
        }
    }

    #[test]
    fn a_custom_score_replaces_the_table() {
        let mut a = action(ActionPurpose::Preventive, Enforcement::Mandatory);
        a.custom_score = Some(5);
        assert_eq!(a.points(), 5);
        assert_eq!(a.validate(), Ok(()));
    }

    #[test]
    fn custom_scores_outside_1_to_99_are_refused() {
        for bad in [0u8, 100, 255] {
            let mut a = action(ActionPurpose::Detective, Enforcement::Mandatory);
            a.custom_score = Some(bad);
            let err = a.validate().unwrap_err();
            assert!(err.to_string().contains("Require MFA"), "{err}");
            assert!(err.to_string().contains(&bad.to_string()), "{err}");
        }
    }

    #[test]
    fn technical_actions_name_their_service_and_others_do_not() {
        let mut a = action(ActionPurpose::Preventive, Enforcement::Mandatory);
        a.implementation_type = ImplementationType::Technical;
        assert!(matches!(
            a.validate(),
            Err(DomainError::TechnicalActionWithoutService(_))
        ));
        a.service = Some("zoom".into());
        assert_eq!(a.validate(), Ok(()));
        a.implementation_type = ImplementationType::Documentation;
        assert!(matches!(
            a.validate(),
            Err(DomainError::ServiceOnNonTechnicalAction { .. })
        ));
    }
}
