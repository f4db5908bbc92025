//! `schtasks.exe`: the command lines that create, start, query and delete the task, and what
//! its answers say (the task's CSV row, the registered XML's action).
//!
//! `schtasks`'s column titles and status words are translated (`Running`, `実行中`), so the
//! status is shown as schtasks wrote it, and whether the monitor runs is decided by the
//! history's lock instead (`status`).

use super::{NAME, winargs};

/// `schtasks /Create /XML <file> /TN wsltune-monitor /F` (`/F`: replace a task of that name).
pub fn create_args(xml_file: &str) -> Vec<String> {
    ["/Create", "/XML", xml_file, "/TN", NAME, "/F"].map(str::to_owned).to_vec()
}

/// Starts the task now, so the user need not log on again.
pub fn run_args() -> Vec<String> {
    ["/Run", "/TN", NAME].map(str::to_owned).to_vec()
}

/// Stops a running task (the monitor gets no Ctrl-C: the history survives any stop).
pub fn end_args() -> Vec<String> {
    ["/End", "/TN", NAME].map(str::to_owned).to_vec()
}

/// Deletes the task without asking (`service uninstall` asked already, or was told to).
pub fn delete_args() -> Vec<String> {
    ["/Delete", "/TN", NAME, "/F"].map(str::to_owned).to_vec()
}

/// The registered definition, as XML.
pub fn query_xml_args() -> Vec<String> {
    ["/Query", "/TN", NAME, "/XML"].map(str::to_owned).to_vec()
}

/// One CSV row without a header: task name, next run time, status.
pub fn query_csv_args() -> Vec<String> {
    ["/Query", "/TN", NAME, "/FO", "CSV", "/NH"].map(str::to_owned).to_vec()
}

/// The task's row in `schtasks /Query /FO CSV /NH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRow {
    /// `\wsltune-monitor`.
    pub task_name: String,
    /// `N/A` for a logon task, in the system's language.
    pub next_run: String,
    /// `Ready`, `Running`, `Disabled`, in the system's language.
    pub status: String,
}

impl QueryRow {
    /// Whether the status says the task runs, where it is in English; `None` in another
    /// language.
    pub fn running(&self) -> Option<bool> {
        match self.status.as_str() {
            "Running" => Some(true),
            "Ready" | "Disabled" | "Queued" => Some(false),
            _ => None,
        }
    }
}

/// The row of our task in `schtasks /Query /TN … /FO CSV /NH`'s output (columns by position).
pub fn parse_query_csv(text: &str) -> Option<QueryRow> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start().as_bytes());
    for record in reader.records() {
        let Ok(record) = record else { continue };
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        let name = field(0);
        if name.trim_start_matches('\\').eq_ignore_ascii_case(NAME) {
            return Some(QueryRow { task_name: name, next_run: field(1), status: field(2) });
        }
    }
    None
}

/// What the registered task runs: its action's program and arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The program (`…\wsltunew.exe`).
    pub command: String,
    /// Its arguments, split as the program will read them.
    pub arguments: Vec<String>,
}

impl Action {
    /// The value following `flag` in the arguments (`--db`, `--log`).
    pub fn value_of(&self, flag: &str) -> Option<&str> {
        let i = self.arguments.iter().position(|a| a == flag)?;
        self.arguments.get(i + 1).map(String::as_str)
    }
}

/// The first `Exec` action of a task's XML (`schtasks /Query /XML`).
pub fn parse_task_action(xml: &str) -> Option<Action> {
    let element = |name: &str| {
        let open = format!("<{name}>");
        let start = xml.find(&open)? + open.len();
        let end = xml.get(start..)?.find(&format!("</{name}>"))? + start;
        xml.get(start..end).map(xml_unescape)
    };
    let command = element("Command")?;
    let arguments = element("Arguments").map(|a| winargs::split(&a)).unwrap_or_default();
    Some(Action { command: command.trim().trim_matches('"').to_owned(), arguments })
}

/// XML text with the five predefined entities (and numeric ones) replaced.
pub fn xml_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let entity = &tail[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=end]),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A Windows program's output as text: UTF-16LE when it starts with a BOM or looks like it
/// (every other byte zero), else UTF-8 (lossy).
pub fn decode_output(bytes: &[u8]) -> String {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || (bytes.len() >= 4 && bytes.get(1) == Some(&0) && bytes.get(3) == Some(&0));
    if utf16 {
        let body = bytes.strip_prefix(&[0xFF, 0xFE]).unwrap_or(bytes);
        let units: Vec<u16> =
            body.as_chunks::<2>().0.iter().map(|c| u16::from_le_bytes(*c)).collect();
        return String::from_utf16_lossy(&units);
    }
    let text = String::from_utf8_lossy(bytes);
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `schtasks /Query /TN wsltune-monitor /FO CSV /NH` on an English Windows 11 while the
    /// task runs: a blank line, then one row (constructed from schtasks's documented CSV form:
    /// quoted fields, the task's path with its leading backslash, `N/A` for a logon trigger).
    const ROW_EN: &str = "\r\n\"\\wsltune-monitor\",\"N/A\",\"Running\"\r\n";
    /// The same on a Japanese Windows: the status word is translated.
    const ROW_JA: &str = "\r\n\"\\wsltune-monitor\",\"N/A\",\"準備完了\"\r\n";

    #[test]
    fn the_csv_row_is_read_by_position() {
        let row = parse_query_csv(ROW_EN).unwrap();
        assert_eq!(row.task_name, r"\wsltune-monitor");
        assert_eq!(row.status, "Running");
        assert_eq!(row.running(), Some(true));
        let ja = parse_query_csv(ROW_JA).unwrap();
        assert_eq!((ja.status.as_str(), ja.running()), ("準備完了", None));
        assert_eq!(parse_query_csv("\r\n\"\\other\",\"N/A\",\"Ready\"\r\n"), None);
        assert_eq!(parse_query_csv(""), None);
    }

    #[test]
    fn the_registered_action_gives_the_history_back() {
        let spec = super::super::task::TaskSpec {
            user_id: r"PC\山田".into(),
            helper: r"C:\Users\山田\AppData\Local\wsltune\bin\wsltunew.exe".into(),
            db: r"C:\Users\山田\A & B\wsltune.db".into(),
            log: r"C:\Users\山田\A & B\wsltune-monitor.log".into(),
        };
        let xml = super::super::task::task_xml(&spec);
        let action = parse_task_action(&xml).unwrap();
        assert_eq!(action.command, spec.helper);
        assert_eq!(action.value_of("--db"), Some(spec.db.as_str()));
        assert_eq!(action.value_of("--log"), Some(spec.log.as_str()));
        assert_eq!(parse_task_action("<Task/>"), None);
    }

    #[test]
    fn entities_and_encodings_are_undone() {
        assert_eq!(xml_unescape("a &amp;&lt;&#x5C71;&#23665;&bogus; b &"), "a &<山山&bogus; b &");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a>山</a>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_output(&utf16), "<a>山</a>");
        assert_eq!(decode_output("<a>".as_bytes()), "<a>");
    }

    #[test]
    fn the_command_lines_name_the_task() {
        assert_eq!(
            create_args(r"C:\T\t.xml"),
            ["/Create", "/XML", r"C:\T\t.xml", "/TN", "wsltune-monitor", "/F"]
        );
        assert_eq!(delete_args(), ["/Delete", "/TN", "wsltune-monitor", "/F"]);
        assert_eq!(query_csv_args(), ["/Query", "/TN", "wsltune-monitor", "/FO", "CSV", "/NH"]);
    }
}
