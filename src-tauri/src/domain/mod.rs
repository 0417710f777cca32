//! Pure types and rules of compliance management: templates, controls, improvement
//! actions, assessments, statuses and scoring. No I/O lives here.

pub mod action;
pub mod assessment;
mod code_enum;
pub mod error;
pub mod ids;
pub mod result;
pub mod scoring;
pub mod status;
pub mod template;

pub use action::{ActionPurpose, Enforcement, ImplementationType, ImprovementAction};
pub use assessment::{Assessment, AssessmentGroup, ServiceInstance};
pub use error::DomainError;
pub use ids::{ActionId, AssessmentId, ControlId, GroupId, InstanceId, TemplateId};
pub use result::{ActionResult, Credit, ResultKey, ResultState};
pub use status::{ImplementationStatus, TestStatus, TestingSource};
pub use template::{Control, ControlFamily, Template};
