//! `wsltune doctor`: run Docker's WSL 2 checklist (`checklist`) and show it — for people, a
//! summary of what was found, a table of disks, then the findings, each with its fix; or the
//! whole report as JSON.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

use crate::Outcome;
use crate::checklist::texts::{LIST_SEP, counted, role_label};
use crate::checklist::{self, Report, Severity};
use crate::cli::{DoctorArgs, GlobalArgs};
use crate::i18n::Text;
use crate::locate::{FileLocation, Inputs, Kind, Profile};
use crate::term::display_width;
use crate::units::format_bytes;

pub mod texts;
use texts as t;

/// Runs `wsltune doctor`.
pub fn run(global: &GlobalArgs, args: &DoctorArgs) -> anyhow::Result<Outcome> {
    let inputs = Inputs::resolve(&global.overrides())?;
    let project = match &args.project {
        Some(dir) if !dir.is_dir() => {
            crate::usage_error!("{}", t::PROJECT_NOT_A_FOLDER.fill(&[("path", &dir.display())]))
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
            language: Language,
        }
        /// The language of this run and what chose it.
        #[derive(serde::Serialize)]
        struct Language {
            tag: &'static str,
            source: &'static str,
        }
        let language =
            Language { tag: crate::i18n::current().tag(), source: crate::i18n::source().code() };
        let whole = WithService { report: &report, service, language };
        serde_json::to_writer_pretty(&mut out, &whole)
            .context(super::texts::WRITING_OUTPUT.get())?;
        out.write_all(b"\n").context(super::texts::WRITING_OUTPUT.get())?;
    } else {
        text(&mut out, &report, crate::term::stdout_width())
            .context(super::texts::WRITING_OUTPUT.get())?;
        service_section(&mut out, service.as_ref()).context(super::texts::WRITING_OUTPUT.get())?;
    }
    Ok(if report.has_errors() { Outcome::UserError } else { Outcome::Success })
}

/// `text` padded with spaces to `width` columns (display width: CJK takes two).
fn left(text: &str, width: usize) -> String {
    format!("{text}{:1$}", "", width.saturating_sub(display_width(text)))
}

/// `text` right-aligned in `width` columns.
fn right(text: &str, width: usize) -> String {
    format!("{:1$}{text}", "", width.saturating_sub(display_width(text)))
}

/// The disks as a table: with the path at the end of each row when it fits `width`, on a line
/// of its own (shortened in the middle) when it does not, and one disk per two lines on a
/// narrow terminal. The role column is as wide as its longest label (Japanese ones are wider).
fn disks(out: &mut impl Write, report: &Report, width: Option<usize>) -> io::Result<()> {
    use crate::term::shorten_path;
    let role_width = report
        .disks
        .iter()
        .map(|r| display_width(role_label(r.disk.role)))
        .chain([14, display_width(t::COL_ROLE.get())])
        .max()
        .unwrap_or(14);
    let columns = 2 + role_width + 1 + 22 + 1 + 11 + 1 + 11 + 1 + 11 + 2;
    let longest =
        report.disks.iter().map(|r| display_width(&r.disk.path.display().to_string())).max();
    let path_inline = width.is_none_or(|w| columns + longest.unwrap_or(0) <= w);
    let narrow = width.is_some_and(|w| w < columns);
    let room = width.unwrap_or(usize::MAX).saturating_sub(4);
    if !narrow {
        let path = if path_inline { format!("  {}", t::COL_PATH.get()) } else { String::new() };
        writeln!(
            out,
            "  {} {} {} {} {}{path}",
            left(t::COL_ROLE.get(), role_width),
            left(t::COL_NAME.get(), 22),
            right(t::COL_SIZE.get(), 11),
            right(t::COL_ON_DISK.get(), 11),
            right(t::COL_RECLAIMABLE.get(), 11),
        )?;
    }
    for r in &report.disks {
        let d = &r.disk;
        let on_disk = d.size_on_disk.map_or("?".to_owned(), format_bytes);
        let reclaimable = r.reclaimable_bytes.map_or("?".to_owned(), format_bytes);
        let path = d.path.display().to_string();
        let role = role_label(d.role);
        if narrow {
            let name = d.name.as_deref().map_or(String::new(), |n| format!(" ({n})"));
            writeln!(out, "  {role}{name}")?;
            let sizes = t::DISK_SIZES.fill(&[
                ("size", &format_bytes(d.file_length)),
                ("on_disk", &on_disk),
                ("reclaimable", &reclaimable),
            ]);
            writeln!(out, "    {sizes}")?;
            writeln!(out, "    {}", shorten_path(&path, room))?;
            continue;
        }
        write!(
            out,
            "  {} {} {:>11} {:>11} {:>11}",
            left(role, role_width),
            left(&shorten(d.name.as_deref().unwrap_or("-"), 22), 22),
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
    let mut what =
        if env.kind == Kind::Linux { t::KIND_LINUX.get() } else { env.kind.label() }.to_owned();
    if let Some(os) = &env.os {
        what.push_str(&format!(" — {os}"));
    }
    let mut details = Vec::new();
    if let Some(d) = &env.distro {
        details.push(t::DETAIL_DISTRO.fill(&[("distro", d)]));
    }
    if let Some(k) = &env.kernel {
        details.push(t::DETAIL_KERNEL.fill(&[("kernel", k)]));
    }
    if !details.is_empty() {
        what = t::ENV_DETAILS.fill(&[("what", &what), ("details", &details.join(LIST_SEP.get()))]);
    }
    row(out, t::ENVIRONMENT, &what)?;
    if let Some(vm) = &report.environment.vm {
        let cpus = match vm.processors {
            Some(n) => counted(n as u64, t::PROCESSOR, t::PROCESSORS),
            None => t::PROCESSORS.fill(&[("n", &"?")]),
        };
        let value = t::VM_VALUE.fill(&[
            ("memory", &vm.memory_bytes.map_or("?".to_owned(), format_bytes)),
            ("processors", &cpus),
            ("swap", &vm.swap_bytes.map_or("?".to_owned(), format_bytes)),
        ]);
        row(out, t::VM_NOW, &value)?;
    }
    if let Some(host) = &report.environment.host {
        let value = t::HOST_VALUE.fill(&[
            ("memory", &format_bytes(host.memory_bytes)),
            ("processors", &host.logical_processors),
        ]);
        row(out, t::HOST, &value)?;
    }
    let home = match &report.windows_home {
        Profile::Found { path, found_by } => t::HOME_FOUND.fill(&[
            ("path", &path.display()),
            ("found_by", &t::found_by(found_by, crate::i18n::current())),
        ]),
        Profile::Ambiguous { candidates, .. } => {
            t::HOME_AMBIGUOUS.fill(&[("n", &candidates.len())])
        }
        Profile::NotFound { .. } => t::HOME_NOT_FOUND.get().to_owned(),
    };
    row(out, t::WINDOWS_HOME, &home)?;
    row_as(out, ".wslconfig", &file_state(&report.wslconfig.location, t::FILE_MISSING))?;
    row(out, t::HISTORY_DB, &file_state(&report.database, t::DB_NOT_CREATED))?;
    if let Some(p) = &report.project {
        row(out, t::PROJECT, &p.display().to_string())?;
    }
    row(out, t::LANGUAGE, &language_words())?;
    windows_section(out, report)?;

    writeln!(out)?;
    if report.disks.is_empty() {
        writeln!(out, "{}", t::DISKS_NONE.get())?;
    } else {
        writeln!(out, "{}", t::DISKS.get())?;
        disks(out, report, width)?;
    }

    // The table already lists each disk; their findings only add advice, said once here.
    let (disk_findings, findings): (Vec<_>, Vec<_>) =
        report.findings.iter().partition(|f| checklist::DISK_CODES.contains(&f.code));
    let mut advice: Vec<(&str, &str)> = Vec::new();
    for (disk, f) in report.disks.iter().zip(&disk_findings) {
        if !advice.iter().any(|(_, fix)| *fix == f.fix) {
            advice.push((role_label(disk.disk.role), &f.fix));
        }
    }
    for (role, fix) in advice {
        writeln!(out, "  {role}: {fix}")?;
    }

    writeln!(out)?;
    docker_section(out, report)?;

    writeln!(out)?;
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count() as u64;
    writeln!(
        out,
        "{}",
        t::FINDINGS.fill(&[
            ("errors", &counted(count(Severity::Error), t::ERROR_ONE, t::ERRORS)),
            ("warnings", &counted(count(Severity::Warning), t::WARNING_ONE, t::WARNINGS)),
            ("notes", &counted(count(Severity::Info), t::NOTE_ONE, t::NOTES)),
        ])
    )?;
    for f in &findings {
        let tag = match f.severity {
            Severity::Error => t::TAG_ERROR,
            Severity::Warning => t::TAG_WARNING,
            Severity::Info => t::TAG_INFO,
        };
        writeln!(out, "  {} [{}] {}", left(tag.get(), 8), f.code, f.message)?;
        writeln!(out, "           {} {}", t::FIX.get(), f.fix)?;
    }
    Ok(())
}

/// What Docker's engine said: its version, and its disk usage by kind beside the data disk's
/// file, whose difference only compaction gives back.
fn docker_section(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let Some(d) = &report.docker else {
        return row_as(out, "Docker", t::DOCKER_NOT_ASKED.get());
    };
    if !d.reachable {
        return row_as(out, "Docker", t::DOCKER_NO_ENGINE.get());
    }
    let engine = d.server_version.clone().unwrap_or_default();
    let what = match d.desktop_version {
        Some(v) => t::DOCKER_DESKTOP_ENGINE.fill(&[("desktop", &v), ("engine", &engine)]),
        None => engine,
    };
    let mut details = Vec::new();
    if let Some(api) = &d.api_version {
        details.push(format!("API {api}"));
    }
    if let Some(cg) = &d.cgroup_version {
        details.push(format!("cgroup v{cg}"));
    }
    details.push(counted(d.containers.len() as u64, t::CONTAINER_RUNNING, t::CONTAINERS_RUNNING));
    let details = details.join(LIST_SEP.get());
    let value = match &d.endpoint {
        Some(e) => t::DOCKER_VALUE.fill(&[("what", &what), ("details", &details), ("endpoint", e)]),
        None => t::DOCKER_VALUE_NO_ENDPOINT.fill(&[("what", &what), ("details", &details)]),
    };
    row_as(out, "Docker", &value)?;
    let Some(u) = &d.disk_usage else { return Ok(()) };
    writeln!(
        out,
        "  {} {} {} {} {}",
        left(t::COL_KIND.get(), 16),
        right(t::COL_COUNT.get(), 6),
        right(t::COL_ACTIVE.get(), 7),
        right(t::COL_SIZE.get(), 11),
        right(t::COL_RECLAIMABLE.get(), 12),
    )?;
    let kinds = [
        (t::KIND_IMAGES, u.images),
        (t::KIND_CONTAINERS, u.containers),
        (t::KIND_VOLUMES, u.volumes),
        (t::KIND_BUILD_CACHE, u.build_cache),
    ];
    for (name, k) in kinds {
        writeln!(
            out,
            "  {} {:>6} {:>7} {:>11} {:>12}",
            left(name.get(), 16),
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
        let holds = t::DOCKER_HOLDS.fill(&[
            ("inside", &format_bytes(inside)),
            ("file", &format_bytes(file)),
            ("rest", &format_bytes(file.saturating_sub(inside))),
        ]);
        writeln!(out, "  {holds}")?;
    }
    Ok(())
}

/// The Windows side (the guide's prerequisites and step 6): the build, the WSL package, and the
/// registered distros with `*` on the default, one per line.
fn windows_section(out: &mut impl Write, report: &Report) -> io::Result<()> {
    if let Some(w) = &report.windows {
        let product = if w.build >= checklist::windows::WINDOWS_11_FIRST_BUILD { 11 } else { 10 };
        let build = match w.ubr {
            Some(ubr) => format!("{}.{ubr}", w.build),
            None => w.build.to_string(),
        };
        let mut what = t::WINDOWS_VALUE.fill(&[("product", &product), ("build", &build)]);
        if let Some(v) = &w.version {
            what = t::RELEASE.fill(&[("what", &what), ("version", v)]);
        }
        row_as(out, "Windows", &what)?;
    }
    if let Some(wsl) = &report.wsl {
        let what = match (&wsl.version, wsl.inbox) {
            (_, true) => t::WSL_INBOX.get().to_owned(),
            (Some(v), false) => v.clone(),
            (None, false) => t::WSL_VERSION_UNKNOWN.get().to_owned(),
        };
        let value = match wsl.default_version {
            Some(v) => t::WSL_DEFAULT_VERSION.fill(&[("what", &what), ("version", &v)]),
            None => what,
        };
        row_as(out, "WSL", &value)?;
    }
    // Padded by display width: a name in CJK takes two columns a character.
    let longest = report.distros.iter().map(|d| display_width(&d.name)).max().unwrap_or(0);
    let pad = longest.min(24);
    for (i, d) in report.distros.iter().enumerate() {
        let version = d.version.map_or("WSL ?".to_owned(), |v| format!("WSL {v}"));
        let state = d.state.as_deref().map_or(String::new(), |s| format!("  {s}"));
        let name = shorten(&d.name, pad);
        let fill = pad.saturating_sub(display_width(&name));
        let mark = if d.default { '*' } else { ' ' };
        let line = format!("{mark} {name}{:fill$}  {version}{state}", "");
        row_as(out, if i == 0 { t::DISTROS.get() } else { "" }, &line)?;
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
            row_as(out, label, &value)?;
        }
    }
    Ok(())
}

/// The language of this run and what chose it: `日本語（ロケール LANG=ja_JP.UTF-8 から）`.
fn language_words() -> String {
    use crate::i18n::{Lang, Source};
    let name = match crate::i18n::current() {
        Lang::En => t::ENGLISH.get(),
        Lang::Ja => t::JAPANESE.get(),
    };
    let how = match crate::i18n::source() {
        Source::Flag => t::LANG_BY_FLAG.get().to_owned(),
        Source::Env => t::LANG_BY_ENV.get().to_owned(),
        Source::Windows => t::LANG_BY_WINDOWS.get().to_owned(),
        Source::Default => t::LANG_BY_DEFAULT.get().to_owned(),
        // The first of the three that is set, as `i18n::choose` reads them.
        Source::Locale => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()).map(|v| (var, v)))
            .map_or_else(
                || t::LANG_BY_DEFAULT.get().to_owned(),
                |(var, value)| t::LANG_BY_LOCALE.fill(&[("var", &var), ("value", &value)]),
            ),
    };
    t::LANGUAGE_VALUE.fill(&[("name", &name), ("how", &how)])
}

fn row(out: &mut impl Write, label: Text, value: &str) -> io::Result<()> {
    row_as(out, label.get(), value)
}

/// A labelled line: the label padded to 13 columns (by display width), then the value.
fn row_as(out: &mut impl Write, label: &str, value: &str) -> io::Result<()> {
    writeln!(out, "{} {value}", left(label, 13))
}

/// Where a file is; `missing` says it is not there yet (`{path}` its path).
fn file_state(loc: &FileLocation, missing: Text) -> String {
    match &loc.path {
        Some(p) if loc.exists => shown(p),
        Some(p) => missing.fill(&[("path", &shown(p))]),
        None => {
            let why = t::found_by(&loc.found_by, crate::i18n::current());
            t::FILE_UNKNOWN.fill(&[("found_by", &why)])
        }
    }
}

/// Cuts a name to `width` columns, marking the cut.
fn shorten(name: &str, width: usize) -> String {
    if display_width(name) <= width {
        return name.to_owned();
    }
    let mut short = String::new();
    for c in name.chars() {
        if display_width(&short) + display_width(c.encode_utf8(&mut [0; 4])) + 1 > width {
            break;
        }
        short.push(c);
    }
    short.push('…');
    short
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
