//! Where the VM's `/proc` is read from. Inside WSL and on Linux it is `/proc` (or
//! `--proc-root`). Natively on Windows the VM has no path of its own: its `/proc` is reached
//! through a running distro's share, `\\wsl.localhost\<distro>\proc` — all distros share the
//! VM's kernel, so any running one shows the whole VM — and only while the VM runs: opening the
//! share of a stopped distro starts it (WSL's Plan 9 redirector starts an instance on first
//! access), and wsltune never wakes the VM. So the share is used only while the VM's process
//! (`vmmemWSL`/`vmmem`) exists and only for a distro `wsl.exe --list --running` named; its files
//! are opened, read to the end and closed at each tick (a handle held open can keep a distro
//! from stopping). While the VM is stopped, the samples say so: the VM's figures are null.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Sample;
use super::procfs::ProcSampler;

/// How often the running distros are listed again while none can be read (a `wsl.exe` run).
const LIST_EVERY: Duration = Duration::from_secs(30);

/// Lists the running distros (`wsl.exe --list --running --quiet`, decoded); `None` when it
/// could not be run.
pub type Lister = Box<dyn FnMut() -> Option<Vec<String>> + Send>;

/// The `/proc` of the VM, sampled at each tick.
pub struct VmProc {
    source: Source,
    /// The sampler of the current root, made again when the root changes.
    sampler: Option<(PathBuf, ProcSampler)>,
    /// What to say once each: kept for the schedule to hand on.
    pub warnings: Vec<String>,
}

enum Source {
    /// A folder of `/proc`'s files.
    Fixed(PathBuf),
    /// A running distro's share, natively on Windows.
    Share {
        list: Lister,
        /// The distro being read.
        distro: Option<String>,
        /// When the running distros may be listed again.
        next_list: Option<Instant>,
        /// Whether the VM was running at the last tick (`None` before the first).
        running: Option<bool>,
    },
}

/// The share of `distro`'s `/proc`.
pub fn share_path(distro: &str) -> PathBuf {
    PathBuf::from(format!(r"\\wsl.localhost\{distro}\proc"))
}

/// The distros `wsl.exe --list --running --quiet` printed, one a line.
pub fn parse_running(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The distro to read: the one read before while it still runs, else the first that runs.
pub fn pick(running: &[String], before: Option<&str>) -> Option<String> {
    before
        .and_then(|b| running.iter().find(|r| r.as_str() == b))
        .or_else(|| running.first())
        .cloned()
}

impl VmProc {
    /// `/proc`'s files in `root`.
    pub fn fixed(root: PathBuf) -> Self {
        VmProc { source: Source::Fixed(root), sampler: None, warnings: Vec::new() }
    }

    /// A running distro's share, found with `list`.
    pub fn share(list: Lister) -> Self {
        VmProc {
            source: Source::Share { list, distro: None, next_list: None, running: None },
            sampler: None,
            warnings: Vec::new(),
        }
    }

    /// The sampler of `root`, made when the root changed.
    fn sampler_of(&mut self, root: &Path) -> &mut ProcSampler {
        if self.sampler.as_ref().is_none_or(|(r, _)| r != root) {
            self.sampler = None;
        }
        let make = || (root.to_path_buf(), ProcSampler::new(root.to_path_buf()));
        &mut self.sampler.get_or_insert_with(make).1
    }

    /// Fills the VM's fields of `sample` at `now`; `vm_running` says whether the VM's process
    /// exists (natively on Windows; `None` where it cannot be seen).
    pub fn sample(&mut self, sample: &mut Sample, now: Instant, vm_running: Option<bool>) {
        // `/proc` itself (the tick's common case): its sampler, made once, and nothing else.
        if let Source::Fixed(root) = &self.source {
            let (_, sampler) =
                self.sampler.get_or_insert_with(|| (root.clone(), ProcSampler::new(root.clone())));
            sampler.sample(sample, now);
            self.warnings.append(&mut sampler.warnings);
            return;
        }
        let root = match &mut self.source {
            Source::Fixed(_) => return,
            Source::Share { list, distro, next_list, running } => {
                let runs = vm_running == Some(true);
                if *running != Some(runs) {
                    if runs && running.is_some() {
                        self.warnings.push(super::texts::VM_RUNS_AGAIN.get().to_owned());
                    } else if !runs {
                        self.warnings.push(super::texts::VM_NOT_RUNNING.get().to_owned());
                    }
                    *running = Some(runs);
                }
                if !runs {
                    *distro = None;
                    self.sampler = None;
                    return;
                }
                if distro.is_none() && next_list.is_none_or(|t| now >= t) {
                    *next_list = Some(now + LIST_EVERY);
                    let before = self.sampler.as_ref().and_then(|(r, _)| distro_of(r));
                    *distro = list().and_then(|names| pick(&names, before.as_deref()));
                }
                match distro {
                    Some(d) => share_path(d),
                    None => return,
                }
            }
        };
        self.sampler_of(&root).sample(sample, now);
        if let Source::Share { distro, .. } = &mut self.source
            && sample.mem_total_bytes.is_none()
        {
            // The distro stopped (or was unregistered) meanwhile: list again, and never keep
            // retrying its share, which would start it again. Its files' warnings go with it.
            *distro = None;
            self.sampler = None;
            return;
        }
        if let Some((_, s)) = &mut self.sampler {
            self.warnings.append(&mut s.warnings);
        }
    }
}

/// The distro a share path names.
fn distro_of(root: &Path) -> Option<String> {
    let text = root.to_string_lossy();
    let rest = text.strip_prefix(r"\\wsl.localhost\")?;
    rest.split('\\').next().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn running_distros_and_the_one_to_read() {
        let running = parse_running("Ubuntu\r\n docker-desktop \n\n");
        assert_eq!(running, ["Ubuntu", "docker-desktop"]);
        assert_eq!(pick(&running, Some("docker-desktop")).as_deref(), Some("docker-desktop"));
        assert_eq!(pick(&running, Some("Debian")).as_deref(), Some("Ubuntu"));
        assert_eq!(pick(&[], None), None);
        assert_eq!(share_path("Ubuntu"), PathBuf::from(r"\\wsl.localhost\Ubuntu\proc"));
        assert_eq!(distro_of(&share_path("山田-Debian")).as_deref(), Some("山田-Debian"));
    }

    /// While the VM is stopped nothing is listed or read, and the samples' VM figures stay
    /// empty; once it runs, a listed distro is read; a share that cannot be read is given up at
    /// once (the distro stopped) and the distros are listed again no sooner than 30 s later.
    #[test]
    fn the_share_is_read_only_while_the_vm_runs() {
        let listed = Arc::new(Mutex::new(0));
        let count = Arc::clone(&listed);
        let mut vm = VmProc::share(Box::new(move || {
            *count.lock().unwrap() += 1;
            Some(vec!["NoSuchDistro-wsltune-test".to_owned()])
        }));
        let t0 = Instant::now();
        let mut s = Sample::default();
        vm.sample(&mut s, t0, Some(false));
        assert_eq!((*listed.lock().unwrap(), s.mem_total_bytes), (0, None));
        assert!(vm.warnings.iter().any(|w| w.contains("never starts it")), "{:?}", vm.warnings);
        // Runs: listed, its share read (it does not exist here, so it is given up).
        vm.sample(&mut s, t0, Some(true));
        assert_eq!(*listed.lock().unwrap(), 1);
        assert!(vm.sampler.is_none(), "an unreadable share is not kept");
        vm.sample(&mut s, t0 + Duration::from_secs(10), Some(true));
        assert_eq!(*listed.lock().unwrap(), 1, "not listed again within 30 s");
        vm.sample(&mut s, t0 + Duration::from_secs(31), Some(true));
        assert_eq!(*listed.lock().unwrap(), 2);
    }

    /// A fixed root is read as before.
    #[test]
    fn a_fixed_root_is_proc() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("meminfo"), "MemTotal: 1024 kB\nMemAvailable: 512 kB\n")
            .unwrap();
        let mut vm = VmProc::fixed(dir.path().to_path_buf());
        let mut s = Sample::default();
        vm.sample(&mut s, Instant::now(), None);
        assert_eq!((s.mem_total_bytes, s.mem_used_bytes), (Some(1 << 20), Some(512 << 10)));
    }
}
