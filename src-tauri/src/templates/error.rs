use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

/// One thing wrong with an imported file, and where: a spreadsheet's tab, row and
/// column, or a JSON document's path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Problem {
    /// "Actions, row 7, column actionScore", "catalog.groups[2].controls[0]", or the file.
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Why a file was not imported. Nothing is written when there is any problem.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ImportError {
    #[error("{} cannot be imported: {}", .file, join(.problems))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

impl ImportError {
    pub fn new(file: &str, problems: Vec<Problem>) -> ImportError {
        ImportError::Invalid {
            file: file.to_string(),
            problems,
        }
    }

    pub fn one(file: &str, location: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError::new(
            file,
            vec![Problem {
                location: location.into(),
                message: message.into(),
            }],
        )
    }

    pub fn problems(&self) -> &[Problem] {
        match self {
            ImportError::Invalid { problems, .. } => problems,
        }
    }
}

fn join(problems: &[Problem]) -> String {
    let shown: Vec<String> = problems.iter().take(10).map(|p| p.to_string()).collect();
    let more = problems.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{}; and {more} more", shown.join("; "))
    } else {
        shown.join("; ")
    }
}
