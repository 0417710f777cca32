use thiserror::Error;

/// A rule of the domain that some input broke. The message names what was wrong.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum DomainError {
    #[error("the custom score of action \"{action}\" is {score}; it must be a whole number from 1 to 99")]
    CustomScoreOutOfRange { action: String, score: i64 },
    #[error("the technical action \"{0}\" does not name the service it applies to")]
    TechnicalActionWithoutService(String),
    #[error("the {kind} action \"{action}\" names a service; only technical actions are tested per service")]
    ServiceOnNonTechnicalAction { action: String, kind: &'static str },
    #[error("partial credit must be between 0 and 1, got {0}")]
    CreditOutOfRange(f64),
    #[error("\"{value}\" is not a known {what}")]
    UnknownCode { what: &'static str, value: String },
    #[error("{from} refers to {what} {id}, which does not exist")]
    MissingReference {
        what: &'static str,
        id: i64,
        from: String,
    },
    #[error("{0} must not be empty")]
    Empty(&'static str),
}
