//! The report's texts in English and Japanese: the page, the charts and `wsltune report`'s own
//! messages. Page texts are HTML templates (trusted, ours): `code` in backticks becomes
//! `<code>`, and the values filled in are escaped ([`super::page::html_text`]).
// Each name says what its text is, and the English beside it is its documentation.
#![allow(missing_docs)]

crate::texts! {
    // The page's head.
    TITLE: "wsltune report" / "wsltune レポート";
    WINDOW: "{from} to {to} ({zone}) · {samples} over {span} · from `{db}` · generated {generated}" / "{from} 〜 {to}（{zone}）· 期間 {span}、{samples} · 履歴 `{db}` · 作成 {generated}";
    SAMPLE: "{n} sample" / "{n} サンプル";
    SAMPLES: "{n} samples" / "{n} サンプル";
    UNITS: "Sizes are binary: 1 GiB = 1024³ bytes. `.wslconfig` values keep WSL's spelling, where `8GB` means 8 GiB." / "サイズは 2 進単位です（1 GiB = 1024³ バイト）。`.wslconfig` の値は WSL の表記のままで、`8GB` は 8 GiB を表します。";
    // The cards.
    CARD_MEMORY: "VM memory" / "VM のメモリ";
    CARD_MEMORY_NOTE: "what the VM has (MemTotal), last sample" / "VM が持つ量（MemTotal）、最後のサンプル";
    CARD_USED: "Used, 99% of the time ≤" / "使用量（99% の時間でこれ以下）";
    CARD_PEAK: "peak {size}" / "ピーク {size}";
    CARD_CACHE: "Page cache, median" / "ページキャッシュ（中央値）";
    CARD_CACHE_IDLE: "while idle {size}" / "アイドル時 {size}";
    CARD_CPU: "CPU busy, p95" / "CPU 使用（p95）";
    CARD_CORES: "{n} cores" / "{n} コア";
    CARD_OF_PROCESSORS: "of {n} processors" / "{n} プロセッサ中";
    CARD_SWAP: "Swap used, max" / "スワップ使用量（最大）";
    SWAP_NEVER: "never in use (over 64 MiB)" / "使用なし（64 MiB 超）";
    SWAP_RARE: "in use under 0.1% of the time" / "使用は時間の 0.1% 未満";
    SWAP_SHARE: "in use {share}% of the time" / "時間の {share}% で使用";
    DISK_GROWTH_UNKNOWN: "growth unknown" / "増加は不明";
    DISK_TREND_CARD: "trend {rate} GiB/day" / "傾向 {rate} GiB/日";
    // The recommendation.
    H_RECOMMENDATION: "Recommendation" / "推奨設定";
    PENDING: "The VM does not have what `.wslconfig` sets: {what}. WSL reads the file only when the VM starts: run `wsl --shutdown` (it stops every distro; start Docker Desktop again afterwards)." / "`.wslconfig` の設定が VM にまだ反映されていません: {what}。WSL がこのファイルを読むのは VM の起動時だけです。`wsl --shutdown` を実行してください（すべてのディストリビューションが停止します。その後 Docker Desktop を起動し直してください）。";
    NO_CHANGE: "No change recommended." / "推奨する変更はありません。";
    TH_SETTING: "setting" / "設定";
    TH_NOW: ".wslconfig now" / "現在の .wslconfig";
    TH_VM_HAS: "the VM has" / "VM の実際の値";
    TH_RECOMMENDED: "recommended" / "推奨値";
    TH_WHY: "why" / "理由";
    APPLY_DIFF: "`wsltune apply` would make this change to `.wslconfig` (then `wsl --shutdown`):" / "`wsltune apply` は `.wslconfig` を次のように変更します（その後 `wsl --shutdown`）:";
    // Memory, CPU and swap.
    H_MEMORY: "Memory" / "メモリ";
    MEMORY_CAPTION: "Used (what programs need), page cache and free memory, stacked; the thin line keeps every peak of used memory; the ring marks the sample the recommended limit rests on. Used: {percentiles}.{gaps}" / "使用中（プログラムが必要とする量）、ページキャッシュ、空きメモリの積み上げです。細い線は使用量のピークをすべて残し、円は推奨上限の根拠になったサンプルを示します。使用量: {percentiles}。{gaps}";
    PERCENTILES_NONE: "No reading yet" / "データはまだありません";
    PERCENTILES: "p50 {p50} · p95 {p95} · p99 {p99} · max {max}" / "p50 {p50} · p95 {p95} · p99 {p99} · 最大 {max}";
    HISTOGRAM_CAPTION: "How often the VM used how much memory (cache excluded; samples on a log scale, so a single peak shows), with the VM's memory and the recommended limit. Memory pressure (PSI) above 10% in {pressure}% of samples; used above 90% of the VM's memory for {hours} hours." / "VM がどれだけのメモリをどのくらいの頻度で使ったか（キャッシュを除く。サンプル数は対数目盛なので、1 回きりのピークも見えます）と、VM のメモリおよび推奨上限です。メモリ負荷（PSI）が 10% を超えたサンプルは {pressure}%、VM のメモリの 90% を超えて使った時間は {hours} 時間です。";
    H_CPU: "CPU" / "CPU の使用状況";
    CPU_CAPTION: "Processors kept busy. {percentiles}.{gaps}" / "使用中のプロセッサ数です。{percentiles}。{gaps}";
    H_SWAP: "Swap" / "スワップ";
    SWAP_CAPTION: "Swap in use and the swap size.{gaps}" / "使用中のスワップとスワップのサイズです。{gaps}";
    // Disks.
    H_DISKS: "Disks" / "ディスク";
    NO_DISK: "No disk was recorded in this window." / "この期間に記録されたディスクはありません。";
    DISK_CAPTION: "File length (what Windows sees), allocated blocks and what ext4 really uses; the band between the file and ext4 is what compaction could give back. {text}" / "ファイルの長さ（Windows から見えるサイズ）、割り当て済みのブロック、ext4 が実際に使っている量です。ファイルの長さと実際の使用量の間の帯が、圧縮で取り戻せる容量です。{text}";
    DISK_WENT: "The file went from {from} to {to} over the window ({change} GiB)." / "期間中にファイルは {from} から {to} になりました（{change} GiB）。";
    DISK_TREND_FULL: " Trend {rate} GiB a day (dashed, and carried on past the end of the window): at this pace it reaches its virtual size, {size}, in {span} (around {date})." / "傾向は 1 日あたり {rate} GiB（破線。期間の終わりより先へ延長）: このペースでは {span}後（{date} ごろ）に仮想サイズ {size} に達します。";
    DISK_TREND: " Trend {rate} GiB a day (dashed)." / "傾向は 1 日あたり {rate} GiB（破線）です。";
    DISK_NO_TREND: " Too few points for a trend." / "傾向を出すには点が足りません。";
    DRIVE_FREE: " Its drive has {free} free: full in about {days} days{nearer}." / "ドライブの空きは {free} で、約 {days} 日で満杯になります{nearer}。";
    DRIVE_NEARER: " (the dashed line's limit)" / "（破線の行き先）";
    COMPACT: "Compaction would give back about <strong>{size}</strong>. The file never shrinks on its own (WSL forces sparse VHDs off): quit Docker Desktop, run `wsl --shutdown`, then `wsltune compact \"{path}\"` shows the plan and does it (no administrator rights; `wsltune inspect` also lists `Optimize-VHD` and `diskpart`)." / "圧縮すると約 <strong>{size}</strong> を取り戻せます。ファイルが自然に縮むことはありません（WSL はスパース VHD を無効にします）。Docker Desktop を終了して `wsl --shutdown` を実行し、`wsltune compact \"{path}\"` を実行すると、手順を示してから圧縮します（管理者権限は不要です。`wsltune inspect` は `Optimize-VHD` と `diskpart` の方法も示します）。";
    NOTHING_TO_COMPACT: "Nothing worth compacting: the file holds only {size} more than ext4 uses." / "圧縮するほどの空きはありません: ファイルは ext4 の使用量より {size} 大きいだけです。";
    // Docker.
    H_BY_CONTAINER: "By container" / "コンテナー別";
    CONTAINERS_CAPTION: "Memory of the {containers} with the highest peak{rest}, stacked, as `docker stats` counts it (each a mean of its readings over the chart's step), against the VM's used memory (the line, cache excluded, same step). What the line holds above the stack is the VM's own and Docker's engine.{gaps}" / "ピークの高い {containers}のメモリ{rest}を `docker stats` の数え方で積み上げ（グラフの刻みごとの平均）、VM の使用メモリ（線。キャッシュを除く、同じ刻み）と比べています。線が積み上げより上にある分は、VM 自身と Docker エンジンの使用量です。{gaps}";
    CONTAINER: "{n} container" / "{n} 個のコンテナー";
    CONTAINERS: "{n} containers" / "{n} 個のコンテナー";
    REST: ", the other {others} summed" / "（ほかの {others}は合算）";
    H_KINDS: "Inside the data disk: Docker's use by kind" / "データディスクの中: Docker の種類別の使用量";
    TH_KIND: "kind" / "種類";
    TH_START: "start" / "開始時";
    TH_END: "end" / "終了時";
    TH_CHANGE: "change" / "増減";
    TH_RECLAIMABLE: "reclaimable now" / "現在の回収可能量";
    TH_FREES: "frees it" / "解放するコマンド";
    NOTHING_TO_RECLAIM: "nothing to reclaim" / "回収できるものなし";
    KIND_IMAGES: "images" / "イメージ";
    KIND_CONTAINERS: "containers" / "コンテナー";
    KIND_VOLUMES: "volumes" / "ボリューム";
    KIND_BUILD_CACHE: "build cache" / "ビルドキャッシュ";
    KIND_GREW: "{kind} grew {size} over the window: `{command}` frees {reclaimable}, then `wsltune compact` gives the space back to Windows (the file never shrinks on its own)." / "期間中に{kind}が {size} 増えました: `{command}` で {reclaimable} を解放し、`wsltune compact` でその領域を Windows に返せます（ファイルが自然に縮むことはありません）。";
    KINDS_NOTE: "As Docker's engine counts them (`docker system df`), at the first and the last reading of the window; wsltune suggests the prune commands and never runs them." / "Docker エンジンの数え方（`docker system df`）による、期間の最初と最後の読み取り時点の値です。wsltune は削除コマンドを提案するだけで、実行はしません。";
    FOOTER: "Every number here is in `summary.json` beside this file. Made by wsltune." / "ここにある数値はすべて、このファイルと同じフォルダーの `summary.json` にあります。wsltune で作成。";
    // Time in words.
    SPAN_MIN: "{n} min" / "{n} 分";
    SPAN_H: "{n} h" / "{n} 時間";
    SPAN_DAYS: "{n} days" / "{n} 日";
    GAP: " {n} gap without samples, {span} (shaded; nothing is drawn across it)." / "サンプルのない期間が {n} か所、{span}あります（網掛け。その間に線は引いていません）。";
    GAPS: " {n} gaps without samples, {span} in all (shaded; nothing is drawn across them)." / "サンプルのない期間が {n} か所、合計 {span}あります（網掛け。その間に線は引いていません）。";
    // The charts: legends, marks and axes.
    ZONE_NOTE: "time: {zone}" / "時刻: {zone}";
    MARK_VM_MEMORY: "VM has {size}" / "VM のメモリ {size}";
    MARK_RECOMMENDED_MEMORY: "recommended {size} (memory={value})" / "推奨 {size}（memory={value}）";
    MARK_PEAK: "peak {size}" / "ピーク {size}";
    MARK_P99: "p99 {size}" / "99 パーセンタイル {size}";
    DECIDED_PEAK: "peak: {size}, {when}" / "ピーク: {size}、{when}";
    DECIDED_P99: "p99: {size}, {when}" / "99 パーセンタイル: {size}、{when}";
    MARK_VM_PROCESSORS: "VM has {n} processors" / "VM のプロセッサ {n} 個";
    MARK_RECOMMENDED_PROCESSORS: "recommended {n} (processors={n})" / "推奨 {n}（processors={n}）";
    MARK_SWAP_SIZE: "swap size {size}" / "スワップのサイズ {size}";
    LINE_BUSY: "busy processors" / "使用中のプロセッサ";
    LINE_SWAP_USED: "swap used" / "スワップ使用量";
    UNIT_PROCESSORS: "processors" / "プロセッサ数";
    KEY_USED: "used" / "使用中";
    KEY_CACHE: "cache" / "キャッシュ";
    KEY_FREE: "free" / "空き";
    KEY_PEAKS: "used, every peak" / "使用中（すべてのピーク）";
    KEY_SAMPLES_LOG: "samples (log scale)" / "サンプル数（対数目盛）";
    X_USED_MEMORY: "used memory, GiB" / "使用メモリ（GiB）";
    Y_SAMPLES: "samples" / "サンプル数";
    KEY_OTHER: "{n} other" / "ほか {n} 個";
    KEY_OTHERS: "{n} others" / "ほか {n} 個";
    KEY_VM_USED: "VM used" / "VM の使用量";
    KEY_RECLAIMABLE: "reclaimable (file − ext4 used)" / "回収可能（ファイル − ext4 使用量）";
    MARK_VIRTUAL_SIZE: "virtual size {size}" / "仮想サイズ {size}";
    KEY_TREND: "trend (Theil–Sen)" / "傾向（Theil–Sen）";
    KEY_TREND_PROJECTED: "trend (Theil–Sen), projected" / "傾向（Theil–Sen）と延長";
    MARK_DRIVE_FULL: "drive full ({free} free)" / "ドライブ満杯（空き {free}）";
    KEY_FILE: "file length" / "ファイルの長さ";
    KEY_ALLOCATED: "allocated" / "割り当て済み";
    KEY_EXT4: "ext4 used" / "ext4 使用量";
    FULL_ABOUT: "full about {day}" / "{day}ごろ満杯";
    DRIVE_FULL_ABOUT: "drive full about {day}" / "{day}ごろドライブが満杯";
    FULL_BEYOND: "full in {span}, beyond the chart" / "{span}後に満杯（グラフの外）";
    DRIVE_FULL_BEYOND: "drive full in {span}, beyond the chart" / "{span}後にドライブが満杯（グラフの外）";
    // `wsltune report`'s own messages.
    READING: "reading the history" / "履歴を読み込み中";
    READING_N: "reading the history: {n} samples" / "履歴を読み込み中: {n} サンプル";
    DRAWING: "drawing the charts" / "グラフを描画中";
    CANNOT_CREATE: "cannot create the folder '{path}'" / "フォルダー '{path}' を作成できません";
    CANNOT_WRITE: "cannot write '{path}'" / "'{path}' に書き込めません";
    DRAWING_FAILED: "drawing a chart failed: {why}" / "グラフを描画できませんでした: {why}";
    ENCODING: "encoding summary.json" / "`summary.json` を作成できません";
    PRINTING: "printing the path" / "パスを出力できません";
    FONT_INVALID: "the embedded font is invalid" / "埋め込みフォントが壊れています";
}

/// `{n} sample` or `{n} samples` (one word in Japanese).
pub fn count(n: u64, one: crate::i18n::Text, many: crate::i18n::Text) -> String {
    if n == 1 { one } else { many }.fill(&[("n", &n)])
}
