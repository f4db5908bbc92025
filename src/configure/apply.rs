//! `wsltune apply`: turn the flags into checked values, edit the text losslessly, show the diff,
//! ask, back up, and write atomically — or change nothing and say why.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::{Target, host};
use crate::Outcome;
use crate::cli::{ApplyArgs, GlobalArgs};
use crate::wslconfig::config::Config;
use crate::wslconfig::edit::{self, Change};
use crate::wslconfig::keys::{self, Key, Kind};
use crate::wslconfig::lexer::lex;
use crate::wslconfig::{Document, Encoding};

/// Runs `wsltune apply`.
pub fn apply(global: &GlobalArgs, args: &ApplyArgs) -> anyhow::Result<Outcome> {
    let explicit = changes(args)?;
    let (target, changes) =
        if explicit.is_empty() { recommended(global)? } else { (Target::find(global)?, explicit) };
    if changes.is_empty() {
        println!(
            "The recommendation changes nothing: {} already has the limits the history supports.",
            target.shown
        );
        return Ok(Outcome::Success);
    }
    let limits = host();
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
    if let Some(dir) = target.path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        bail!(
            "the folder of {} does not exist ({}); check --wslconfig",
            target.shown,
            dir.display()
        );
    }
    let existed = target.document.is_some();
    let before = target
        .document
        .clone()
        .unwrap_or(Document { text: String::new(), encoding: Encoding::Utf8 });
    let eol = before.line_ending();
    let after_text = edit::apply(&before.text, &changes, eol)
        .with_context(|| format!("cannot edit {}", target.shown))?;
    let mut out = std::io::stdout().lock();
    if after_text == before.text {
        writeln!(out, "{} already has these values; nothing to change.", target.shown)?;
        return Ok(Outcome::Success);
    }
    write!(out, "{}", diff(&before.text, &after_text, &target.shown, existed))?;
    if args.dry_run {
        writeln!(out, "\n--dry-run: nothing written.")?;
        return Ok(Outcome::Success);
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "not asking without a terminal: pass --yes to write {} (or --dry-run to only see the diff)",
                target.shown
            );
        }
        out.flush()?;
        eprint!("Write this to {}? [y/N] ", target.shown);
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).context("reading the answer")?;
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            writeln!(out, "Nothing written.")?;
            return Ok(Outcome::Success);
        }
    }
    let after = Document { text: after_text, encoding: before.encoding };
    let backup = write(&target.path, existed.then(|| before.encode()).as_deref(), &after.encode())?;
    match backup {
        Some(b) => {
            writeln!(out, "Wrote {} (backup of the previous file: {}).", target.shown, b.display())?
        }
        None => writeln!(out, "Created {}.", target.shown)?,
    }
    let idle = Config::read(&lex(&after.text), "")
        .valid_value("wsl2.vmIdleTimeout")
        .and_then(keys::parse_int)
        .unwrap_or(60_000);
    writeln!(out, "\n{}", restart_note(idle))?;
    Ok(Outcome::Success)
}

/// The diff `apply` would show for these recommendations, without writing anything; `None`
/// when they change nothing or the file cannot be edited.
pub(crate) fn preview(
    target: &Target,
    recs: &[crate::analyze::recommend::Recommendation],
) -> Option<String> {
    let changes: Vec<Change> = recs
        .iter()
        .filter_map(|r| keys::find(r.key).map(|key| Change { key, value: r.value.clone() }))
        .collect();
    let before = target
        .document
        .clone()
        .unwrap_or(Document { text: String::new(), encoding: Encoding::Utf8 });
    let after = edit::apply(&before.text, &changes, before.line_ending()).ok()?;
    (after != before.text)
        .then(|| diff(&before.text, &after, &target.shown, target.document.is_some()))
}

/// The recommendation over the last 7 days of history, as changes (`wsltune recommend`), with
/// the `.wslconfig` it was weighed against.
fn recommended(global: &GlobalArgs) -> anyhow::Result<(Target, Vec<Change>)> {
    let span = crate::advice::Span {
        since: Some(std::time::Duration::from_secs(7 * 86_400)),
        from: None,
        to: None,
    };
    let evidence = crate::advice::gather(global, span, |_| {})?;
    let advice = evidence.advice;
    // Reading it failed in `gather`: find it again for the error.
    let target = match evidence.wslconfig {
        Some(t) => t,
        None => Target::find(global)?,
    };
    if !advice.sufficient_data {
        bail!(
            "nothing to apply: {} Or give values: --memory, --processors, --swap, --set SECTION.KEY=VALUE",
            advice.notes.first().map_or("", String::as_str)
        );
    }
    let w = &evidence.analysis.window;
    println!(
        "The recommendation from {} samples over {:.1} hours (`wsltune recommend` explains each):",
        w.samples, w.hours
    );
    let mut out = Vec::new();
    for r in &advice.recommendations {
        let key = keys::find(r.key).ok_or_else(|| anyhow::anyhow!("internal: no key {}", r.key))?;
        println!("  {} = {}: {}", r.key, r.value, r.reason);
        out.push(Change { key, value: r.value.clone() });
    }
    println!();
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

/// The flags as checked changes, in WSL's spelling.
fn changes(args: &ApplyArgs) -> anyhow::Result<Vec<Change>> {
    let mut out: Vec<Change> = Vec::new();
    let mut push = |key: &'static Key, value: String| -> anyhow::Result<()> {
        if out.iter().any(|c| std::ptr::eq(c.key, key)) {
            bail!("{} is given twice; give each key once", key.name);
        }
        out.push(Change { key, value });
        Ok(())
    };
    let key =
        |name: &str| keys::find(name).ok_or_else(|| anyhow::anyhow!("internal: no key {name}"));
    if let Some(m) = args.memory {
        if m < 256 << 20 {
            bail!(
                "--memory {} is below WSL's minimum of 256MB (WSL would raise it silently)",
                keys::format_size(m)
            );
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
            anyhow::anyhow!("--set '{item}' has no '='; write SECTION.KEY=VALUE, e.g. experimental.autoMemoryReclaim=gradual")
        })?;
        let name = name.trim();
        let k = keys::find(name).ok_or_else(|| {
            anyhow::anyhow!(
                "--set: WSL has no key '{name}'. {}",
                crate::wslconfig::lint::unknown_key_fix(name)
            )
        })?;
        let value = normalize(k, value.trim())
            .map_err(|why| anyhow::anyhow!("--set {}: '{}' {why}", k.name, value.trim()))?;
        push(k, value)?;
    }
    Ok(out)
}

/// A value as WSL's parser for the key accepts it, in its canonical spelling.
fn normalize(key: &Key, value: &str) -> Result<String, String> {
    match key.kind {
        Kind::Size => crate::wslconfig::lint::lenient_size(value)
            .map(keys::format_size)
            .ok_or_else(|| "is not a size; write e.g. 8GB or 512MB".to_owned()),
        Kind::Int => value
            .parse::<i32>()
            .map(|n| n.to_string())
            .map_err(|_| "is not a whole number".to_owned()),
        Kind::Bool => match value.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok("true".to_owned()),
            "false" | "0" | "no" | "off" => Ok("false".to_owned()),
            _ => Err("is not true or false".to_owned()),
        },
        Kind::Enum(values) => values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(value))
            .map(|v| (*v).to_owned())
            .ok_or_else(|| format!("is not one of {}", values.join(", "))),
        Kind::Ipv4 => keys::parse_ipv4(value)
            .map(|_| value.to_owned())
            .ok_or_else(|| "is not a dotted IPv4 address".to_owned()),
        Kind::Ports => match keys::parse_ports(value) {
            (ports, false) => Ok(ports.iter().map(u16::to_string).collect::<Vec<_>>().join(",")),
            _ => Err("is not a comma-separated list of ports 1-65535".to_owned()),
        },
        Kind::Mac if keys::parse_mac(value) => Ok(value.to_owned()),
        Kind::Mac => Err("is not a MAC address like 00:15:5d:01:02:03".to_owned()),
        Kind::Path | Kind::Text => Ok(value.to_owned()),
    }
}

/// A unified diff of the change, with line endings left out (they are kept in the file).
fn diff(before: &str, after: &str, shown: &str, existed: bool) -> String {
    let before = before.replace("\r\n", "\n");
    let after = after.replace("\r\n", "\n");
    let from = if existed { shown.to_owned() } else { "/dev/null".to_owned() };
    let mut text = similar::TextDiff::from_lines(&before, &after)
        .unified_diff()
        .context_radius(3)
        .header(&from, &format!("{shown} (after wsltune apply)"))
        .to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Writes `new` over `path` through a temporary file in the same folder and a rename, after a
/// byte-identical backup of `old`. Refuses when the file changed since it was read or is
/// read-only. Returns the backup's path.
fn write(path: &Path, old: Option<&[u8]>, new: &[u8]) -> anyhow::Result<Option<PathBuf>> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name =
        path.file_name().map_or_else(|| ".wslconfig".into(), |n| n.to_string_lossy().into_owned());
    let now = std::fs::read(path);
    match (old, now) {
        (Some(old), Ok(now)) if now != old => {
            bail!("{} changed while wsltune was working; run the command again", path.display())
        }
        (Some(_), Err(e)) => {
            bail!("{} cannot be read again ({e}); nothing written", path.display())
        }
        (None, Ok(_)) => {
            bail!("{} appeared while wsltune was working; run the command again", path.display())
        }
        _ => {}
    }
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    if permissions.as_ref().is_some_and(std::fs::Permissions::readonly) {
        bail!(
            "{} is read-only; clear its read-only attribute (or chmod u+w) to let wsltune edit it",
            path.display()
        );
    }
    let backup = match old {
        Some(old) => Some(backup(dir, &name, old)?),
        None => None,
    };
    let temp = dir.join(format!(".{name}.wsltune-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
        f.write_all(new)?;
        f.sync_all()?;
        drop(f);
        if let Some(p) = &permissions {
            std::fs::set_permissions(&temp, p.clone())?;
        }
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e)
            .with_context(|| format!("writing {} (the file is unchanged)", path.display()));
    }
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(backup)
}

/// Copies the old bytes to `<name>.wsltune-<UTC time>.bak`, never over an existing file.
fn backup(dir: &Path, name: &str, old: &[u8]) -> anyhow::Result<PathBuf> {
    let stamp: String = crate::units::format_rfc3339(crate::units::now_ms())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(15)
        .collect();
    for n in 0..100 {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let path = dir.join(format!("{name}.wsltune-{stamp}Z{suffix}.bak"));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                f.write_all(old).and_then(|()| f.sync_all()).with_context(|| {
                    format!("writing the backup {} (the file is unchanged)", path.display())
                })?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("creating the backup {} (the file is unchanged)", path.display())
                });
            }
        }
    }
    bail!("too many backups named {name}.wsltune-{stamp}Z-*.bak in {}", dir.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_normalized_to_wsls_spelling() {
        let k = |n| keys::find(n).unwrap();
        assert_eq!(normalize(k("wsl2.memory"), "8gb").unwrap(), "8GB");
        assert_eq!(normalize(k("experimental.autoMemoryReclaim"), "gradual").unwrap(), "Gradual");
        assert_eq!(normalize(k("wsl2.localhostForwarding"), "yes").unwrap(), "true");
        assert!(normalize(k("wsl2.processors"), "010x").is_err());
        assert!(restart_note(60_000).contains("75 s"));
    }
}
