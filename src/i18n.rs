//! The two languages of everything people read: English and Japanese (issue 21).
//!
//! Texts are compile-time tables, no parser and no crate: each module that speaks declares its
//! texts with [`texts!`], every one in both languages, with `{name}` placeholders filled by
//! [`Text::fill`]. The language is chosen once at start ([`choose`], then [`set`]); what machines
//! read (JSON keys, codes, CSV headers, `/metrics`, exit codes) never changes with it.
//!
//! The choice, first that applies: `--lang`, `WSLTUNE_LANG`, the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`; natively on Windows not these, but Windows' own), Windows' display
//! language. A locale that says nothing (`C`,
//! `POSIX`, unset) — and inside WSL also the `en_US.UTF-8` WSL gives every new distro — leaves
//! the choice to Windows, whose language Japanese users of WSL do set; English otherwise.

use std::sync::atomic::{AtomicU8, Ordering};

pub mod os;

/// A language wsltune speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Its tag (`en`, `ja`): the values of `--lang` and `WSLTUNE_LANG`, and the report's
    /// `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language a locale or language tag names (`ja_JP.UTF-8`, `ja-JP`, `en`), if one of
    /// ours; `None` for `C`, `POSIX` and empty, which name none.
    pub fn of_tag(tag: &str) -> Option<Option<Lang>> {
        let base = tag.split(['.', '@']).next().unwrap_or("").trim();
        if base.is_empty() || base.eq_ignore_ascii_case("C") || base.eq_ignore_ascii_case("POSIX") {
            return None;
        }
        let language = base.split(['_', '-']).next().unwrap_or("").to_ascii_lowercase();
        Some(match language.as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        })
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);
static SOURCE: AtomicU8 = AtomicU8::new(4);

/// The language chosen at start (English until [`set`]).
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Ja,
        _ => Lang::En,
    }
}

/// Sets the language for the rest of the run.
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::En => 0,
            Lang::Ja => 1,
        },
        Ordering::Relaxed,
    );
}

/// Records where the language of this run came from, for `doctor`.
pub fn set_source(source: Source) {
    SOURCE.store(source as u8, Ordering::Relaxed);
}

/// Where the language of this run came from ([`Source::Default`] until [`set_source`]).
pub fn source() -> Source {
    match SOURCE.load(Ordering::Relaxed) {
        0 => Source::Flag,
        1 => Source::Env,
        2 => Source::Locale,
        3 => Source::Windows,
        _ => Source::Default,
    }
}

/// Where the choice came from, for `doctor` and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Source {
    /// `--lang`.
    Flag,
    /// `WSLTUNE_LANG`.
    Env,
    /// `LC_ALL`, `LC_MESSAGES` or `LANG`.
    Locale,
    /// Windows' display language.
    Windows,
    /// Nothing said: English.
    Default,
}

impl Source {
    /// Its name in `doctor --json` (`flag`, `env`, `locale`, `windows`, `default`).
    pub fn code(self) -> &'static str {
        match self {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::Locale => "locale",
            Source::Windows => "windows",
            Source::Default => "default",
        }
    }
}

/// Where wsltune runs, for the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Linux outside WSL: the locale, then English.
    Linux,
    /// Inside WSL: the locale, where it says more than WSL's default, then Windows'.
    Wsl,
    /// Natively on Windows: the locale is Windows' own (a POSIX `LANG` there belongs to a
    /// shell such as Git Bash, not to the user's choice of language).
    Windows,
}

/// Chooses the language: `flag` (`--lang`, already checked by clap), then `WSLTUNE_LANG`, then
/// the locale (not natively on Windows), then `windows()` (Windows' display language, asked
/// only when nothing before decided); inside WSL, WSL's default `en_US.UTF-8` says nothing. An
/// unknown `WSLTUNE_LANG` is an error naming the choices.
pub fn choose(
    flag: Option<Lang>,
    env: impl Fn(&str) -> Option<String>,
    place: Place,
    windows: impl FnOnce() -> Option<String>,
) -> Result<(Lang, Source), String> {
    let in_wsl = place == Place::Wsl;
    if let Some(lang) = flag {
        return Ok((lang, Source::Flag));
    }
    if let Some(value) = env("WSLTUNE_LANG").filter(|v| !v.trim().is_empty()) {
        return match value.trim() {
            "en" => Ok((Lang::En, Source::Env)),
            "ja" => Ok((Lang::Ja, Source::Env)),
            // Said in both languages: the language is what could not be chosen.
            other => Err(format!(
                "WSLTUNE_LANG='{other}' is not a language wsltune speaks; use en or ja (or unset it) / \
                 WSLTUNE_LANG='{other}' は wsltune が話せる言語ではありません。en か ja を指定するか、設定を外してください"
            )),
        };
    }
    // The locale's first word that is set, in POSIX's order for messages.
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter(|_| place != Place::Windows)
        .find_map(|name| env(name).filter(|v| !v.is_empty()).map(|v| (name, v)));
    if let Some((name, value)) = &locale {
        let wsl_default = in_wsl && *name == "LANG" && value.starts_with("en_US");
        if let Some(said) = Lang::of_tag(value).filter(|_| !wsl_default) {
            return Ok((said.unwrap_or(Lang::En), Source::Locale));
        }
    }
    if let Some(lang) = windows().and_then(|tag| Lang::of_tag(&tag).flatten()) {
        return Ok((lang, Source::Windows));
    }
    Ok((Lang::En, Source::Default))
}

/// A text in both languages. `{name}` marks a placeholder; `{{` and `}}` are braces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Its name in the code, for the checks.
    pub key: &'static str,
    /// English.
    pub en: &'static str,
    /// Japanese.
    pub ja: &'static str,
}

impl Text {
    /// The text in the current language.
    pub fn get(self) -> &'static str {
        self.in_lang(current())
    }

    /// The text in `lang`.
    pub fn in_lang(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }

    /// The text in the current language with its placeholders filled.
    pub fn fill(self, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.get(), args)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.get())
    }
}

/// Fills `{name}` placeholders of `template` from `args`; `{{`/`}}` are braces. A placeholder
/// without a value is left as it is (the checks catch it before it ships).
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..end];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => {
                    let _ = write!(out, "{value}");
                }
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of a template, sorted, each once.
pub fn placeholders(template: &str) -> Vec<String> {
    let text = template.replace("{{", "").replace("}}", "");
    let mut names: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Declares texts in both languages: `NAME: "English" / "日本語";`, and `ALL`, every text of the
/// module, which the language checks read (`i18n::tests`).
#[macro_export]
macro_rules! texts {
    ($( $(#[$doc:meta])* $name:ident: $en:literal / $ja:literal; )*) => {
        $(
            $(#[$doc])*
            pub const $name: $crate::i18n::Text =
                $crate::i18n::Text { key: stringify!($name), en: $en, ja: $ja };
        )*
        /// Every text of this module, for the language checks.
        pub const ALL: &[$crate::i18n::Text] = &[$($name),*];
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_choice_in_its_order() {
        let never = || -> Option<String> { panic!("Windows is not asked") };
        let ja = || Some("ja-JP".to_owned());
        assert_eq!(
            choose(Some(Lang::En), env(&[("WSLTUNE_LANG", "ja")]), Place::Wsl, never),
            Ok((Lang::En, Source::Flag))
        );
        assert_eq!(
            choose(
                None,
                env(&[("WSLTUNE_LANG", "ja"), ("LANG", "en_GB.UTF-8")]),
                Place::Linux,
                never
            ),
            Ok((Lang::Ja, Source::Env))
        );
        let bad = choose(None, env(&[("WSLTUNE_LANG", "fr")]), Place::Linux, never).unwrap_err();
        assert!(bad.contains("'fr'") && bad.contains("en or ja"), "{bad}");
        assert_eq!(
            choose(
                None,
                env(&[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")]),
                Place::Linux,
                never
            ),
            Ok((Lang::Ja, Source::Locale))
        );
        assert_eq!(
            choose(
                None,
                env(&[("LC_MESSAGES", "en_GB.UTF-8"), ("LANG", "ja_JP.UTF-8")]),
                Place::Linux,
                never
            ),
            Ok((Lang::En, Source::Locale))
        );
        // An unknown language is English, by the locale's word.
        assert_eq!(
            choose(None, env(&[("LANG", "de_DE.UTF-8")]), Place::Linux, never),
            Ok((Lang::En, Source::Locale))
        );
        // Said nothing: Windows decides.
        assert_eq!(
            choose(None, env(&[("LANG", "C.UTF-8")]), Place::Wsl, ja),
            Ok((Lang::Ja, Source::Windows))
        );
        assert_eq!(choose(None, env(&[]), Place::Linux, ja), Ok((Lang::Ja, Source::Windows)));
        assert_eq!(
            choose(None, env(&[("LANG", "POSIX")]), Place::Linux, || None),
            Ok((Lang::En, Source::Default))
        );
        // WSL's default LANG says nothing inside WSL, and English elsewhere.
        assert_eq!(
            choose(None, env(&[("LANG", "en_US.UTF-8")]), Place::Wsl, ja),
            Ok((Lang::Ja, Source::Windows))
        );
        assert_eq!(
            choose(None, env(&[("LANG", "en_US.UTF-8")]), Place::Linux, never),
            Ok((Lang::En, Source::Locale))
        );
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        let t = "{file} line {line}: {{literal}} {missing}";
        assert_eq!(
            fill(t, &[("line", &5), ("file", &"a.txt")]),
            "a.txt line 5: {literal} {missing}"
        );
        assert_eq!(placeholders(t), ["file", "line", "missing"]);
        assert_eq!(fill("日本語 {n} 件", &[("n", &3)]), "日本語 3 件");
    }
}
