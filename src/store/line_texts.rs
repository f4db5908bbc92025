//! Why a line of an import file (`export`'s CSV or JSON lines) is refused, in English and
//! Japanese. Column and field names, and the values quoted from the file, stay as written; the
//! csv and serde readers' own words are quoted inside ours.
#![allow(missing_docs)] // Each text is named for what it says.

crate::texts! {
    LINE: "line {line}: {message}" / "{line} 行目: {message}";
    TS: "ts: {error}" / "`ts` の値: {error}";
    TS_FUTURE: "ts '{ts}' is more than a day after this machine's clock ({now}): a wrong clock where it was recorded, or a damaged file; correct or remove the row"
        / "`ts` の '{ts}' はこのマシンの時計（{now}）より 1 日以上先です。記録したマシンの時計が誤っているか、ファイルが壊れています。行を直すか削除してください";
    SAME_TS_DIFFERS: "the sample at {ts} differs from line {first} with the same ts"
        / "{ts} のサンプルが、同じ `ts` を持つ {first} 行目と異なります";

    // CSV.
    CSV_HEADER: "cannot read the header: {error}" / "ヘッダーを読み取れません: {error}";
    CSV_LOOKS_JSONL: "it looks like JSON lines, not CSV (a JSON object where the header should be): import it with --format jsonl"
        / "CSV ではなく JSON Lines のようです（ヘッダーの位置に JSON オブジェクトがあります）。`--format jsonl` でインポートしてください";
    CSV_UNKNOWN_COLUMN: "unknown column '{name}'; the columns are {columns}"
        / "不明な列 '{name}' があります。使える列は `{columns}` です";
    CSV_COLUMN_TWICE: "the column '{name}' appears twice" / "列 '{name}' が 2 回あります";
    CSV_NO_TS: "the header has no 'ts' column" / "ヘッダーに `ts` の列がありません";
    CSV_ROW: "{error}" / "CSV として読み取れません: {error}";
    CSV_NOT_BYTES: "{column} '{value}' is not a whole number of bytes"
        / "`{column}` の '{value}' はバイト数（整数）ではありません";
    CSV_NOT_NUMBER: "{column} '{value}' is not a number from 0 to {max}"
        / "`{column}` の '{value}' は 0 から {max} までの数ではありません";
    CSV_TOO_LARGE: "{column} '{value}' is too large" / "`{column}` の '{value}' は大きすぎます";
    CSV_DOCKER_PARTLY: "{column} is empty where the other Docker disk columns are not"
        / "`{column}` が空ですが、Docker のディスクのほかの列は空ではありません";
    CSV_NEEDS_MEMORY: "{column} is empty; a container row needs its memory"
        / "`{column}` が空です。コンテナーの行にはメモリの値が必要です";
    CSV_ROLE: "{column} '{value}' is not one of docker-data, docker-distro, distro, other"
        / "`{column}` の '{value}' は `docker-data`、`docker-distro`、`distro`、`other` のいずれでもありません";
    CSV_RUNNING_DIFFERS: "{column} '{value}' differs from the {before} of the sample's other rows"
        / "`{column}` の '{value}' が、同じサンプルのほかの行の {before} と異なります";
    CSV_RUNNING_MISSING: "{column} is empty on a row with a container; give the count of running containers"
        / "コンテナーのある行で `{column}` が空です。実行中のコンテナーの数を書いてください";
    CSV_CONTAINER_WITHOUT_ID: "container figures without a container_id"
        / "`container_id` がないのに、コンテナーの値があります";
    CSV_DISK_WITHOUT_PATH: "disk figures without a disk_path"
        / "`disk_path` がないのに、ディスクの値があります";
    CSV_REPEATED: "the sample at {ts} is repeated without a disk or a container (line {first})"
        / "{ts} のサンプルが、ディスクもコンテナーもないまま繰り返されています（{first} 行目）";
    CSV_CONTAINER_TWICE: "the container '{id}' appears twice in the sample at {ts}"
        / "コンテナー '{id}' が {ts} のサンプルに 2 回あります";
    CSV_DISK_TWICE: "the disk '{path}' appears twice in the sample at {ts}"
        / "ディスク '{path}' が {ts} のサンプルに 2 回あります";
    CSV_RUNNING_ONE: "containers_running says {said}, but the sample at {ts} has {n} container row"
        / "`containers_running` は {said} ですが、{ts} のサンプルにはコンテナーの行が {n} 行あります";
    CSV_RUNNING_MANY: "containers_running says {said}, but the sample at {ts} has {n} container rows"
        / "`containers_running` は {said} ですが、{ts} のサンプルにはコンテナーの行が {n} 行あります";

    // JSON lines.
    JSONL_UNREADABLE: "cannot read: {error}" / "読み取れません: {error}";
    JSONL_LOOKS_CSV: "it looks like CSV, not JSON lines (a CSV header starting '{column},'): import it with --format csv"
        / "JSON Lines ではなく CSV のようです（'{column},' で始まる CSV のヘッダーがあります）。`--format csv` でインポートしてください";
    JSONL_NOT_SAMPLE: "not a sample: {error}" / "サンプルとして読み取れません: {error}";
    JSONL_NOT_NUMBER: "{name} {value} is not a number from 0 to {max}"
        / "`{name}` の {value} は 0 から {max} までの数ではありません";
    JSONL_ROLE: "role '{role}' is not one of docker-data, docker-distro, distro, other"
        / "`role` の '{role}' は `docker-data`、`docker-distro`、`distro`、`other` のいずれでもありません";
    JSONL_DISK_PATH: "the disk path '{path}' is empty or repeated"
        / "ディスクのパス '{path}' が空か、重複しています";
    JSONL_CONTAINER_ID: "the container id '{id}' is empty or repeated"
        / "コンテナー ID '{id}' が空か、重複しています";
}
