//! What a check's fact must be to pass: equal to a value, within bounds, a list of
//! some length, one of several values. An organisation's own bound replaces the
//! benchmark's where a check has one.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// What the fact must be for the check to pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[ts(export)]
pub enum Expect {
    Equals {
        #[ts(type = "unknown")]
        value: Value,
    },
    AtLeast {
        min: f64,
    },
    AtMost {
        max: f64,
    },
    Between {
        min: f64,
        max: f64,
    },
    /// A list with at most this many entries.
    AtMostItems {
        max: usize,
    },
    /// A list with at least `min` and at most `max` entries.
    ItemsBetween {
        min: usize,
        max: usize,
    },
    /// A list or text with something in it.
    NotEmpty,
    /// Any one of these values.
    OneOf {
        #[ts(type = "unknown[]")]
        values: Vec<Value>,
    },
}

impl Expect {
    pub fn describe(&self) -> String {
        match self {
            Expect::Equals { value } => format!("equals {value}"),
            Expect::AtLeast { min } => format!("at least {min}"),
            Expect::AtMost { max } => format!("at most {max}"),
            Expect::Between { min, max } => format!("between {min} and {max}"),
            Expect::AtMostItems { max } => format!("at most {max} entries"),
            Expect::ItemsBetween { min, max } => format!("{min} to {max} entries"),
            Expect::NotEmpty => "not empty".into(),
            Expect::OneOf { values } => format!(
                "one of {}",
                values
                    .iter()
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// Whether `observed` meets the expectation, or why the two cannot be compared.
    pub fn test(&self, observed: &Value) -> Result<bool, String> {
        let number = || {
            number(observed).ok_or_else(|| format!("the service reported {observed}, not a number"))
        };
        match self {
            Expect::Equals { value } => Ok(observed == value),
            Expect::AtLeast { min } => Ok(number()? >= *min),
            Expect::AtMost { max } => Ok(number()? <= *max),
            Expect::Between { min, max } => number().map(|n| (*min..=*max).contains(&n)),
            Expect::AtMostItems { max } => observed
                .as_array()
                .map(|items| items.len() <= *max)
                .ok_or_else(|| format!("the service reported {observed}, not a list")),
            Expect::ItemsBetween { min, max } => observed
                .as_array()
                .map(|items| (*min..=*max).contains(&items.len()))
                .ok_or_else(|| format!("the service reported {observed}, not a list")),
            Expect::NotEmpty => match observed {
                Value::Array(items) => Ok(!items.is_empty()),
                Value::String(text) => Ok(!text.trim().is_empty()),
                Value::Null => Ok(false),
                other => Err(format!("the service reported {other}, not a list")),
            },
            Expect::OneOf { values } => Ok(values.contains(observed)),
        }
    }

    /// The same expectation with the organisation's own bound in place of the
    /// benchmark's (a minimum stays a minimum, a maximum a maximum).
    pub fn with_bound(&self, bound: f64) -> Expect {
        match self {
            Expect::AtLeast { .. } => Expect::AtLeast { min: bound },
            Expect::AtMost { .. } => Expect::AtMost { max: bound },
            Expect::Between { min, .. } => Expect::Between {
                min: *min,
                max: bound,
            },
            Expect::AtMostItems { .. } => Expect::AtMostItems {
                max: bound.max(0.0) as usize,
            },
            Expect::ItemsBetween { min, .. } => Expect::ItemsBetween {
                min: *min,
                max: bound.max(0.0) as usize,
            },
            other => other.clone(),
        }
    }
}

/// Numbers may come as strings (Salesforce documents the Health Check score as one).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_kind_of_expectation() {
        let eq = Expect::Equals {
            value: json!("all"),
        };
        assert_eq!(eq.test(&json!("all")), Ok(true));
        assert_eq!(eq.test(&json!("group")), Ok(false));
        assert_eq!(Expect::AtMost { max: 0.0 }.test(&json!(2)), Ok(false));
        let between = Expect::Between {
            min: 1.0,
            max: 60.0,
        };
        assert_eq!(between.test(&json!(0)), Ok(false));
        assert_eq!(between.test(&json!(30)), Ok(true));
        let items = Expect::AtMostItems { max: 2 };
        assert_eq!(items.test(&json!(["US", "EU"])), Ok(true));
        assert_eq!(items.test(&json!(["US", "EU", "CN"])), Ok(false));
        assert!(items.test(&json!("US")).is_err());
        let regions = Expect::ItemsBetween { min: 1, max: 2 };
        assert_eq!(regions.test(&json!([])), Ok(false));
        assert_eq!(regions.test(&json!(["EU", "US"])), Ok(true));
        assert_eq!(
            regions.with_bound(1.0).test(&json!(["EU", "US"])),
            Ok(false)
        );
        assert_eq!(Expect::NotEmpty.test(&json!(["EU"])), Ok(true));
        assert_eq!(Expect::NotEmpty.test(&json!([])), Ok(false));
        assert_eq!(Expect::NotEmpty.test(&json!(" ")), Ok(false));
        assert!(Expect::NotEmpty.test(&json!(3)).is_err());
        let one_of = Expect::OneOf {
            values: vec![json!("host"), json!("all")],
        };
        assert_eq!(one_of.test(&json!("all")), Ok(true));
        assert_eq!(one_of.test(&json!("none")), Ok(false));
        assert_eq!(one_of.describe(), "one of \"host\", \"all\"");
    }
}
