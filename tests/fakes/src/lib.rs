//! Local Salesforce and Zoom servers that speak the documented APIs (see
//! docs/salesforce-api.md and docs/zoom-api.md) so faithfully that the app needs
//! only a base URL to switch between them and the real services.
//!
//! Each server runs in-process on 127.0.0.1 with a random port, records every
//! request (secrets removed), and takes faults at start or at run time.

mod authorization;
pub mod faults;
mod oauth_util;
pub mod pkce;
pub mod recorder;
pub mod salesforce;
pub mod scenario;
mod server;
pub mod zoom;

pub use faults::{Fault, FaultRule, Faults};
pub use recorder::{Recorded, Recorder};
pub use server::Running;
