//! Assessments, their groups, and the service instances they cover.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{AssessmentId, GroupId, InstanceId, TemplateId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssessmentGroup {
    pub id: GroupId,
    pub uid: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServiceInstance {
    pub id: InstanceId,
    pub uid: Uuid,
    /// Unique, chosen by the user: "Salesforce Prod".
    pub name: String,
    /// The connector service: "salesforce", "zoom".
    pub service: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Assessment {
    pub id: AssessmentId,
    pub uid: Uuid,
    pub name: String,
    pub group_id: GroupId,
    pub template_id: TemplateId,
    pub instance_ids: Vec<InstanceId>,
    pub created_at: DateTime<Utc>,
}
