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

/// Runs `wsltune apply`.
pub fn run(global: &GlobalArgs, args: &ApplyArgs) -> anyhow::Result<Outcome> {
    let explicit = changes(args)?;
    let mut out = crate::term::stdout_for(false);
    let (target, changes) = if explicit.is_empty() {
        recommended(global, &mut out)?
    } else {
        (super::wslconfig_target(global)?, explicit)
    };
    if changes.is_empty() {
        writeln!(
            out,
            "The recommendation changes nothing: {} already has the limits the history supports.",
            target.shown
        )?;
        return Ok(Outcome::Success);
    }
    let limits = super::host();
    for c in &changes {
        if c.key.name == "wsl2.processors"
            && let (Some(max), Ok(n)) = (limits.processors, c.value.parse::<usize>())
            && n > max
        {
            bail!(
                "--processors {n} is more than this host's {max} logical processors; WSL would lower it with a warning"
            );
        }
        if c.key.name == "wsl2.memory"
            && let (Some(max), Some(n)) = (limits.memory_bytes, keys::parse_size(&c.value))
            && n > max
        {
            bail!(
                "--memory {} is more than this host's memory ({}); WSL would lower it",
                c.value,
                keys::format_size(max)
            );
        }
    }
    if let Some(dir) = target.file().parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        match &target.link_target {
            Some(l) => bail!(
                "{} is a symbolic link to {}, whose folder does not exist ({}); fix the link or create the folder",
                target.shown,
                l.shown,
                dir.display()
            ),
            None => bail!(
                "the folder of {} does not exist ({}); check --wslconfig",
                target.shown,
                dir.display()
            ),
        }
    }
    let existed = target.document.is_some();
    let before = target.before();
    let eol = before.line_ending();
    let after_text = edit::apply(&before.text, &changes, eol)
        .with_context(|| format!("cannot edit {}", target.shown))?;
    if after_text == before.text {
        writeln!(out, "{} already has these values; nothing to change.", target.shown)?;
        return Ok(Outcome::Success);
    }
    if let Some(l) = &target.link_target {
        let what = if existed { "edited" } else { "created" };
        writeln!(
            out,
            "{} is a symbolic link to {}: that file is {what}, and the link is kept.",
            target.shown, l.shown
        )?;
    }
    write!(out, "{}", target.diff(&before.text, &after_text))?;
    if args.dry_run {
        writeln!(out, "\n--dry-run: nothing written.")?;
        return Ok(Outcome::Success);
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "not asking without a terminal: pass --yes to write {} (or --dry-run to only see the diff)",
                target.destination()
            );
        }
        out.flush()?;
        if !super::ask(&format!("Write this to {}?", target.destination()))? {
            writeln!(out, "Nothing written.")?;
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
            writeln!(out, "Wrote {file} (backup of the previous file: {}).", b.display())?
        }
        (Some(b), Some(link)) => writeln!(
            out,
            "Wrote {file} (through the link {link}, which is kept; backup of the previous file: {}).",
            target::tidy(b).display()
        )?,
        (None, None) => writeln!(out, "Created {file}.")?,
        (None, Some(link)) => writeln!(
            out,
            "Created {file}, where the link {link} pointed to no file yet; the link is kept."
        )?,
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
fn recommended(
    global: &GlobalArgs,
    say: &mut impl Write,
) -> anyhow::Result<(Target, Vec<Change>)> {
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
            "nothing to apply: {} Or give values: --memory, --processors, --swap, --set SECTION.KEY=VALUE",
            advice.notes.first().map_or("", String::as_str)
        );
    }
    let w = &evidence.analysis.window;
    writeln!(
        say,
        "The recommendation from {} over {:.1} hours (`wsltune recommend` explains each):",
        crate::units::plural(w.samples as u64, "sample", "samples"),
        w.hours
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
    let wait = if vm_idle_timeout_ms < 0 {
        "never by itself (vmIdleTimeout is negative)".to_owned()
    } else {
        format!(
            "only about {} s after the last distro exits (15 s until the distro stops, then vmIdleTimeout {} s)",
            15 + vm_idle_timeout_ms / 1000,
            vm_idle_timeout_ms / 1000
        )
    };
    format!(
        "WSL reads .wslconfig only when its VM starts. To apply it now, run `wsl --shutdown` in PowerShell or cmd \
         (it stops every running distro; start Docker Desktop again afterwards), then start your distro. \
         Waiting \"8 seconds\" is not enough: the VM stops {wait}, and not while Docker Desktop keeps its distro running."
    )
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
            return Err(usage!("{} is given twice; give each key once", key.name).into());
        }
        out.push(Change { key, value });
        Ok(())
    };
    let key =
        |name: &str| keys::find(name).ok_or_else(|| anyhow::anyhow!("internal: no key {name}"));
    if let Some(m) = args.memory {
        if m < 256 << 20 {
            return Err(usage!(
                "--memory {} is below WSL's minimum of 256MB (WSL would raise it silently)",
                keys::format_size(m)
            )
            .into());
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
        let (name, value) = item.split_once('=').ok_or_else(|| {
            usage!("--set '{item}' has no '='; write SECTION.KEY=VALUE, e.g. experimental.autoMemoryReclaim=gradual")
        })?;
        let name = name.trim();
        let k = keys::find(name).ok_or_else(|| usage!("--set {item}: {}", unknown_key(name)))?;
        let value = keys::normalize(k, value.trim())
            .map_err(|why| usage!("--set {}: '{}' {why}", k.name, value.trim()))?;
        push(k, value)?;
    }
    Ok(out)
}

/// Why WSL would not read `name` from `.wslconfig`, and what to give instead: `lint`'s facts
/// ([`Unknown`]), phrased for a flag rather than a line of the file.
fn unknown_key(name: &str) -> String {
    let (section, short) = name.split_once('.').unwrap_or(("", name));
    let known_section = keys::SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(section));
    let list = "`wsltune lint --json` lists every key WSL reads (under \"effective\")";
    match Unknown::of(name) {
        Unknown::Removed(why) => {
            format!("WSL no longer reads {name} ({why}); there is nothing to set")
        }
        Unknown::Elsewhere(k) if section.is_empty() => {
            format!("a key needs its section: did you mean {}?", k.name)
        }
        Unknown::Elsewhere(k) if known_section => {
            format!(
                "WSL reads '{short}' in [{}], not in [{section}]: did you mean {}?",
                k.section(),
                k.name
            )
        }
        Unknown::Elsewhere(k) => format!(
            ".wslconfig has no section [{section}]; '{short}' is in [{}]: did you mean {}?",
            k.section(),
            k.name
        ),
        Unknown::WslConfSection => format!(
            "[{section}] is a section of /etc/wsl.conf inside each distro, not of .wslconfig; set it there"
        ),
        Unknown::NoSection(Some(near)) => {
            format!(".wslconfig has no section [{section}]; did you mean [{near}]? {list}")
        }
        Unknown::NoSection(None) => format!(
            ".wslconfig has no section [{section}], only [wsl2], [experimental] and [general]; {list}"
        ),
        Unknown::NoKey(near) => {
            let place = if section.is_empty() {
                ", and a key needs its section (SECTION.KEY)".to_owned()
            } else {
                format!(" in [{section}]")
            };
            match near {
                Some(k) => {
                    format!("WSL has no key '{short}'{place}; did you mean {}? {list}", k.name)
                }
                None => format!("WSL has no key '{short}'{place}; {list}"),
            }
        }
    }
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
