//! The lexer's tests: WSL's grammar, character by character, on the cases its parser treats
//! specially.

use super::*;

fn names(l: &Lexed) -> Vec<(u32, String, String)> {
    l.entries.iter().map(|e| (e.line, e.name.clone(), e.value.clone())).collect()
}

#[test]
fn values_follow_wsls_rules() {
    let text = "# c\n[wsl2]\nmemory = 4GB   # limit\r\nProcessors=2\nswapFile=C:\\\\temp\\\\swap.vhdx\nkernelCommandLine = \"vsyscall=emulate # not a comment\"\nx=4GB#y\nq=\" a \"\n";
    let l = lex(text);
    assert_eq!(
        names(&l),
        vec![
            (3, "wsl2.memory".into(), "4GB".into()),
            (4, "wsl2.Processors".into(), "2".into()),
            (5, "wsl2.swapFile".into(), "C:\\temp\\swap.vhdx".into()),
            (6, "wsl2.kernelCommandLine".into(), "vsyscall=emulate # not a comment".into()),
            (7, "wsl2.x".into(), "4GB".into()),
            (8, "wsl2.q".into(), " a ".into()),
        ]
    );
    let memory = &l.entries[0];
    assert_eq!(&text[memory.value_span.clone()], "4GB");
    assert_eq!(&text[memory.span.clone()], "memory = 4GB   # limit");
    let quoted = &l.entries[3];
    assert_eq!(&text[quoted.value_span.clone()], "\"vsyscall=emulate # not a comment\"");
    assert!(l.skipped.is_empty());
}

#[test]
fn bad_lines_are_skipped_with_wsls_warning() {
    let text = "; old comment\n[wsl2]\nmemory 4GB\nkernel=C:\\Users\\me\\bzImage\nswapFile=C:\\temp\\bzImage\n[ wsl2]\n[wsl2 ]\n[wsl2] ; c\nk=\"open\n";
    let l = lex(text);
    let problems: Vec<(u32, Problem)> =
        l.skipped.iter().map(|s| (s.line, s.problem.clone())).collect();
    assert_eq!(
        problems,
        vec![
            (1, Problem::InvalidKey),
            (3, Problem::Expected("'='")),
            (4, Problem::InvalidEscape(Some('U'))),
            (6, Problem::InvalidSection),
            (7, Problem::Expected("']'")),
            (8, Problem::Expected("' ' or '\\n'")),
            (9, Problem::Expected("\"")),
        ]
    );
    // `\t` and `\b` are valid escapes: the path is silently mangled.
    assert_eq!(l.entries[0].value, "C:\temp\u{8}zImage");
}

#[test]
fn malformed_headers_keep_the_previous_prefix() {
    // `[wsl2 ]` fails after reading "wsl2": the buffer is "wsl2" and the length is 4, so
    // the keys below still land in wsl2. `[experimental x]` leaves "expe" (cut to 4).
    let l = lex("[wsl2]\n[wsl2 ]\nmemory=1GB\n[experimental x]\nswap=0\n[ab-c]\nk=1\n");
    assert_eq!(
        names(&l),
        vec![
            (3, "wsl2.memory".into(), "1GB".into()),
            (5, "expe.swap".into(), "0".into()),
            // "ab" then resized to 4 with NULs: the C string is "ab".
            (7, "ab".into(), "1".into()),
        ]
    );
    let first = lex("[ wsl2]\nmemory=1GB\n");
    assert_eq!(names(&first), vec![(2, "memory".into(), "1GB".into())]);
}

#[test]
fn continuation_and_comments_count_lines_like_wsl() {
    let l = lex("[wsl2] # hi\nkernelCommandLine = a \\\n  b\n\n  # indented\nmemory=2GB");
    assert_eq!(
        names(&l),
        vec![
            (3, "wsl2.kernelCommandLine".into(), "a   b".into()),
            (6, "wsl2.memory".into(), "2GB".into())
        ]
    );
    assert!(l.entries[0].continued);
    assert_eq!(l.entries[0].first_line, 2);
}

#[test]
fn never_panics_on_odd_text() {
    for text in
        ["", "\\", "[", "a=\\", "a=\"", "\r", "\r\r\n", "[a]\r#\r", "é=1\n[é]\nk=é", "a=\\\u{0}"]
    {
        let _ = lex(text);
    }
}
