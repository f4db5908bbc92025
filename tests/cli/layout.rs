//! The shape of the source tree (STYLE.md rules 2 and 9, DESIGN.md "The shape of the tree"):
//! `lib.rs` lists the layers in pipeline order and each imports only layers listed before it,
//! so no two import each other; no layer imports `cli` or `commands`; no source file passes
//! 500 lines.
//!
//! Imports are read from the code with its comments and literals blanked: every `crate::<module>`
//! path, each name of a `crate::{a, b}` list (over as many lines as rustfmt gives it), and
//! `super::` chains that climb to the crate root. The checker is tested on small trees that
//! break each rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules that know the command line; no layer may import them.
const COMMAND_LINE: [&str; 2] = ["cli", "commands"];

/// Above this many lines a file must be split by idea (STYLE.md rule 9 says ~400).
const MAX_LINES: usize = 500;

/// `text` with its comments and the contents of its string and character literals blanked
/// (each character a space, line breaks kept), so that only code is left to read.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            // Block comments nest in Rust.
            let mut depth = 0usize;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= chars.len() {
                    break;
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (at(i + 1) == '"' || at(i + 1) == '#')
            && !is_ident(at(i.wrapping_sub(1)))
        {
            // A raw string: r"…", r#"…"#, ...
            let mut hashes = 0;
            let mut j = i + 1;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            if at(j) != '"' {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String =
                std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let body_start = j + 1;
            let rest: String = chars[body_start..].iter().collect();
            let body_len =
                rest.find(&close).map_or(rest.chars().count(), |b| rest[..b].chars().count());
            out.extend(std::iter::repeat_n(' ', body_start - i));
            out.extend(chars[body_start..body_start + body_len].iter().map(|c| blank(*c)));
            out.extend(std::iter::repeat_n(
                ' ',
                close.len().min(chars.len() - body_start - body_len),
            ));
            i = body_start + body_len + close.len();
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A character literal ('x', '\n', '\u{1F600}'); otherwise a lifetime.
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    &s[..s.find(|c: char| !is_ident(c)).unwrap_or(s.len())]
}

/// The top-level modules `lib.rs` declares, in order (`mod`, `pub mod`, `pub(crate) mod`, with
/// or without attributes before them).
fn declared_modules(lib_rs: &str) -> Vec<String> {
    let code = code_only(lib_rs);
    let words: Vec<&str> = code.split(|c: char| c.is_whitespace() || c == ']').collect();
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (k, word) in words.iter().enumerate() {
        depth += word.matches('{').count();
        depth = depth.saturating_sub(word.matches('}').count());
        if *word == "mod"
            && depth == 0
            && let Some(name) = words.get(k + 1).and_then(|w| w.strip_suffix(';'))
        {
            out.push(name.to_owned());
        }
    }
    out
}

/// Every `.rs` file under `dir` (or `dir` itself when it is a file), sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if dir.is_file() {
        out.push(dir.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The top-level modules a file's code names: `crate::x` (with each name of a `crate::{x, y}`
/// list, over as many lines as it takes), and `super::` chains that climb to the crate root.
/// `depth` is how deep the file's module is (`src/a.rs` and `src/a/mod.rs` 1, `src/a/b.rs` 2);
/// inline `mod x { … }` blocks add to it.
fn crate_references(text: &str, depth: usize) -> Vec<String> {
    let code = code_only(text);
    let mut out = Vec::new();
    // The brace depths at which inline modules opened.
    let mut inline: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    let mut pending_mod = false;
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let c = rest.chars().next().unwrap_or(' ');
        let starts_word = !code[..i].chars().next_back().is_some_and(|p| is_ident(p) || p == '$');
        if c == '{' {
            braces += 1;
            if pending_mod {
                inline.push(braces);
                pending_mod = false;
            }
        } else if c == '}' {
            if inline.last() == Some(&braces) {
                inline.pop();
            }
            braces = braces.saturating_sub(1);
        } else if c == ';' {
            pending_mod = false;
        } else if starts_word && ident(rest) == "mod" {
            pending_mod = true;
        } else if starts_word && rest.starts_with("crate::") {
            out.extend(path_heads(&rest["crate::".len()..]));
        } else if starts_word && rest.starts_with("super::") {
            let mut climbed = 0;
            let mut after = rest;
            while let Some(r) = after.strip_prefix("super::") {
                climbed += 1;
                after = r.trim_start();
            }
            if climbed >= depth + inline.len() {
                out.extend(path_heads(after));
            }
            i += rest.len() - after.len();
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// The first segment of the path at the start of `s`, or of each item of a `{a, b::c}` list.
fn path_heads(s: &str) -> Vec<String> {
    let s = s.trim_start();
    let Some(list) = s.strip_prefix('{') else {
        let name = ident(s);
        return if name.is_empty() { Vec::new() } else { vec![name.to_owned()] };
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut item_start = true;
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if item_start && (c.is_ascii_alphabetic() || c == '_') => {
                out.push(ident(&list[i..]).to_owned());
                item_start = false;
            }
            _ => {}
        }
    }
    out
}

/// How deep the module of `file` (under `src/<module>`) is: `src/a.rs` and `src/a/mod.rs` 1,
/// `src/a/b.rs` and `src/a/b/mod.rs` 2, and so on.
fn module_depth(src: &Path, file: &Path) -> usize {
    let parts = file.strip_prefix(src).map_or(1, |p| p.components().count());
    if file.file_name().is_some_and(|n| n == "mod.rs") { parts - 1 } else { parts }
}

/// The files of top-level module `name` under `src`: `name.rs`, `name/**/*.rs`.
fn module_files(src: &Path, name: &str) -> Vec<PathBuf> {
    let mut files = rust_files(&src.join(format!("{name}.rs")));
    files.extend(rust_files(&src.join(name)));
    files
}

/// Every broken rule of the tree under `root` (its `src/`, and the line counts of `src/`,
/// `tests/` and `benches/`), in words.
fn violations(root: &Path) -> Vec<String> {
    let src = root.join("src");
    let Ok(lib) = std::fs::read_to_string(src.join("lib.rs")) else {
        return vec![format!("{} has no src/lib.rs", root.display())];
    };
    let order = declared_modules(&lib);
    let mut out = Vec::new();
    // Who imports whom, with a file where it happens.
    let mut imports: BTreeMap<&str, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for name in &order {
        let found = imports.entry(name).or_default();
        for file in module_files(&src, name) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for other in crate_references(&text, module_depth(&src, &file)) {
                if &other != name && order.contains(&other) {
                    found.entry(other).or_insert_with(|| file.clone());
                }
            }
        }
    }
    for (position, name) in order.iter().enumerate() {
        let is_layer = !COMMAND_LINE.contains(&name.as_str());
        for (other, file) in &imports[name.as_str()] {
            let rel = file.strip_prefix(root).unwrap_or(file).display();
            let other_position = order.iter().position(|m| m == other).unwrap_or(0);
            if is_layer && COMMAND_LINE.contains(&other.as_str()) {
                out.push(format!("layer `{name}` imports `{other}` ({rel})"));
            } else if is_layer && other_position > position {
                out.push(format!(
                    "layer `{name}` imports `{other}`, listed after it in lib.rs ({rel})"
                ));
            }
            if imports.get(other.as_str()).is_some_and(|back| back.contains_key(name))
                && name < other
            {
                out.push(format!("`{name}` and `{other}` import each other ({rel})"));
            }
        }
    }
    for dir in ["src", "tests", "benches"] {
        for file in rust_files(&root.join(dir)) {
            let lines = std::fs::read_to_string(&file).unwrap_or_default().lines().count();
            if lines > MAX_LINES {
                let rel = file.strip_prefix(root).unwrap_or(&file).display().to_string();
                out.push(format!(
                    "{rel} has {lines} lines (at most {MAX_LINES}: split it by idea)"
                ));
            }
        }
    }
    out
}

#[test]
fn the_tree_reads_as_the_pipeline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let order = declared_modules(&std::fs::read_to_string(root.join("src/lib.rs")).unwrap());
    // The leaves first, the command line last: what DESIGN.md describes.
    assert_eq!(order.first().map(String::as_str), Some("fsinfo"), "{order:?}");
    assert_eq!(order[order.len() - 2..], ["cli", "commands"], "{order:?}");
    let found = violations(root);
    assert!(found.is_empty(), "the tree breaks its layout rules:\n{}", found.join("\n"));
}

/// A tree under a temporary folder, from (path, contents) pairs.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const LIB: &str =
    "pub mod units;\npub mod locate;\npub mod store;\npub mod cli;\npub mod commands;\n";

#[test]
fn the_checker_finds_each_broken_rule() {
    let good = tree(&[
        ("src/lib.rs", LIB),
        ("src/units.rs", "//! Leaf. Mentions crate::cli in a comment only.\n"),
        ("src/locate/mod.rs", "use crate::units::GIB;\n"),
        ("src/store.rs", "use crate::{locate::Role, units};\n"),
        ("src/cli.rs", "use crate::store::span::Span;\n"),
        ("src/commands/mod.rs", "use crate::{cli::Cli, store};\n"),
    ]);
    assert_eq!(violations(good.path()), Vec::<String>::new());

    let up_and_around = tree(&[
        ("src/lib.rs", LIB),
        ("src/units.rs", ""),
        ("src/locate/mod.rs", "mod disk;\n"),
        ("src/locate/disk.rs", "fn f() { let _ = crate::cli::Cli::parse(); }\n"),
        ("src/store.rs", "use crate::{units, commands::run};\n"),
        ("src/cli.rs", "use crate::commands;\n"),
        ("src/commands/mod.rs", "use crate::cli::Cli;\n"),
    ]);
    let found = violations(up_and_around.path());
    assert_eq!(
        found,
        [
            "layer `locate` imports `cli` (src/locate/disk.rs)",
            "layer `store` imports `commands` (src/store.rs)",
            "`cli` and `commands` import each other (src/cli.rs)",
        ],
    );

    // Paths rustfmt spreads over lines, `super::` chains that climb out, a `//` in a string,
    // and modules declared with attributes or a restricted visibility are all read; paths in
    // strings and comments, `$crate::` and lifetimes are not.
    let hidden = tree(&[
        (
            "src/lib.rs",
            "pub mod units;\n#[cfg(test)] pub mod locate;\npub(crate) mod store;\npub mod cli;\npub mod commands;\n",
        ),
        (
            "src/units.rs",
            "const Q: char = '\"';\nfn f<'a>(s: &'a str) -> &'a str { s }\nconst S: &str = \"crate::cli /* crate::commands\";\n/* crate::cli\n  /* nested */ crate::store */\nmacro_rules! m { () => { $crate::cli::X } }\n",
        ),
        ("src/locate/mod.rs", "mod find;\nuse crate::{\n    units::GIB,\n    store::Store,\n};\n"),
        (
            "src/locate/find.rs",
            "fn f() { let url = format!(\"http://{}\", crate::cli::X); }\nmod inner {\n    use super::super::units;\n    use super::super::super::commands::run;\n}\n",
        ),
        ("src/store.rs", "mod tests {\n    use super::super::cli;\n}\n"),
    ]);
    let found = violations(hidden.path());
    assert_eq!(
        found,
        [
            "layer `locate` imports `cli` (src/locate/find.rs)",
            "layer `locate` imports `commands` (src/locate/find.rs)",
            "layer `locate` imports `store`, listed after it in lib.rs (src/locate/mod.rs)",
            "layer `store` imports `cli` (src/store.rs)",
        ],
    );

    let cycle_and_length = tree(&[
        ("src/lib.rs", LIB),
        ("src/units.rs", ""),
        ("src/locate.rs", "use crate::store::Store;\n"),
        ("src/store.rs", "use crate::locate;\n"),
        ("tests/cli/long.rs", &"// a line\n".repeat(MAX_LINES + 1)),
    ]);
    let found = violations(cycle_and_length.path());
    assert_eq!(
        found,
        [
            "layer `locate` imports `store`, listed after it in lib.rs (src/locate.rs)",
            "`locate` and `store` import each other (src/locate.rs)",
            "tests/cli/long.rs has 501 lines (at most 500: split it by idea)",
        ],
    );
}
