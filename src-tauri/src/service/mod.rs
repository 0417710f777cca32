//! Use cases shared by the window and the command line. Each function takes the
//! store, does one whole thing, and returns serialisable answers.

pub mod actions;
pub mod assessments;
pub mod connectors;
mod error;
pub mod logging;
pub mod overview;
pub mod paths;
pub mod workspace;

pub use error::{ErrorCode, ServiceError};
