//! Compliance Desk: assessments of non-Microsoft services against regulation
//! templates. `app` is the only module that knows tauri; `cli` runs the same service
//! layer without a window.

pub mod app;
pub mod auth;
pub mod cli;
pub mod connectors;
pub mod domain;
pub mod reports;
pub mod service;
pub mod store;
pub mod templates;
pub mod xlsx;
