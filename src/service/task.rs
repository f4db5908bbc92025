//! The Windows task's definition: Task Scheduler XML (schema 1.2) for a per-user logon task
//! whose action is the no-console helper, and the bytes of the file `schtasks /Create /XML`
//! reads.
//!
//! The settings, each for a reason: a `LogonTrigger` for this user only; `InteractiveToken` and
//! `LeastPrivilege` (runs as the user, in their session, without elevation: no password is
//! stored); `ExecutionTimeLimit` `PT0S` (no limit: the default, 72 hours, would stop a week of
//! recording); `RestartOnFailure`; `MultipleInstancesPolicy` `IgnoreNew` (a second logon does
//! not start a second monitor, which the history's lock would refuse anyway); and both battery
//! settings off, so that a laptop records unplugged too. `Hidden` is left false: it only hides
//! the task in Task Scheduler's list, not a window (reference `docker-and-windows.md` §8).

use super::winargs;

/// What the task runs and as whom, as Windows paths and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSpec {
    /// `DOMAIN\user`, as `%USERDOMAIN%\%USERNAME%`.
    pub user_id: String,
    /// The no-console helper (`wsltunew.exe`).
    pub helper: String,
    /// The history the monitor records into.
    pub db: String,
    /// The helper's log, beside the history.
    pub log: String,
}

impl TaskSpec {
    /// The helper's arguments: its log, then the `wsltune.exe` command line it starts.
    pub fn arguments(&self) -> Vec<String> {
        ["--log", &self.log, "monitor", "--format", "quiet", "--db", &self.db]
            .map(str::to_owned)
            .to_vec()
    }

    /// The folder the helper starts in: the history's, so that nothing runs in System32.
    pub fn working_directory(&self) -> String {
        match self.db.rfind('\\') {
            Some(i) if i > 2 => self.db[..i].to_owned(),
            Some(i) => self.db[..=i].to_owned(),
            None => String::new(),
        }
    }
}

/// Text with XML's five special characters escaped (element text and attribute values).
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

/// The task's XML, declared UTF-16 as Task Scheduler writes it (see [`file_bytes`]).
pub fn task_xml(spec: &TaskSpec) -> String {
    let e = xml_escape;
    let user = e(&spec.user_id);
    let arguments = e(&winargs::join(&spec.arguments()));
    format!(
        r#"<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Author>{user}</Author>
    <Description>{description}</Description>
    <URI>\{name}</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>
      <UserId>{user}</UserId>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>{user}</UserId>
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>7</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>3</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{helper}</Command>
      <Arguments>{arguments}</Arguments>
      <WorkingDirectory>{dir}</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"#,
        name = super::NAME,
        // Task Scheduler shows it to the user, in the language chosen (Windows' own, natively).
        description = e(super::texts::TASK_DESCRIPTION.get()),
        helper = e(&spec.helper),
        dir = e(&spec.working_directory()),
    )
}

/// The file `schtasks /Create /XML` reads: UTF-16LE with a byte-order mark, as Task Scheduler
/// exports tasks, with CRLF line ends. The XML declares UTF-16, and schtasks reads a file
/// without a BOM in the ANSI code page, which cannot hold every user name (`C:\Users\山田` on
/// an English system); Wine's schtasks reads this form too (checked by the Wine test).
pub fn file_bytes(xml: &str) -> Vec<u8> {
    let crlf = xml.replace("\r\n", "\n").replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in crlf.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> TaskSpec {
        TaskSpec {
            user_id: r"PC\山田".to_owned(),
            helper: r"C:\Users\山田\AppData\Local\wsltune\bin\wsltunew.exe".to_owned(),
            db: r"C:\Users\山田\My Data & more\wsltune.db".to_owned(),
            log: r"C:\Users\山田\My Data & more\wsltune-monitor.log".to_owned(),
        }
    }

    #[test]
    fn the_task_runs_the_helper_at_this_users_logon_with_no_time_limit() {
        let xml = task_xml(&spec());
        for part in [
            "<LogonTrigger>\n      <Enabled>true</Enabled>\n      <UserId>PC\\山田</UserId>",
            "<LogonType>InteractiveToken</LogonType>",
            "<RunLevel>LeastPrivilege</RunLevel>",
            "<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>",
            "<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>",
            "<DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>",
            "<StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>",
            "<RestartOnFailure>",
            r"<Command>C:\Users\山田\AppData\Local\wsltune\bin\wsltunew.exe</Command>",
            // Quoted for the command line, then escaped for XML.
            r#"<Arguments>--log &quot;C:\Users\山田\My Data &amp; more\wsltune-monitor.log&quot; monitor --format quiet --db &quot;C:\Users\山田\My Data &amp; more\wsltune.db&quot;</Arguments>"#,
            r"<WorkingDirectory>C:\Users\山田\My Data &amp; more</WorkingDirectory>",
        ] {
            assert!(xml.contains(part), "{part} is missing from\n{xml}");
        }
        assert!(!xml.contains("& "), "every & is escaped");
    }

    #[test]
    fn the_arguments_read_back_as_they_were() {
        let s = spec();
        let line = winargs::join(&s.arguments());
        assert_eq!(winargs::split(&line), s.arguments());
    }

    #[test]
    fn the_file_is_utf16le_with_a_bom_and_crlf() {
        let bytes = file_bytes("<a>山</a>\n");
        assert_eq!(&bytes[..2], &[0xFF, 0xFE]);
        let units: Vec<u16> =
            bytes[2..].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        assert_eq!(String::from_utf16(&units).unwrap(), "<a>山</a>\r\n");
    }

    #[test]
    fn the_working_directory_is_the_historys_folder() {
        let mut s = spec();
        assert_eq!(s.working_directory(), r"C:\Users\山田\My Data & more");
        s.db = r"D:\h.db".to_owned();
        assert_eq!(s.working_directory(), r"D:\");
    }
}
