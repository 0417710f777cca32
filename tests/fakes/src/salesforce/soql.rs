//! The SOQL the connector sends: `SELECT fields FROM Object [WHERE conditions joined
//! by AND] [ORDER BY field [ASC|DESC]] [LIMIT n]`. Field paths may follow a
//! relationship (`Assignee.IsActive`). Anything else is MALFORMED_QUERY, as on the
//! real service.

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub fields: Vec<String>,
    pub object: String,
    pub conditions: Vec<Condition>,
    pub order_by: Option<(String, bool)>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub field: String,
    pub op: Op,
    pub value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Splits into words, keeping quoted strings and operators whole.
fn tokens(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == ',' {
            chars.next();
            if c == ',' {
                out.push(",".into());
            }
        } else if c == '\'' {
            chars.next();
            let mut s = String::from("'");
            loop {
                match chars.next() {
                    Some('\\') => s.extend(chars.next()),
                    Some('\'') => break,
                    Some(other) => s.push(other),
                    None => return Err("unterminated string literal".into()),
                }
            }
            s.push('\'');
            out.push(s);
        } else if "=!<>".contains(c) {
            let mut op = String::new();
            while let Some(&c) = chars.peek() {
                if "=!<>".contains(c) {
                    op.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(op);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == ',' || c == '\'' || "=!<>".contains(c) {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push(word);
        }
    }
    Ok(out)
}

fn is(token: Option<&String>, keyword: &str) -> bool {
    token.is_some_and(|t| t.eq_ignore_ascii_case(keyword))
}

pub fn parse(text: &str) -> Result<Query, String> {
    let tokens = tokens(text)?;
    let mut at = 0;
    let next = |at: &mut usize| -> Option<&String> {
        let t = tokens.get(*at);
        *at += 1;
        t
    };
    if !is(next(&mut at), "SELECT") {
        return Err("unexpected token: expected SELECT".into());
    }
    let mut fields = Vec::new();
    loop {
        match next(&mut at) {
            Some(t) if t.eq_ignore_ascii_case("FROM") => break,
            Some(t) if t == "," => continue,
            Some(t) => fields.push(t.clone()),
            None => return Err("unexpected end of query: expected FROM".into()),
        }
    }
    if fields.is_empty() {
        return Err("unexpected token: 'FROM'".into());
    }
    let object = next(&mut at)
        .ok_or("unexpected end of query: expected an object")?
        .clone();
    let mut query = Query {
        fields,
        object,
        conditions: Vec::new(),
        order_by: None,
        limit: None,
    };
    while let Some(word) = next(&mut at) {
        if word.eq_ignore_ascii_case("WHERE") || word.eq_ignore_ascii_case("AND") {
            let field = next(&mut at).ok_or("expected a field")?.clone();
            let op = match next(&mut at).map(String::as_str) {
                Some("=") => Op::Eq,
                Some("!=") | Some("<>") => Op::Ne,
                Some("<") => Op::Lt,
                Some("<=") => Op::Le,
                Some(">") => Op::Gt,
                Some(">=") => Op::Ge,
                other => return Err(format!("unexpected token: {other:?}")),
            };
            let value = literal(next(&mut at).ok_or("expected a value")?)?;
            query.conditions.push(Condition { field, op, value });
        } else if word.eq_ignore_ascii_case("ORDER") {
            if !is(next(&mut at), "BY") {
                return Err("unexpected token: expected BY".into());
            }
            let field = next(&mut at).ok_or("expected a field")?.clone();
            let descending = match tokens.get(at) {
                Some(t) if t.eq_ignore_ascii_case("DESC") => {
                    at += 1;
                    true
                }
                Some(t) if t.eq_ignore_ascii_case("ASC") => {
                    at += 1;
                    false
                }
                _ => false,
            };
            query.order_by = Some((field, descending));
        } else if word.eq_ignore_ascii_case("LIMIT") {
            let n = next(&mut at).ok_or("expected a number")?;
            query.limit = Some(n.parse().map_err(|_| format!("unexpected token: '{n}'"))?);
        } else {
            return Err(format!("unexpected token: '{word}'"));
        }
    }
    Ok(query)
}

fn literal(token: &str) -> Result<Value, String> {
    if let Some(s) = token.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        return Ok(Value::String(s.to_string()));
    }
    match token.to_ascii_lowercase().as_str() {
        "true" => Ok(Value::Bool(true)),
        "false" => Ok(Value::Bool(false)),
        "null" => Ok(Value::Null),
        _ => token
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("unexpected token: '{token}'")),
    }
}

/// A field of a record, following relationship paths; names are case-insensitive.
pub fn lookup<'a>(record: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut current = record;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let (_, value) = current.iter().find(|(k, _)| k.eq_ignore_ascii_case(part))?;
        if parts.peek().is_none() {
            return Some(value);
        }
        current = value.as_object()?;
    }
    None
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Null, Value::Null) => Some(std::cmp::Ordering::Equal),
        _ => None,
    }
}

impl Condition {
    pub fn matches(&self, record: &Map<String, Value>) -> bool {
        let value = lookup(record, &self.field).unwrap_or(&Value::Null);
        let ordering = compare(value, &self.value);
        match self.op {
            Op::Eq => ordering == Some(std::cmp::Ordering::Equal),
            Op::Ne => ordering != Some(std::cmp::Ordering::Equal),
            Op::Lt => ordering == Some(std::cmp::Ordering::Less),
            Op::Le => matches!(
                ordering,
                Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
            ),
            Op::Gt => ordering == Some(std::cmp::Ordering::Greater),
            Op::Ge => matches!(
                ordering,
                Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
            ),
        }
    }
}

impl Query {
    /// Runs the query over an object's records; returns the selected fields of each
    /// match (relationship fields as nested objects), or the field that does not exist.
    pub fn run(&self, records: &[Map<String, Value>]) -> Result<Vec<Map<String, Value>>, String> {
        // As on the real service, a column that does not exist is an error wherever
        // the query names it: selected, filtered on, or sorted by.
        let named = self
            .fields
            .iter()
            .chain(self.conditions.iter().map(|c| &c.field))
            .chain(self.order_by.iter().map(|(f, _)| f));
        if let Some(unknown) = named
            .into_iter()
            .find(|f| !records.is_empty() && records.iter().all(|r| lookup(r, f).is_none()))
        {
            return Err(format!(
                "No such column '{unknown}' on entity '{}'",
                self.object
            ));
        }
        let mut matched: Vec<&Map<String, Value>> = records
            .iter()
            .filter(|r| self.conditions.iter().all(|c| c.matches(r)))
            .collect();
        if let Some((field, descending)) = &self.order_by {
            matched.sort_by(|a, b| {
                let ordering = compare(
                    lookup(a, field).unwrap_or(&Value::Null),
                    lookup(b, field).unwrap_or(&Value::Null),
                )
                .unwrap_or(std::cmp::Ordering::Equal);
                if *descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            });
        }
        if let Some(limit) = self.limit {
            matched.truncate(limit);
        }
        Ok(matched.into_iter().map(|r| self.project(r)).collect())
    }

    fn project(&self, record: &Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for field in &self.fields {
            let value = lookup(record, field).cloned().unwrap_or(Value::Null);
            let mut parts: Vec<&str> = field.split('.').collect();
            let last = parts.pop().unwrap_or(field);
            let mut target = &mut out;
            for part in parts {
                target = target
                    .entry(part.to_string())
                    .or_insert_with(|| Value::Object(Map::new()))
                    .as_object_mut()
                    .expect("relationship fields are objects");
            }
            target.insert(last.to_string(), value);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn records() -> Vec<Map<String, Value>> {
        [
            json!({"Username": "a@x.com", "IsActive": true, "Profile": {"Name": "Admin"}, "Logins": 3}),
            json!({"Username": "b@x.com", "IsActive": false, "Profile": {"Name": "Std"}, "Logins": 9}),
            json!({"Username": "c@x.com", "IsActive": true, "Profile": {"Name": "Std"}, "Logins": 1}),
        ]
        .into_iter()
        .map(|v| v.as_object().unwrap().clone())
        .collect()
    }

    #[test]
    fn select_where_order_limit() {
        let q = parse("SELECT Username, Profile.Name FROM User WHERE IsActive = true ORDER BY Logins DESC LIMIT 5")
            .unwrap();
        let rows = q.run(&records()).unwrap();
        assert_eq!(
            rows,
            vec![
                json!({"Username": "a@x.com", "Profile": {"Name": "Admin"}})
                    .as_object()
                    .unwrap()
                    .clone(),
                json!({"Username": "c@x.com", "Profile": {"Name": "Std"}})
                    .as_object()
                    .unwrap()
                    .clone(),
            ]
        );
    }

    #[test]
    fn relationship_conditions_and_strings() {
        let q =
            parse("SELECT Username FROM User WHERE Profile.Name = 'Std' AND Logins >= 2").unwrap();
        assert_eq!(q.run(&records()).unwrap().len(), 1);
    }

    #[test]
    fn malformed_queries_say_what_was_unexpected() {
        assert!(parse("SELEC Id FROM User").unwrap_err().contains("SELECT"));
        assert!(parse("SELECT Id FROM User WHERE")
            .unwrap_err()
            .contains("expected a field"));
        assert!(parse("SELECT Id FROM User GROUP BY Id")
            .unwrap_err()
            .contains("GROUP"));
        let unknown = parse("SELECT Nope FROM User")
            .unwrap()
            .run(&records())
            .unwrap_err();
        assert_eq!(unknown, "No such column 'Nope' on entity 'User'");
    }
}
