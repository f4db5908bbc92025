//! Windows command lines: one argument quoted so that `CommandLineToArgvW` and the C runtime
//! read it back as it was (a Task Scheduler action's `Arguments` is one string), and the reverse.
//!
//! The rules: arguments are split at spaces and tabs outside quotes; `"` toggles quoting;
//! `2n` backslashes before a `"` are `n` backslashes and the quote acts, `2n+1` are `n` and a
//! literal `"`; backslashes elsewhere are literal (learn.microsoft.com, "Parsing C++
//! command-line arguments").

/// `arg` as one argument of a Windows command line: unchanged when it needs no quotes.
pub fn quote(arg: &str) -> String {
    if !arg.is_empty() && !arg.contains([' ', '\t', '"']) {
        return arg.to_owned();
    }
    let mut out = String::from("\"");
    let mut backslashes = 0usize;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                out.extend(std::iter::repeat_n('\\', backslashes * 2 + 1));
                out.push('"');
                backslashes = 0;
            }
            other => {
                out.extend(std::iter::repeat_n('\\', backslashes));
                out.push(other);
                backslashes = 0;
            }
        }
    }
    // Backslashes before the closing quote are doubled so that it still closes.
    out.extend(std::iter::repeat_n('\\', backslashes * 2));
    out.push('"');
    out
}

/// A command line of several arguments, each quoted as needed.
pub fn join<S: AsRef<str>>(args: &[S]) -> String {
    args.iter().map(|a| quote(a.as_ref())).collect::<Vec<_>>().join(" ")
}

/// Splits a command line's arguments (not the program name, whose rules differ) as the C
/// runtime does.
pub fn split(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current = String::new();
    let mut in_arg = false;
    let mut quoted = false;
    let mut backslashes = 0usize;
    for c in line.chars() {
        match c {
            '\\' => {
                backslashes += 1;
                in_arg = true;
            }
            '"' => {
                current.extend(std::iter::repeat_n('\\', backslashes / 2));
                if backslashes % 2 == 1 {
                    current.push('"');
                } else {
                    quoted = !quoted;
                }
                backslashes = 0;
                in_arg = true;
            }
            ' ' | '\t' if !quoted => {
                current.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
                if in_arg {
                    args.push(std::mem::take(&mut current));
                    in_arg = false;
                }
            }
            other => {
                current.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
                current.push(other);
                in_arg = true;
            }
        }
    }
    current.extend(std::iter::repeat_n('\\', backslashes));
    if in_arg {
        args.push(current);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_with_spaces_and_trailing_backslashes_are_quoted() {
        assert_eq!(quote(r"C:\Users\山田\wsltune.db"), r"C:\Users\山田\wsltune.db");
        assert_eq!(quote(r"C:\Users\A B\x.db"), r#""C:\Users\A B\x.db""#);
        assert_eq!(quote(r"C:\A B\"), r#""C:\A B\\""#);
        assert_eq!(quote(""), r#""""#);
        assert_eq!(quote(r#"a"b"#), r#""a\"b""#);
        assert_eq!(split(r#"--db "C:\A B\\" x"#), ["--db", r"C:\A B\", "x"]);
    }

    proptest! {
        /// Whatever the arguments, quoting then splitting gives them back.
        #[test]
        fn quote_then_split_round_trips(args in proptest::collection::vec("[a-zA-Z\\\\\" \t山:.]{0,12}", 1..5)) {
            prop_assert_eq!(split(&join(&args)), args);
        }
    }
}
