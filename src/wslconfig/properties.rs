//! Property tests: files built from the kinds of lines real `.wslconfig` files have (comments in
//! any language, headers good and bad, keys with every value form, `;` lines, continuations, CRLF
//! and LF, no final newline) (1) round-trip byte for byte untouched, and (2) after an edit read
//! back with the intended values while every other line stays as it was.

use proptest::prelude::*;

use super::config::Config;
use super::edit::{self, Change, EditError};
use super::keys;
use super::lexer::lex;
use super::{Document, Encoding};

fn line() -> impl Strategy<Value = String> {
    let comment = prop::sample::select(vec!["# comment", "  # Größe 日本語", "#", "# memory=2GB"]);
    let blank = prop::sample::select(vec!["", "   ", "\t"]);
    let header = prop::sample::select(vec![
        "[wsl2]",
        "[WSL2]",
        "[experimental]",
        "[general]",
        "[wsl2] # c",
        "[wsl2] ; c",
        "[ws12]",
        "[boot]",
        "[experimental x]",
        "[ wsl2]",
        "[wsl2",
    ]);
    let key = prop::sample::select(vec![
        "memory",
        "Memory",
        "processors",
        "swap",
        "swapFile",
        "autoMemoryReclaim",
        "sparseVhd",
        "networkingMode",
        "kernelCommandLine",
        "foo",
    ]);
    let value = prop::sample::select(vec![
        "4GB",
        "4gb",
        "8",
        "010",
        "true",
        "\"a # b\"",
        "C:\\\\temp",
        "C:\\temp",
        "C:\\Users",
        "gradual",
        "x ; y",
        "",
        "\"open",
        "a \\",
    ]);
    let spacing = prop::sample::select(vec![("", ""), (" ", " "), ("  ", "\t")]);
    let tail = prop::sample::select(vec!["", "   ", " # note", "# n", "\t# tab"]);
    let kv = (key, spacing, value, tail).prop_map(|(k, (a, b), v, t)| format!("{k}{a}={b}{v}{t}"));
    prop_oneof![
        1 => comment.prop_map(str::to_owned),
        1 => blank.prop_map(str::to_owned),
        2 => header.prop_map(str::to_owned),
        4 => kv,
        1 => Just("; old style comment".to_owned()),
    ]
}

fn file() -> impl Strategy<Value = String> {
    (prop::collection::vec((line(), prop::bool::ANY), 0..16), prop::bool::ANY).prop_map(
        |(lines, final_eol)| {
            let n = lines.len();
            let mut text = String::new();
            for (i, (l, crlf)) in lines.into_iter().enumerate() {
                text.push_str(&l);
                if i + 1 < n || final_eol {
                    text.push_str(if crlf { "\r\n" } else { "\n" });
                }
            }
            text
        },
    )
}

fn changes() -> impl Strategy<Value = Vec<Change>> {
    let all = vec![
        ("wsl2.memory", "12GB"),
        ("wsl2.processors", "6"),
        ("wsl2.swap", "0"),
        ("experimental.autoMemoryReclaim", "Gradual"),
        ("wsl2.swapFile", "C:\\wsl\\swap.vhdx"),
        ("wsl2.kernelCommandLine", "a # b"),
    ];
    prop::sample::subsequence(all, 1..=3).prop_map(|picked| {
        picked
            .into_iter()
            .filter_map(|(k, v)| keys::find(k).map(|key| Change { key, value: v.to_owned() }))
            .collect()
    })
}

/// The file's lines with their terminators.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn untouched_files_round_trip(text in file(), utf16 in prop::bool::ANY, bom in prop::bool::ANY) {
        let encoding = match (utf16, bom) {
            (true, _) => Encoding::Utf16Le,
            (false, true) => Encoding::Utf8Bom,
            (false, false) => Encoding::Utf8,
        };
        let doc = Document { text: text.clone(), encoding };
        let bytes = doc.encode();
        let back = Document::decode(&bytes).map_err(TestCaseError::fail)?;
        prop_assert_eq!(back.encode(), bytes);
        prop_assert_eq!(back.text, text.clone());
        let _ = Config::read(&lex(&text), "F");
    }

    #[test]
    fn edits_take_effect_and_keep_every_other_line(text in file(), changes in changes()) {
        let doc = Document { text: text.clone(), encoding: Encoding::Utf8 };
        let out = match edit::apply(&text, &changes, doc.line_ending()) {
            Ok(out) => out,
            // A value spread over lines is left to the user, by design.
            Err(EditError::Continued { .. } | EditError::TrailingBackslash) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n--- file:\n{text}"))),
        };
        let before = Config::read(&lex(&text), "F");
        let after = Config::read(&lex(&out), "F");
        for c in &changes {
            prop_assert_eq!(after.valid_value(c.key.name), Some(c.value.as_str()), "{}", c.key.name);
        }
        // Lines that were the first occurrence of a changed key may change; no other line may.
        let lexed = lex(&text);
        let changed_lines: Vec<u32> = changes
            .iter()
            .filter_map(|c| before.get(c.key.name))
            .filter_map(|s| lexed.entries.get(s.entry).map(|e| e.first_line))
            .collect();
        // Every other line is still there, in order and byte for byte (the last one may gain
        // a line ending when a section is appended after it).
        let old = lines(&text);
        let new = lines(&out);
        let mut j = 0usize;
        for (i, line) in old.iter().enumerate() {
            if changed_lines.contains(&(i as u32 + 1)) {
                continue;
            }
            let last_without_eol = i + 1 == old.len() && !line.ends_with('\n');
            let same = |n: &&str| *n == *line || (last_without_eol && n.trim_end_matches(['\r', '\n']) == *line);
            match new.iter().skip(j).position(same) {
                Some(k) => j += k + 1,
                None => {
                    return Err(TestCaseError::fail(format!(
                        "line {} ({line:?}) is gone\n--- before:\n{text}\n--- after:\n{out}",
                        i + 1
                    )));
                }
            }
        }
        prop_assert!(new.len() <= old.len() + 3 * changes.len() + 1, "too many new lines:\n{}", out);
    }
}
