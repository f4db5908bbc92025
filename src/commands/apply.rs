//! `wsltune apply`: turn the flags into checked values, edit the text losslessly, show the diff,
//! ask, back up, and write atomically — or change nothing and say why.

use std::io::{IsTerminal, Write};

use anyhow::{Context, bail};

use crate::Outcome;
use crate::cli::{ApplyArgs, GlobalArgs};
use crate::store::span::Span;
use crate::wslconfig::edit::{self, Change};
use crate::wslconfig::keys::{self, Key};
use crate::wslconfig::lint::Unknown;
use crate::wslconfig::save::save;
use crate::wslconfig::{Document, Parsed, Target, target};

mod texts;
use texts as T;
pub use texts::ALL as TEXTS;

/// Runs `wsltune apply`.
pub fn run(global: &GlobalArgs, args: &ApplyArgs) -> anyhow::Result<Outcome> {
    let explicit = changes(args)?;
    // A reader that goes away (`| head`) does not stop the edit: its output is dropped.
    let mut out = crate::term::KeepGoing::new(crate::term::stdout_for(false));
    let (target, changes) = if explicit.is_empty() {
        recommended(global, &mut out)?
    } else {
        (super::wslconfig_target(global)?, explicit)
    };
    if changes.is_empty() {
        writeln!(out, "{}", T::NOTHING_RECOMMENDED.fill(&[("path", &target.shown)]))?;
        return Ok(Outcome::Success);
    }
    let limits = super::host();
    for c in &changes {
        if c.key.name == "wsl2.processors"
            && let (Some(max), Ok(n)) = (limits.processors, c.value.parse::<usize>())
            && n > max
        {
            bail!(T::PROCESSORS_OVER.fill(&[("n", &n), ("max", &max)]));
        }
        if c.key.name == "wsl2.memory"
            && let (Some(max), Some(n)) = (limits.memory_bytes, keys::parse_size(&c.value))
            && n > max
        {
            bail!(T::MEMORY_OVER.fill(&[("value", &c.value), ("host", &keys::format_size(max))]));
        }
    }
    if let Some(dir) = target.file().parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        match &target.link_target {
            Some(l) => bail!(T::LINK_NO_FOLDER.fill(&[
                ("path", &target.shown),
                ("target", &l.shown),
                ("dir", &dir.display())
            ])),
            None => {
                bail!(T::NO_FOLDER.fill(&[("path", &target.shown), ("dir", &dir.display())]))
            }
        }
    }
    let existed = target.document.is_some();
    let before = target.before();
    let eol = before.line_ending();
    let after_text = edit::apply(&before.text, &changes, eol)
        .with_context(|| T::CANNOT_EDIT.fill(&[("path", &target.shown)]))?;
    if after_text == before.text {
        writeln!(out, "{}", T::ALREADY.fill(&[("path", &target.shown)]))?;
        return Ok(Outcome::Success);
    }
    if let Some(l) = &target.link_target {
        let t = if existed { T::LINK_EDITED } else { T::LINK_CREATED };
        writeln!(out, "{}", t.fill(&[("path", &target.shown), ("target", &l.shown)]))?;
    }
    write!(out, "{}", target.diff(&before.text, &after_text))?;
    if args.dry_run {
        writeln!(out, "\n{}", T::DRY_RUN)?;
        return Ok(Outcome::Success);
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            bail!(T::NO_TERMINAL.fill(&[("path", &target.destination())]));
        }
        out.flush()?;
        if !super::ask(&T::ASK.fill(&[("path", &target.destination())]))? {
            writeln!(out, "{}", T::NOTHING_WRITTEN)?;
            return Ok(Outcome::Success);
        }
    }
    let after = Document { text: after_text, encoding: before.encoding };
    let saved = save(&target.path, existed.then(|| before.encode()).as_deref(), &after.encode())?;
    // Where the links lead now (normally where they led when the file was read).
    let file = if saved.file == target.file() {
        target.file_shown().to_owned()
    } else {
        saved.file.display().to_string()
    };
    let link = (saved.file != target.path).then_some(&target.shown);
    match (&saved.backup, link) {
        (Some(b), None) => {
            writeln!(out, "{}", T::WROTE.fill(&[("file", &file), ("backup", &b.display())]))?
        }
        (Some(b), Some(link)) => writeln!(
            out,
            "{}",
            T::WROTE_THROUGH_LINK.fill(&[
                ("file", &file),
                ("link", link),
                ("backup", &target::tidy(b).display())
            ])
        )?,
        (None, None) => writeln!(out, "{}", T::CREATED.fill(&[("file", &file)]))?,
        (None, Some(link)) => {
            writeln!(out, "{}", T::CREATED_THROUGH_LINK.fill(&[("file", &file), ("link", link)]))?
        }
    }
    let idle = Parsed::new(&after.text, "")
        .config
        .valid_value("wsl2.vmIdleTimeout")
        .and_then(keys::parse_int)
        .unwrap_or(60_000);
    writeln!(out, "\n{}", restart_note(idle))?;
    Ok(Outcome::Success)
}

/// The recommendation over the last 7 days of history, as changes (`wsltune recommend`), with
/// the `.wslconfig` it was weighed against.
fn recommended(global: &GlobalArgs, say: &mut impl Write) -> anyhow::Result<(Target, Vec<Change>)> {
    let span = Span::last(std::time::Duration::from_secs(7 * 86_400));
    let evidence = super::evidence(global, span, |_| {})?;
    let advice = evidence.advice;
    // Finding or reading it failed while gathering the evidence: again, for the error.
    let target = match evidence.wslconfig {
        Some(t) => t,
        None => super::wslconfig_target(global)?,
    };
    if !advice.sufficient_data {
        bail!(
            T::NOTHING_TO_APPLY.fill(&[("note", &advice.notes.first().map_or("", String::as_str))])
        );
    }
    let w = &evidence.analysis.window;
    writeln!(
        say,
        "{}",
        T::RECOMMENDATION_FROM.fill(&[
            ("samples", &crate::analyze::recommend::texts::samples(w.samples as u64)),
            ("hours", &format!("{:.1}", w.hours)),
        ])
    )?;
    let mut out = Vec::new();
    for r in &advice.recommendations {
        let change = r.change().ok_or_else(|| anyhow::anyhow!("internal: no key {}", r.key))?;
        writeln!(say, "  - {} = {}: {}", r.key, r.value, r.reason)?;
        out.push(change);
    }
    writeln!(say)?;
    Ok((target, out))
}

/// What to run for the change to apply (reference `wslconfig.md` §1).
fn restart_note(vm_idle_timeout_ms: i32) -> String {
    if vm_idle_timeout_ms < 0 {
        T::RESTART_NEVER.to_string()
    } else {
        T::RESTART_WAIT.fill(&[
            ("total", &(15 + vm_idle_timeout_ms / 1000)),
            ("idle", &(vm_idle_timeout_ms / 1000)),
        ])
    }
}
use crate::UsageError;

/// A value flag of `apply` that cannot be applied as given; nothing was read or written: a
/// usage error (exit 2), the command line, not the file or the machine, has to change.
macro_rules! usage {
    ($($arg:tt)*) => { UsageError(format!($($arg)*)) };
}

/// The flags as checked changes, in WSL's spelling; a flag given wrong is a [`UsageError`].
fn changes(args: &ApplyArgs) -> anyhow::Result<Vec<Change>> {
    let mut out: Vec<Change> = Vec::new();
    let mut push = |key: &'static Key, value: String| -> anyhow::Result<()> {
        if out.iter().any(|c| std::ptr::eq(c.key, key)) {
            return Err(UsageError(T::TWICE.fill(&[("key", &key.name)])).into());
        }
        out.push(Change { key, value });
        Ok(())
    };
    let key =
        |name: &str| keys::find(name).ok_or_else(|| anyhow::anyhow!("internal: no key {name}"));
    if let Some(m) = args.memory {
        if m < 256 << 20 {
            return Err(UsageError(T::MEMORY_BELOW.fill(&[("size", &keys::format_size(m))])).into());
        }
        push(key("wsl2.memory")?, keys::format_size(m))?;
    }
    if let Some(p) = args.processors {
        push(key("wsl2.processors")?, p.to_string())?;
    }
    if let Some(s) = args.swap {
        push(key("wsl2.swap")?, keys::format_size(s))?;
    }
    for item in &args.set {
        let (name, value) = item
            .split_once('=')
            .ok_or_else(|| UsageError(T::SET_NO_EQUALS.fill(&[("item", item)])))?;
        let name = name.trim();
        let k = keys::find(name).ok_or_else(|| usage!("--set {item}: {}", unknown_key(name)))?;
        let value =
            keys::normalize(k, value.trim()).map_err(|why| usage!("--set {}: {why}", k.name))?;
        push(k, value)?;
    }
    Ok(out)
}

/// Why WSL would not read `name` from `.wslconfig`, and what to give instead: `lint`'s facts
/// ([`Unknown`]), phrased for a flag rather than a line of the file.
fn unknown_key(name: &str) -> String {
    let (section, short) = name.split_once('.').unwrap_or(("", name));
    let known_section = keys::SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(section));
    let list = T::KEY_LIST.get();
    let (t, near) = match Unknown::of(name) {
        Unknown::Removed(why) => {
            return T::KEY_REMOVED.fill(&[("name", &name), ("why", &why)]);
        }
        Unknown::Elsewhere(k) if section.is_empty() => (T::KEY_NEEDS_SECTION, k.name),
        Unknown::Elsewhere(k) => {
            let t = if known_section { T::KEY_OTHER_SECTION } else { T::KEY_NO_SECTION_ELSEWHERE };
            return t.fill(&[
                ("short", &short),
                ("section", &k.section()),
                ("given", &section),
                ("name", &k.name),
            ]);
        }
        Unknown::WslConfSection => (T::KEY_WSL_CONF, ""),
        Unknown::NoSection(Some(near)) => (T::KEY_NO_SECTION_NEAR, near),
        Unknown::NoSection(None) => (T::KEY_NO_SECTION, ""),
        Unknown::NoKey(near) => match (near, section.is_empty()) {
            (Some(k), true) => (T::KEY_NO_KEY_NEAR_BARE, k.name),
            (Some(k), false) => (T::KEY_NO_KEY_NEAR, k.name),
            (None, true) => (T::KEY_NO_KEY_BARE, ""),
            (None, false) => (T::KEY_NO_KEY, ""),
        },
    };
    t.fill(&[
        ("name", &near),
        ("near", &near),
        ("section", &section),
        ("short", &short),
        ("list", &list),
    ])
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_given_wrong_are_usage_errors() {
        for set in ["wsl2.foo=1", "wsl2.memory", "wsl2.memory=lots", "ws12.memory=1GB"] {
            let args = ApplyArgs { set: vec![set.to_owned()], ..ApplyArgs::default() };
            let err = changes(&args).unwrap_err();
            assert!(err.downcast_ref::<UsageError>().is_some(), "{set}: {err}");
        }
        let twice = ApplyArgs {
            memory: Some(4 << 30),
            set: vec!["wsl2.memory=4GB".to_owned()],
            ..ApplyArgs::default()
        };
        assert!(changes(&twice).unwrap_err().downcast_ref::<UsageError>().is_some());
    }

    #[test]
    fn the_restart_note_counts_the_idle_timeout() {
        assert!(restart_note(60_000).contains("75 s"));
    }
}
