//! Snowflake's semi-structured values — VARIANT, OBJECT, ARRAY — held as GlueSQL values: an
//! OBJECT is a `Map` (keys sorted, as Snowflake prints them), an ARRAY a `List`, and a scalar
//! VARIANT the plain value (`Str`, `Decimal`, `F64`, `Bool`). JSON numbers without an exponent are
//! exact decimals, as Snowflake's NUMBER; others are doubles. This file is the value model: JSON in
//! and out, paths, the semi-structured functions, casts out of VARIANT, and FLATTEN's rows.
//!
//! Length: one value model whose functions share its conversions; splitting JSON, paths and the
//! function library apart is the next step when it grows.

use crate::types::{SfType, display_value, to_decimal};
use gluesql_core::data::Value;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One step of a path: `.key`, `['key']` or `[index]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// An OBJECT field by name: `.key` or `['key']`.
    Key(String),
    /// An ARRAY element by position, from 0: `[index]`.
    Index(i64),
}

/// Parses JSON text into a value (`PARSE_JSON`). An empty string is NULL, as in Snowflake.
pub fn parse_json(text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str::<serde_json::Value>(text)
        .map(from_json)
        .map_err(|e| format!("Error parsing JSON: {e}"))
}

/// A serde JSON value as a semi-structured value.
pub fn from_json(json: serde_json::Value) -> Value {
    use serde_json::Value as J;
    match json {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(b),
        J::Number(n) => number(&n),
        J::String(s) => Value::Str(s),
        J::Array(items) => Value::List(items.into_iter().map(from_json).collect()),
        J::Object(map) => Value::Map(map.into_iter().map(|(k, v)| (k, from_json(v))).collect()),
    }
}

fn number(n: &serde_json::Number) -> Value {
    if let Some(i) = n.as_i64() {
        return Value::Decimal(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Value::Decimal(Decimal::from(u));
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    let text = n.to_string();
    if !text.contains(['e', 'E'])
        && let Ok(d) = format!("{f}").parse::<Decimal>()
    {
        return Value::Decimal(d.normalize());
    }
    Value::F64(f)
}

/// The value as compact JSON, as `TO_JSON` and a VARIANT cast to VARCHAR print it.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out, None);
    out
}

/// The value as JSON indented by two spaces, as Snowflake's drivers and SQL API receive a VARIANT,
/// OBJECT or ARRAY cell (`{\n  "a": 1\n}`).
pub fn to_json_pretty(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out, Some(0));
    out
}

/// Writes `v`; `depth` is the current indentation level when pretty-printing, none when compact.
fn write_json(v: &Value, out: &mut String, depth: Option<usize>) {
    let open = |out: &mut String, bracket: char, empty: bool| {
        out.push(bracket);
        if let (Some(d), false) = (depth, empty) {
            out.push('\n');
            out.push_str(&"  ".repeat(d + 1));
        }
    };
    let separate = |out: &mut String| {
        out.push(',');
        if let Some(d) = depth {
            out.push('\n');
            out.push_str(&"  ".repeat(d + 1));
        }
    };
    let close = |out: &mut String, bracket: char, empty: bool| {
        if let (Some(d), false) = (depth, empty) {
            out.push('\n');
            out.push_str(&"  ".repeat(d));
        }
        out.push(bracket);
    };
    let inner = depth.map(|d| d + 1);
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Str(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
        Value::Map(m) => {
            open(out, '{', m.is_empty());
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    separate(out);
                }
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push_str(if depth.is_some() { ": " } else { ":" });
                write_json(v, out, inner);
            }
            close(out, '}', m.is_empty());
        }
        Value::List(items) => {
            open(out, '[', items.is_empty());
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    separate(out);
                }
                write_json(v, out, inner);
            }
            close(out, ']', items.is_empty());
        }
        Value::Decimal(d) => out.push_str(&d.normalize().to_string()),
        Value::F64(f) if !f.is_finite() => out.push_str(&format!("\"{}\"", display_value(v))),
        Value::Date(_) | Value::Timestamp(_) | Value::Time(_) => {
            out.push('"');
            out.push_str(&display_value(v));
            out.push('"');
        }
        other => out.push_str(&display_value(other)),
    }
}

/// Snowflake's `TYPEOF` of a VARIANT value.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NULL_VALUE",
        Value::Map(_) => "OBJECT",
        Value::List(_) => "ARRAY",
        Value::Str(_) => "VARCHAR",
        Value::Bool(_) => "BOOLEAN",
        Value::F32(_) | Value::F64(_) => "DOUBLE",
        Value::Date(_) => "DATE",
        Value::Timestamp(_) => "TIMESTAMP_NTZ",
        Value::Time(_) => "TIME",
        other => match to_decimal(other) {
            Some(d) if d.normalize().scale() == 0 => "INTEGER",
            Some(_) => "DECIMAL",
            None => "VARCHAR",
        },
    }
}

/// One step into a value: a key of an OBJECT, an index of an ARRAY; NULL for anything else.
pub fn get(v: &Value, step: &Step) -> Value {
    match (v, step) {
        (Value::Map(m), Step::Key(k)) => m.get(k).cloned().unwrap_or(Value::Null),
        (Value::List(items), Step::Index(i)) => usize::try_from(*i)
            .ok()
            .and_then(|i| items.get(i))
            .cloned()
            .unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

/// Follows a path.
pub fn get_path(v: &Value, path: &[Step]) -> Value {
    let mut current = v.clone();
    for step in path {
        current = get(&current, step);
        if matches!(current, Value::Null) {
            break;
        }
    }
    current
}

/// Parses a path as `GET_PATH` and FLATTEN's PATH take it: `a.b[0]['c d']."e"`.
pub fn parse_path(text: &str) -> Result<Vec<Step>, String> {
    let bad = || format!("Invalid extraction path '{text}'.");
    let chars: Vec<char> = text.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' if i > 0 => i += 1,
            '[' => {
                let close = chars[i..].iter().position(|c| *c == ']').ok_or_else(bad)? + i;
                let inner: String = chars[i + 1..close].iter().collect();
                let inner = inner.trim();
                steps.push(
                    if let Some(q) = inner
                        .strip_prefix('\'')
                        .and_then(|s| s.strip_suffix('\''))
                        .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
                    {
                        Step::Key(q.to_owned())
                    } else {
                        Step::Index(inner.parse().map_err(|_| bad())?)
                    },
                );
                i = close + 1;
                continue;
            }
            _ => {}
        }
        if i >= chars.len() {
            break;
        }
        if chars[i] == '"' {
            let close = chars[i + 1..]
                .iter()
                .position(|c| *c == '"')
                .ok_or_else(bad)?
                + i
                + 1;
            steps.push(Step::Key(chars[i + 1..close].iter().collect()));
            i = close + 1;
        } else {
            let end = chars[i..]
                .iter()
                .position(|c| *c == '.' || *c == '[')
                .map_or(chars.len(), |p| p + i);
            if end == i {
                return Err(bad());
            }
            steps.push(Step::Key(chars[i..end].iter().collect()));
            i = end;
        }
    }
    Ok(steps)
}

/// The text of a step in FLATTEN's PATH column: `a`, `[0]`, or `['a b']` for keys that need quotes.
fn path_text(parent: &str, step: &Step) -> String {
    match step {
        Step::Index(i) => format!("{parent}[{i}]"),
        Step::Key(k) if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            if parent.is_empty() {
                k.clone()
            } else {
                format!("{parent}.{k}")
            }
        }
        Step::Key(k) => format!("{parent}['{k}']"),
    }
}

/// Which elements FLATTEN expands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `MODE => 'OBJECT'`: only the fields of objects.
    Object,
    /// `MODE => 'ARRAY'`: only the elements of arrays.
    Array,
    /// `MODE => 'BOTH'` (the default): fields and elements alike.
    Both,
}

/// One row of FLATTEN's output (without SEQ, which belongs to the input row).
#[derive(Debug, Clone, PartialEq)]
pub struct Flat {
    /// KEY: the field's name for an object's field; NULL for an array's element.
    pub key: Value,
    /// PATH: where the element sits within FLATTEN's input (`a.b[0]`).
    pub path: String,
    /// INDEX: the element's position for an array's element; NULL for an object's field.
    pub index: Value,
    /// VALUE: the element itself.
    pub value: Value,
    /// THIS: the object or array the element belongs to.
    pub this: Value,
}

/// FLATTEN's rows for one input: the elements of the value at `path` (recursively, with
/// `recursive`); with `outer`, one row of NULLs when there are none.
pub fn flatten(
    input: &Value,
    path: &[Step],
    outer: bool,
    recursive: bool,
    mode: Mode,
) -> Vec<Flat> {
    let start = get_path(input, path);
    let base = path.iter().fold(String::new(), |p, s| path_text(&p, s));
    let mut rows = Vec::new();
    expand(&start, &base, recursive, mode, &mut rows);
    if rows.is_empty() && outer {
        rows.push(Flat {
            key: Value::Null,
            path: base,
            index: Value::Null,
            value: Value::Null,
            this: start,
        });
    }
    rows
}

fn expand(this: &Value, at: &str, recursive: bool, mode: Mode, rows: &mut Vec<Flat>) {
    match this {
        Value::Map(m) if mode != Mode::Array => {
            for (k, v) in m {
                let path = path_text(at, &Step::Key(k.clone()));
                rows.push(Flat {
                    key: Value::Str(k.clone()),
                    path: path.clone(),
                    index: Value::Null,
                    value: v.clone(),
                    this: this.clone(),
                });
                if recursive {
                    expand(v, &path, recursive, mode, rows);
                }
            }
        }
        Value::List(items) if mode != Mode::Object => {
            for (i, v) in items.iter().enumerate() {
                let path = path_text(at, &Step::Index(i as i64));
                rows.push(Flat {
                    key: Value::Null,
                    path: path.clone(),
                    index: Value::Decimal(Decimal::from(i as u64)),
                    value: v.clone(),
                    this: this.clone(),
                });
                if recursive {
                    expand(v, &path, recursive, mode, rows);
                }
            }
        }
        _ => {}
    }
}

/// A VARIANT cast to a SQL type (`v:price::NUMBER(10,2)`): strings are read as the type's text,
/// OBJECTs and ARRAYs cast to VARCHAR give their JSON.
pub fn cast(v: Value, ty: SfType) -> Result<Value, String> {
    let v = match (ty, v) {
        (_, Value::Null) => return Ok(Value::Null),
        (SfType::Variant, v) => return Ok(v),
        (SfType::Object, v @ Value::Map(_)) | (SfType::Array, v @ Value::List(_)) => return Ok(v),
        (SfType::Object | SfType::Array, other) => {
            return Err(format!(
                "Failed to cast variant value {} to {ty}",
                to_json(&other)
            ));
        }
        (SfType::Varchar(_), v @ (Value::Map(_) | Value::List(_))) => Value::Str(to_json(&v)),
        (
            SfType::Number { .. } | SfType::Float | SfType::Boolean,
            v @ (Value::Map(_) | Value::List(_)),
        ) => {
            return Err(format!(
                "Failed to cast variant value {} to {ty}",
                to_json(&v)
            ));
        }
        (_, v) => v,
    };
    ty.coerce(v).map_err(|e| e.message)
}

/// Snowflake's semi-structured functions, over evaluated arguments. `None` for a name this file
/// does not evaluate.
pub fn call(name: &str, args: &[Value]) -> Option<Result<Value, String>> {
    let arity = |n: std::ops::RangeInclusive<usize>| crate::scalar::arity(name, args.len(), n);
    let text = |v: &Value| -> Option<String> {
        match v {
            Value::Null => None,
            Value::Str(s) => Some(s.clone()),
            other => Some(display_value(other)),
        }
    };
    let result = (|| -> Result<Value, String> {
        Ok(match name {
            "PARSE_JSON" | "TRY_PARSE_JSON" => {
                arity(1..=2)?;
                match text(&args[0]) {
                    None => Value::Null,
                    Some(t) => match parse_json(&t) {
                        Ok(v) => v,
                        Err(_) if name == "TRY_PARSE_JSON" => Value::Null,
                        Err(e) => return Err(e),
                    },
                }
            }
            "CHECK_JSON" => {
                arity(1..=1)?;
                match text(&args[0]) {
                    None => Value::Null,
                    Some(t) => match parse_json(&t) {
                        Ok(_) => Value::Null,
                        Err(e) => Value::Str(e),
                    },
                }
            }
            "TO_VARIANT" => {
                arity(1..=1)?;
                args[0].clone()
            }
            "TO_JSON" => {
                arity(1..=1)?;
                match &args[0] {
                    Value::Null => Value::Null,
                    v => Value::Str(to_json(v)),
                }
            }
            "TO_OBJECT" | "TO_ARRAY" | "AS_OBJECT" | "AS_ARRAY" => {
                arity(1..=1)?;
                match (&args[0], name) {
                    (Value::Null, _) => Value::Null,
                    (v @ Value::Map(_), "TO_OBJECT" | "AS_OBJECT")
                    | (v @ Value::List(_), "TO_ARRAY" | "AS_ARRAY") => v.clone(),
                    (v, "TO_ARRAY") => Value::List(vec![v.clone()]),
                    (_, "AS_OBJECT" | "AS_ARRAY") => Value::Null,
                    (v, _) => {
                        return Err(format!(
                            "Invalid argument type for TO_OBJECT: {}",
                            type_name(v)
                        ));
                    }
                }
            }
            "TYPEOF" => {
                arity(1..=1)?;
                match &args[0] {
                    Value::Null => Value::Null,
                    v => Value::Str(type_name(v).to_owned()),
                }
            }
            "IS_OBJECT" | "IS_ARRAY" | "IS_VARCHAR" | "IS_BOOLEAN" | "IS_INTEGER"
            | "IS_DECIMAL" | "IS_DOUBLE" | "IS_NULL_VALUE" => {
                arity(1..=1)?;
                let t = type_name(&args[0]);
                match (&args[0], name) {
                    (Value::Null, _) => Value::Null,
                    (_, "IS_DECIMAL") => Value::Bool(t == "DECIMAL" || t == "INTEGER"),
                    (_, "IS_DOUBLE") => Value::Bool(matches!(t, "DOUBLE" | "DECIMAL" | "INTEGER")),
                    _ => Value::Bool(name[3..] == *t),
                }
            }
            "AS_VARCHAR" | "AS_CHAR" => {
                arity(1..=1)?;
                match &args[0] {
                    Value::Str(s) => Value::Str(s.clone()),
                    _ => Value::Null,
                }
            }
            "AS_INTEGER" | "AS_NUMBER" | "AS_DECIMAL" => {
                arity(1..=1)?;
                match &args[0] {
                    v @ (Value::Decimal(_) | Value::I64(_)) => {
                        Value::Decimal(to_decimal(v).unwrap_or_default())
                    }
                    _ => Value::Null,
                }
            }
            "AS_DOUBLE" | "AS_REAL" => {
                arity(1..=1)?;
                match &args[0] {
                    Value::F64(f) => Value::F64(*f),
                    v @ (Value::Decimal(_) | Value::I64(_)) => cast(v.clone(), SfType::Float)?,
                    _ => Value::Null,
                }
            }
            "AS_BOOLEAN" => {
                arity(1..=1)?;
                match &args[0] {
                    Value::Bool(b) => Value::Bool(*b),
                    _ => Value::Null,
                }
            }
            "OBJECT_CONSTRUCT" | "OBJECT_CONSTRUCT_KEEP_NULL" => {
                if !args.len().is_multiple_of(2) {
                    return Err(format!(
                        "Invalid number of arguments for function {name}: expected pairs of key and value."
                    ));
                }
                let mut m = BTreeMap::new();
                for pair in args.chunks(2) {
                    let Some(k) = text(&pair[0]) else { continue };
                    if matches!(pair[1], Value::Null) && name == "OBJECT_CONSTRUCT" {
                        continue;
                    }
                    m.insert(k, pair[1].clone());
                }
                Value::Map(m)
            }
            "ARRAY_CONSTRUCT" => Value::List(args.to_vec()),
            "ARRAY_CONSTRUCT_COMPACT" => Value::List(
                args.iter()
                    .filter(|v| !matches!(v, Value::Null))
                    .cloned()
                    .collect(),
            ),
            "GET" => {
                arity(2..=2)?;
                match (&args[0], &args[1]) {
                    (Value::Null, _) | (_, Value::Null) => Value::Null,
                    (Value::List(_), i) => {
                        match to_decimal(i).and_then(|d| i64::try_from(d).ok()) {
                            Some(i) => get(&args[0], &Step::Index(i)),
                            None => Value::Null,
                        }
                    }
                    (v, k) => get(v, &Step::Key(text(k).unwrap_or_default())),
                }
            }
            "GET_PATH" | "JSON_EXTRACT_PATH_TEXT" => {
                arity(2..=2)?;
                let (Some(path), false) = (text(&args[1]), matches!(args[0], Value::Null)) else {
                    return Ok(Value::Null);
                };
                let input = match (&args[0], name) {
                    (Value::Str(s), "JSON_EXTRACT_PATH_TEXT") => parse_json(s)?,
                    (v, _) => v.clone(),
                };
                let found = get_path(&input, &parse_path(&path)?);
                match (found, name) {
                    (Value::Null, _) => Value::Null,
                    (Value::Str(s), "JSON_EXTRACT_PATH_TEXT") => Value::Str(s),
                    (v, "JSON_EXTRACT_PATH_TEXT") => Value::Str(to_json(&v)),
                    (v, _) => v,
                }
            }
            "ARRAY_SIZE" => {
                arity(1..=1)?;
                match &args[0] {
                    Value::List(items) => Value::Decimal(Decimal::from(items.len() as u64)),
                    _ => Value::Null,
                }
            }
            "OBJECT_KEYS" => {
                arity(1..=1)?;
                match &args[0] {
                    Value::Map(m) => Value::List(m.keys().cloned().map(Value::Str).collect()),
                    _ => Value::Null,
                }
            }
            "ARRAY_CONTAINS" => {
                arity(2..=2)?;
                match &args[1] {
                    Value::List(items) => {
                        let key = crate::types::sort_key(&args[0]);
                        Value::Bool(items.iter().any(|v| crate::types::sort_key(v) == key))
                    }
                    _ => Value::Null,
                }
            }
            "ARRAY_TO_STRING" => {
                arity(2..=2)?;
                match (&args[0], text(&args[1])) {
                    (Value::List(items), Some(sep)) => Value::Str(
                        items
                            .iter()
                            .map(|v| match v {
                                Value::Null => String::new(),
                                Value::Str(s) => s.clone(),
                                v => to_json(v),
                            })
                            .collect::<Vec<_>>()
                            .join(&sep),
                    ),
                    _ => Value::Null,
                }
            }
            "ARRAY_APPEND" | "ARRAY_PREPEND" => {
                arity(2..=2)?;
                match &args[0] {
                    Value::List(items) => {
                        let mut items = items.clone();
                        if name == "ARRAY_APPEND" {
                            items.push(args[1].clone());
                        } else {
                            items.insert(0, args[1].clone());
                        }
                        Value::List(items)
                    }
                    _ => Value::Null,
                }
            }
            "ARRAY_CAT" => {
                arity(2..=2)?;
                match (&args[0], &args[1]) {
                    (Value::List(a), Value::List(b)) => {
                        Value::List(a.iter().chain(b).cloned().collect())
                    }
                    _ => Value::Null,
                }
            }
            "ARRAY_DISTINCT" => {
                arity(1..=1)?;
                match &args[0] {
                    Value::List(items) => {
                        let mut seen = std::collections::HashSet::new();
                        Value::List(
                            items
                                .iter()
                                .filter(|v| seen.insert(to_json(v)))
                                .cloned()
                                .collect(),
                        )
                    }
                    _ => Value::Null,
                }
            }
            "ARRAY_SLICE" => {
                arity(3..=3)?;
                let bound = |v: &Value| to_decimal(v).and_then(|d| i64::try_from(d.trunc()).ok());
                match (&args[0], bound(&args[1]), bound(&args[2])) {
                    (Value::List(items), Some(from), Some(to)) => {
                        let n = items.len() as i64;
                        let at = |i: i64| (if i < 0 { n + i } else { i }).clamp(0, n) as usize;
                        let (from, to) = (at(from), at(to));
                        Value::List(if from < to {
                            items[from..to].to_vec()
                        } else {
                            Vec::new()
                        })
                    }
                    _ => Value::Null,
                }
            }
            "OBJECT_INSERT" => {
                arity(3..=4)?;
                match (&args[0], text(&args[1])) {
                    (Value::Map(m), Some(k)) => {
                        let update = args.get(3).is_some_and(|u| matches!(u, Value::Bool(true)));
                        if m.contains_key(&k) && !update {
                            return Err(format!(
                                "Duplicate field key '{k}' in OBJECT_INSERT (set the update flag to replace it)."
                            ));
                        }
                        let mut m = m.clone();
                        if matches!(args[2], Value::Null) {
                            m.remove(&k);
                        } else {
                            m.insert(k, args[2].clone());
                        }
                        Value::Map(m)
                    }
                    _ => Value::Null,
                }
            }
            "OBJECT_DELETE" => match args.first() {
                Some(Value::Map(m)) => {
                    let mut m = m.clone();
                    for k in args[1..].iter().filter_map(text) {
                        m.remove(&k);
                    }
                    Value::Map(m)
                }
                _ => Value::Null,
            },
            "OBJECT_PICK" => match args.first() {
                Some(Value::Map(m)) => {
                    let keys: Vec<String> = match args.get(1) {
                        Some(Value::List(items)) if args.len() == 2 => {
                            items.iter().filter_map(text).collect()
                        }
                        _ => args[1..].iter().filter_map(text).collect(),
                    };
                    Value::Map(
                        m.iter()
                            .filter(|(k, _)| keys.contains(k))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    )
                }
                _ => Value::Null,
            },
            "SPLIT" | "STRTOK_TO_ARRAY" => {
                arity(1..=2)?;
                let Some(s) = text(&args[0]) else {
                    return Ok(Value::Null);
                };
                let sep = match args.get(1) {
                    Some(v) => match text(v) {
                        Some(sep) => sep,
                        None => return Ok(Value::Null),
                    },
                    None => " ".to_owned(),
                };
                let parts: Vec<Value> = if name == "SPLIT" {
                    if sep.is_empty() {
                        vec![Value::Str(s)]
                    } else {
                        s.split(sep.as_str())
                            .map(|p| Value::Str(p.to_owned()))
                            .collect()
                    }
                } else {
                    s.split(|c| sep.contains(c))
                        .filter(|p| !p.is_empty())
                        .map(|p| Value::Str(p.to_owned()))
                        .collect()
                };
                Value::List(parts)
            }
            _ => return Err(String::new()),
        })
    })();
    match result {
        Err(e) if e.is_empty() => None,
        other => Some(other),
    }
}

/// Names [`call`] evaluates.
pub const FUNCTIONS: &[&str] = &[
    "PARSE_JSON",
    "TRY_PARSE_JSON",
    "CHECK_JSON",
    "TO_VARIANT",
    "TO_JSON",
    "TO_OBJECT",
    "TO_ARRAY",
    "AS_OBJECT",
    "AS_ARRAY",
    "TYPEOF",
    "IS_OBJECT",
    "IS_ARRAY",
    "IS_VARCHAR",
    "IS_BOOLEAN",
    "IS_INTEGER",
    "IS_DECIMAL",
    "IS_DOUBLE",
    "IS_NULL_VALUE",
    "AS_VARCHAR",
    "AS_CHAR",
    "AS_INTEGER",
    "AS_NUMBER",
    "AS_DECIMAL",
    "AS_DOUBLE",
    "AS_REAL",
    "AS_BOOLEAN",
    "OBJECT_CONSTRUCT",
    "OBJECT_CONSTRUCT_KEEP_NULL",
    "ARRAY_CONSTRUCT",
    "ARRAY_CONSTRUCT_COMPACT",
    "GET",
    "GET_PATH",
    "JSON_EXTRACT_PATH_TEXT",
    "ARRAY_SIZE",
    "OBJECT_KEYS",
    "ARRAY_CONTAINS",
    "ARRAY_TO_STRING",
    "ARRAY_APPEND",
    "ARRAY_PREPEND",
    "ARRAY_CAT",
    "ARRAY_DISTINCT",
    "ARRAY_SLICE",
    "OBJECT_INSERT",
    "OBJECT_DELETE",
    "OBJECT_PICK",
    "SPLIT",
    "STRTOK_TO_ARRAY",
];

/// The SQL type a semi-structured function returns.
pub fn return_type(name: &str) -> SfType {
    match name {
        "TO_JSON"
        | "TYPEOF"
        | "AS_VARCHAR"
        | "AS_CHAR"
        | "ARRAY_TO_STRING"
        | "CHECK_JSON"
        | "JSON_EXTRACT_PATH_TEXT" => SfType::Varchar(None),
        "ARRAY_SIZE" | "AS_INTEGER" => SfType::INTEGER,
        "AS_NUMBER" | "AS_DECIMAL" => SfType::Number {
            precision: 38,
            scale: 0,
        },
        "AS_DOUBLE" | "AS_REAL" => SfType::Float,
        "AS_BOOLEAN" | "ARRAY_CONTAINS" => SfType::Boolean,
        n if n.starts_with("IS_") => SfType::Boolean,
        "OBJECT_CONSTRUCT"
        | "OBJECT_CONSTRUCT_KEEP_NULL"
        | "TO_OBJECT"
        | "AS_OBJECT"
        | "OBJECT_INSERT"
        | "OBJECT_DELETE"
        | "OBJECT_PICK" => SfType::Object,
        "ARRAY_CONSTRUCT"
        | "ARRAY_CONSTRUCT_COMPACT"
        | "TO_ARRAY"
        | "AS_ARRAY"
        | "OBJECT_KEYS"
        | "ARRAY_APPEND"
        | "ARRAY_PREPEND"
        | "ARRAY_CAT"
        | "ARRAY_DISTINCT"
        | "ARRAY_SLICE"
        | "SPLIT"
        | "STRTOK_TO_ARRAY" => SfType::Array,
        _ => SfType::Variant,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> Value {
        parse_json(s).unwrap()
    }

    #[test]
    fn json_round_trips_with_sorted_keys_and_exact_numbers() {
        assert_eq!(
            to_json(&json(
                r#"{"b": [1, 2.50, "x"], "a": null, "c": {"d": true}}"#
            )),
            r#"{"a":null,"b":[1,2.5,"x"],"c":{"d":true}}"#
        );
        assert_eq!(json("0.1"), Value::Decimal("0.1".parse().unwrap()));
        assert_eq!(to_json(&json("1.5e3")), "1500");
        assert_eq!(json(""), Value::Null);
        assert!(
            parse_json("{bad")
                .unwrap_err()
                .starts_with("Error parsing JSON")
        );
    }

    #[test]
    fn paths_reach_keys_and_indexes_and_miss_to_null() {
        let v = json(r#"{"a": {"b c": [10, {"d": 4}]}}"#);
        let path = parse_path(r#"a["b c"][1].d"#).unwrap();
        assert_eq!(get_path(&v, &path), Value::Decimal(4.into()));
        assert_eq!(get_path(&v, &parse_path("a.x.y").unwrap()), Value::Null);
        assert_eq!(
            get_path(&v, &parse_path("a['b c'][9]").unwrap()),
            Value::Null
        );
        assert!(parse_path("a[").is_err());
    }

    #[test]
    fn flatten_lists_elements_keys_paths_and_outer_rows() {
        let v = json(r#"{"items": [{"sku": "A"}, {"sku": "B"}]}"#);
        let rows = flatten(&v, &[Step::Key("items".into())], false, false, Mode::Both);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].path, "items[1]");
        assert_eq!(rows[1].index, Value::Decimal(1.into()));
        assert_eq!(to_json(&rows[1].value), r#"{"sku":"B"}"#);
        let nested = flatten(&v, &[], false, true, Mode::Both);
        let paths: Vec<&str> = nested.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "items",
                "items[0]",
                "items[0].sku",
                "items[1]",
                "items[1].sku"
            ]
        );
        assert!(flatten(&json("[]"), &[], false, false, Mode::Both).is_empty());
        assert_eq!(flatten(&json("[]"), &[], true, false, Mode::Both).len(), 1);
    }

    #[test]
    fn functions_follow_snowflake() {
        let s = |x: &str| Value::Str(x.to_owned());
        let obj = call("OBJECT_CONSTRUCT", &[s("b"), Value::Null, s("a"), s("x")])
            .unwrap()
            .unwrap();
        assert_eq!(to_json(&obj), r#"{"a":"x"}"#);
        let keep = call("OBJECT_CONSTRUCT_KEEP_NULL", &[s("b"), Value::Null])
            .unwrap()
            .unwrap();
        assert_eq!(to_json(&keep), r#"{"b":null}"#);
        let parts = call("SPLIT", &[s("a,b,,c"), s(",")]).unwrap().unwrap();
        assert_eq!(to_json(&parts), r#"["a","b","","c"]"#);
        assert_eq!(
            call("TYPEOF", &[json("1.5")]).unwrap().unwrap(),
            s("DECIMAL")
        );
        assert_eq!(
            call("TRY_PARSE_JSON", &[s("{")]).unwrap().unwrap(),
            Value::Null
        );
        assert!(call("PARSE_JSON", &[s("{")]).unwrap().is_err());
        assert_eq!(
            call("ARRAY_SLICE", &[json("[0,1,2,3]"), json("1"), json("-1")])
                .unwrap()
                .unwrap(),
            json("[1,2]")
        );
        assert!(call("NOT_A_FUNCTION", &[]).is_none());
    }

    #[test]
    fn casts_out_of_variant_read_strings_and_print_json() {
        let v = json(r#"{"p": "12.345", "o": {"k": 1}}"#);
        let p = get(&v, &Step::Key("p".into()));
        assert_eq!(
            cast(
                p,
                SfType::Number {
                    precision: 10,
                    scale: 2
                }
            )
            .unwrap(),
            Value::Decimal("12.35".parse().unwrap())
        );
        let o = get(&v, &Step::Key("o".into()));
        assert_eq!(
            cast(o.clone(), SfType::Varchar(None)).unwrap(),
            Value::Str(r#"{"k":1}"#.into())
        );
        assert!(cast(o, SfType::INTEGER).is_err());
    }
}
