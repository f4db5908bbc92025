//! `wsltune doctor`: run Docker's WSL 2 checklist (`checklist`) and show it — for people, a
//! summary of what was found, a table of disks, then the findings, each with its fix; or the
//! whole report as JSON.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

use crate::Outcome;
use crate::checklist::{self, Report, Severity};
use crate::cli::{DoctorArgs, GlobalArgs};
use crate::locate::{FileLocation, Inputs, Profile};
use crate::units::{format_bytes, plural};

/// Runs `wsltune doctor`.
pub fn run(global: &GlobalArgs, args: &DoctorArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::resolve(&global.overrides())?;
    let project = match &args.project {
        Some(dir) if !dir.is_dir() => {
            crate::usage_error!(
                "--project '{}' is not a folder; give the folder of your project",
                dir.display()
            )
        }
        Some(dir) => Some(dir.clone()),
        None => std::env::current_dir().ok(),
    };
    let report = checklist::build(&inputs, project);
    // The background monitor, asked only on a real system (never for a fixture tree).
    let service = (!inputs.root_given && !inputs.proc_root_given)
        .then(|| super::service::gather(&inputs, report.environment.environment.kind));
    let mut out = crate::term::stdout_for(args.json);
    if args.json {
        #[derive(serde::Serialize)]
        struct WithService<'a> {
            #[serde(flatten)]
            report: &'a Report,
            service: Option<super::service::Services>,
        }
        let whole = WithService { report: &report, service };
        serde_json::to_writer_pretty(&mut out, &whole).context("writing the report")?;
        out.write_all(b"\n").context("writing the report")?;
    } else {
        text(&mut out, &report, crate::term::stdout_width()).context("writing the report")?;
        service_section(&mut out, service.as_ref()).context("writing the report")?;
    }
    Ok(if report.has_errors() { Outcome::UserError } else { Outcome::Success })
}

/// The disks as a table: with the path at the end of each row when it fits `width`, on a line
/// of its own (shortened in the middle) when it does not, and one disk per two lines on a
/// narrow terminal.
fn disks(out: &mut impl Write, report: &Report, width: Option<usize>) -> io::Result<()> {
    use crate::term::shorten_path;
    const COLUMNS: usize = 2 + 14 + 1 + 22 + 1 + 11 + 1 + 11 + 1 + 11 + 2;
    let longest = report.disks.iter().map(|r| r.disk.path.display().to_string().len()).max();
    let path_inline = width.is_none_or(|w| COLUMNS + longest.unwrap_or(0) <= w);
    let narrow = width.is_some_and(|w| w < COLUMNS);
    let room = width.unwrap_or(usize::MAX).saturating_sub(4);
    if !narrow {
        writeln!(
            out,
            "  {:<14} {:<22} {:>11} {:>11} {:>11}{}",
            "ROLE",
            "NAME",
            "SIZE",
            "ON DISK",
            "RECLAIMABLE",
            if path_inline { "  PATH" } else { "" }
        )?;
    }
    for r in &report.disks {
        let d = &r.disk;
        let on_disk = d.size_on_disk.map_or("?".to_owned(), format_bytes);
        let reclaimable = r.reclaimable_bytes.map_or("?".to_owned(), format_bytes);
        let path = d.path.display().to_string();
        if narrow {
            let name = d.name.as_deref().map_or(String::new(), |n| format!(" ({n})"));
            writeln!(out, "  {}{name}", d.role.label())?;
            writeln!(
                out,
                "    {}, {on_disk} on disk, {reclaimable} reclaimable",
                format_bytes(d.file_length)
            )?;
            writeln!(out, "    {}", shorten_path(&path, room))?;
            continue;
        }
        write!(
            out,
            "  {:<14} {:<22} {:>11} {:>11} {:>11}",
            d.role.label(),
            shorten(d.name.as_deref().unwrap_or("-"), 22),
            format_bytes(d.file_length),
            on_disk,
            reclaimable,
        )?;
        if path_inline {
            writeln!(out, "  {path}")?;
        } else {
            writeln!(out)?;
            writeln!(out, "    {}", shorten_path(&path, room))?;
        }
    }
    Ok(())
}

/// Writes the report for people, fitted to `width` (a terminal's) where given.
fn text(out: &mut impl Write, report: &Report, width: Option<usize>) -> io::Result<()> {
    let env = &report.environment.environment;
    let mut what = env.kind.label().to_owned();
    if let Some(os) = &env.os {
        what.push_str(&format!(" — {os}"));
    }
    let mut details = Vec::new();
    if let Some(d) = &env.distro {
        details.push(format!("distro '{d}'"));
    }
    if let Some(k) = &env.kernel {
        details.push(format!("kernel {k}"));
    }
    if !details.is_empty() {
        what.push_str(&format!(" ({})", details.join(", ")));
    }
    row(out, "Environment", &what)?;
    if let Some(vm) = &report.environment.vm {
        let mem = vm
            .memory_bytes
            .map_or("? memory".to_owned(), |b| format!("{} memory", format_bytes(b)));
        let cpus = vm
            .processors
            .map_or("? processors".to_owned(), |n| plural(n as u64, "processor", "processors"));
        let swap =
            vm.swap_bytes.map_or("? swap".to_owned(), |b| format!("{} swap", format_bytes(b)));
        row(out, "VM now", &format!("{mem}, {cpus}, {swap}"))?;
    }
    if let Some(host) = &report.environment.host {
        row(
            out,
            "Host",
            &format!(
                "{} memory, {} logical processors",
                format_bytes(host.memory_bytes),
                host.logical_processors
            ),
        )?;
    }
    let home = match &report.windows_home {
        Profile::Found { path, found_by } => format!("{} ({found_by})", path.display()),
        Profile::Ambiguous { candidates, .. } => {
            format!("ambiguous: {} candidates", candidates.len())
        }
        Profile::NotFound { .. } => "not found".to_owned(),
    };
    row(out, "Windows home", &home)?;
    row(out, ".wslconfig", &file_state(&report.wslconfig.location, "missing"))?;
    row(out, "History DB", &file_state(&report.database, "not created yet"))?;
    if let Some(p) = &report.project {
        row(out, "Project", &p.display().to_string())?;
    }
    windows_section(out, report)?;

    writeln!(out)?;
    if report.disks.is_empty() {
        writeln!(out, "Disks: none found")?;
    } else {
        writeln!(out, "Disks")?;
        disks(out, report, width)?;
    }

    // The table already lists each disk; their findings only add advice, said once here.
    let (disk_findings, findings): (Vec<_>, Vec<_>) =
        report.findings.iter().partition(|f| checklist::DISK_CODES.contains(&f.code));
    let mut advice: Vec<(&str, &str)> = Vec::new();
    for (disk, f) in report.disks.iter().zip(&disk_findings) {
        if !advice.iter().any(|(_, fix)| *fix == f.fix) {
            advice.push((disk.disk.role.label(), &f.fix));
        }
    }
    for (role, fix) in advice {
        writeln!(out, "  {role}: {fix}")?;
    }

    writeln!(out)?;
    docker_section(out, report)?;

    writeln!(out)?;
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    writeln!(
        out,
        "Findings: {}, {}, {}",
        plural(count(Severity::Error) as u64, "error", "errors"),
        plural(count(Severity::Warning) as u64, "warning", "warnings"),
        plural(count(Severity::Info) as u64, "note", "notes")
    )?;
    for f in &findings {
        let tag = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        writeln!(out, "  {tag:<8} [{}] {}", f.code, f.message)?;
        writeln!(out, "           fix: {}", f.fix)?;
    }
    Ok(())
}

/// What Docker's engine said: its version, and its disk usage by kind beside the data disk's
/// file, whose difference only compaction gives back.
fn docker_section(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let Some(d) = &report.docker else {
        return row(
            out,
            "Docker",
            "not asked (--no-docker, or a tree given with --root/--proc-root)",
        );
    };
    if !d.reachable {
        return row(out, "Docker", "no engine answered (see the findings)");
    }
    let engine = d.server_version.clone().unwrap_or_default();
    let mut what = match d.desktop_version {
        Some(v) => format!("Docker Desktop {v}, engine {engine}"),
        None => engine,
    };
    let mut details = Vec::new();
    if let Some(api) = &d.api_version {
        details.push(format!("API {api}"));
    }
    if let Some(cg) = &d.cgroup_version {
        details.push(format!("cgroup v{cg}"));
    }
    details.push(plural(d.containers.len() as u64, "container running", "containers running"));
    what.push_str(&format!(" ({})", details.join(", ")));
    if let Some(e) = &d.endpoint {
        what.push_str(&format!(" at {e}"));
    }
    row(out, "Docker", &what)?;
    let Some(u) = &d.disk_usage else { return Ok(()) };
    writeln!(
        out,
        "  {:<12} {:>6} {:>7} {:>11} {:>12}",
        "KIND", "COUNT", "ACTIVE", "SIZE", "RECLAIMABLE"
    )?;
    let kinds = [
        ("images", u.images),
        ("containers", u.containers),
        ("volumes", u.volumes),
        ("build cache", u.build_cache),
    ];
    for (name, k) in kinds {
        writeln!(
            out,
            "  {name:<12} {:>6} {:>7} {:>11} {:>12}",
            k.count,
            k.active,
            format_bytes(k.total_bytes),
            format_bytes(k.reclaimable_bytes)
        )?;
    }
    // What pruning frees inside the disk (suggested, never run), then compaction gives back.
    super::write_prunes(out, &crate::docker::prune::suggestions(u))?;
    let inside: u64 = kinds.iter().map(|(_, k)| k.total_bytes).sum();
    let data = report.disks.iter().find(|r| r.disk.role == crate::locate::Role::DockerData);
    if let Some(data) = data {
        let file = data.disk.file_length;
        writeln!(
            out,
            "  Docker holds {} of the data disk's {} file; the other {} only compaction gives back (`wsltune compact`), after pruning what Docker can reclaim.",
            format_bytes(inside),
            format_bytes(file),
            format_bytes(file.saturating_sub(inside))
        )?;
    }
    Ok(())
}

/// The Windows side (the guide's prerequisites and step 6): the build, the WSL package, and the
/// registered distros with `*` on the default, one per line.
fn windows_section(out: &mut impl Write, report: &Report) -> io::Result<()> {
    if let Some(w) = &report.windows {
        let product = if w.build >= checklist::windows::WINDOWS_11_FIRST_BUILD { 11 } else { 10 };
        let mut what = format!("Windows {product}, build {}", w.build);
        if let Some(ubr) = w.ubr {
            what.push_str(&format!(".{ubr}"));
        }
        if let Some(v) = &w.version {
            what.push_str(&format!(" ({v})"));
        }
        row(out, "Windows", &what)?;
    }
    if let Some(wsl) = &report.wsl {
        let what = match (&wsl.version, wsl.inbox) {
            (_, true) => "the inbox WSL (no `wsl --version`)".to_owned(),
            (Some(v), false) => v.clone(),
            (None, false) => "version not known".to_owned(),
        };
        let default = match wsl.default_version {
            Some(v) => format!(", new distros get WSL {v}"),
            None => String::new(),
        };
        row(out, "WSL", &format!("{what}{default}"))?;
    }
    // Padded by display width: a name in CJK takes two columns a character.
    let width = crate::term::display_width;
    let longest = report.distros.iter().map(|d| width(&d.name)).max().unwrap_or(0);
    let pad = longest.min(24);
    for (i, d) in report.distros.iter().enumerate() {
        let version = d.version.map_or("WSL ?".to_owned(), |v| format!("WSL {v}"));
        let state = d.state.as_deref().map_or(String::new(), |s| format!("  {s}"));
        let name = shorten(&d.name, pad);
        let fill = pad.saturating_sub(width(&name));
        let mark = if d.default { '*' } else { ' ' };
        let line = format!("{mark} {name}{:fill$}  {version}{state}", "");
        row(out, if i == 0 { "Distros" } else { "" }, &line)?;
    }
    Ok(())
}

/// The background monitor (`wsltune service status` says more).
fn service_section(
    out: &mut impl Write,
    service: Option<&super::service::Services>,
) -> io::Result<()> {
    let Some(service) = service else { return Ok(()) };
    writeln!(out)?;
    for status in [&service.windows_task, &service.systemd].into_iter().flatten() {
        for (label, value) in crate::service::status::describe(status) {
            row(out, label, &value)?;
        }
    }
    Ok(())
}

fn row(out: &mut impl Write, label: &str, value: &str) -> io::Result<()> {
    writeln!(out, "{label:<13} {value}")
}

fn file_state(loc: &FileLocation, missing: &str) -> String {
    match &loc.path {
        Some(p) if loc.exists => shown(p),
        Some(p) => format!("{} ({missing})", shown(p)),
        None => format!("unknown ({})", loc.found_by),
    }
}

/// Cuts a name to `width` characters, marking the cut.
fn shorten(name: &str, width: usize) -> String {
    if name.chars().count() <= width {
        return name.to_owned();
    }
    let mut short: String = name.chars().take(width.saturating_sub(1)).collect();
    short.push('…');
    short
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
