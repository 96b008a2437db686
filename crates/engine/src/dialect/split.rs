//! Splitting a script into statements, and binding `?` / `%s` parameters, outside of quotes and comments.

use crate::error::{Position, Result, SqlError};

/// One statement of a script: its text and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The statement's text, from its first code character, without trailing blanks.
    pub text: String,
    /// Where the statement starts in the script, so that error positions refer to the script.
    pub start: Position,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Code,
    Single,
    Double,
    Dollar,
    Line,
    Block,
}

/// Walks the text, calling `on_code(byte, char)` for every character outside strings and comments.
fn scan(text: &str, mut on_code: impl FnMut(usize, char)) {
    let bytes = text.as_bytes();
    let mut mode = Mode::Code;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = bytes.get(i + 1).copied().map(char::from);
        match mode {
            Mode::Code => match c {
                '\'' => mode = Mode::Single,
                '"' => mode = Mode::Double,
                '$' if next == Some('$') => {
                    chars.next();
                    mode = Mode::Dollar;
                }
                '-' if next == Some('-') => mode = Mode::Line,
                '/' if next == Some('/') => mode = Mode::Line,
                '/' if next == Some('*') => {
                    chars.next();
                    mode = Mode::Block;
                }
                _ => on_code(i, c),
            },
            Mode::Single => match c {
                '\\' => {
                    chars.next();
                }
                '\'' if next == Some('\'') => {
                    chars.next();
                }
                '\'' => mode = Mode::Code,
                _ => {}
            },
            Mode::Double => {
                if c == '"' {
                    if next == Some('"') {
                        chars.next();
                    } else {
                        mode = Mode::Code;
                    }
                }
            }
            Mode::Dollar => {
                if c == '$' && next == Some('$') {
                    chars.next();
                    mode = Mode::Code;
                }
            }
            Mode::Line => {
                if c == '\n' {
                    mode = Mode::Code;
                }
            }
            Mode::Block => {
                if c == '*' && next == Some('/') {
                    chars.next();
                    mode = Mode::Code;
                }
            }
        }
    }
}

/// The 1-based line and 0-based column of a byte offset.
pub fn position_of(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64;
    Position { line, column }
}

/// Splits a script at top-level semicolons; statements holding only comments are dropped.
pub fn split_statements(script: &str) -> Vec<Piece> {
    let mut cuts = Vec::new();
    let mut has_code = Vec::new();
    let mut code_seen = false;
    let mut first_code: Option<usize> = None;
    let mut firsts = Vec::new();
    scan(script, |i, c| {
        if c == ';' {
            cuts.push(i);
            has_code.push(code_seen);
            firsts.push(first_code);
            code_seen = false;
            first_code = None;
        } else if !c.is_whitespace() {
            code_seen = true;
            first_code.get_or_insert(i);
        }
    });
    cuts.push(script.len());
    has_code.push(code_seen);
    firsts.push(first_code);
    let mut pieces = Vec::new();
    let mut start = 0;
    for ((cut, code), first) in cuts.into_iter().zip(has_code).zip(firsts) {
        if code && let Some(first) = first {
            // Comments before the first code character stay out of the statement text.
            let text = script[first..cut].trim_end().to_owned();
            pieces.push(Piece {
                text,
                start: position_of(script, first),
            });
        }
        start = cut + 1;
    }
    let _ = start;
    pieces
}

/// Replaces `?` and `%s` placeholders (outside strings and comments) by the given SQL literals, in order.
pub fn bind_params(sql: &str, literals: &[String]) -> Result<String> {
    let mut spots = Vec::new();
    let bytes = sql.as_bytes();
    scan(sql, |i, c| {
        if c == '?' || (c == '%' && bytes.get(i + 1) == Some(&b's')) {
            spots.push((i, if c == '?' { 1 } else { 2 }));
        }
    });
    if spots.len() != literals.len() {
        let at = spots
            .get(literals.len())
            .map_or(position_of(sql, sql.len()), |(i, _)| position_of(sql, *i));
        return Err(SqlError::execution(format!(
            "Bind variable count mismatch: the statement has {} placeholders but {} values were bound.",
            spots.len(),
            literals.len()
        ))
        .at(at));
    }
    let mut out =
        String::with_capacity(sql.len() + literals.iter().map(String::len).sum::<usize>());
    let mut last = 0;
    for ((i, len), lit) in spots.into_iter().zip(literals) {
        out.push_str(&sql[last..i]);
        out.push_str(lit);
        last = i + len;
    }
    out.push_str(&sql[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_semicolons_only() {
        let s = "-- c;\nSELECT 'a;b' AS x; /* ; */\nSELECT \"q;\" FROM t -- x;\n;\n  ;";
        let p = split_statements(s);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text, "SELECT 'a;b' AS x");
        assert_eq!(p[0].start, Position { line: 2, column: 0 });
        assert!(p[1].text.starts_with("SELECT \"q;\" FROM t"));
        assert_eq!(p[1].start.line, 3);
    }

    #[test]
    fn a_dollar_quoted_body_is_part_of_one_statement() {
        let s = "CREATE PROCEDURE p() RETURNS VARCHAR LANGUAGE SQL AS\n$$\nBEGIN\n  -- it's fine; really\n  \
                 INSERT INTO t SELECT 'a;b';\n  RETURN 'done';\nEND;\n$$;\nCALL p();";
        let p = split_statements(s);
        assert_eq!(p.len(), 2);
        assert!(p[0].text.starts_with("CREATE PROCEDURE p()"));
        assert!(p[0].text.ends_with("END;\n$$"));
        assert_eq!(p[1].text, "CALL p()");
        assert_eq!(p[1].start.line, 9);
    }

    #[test]
    fn binds_question_marks_and_percent_s() {
        let out = bind_params(
            "INSERT INTO t VALUES (?, %s, '?')",
            &["1".into(), "'x'".into()],
        )
        .unwrap();
        assert_eq!(out, "INSERT INTO t VALUES (1, 'x', '?')");
        assert!(bind_params("SELECT ?", &[]).is_err());
    }
}
