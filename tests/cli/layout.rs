//! The shape of the source tree (STYLE.md rules 2 and 9, DESIGN.md "The shape of the tree"):
//! `lib.rs` lists the layers in pipeline order and each imports only layers listed before it,
//! so no two import each other; no layer imports `cli` or `commands`; no source file passes
//! 500 lines.
//!
//! Imports are read as the compiler would resolve them for this tree: every `crate::<module>`
//! path outside comments, including each name of a `crate::{a, b}` list. The checker is tested on
//! small trees that break each rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules that know the command line; no layer may import them.
const COMMAND_LINE: [&str; 2] = ["cli", "commands"];

/// Above this many lines a file must be split by idea (STYLE.md rule 9 says ~400).
const MAX_LINES: usize = 500;

/// The top-level modules `lib.rs` declares, in order.
fn declared_modules(lib_rs: &str) -> Vec<String> {
    lib_rs
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//"))
        .filter_map(|l| l.strip_prefix("pub mod ").or_else(|| l.strip_prefix("mod ")))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(|name| name.trim().to_owned())
        .collect()
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

/// The top-level modules a file's code names with `crate::` (comments left out).
fn crate_references(text: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            // `wsltune::crate::` cannot occur; a name ending in `crate` (e.g. `_crate::`) is
            // not the keyword.
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(list) = rest.strip_prefix('{') {
                // `crate::{a, b::c, d}`: the first segment of each item at the first level.
                let mut depth = 0usize;
                let mut item_start = true;
                for (i, c) in list.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if item_start && (c.is_ascii_alphabetic() || c == '_') => {
                            out.push(ident(&list[i..]));
                            item_start = false;
                        }
                        _ => {}
                    }
                }
            } else {
                let name = ident(rest);
                if !name.is_empty() {
                    out.push(name);
                }
            }
        }
    }
    out
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
            for other in crate_references(&text) {
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
