//! Every catalog of texts (`i18n::texts!`), and the checks that keep the two languages paired:
//! the same placeholders, a Japanese text that is not the English one and holds no English
//! prose, and no catalog left out of this list.

use crate::i18n::Text;

crate::texts! {
    /// Before the message of a command that failed.
    ERROR_PREFIX: "error: " / "エラー: ";
    /// Before a warning.
    WARNING_PREFIX: "warning: " / "警告: ";
    /// A command's output could not be written (a full disk, a closed terminal).
    WRITING_OUTPUT: "writing to standard output" / "標準出力に書き込めません";
    /// After a run that printed a file name that is not UTF-8.
    LOSSY_PATHS: "some file names are not valid UTF-8; in the output each byte that is not is shown as U+FFFD (\u{fffd})"
        / "一部のファイル名が正しい UTF-8 ではありません。出力では、UTF-8 でないバイトをそれぞれ U+FFFD（\u{fffd}）で示しています";
}

/// Every catalog, by the module that declares it.
pub fn catalogs() -> Vec<(&'static str, &'static [Text])> {
    vec![
        ("commands::texts", ALL),
        ("i18n::os", crate::i18n::os::ALL),
        ("commands::lint", super::lint::TEXTS),
        ("commands::apply", super::apply::TEXTS),
        ("wslconfig::texts", crate::wslconfig::texts::ALL),
        ("analyze::recommend::texts", crate::analyze::recommend::texts::ALL),
        ("report::texts", crate::report::texts::ALL),
        ("checklist::texts", crate::checklist::texts::ALL),
        ("checklist::host_texts", crate::checklist::host_texts::ALL),
        ("commands::doctor::texts", super::doctor::texts::ALL),
        ("vhdx::texts", crate::vhdx::texts::ALL),
        ("vhdx::ext4::texts", crate::vhdx::ext4::texts::ALL),
        ("vhdx::compact::texts", crate::vhdx::compact::texts::ALL),
        ("commands::inspect::texts", super::inspect::texts::ALL),
        ("commands::compact::texts", super::compact::texts::ALL),
        ("docker::texts", crate::docker::texts::ALL),
        ("locate::texts", crate::locate::texts::ALL),
        ("service::texts", crate::service::texts::ALL),
        ("commands::monitor::texts", super::monitor::texts::ALL),
        ("commands::monitor::live::texts", super::monitor::live::texts::ALL),
        ("schedule::texts", crate::schedule::texts::ALL),
        ("sample::texts", crate::sample::texts::ALL),
        ("metrics::texts", crate::metrics::texts::ALL),
        ("units::texts", crate::units::texts::ALL),
        ("cli::texts", crate::cli::texts::ALL),
        ("store::texts", crate::store::texts::ALL),
        ("store::line_texts", crate::store::line_texts::ALL),
        ("commands::history_texts", super::history_texts::ALL),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::placeholders;

    /// Japanese characters: kana, kanji, and the ideographic punctuation.
    fn japanese(c: char) -> bool {
        matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
    }

    /// English prose left in a Japanese text: two English words in a row, outside `code`,
    /// placeholders and capitalised names (Docker Desktop, Windows Terminal).
    fn english_prose(ja: &str) -> Option<String> {
        let mut plain = String::new();
        for (i, part) in ja.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
            plain.push(' ');
        }
        let words: Vec<&str> = plain
            .split(|c: char| !c.is_ascii_alphabetic() && c != '\'' && c != '{' && c != '}')
            .filter(|w| !w.is_empty())
            .collect();
        words
            .windows(2)
            .find(|w| {
                w.iter().all(|w| {
                    w.len() > 2
                        && !w.starts_with('{')
                        && w.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                })
            })
            .map(|w| w.join(" "))
    }

    #[test]
    fn every_text_is_in_both_languages_with_the_same_placeholders() {
        let mut problems = Vec::new();
        for (module, texts) in catalogs() {
            for t in texts {
                let name = format!("{module}::{}", t.key);
                if placeholders(t.en) != placeholders(t.ja) {
                    problems.push(format!(
                        "{name}: placeholders {:?} vs {:?}",
                        placeholders(t.en),
                        placeholders(t.ja)
                    ));
                }
                if t.en.trim().is_empty() || t.ja.trim().is_empty() {
                    problems.push(format!("{name}: empty in one language"));
                }
                if t.en == t.ja {
                    problems.push(format!("{name}: the Japanese is the English unchanged"));
                }
                if !t.ja.chars().any(japanese) {
                    problems.push(format!("{name}: no Japanese in {:?}", t.ja));
                }
                if let Some(words) = english_prose(t.ja) {
                    problems.push(format!("{name}: English prose ({words:?}) in {:?}", t.ja));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_prose_check_catches_english_and_spares_code_and_names() {
        assert_eq!(english_prose("ディスクを `wsl --shutdown` で止める"), None);
        assert_eq!(english_prose("Docker Desktop の設定 {path} を開く"), None);
        assert_eq!(english_prose("the disk を縮める").as_deref(), Some("the disk"));
    }

    /// Each `texts!` in the source is listed in [`catalogs`].
    #[test]
    fn no_catalog_is_left_out() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && std::fs::read_to_string(&path).unwrap().contains("crate::texts! {")
                {
                    found.push(path.strip_prefix(&root).unwrap().display().to_string());
                }
            }
        }
        assert_eq!(
            found.len(),
            catalogs().len(),
            "catalogs in {found:?}; list each in commands::texts::catalogs"
        );
    }
}
