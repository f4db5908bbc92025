//! What the samplers warn of while monitoring (a `/proc` file that cannot be read, the WSL VM
//! stopped and running again, a VM process that may not be WSL's) and why Docker's reading
//! failed, in English and Japanese.
#![allow(missing_docs)] // Each text is named for what it says; the English beside it is its doc.

crate::texts! {
    PROC_UNREADABLE: "{path} cannot be read ({error}); {figures}"
        / "{path} を読み取れません（{error}）。{figures}";
    MEMINFO_FIGURES: "the memory and swap figures stay empty" / "メモリとスワップの値は空になります";
    STAT_FIGURES: "the CPU figure stays empty" / "CPU の値は空になります";
    PRESSURE_FIGURES: "this pressure figure stays empty" / "この負荷（PSI）の値は空になります";
    VM_RUNS_AGAIN: "the WSL VM runs again: its figures are read"
        / "WSL の VM が再び動いています。VM の値の読み取りを再開します";
    VM_NOT_RUNNING: "the WSL VM is not running: its figures stay empty until it runs (wsltune never starts it)"
        / "WSL の VM が動いていません。動き出すまで VM の値は空になります（wsltune が VM を起動することはありません）";
    VMMEM_NOTE: "the VM process is 'vmmem' (Windows 10 naming): it may belong to Windows Sandbox or a Hyper-V VM rather than WSL"
        / "VM のプロセス名が 'vmmem' です（Windows 10 での名前）。WSL ではなく、Windows サンドボックスや Hyper-V の VM のものかもしれません";
    DOCKER_READING_FAILED: "a reading that failed" / "読み取りの失敗";
    DOCKER_NO_THREAD: "no thread to ask with ({error})" / "問い合わせ用のスレッドを作れません（{error}）";
}
