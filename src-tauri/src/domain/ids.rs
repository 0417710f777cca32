//! Local identifiers (the store's row ids). Entities that leave the app also carry a
//! UUID (`uid`) that stays stable across exports.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! local_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS,
        )]
        #[serde(transparent)]
        #[ts(export, type = "number")]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

local_id!(
    /// A regulation or baseline template.
    TemplateId
);
local_id!(
    /// A control inside a template.
    ControlId
);
local_id!(
    /// An improvement action; shared by every template that maps it.
    ActionId
);
local_id!(
    /// A group of assessments (for example one per business unit or year).
    GroupId
);
local_id!(
    /// An assessment: a template applied to service instances.
    AssessmentId
);
local_id!(
    /// One connected account of a service (a Salesforce org, a Zoom account).
    InstanceId
);
