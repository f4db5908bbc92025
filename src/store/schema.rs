//! The schema and its forward migrations (`PRAGMA user_version`).
//!
//! Samples are one row per tick, keyed by time (the rowid, so no extra index). What rarely changes
//! is stored only when it changes, per session (one `monitor` run, or one import): the VM's size
//! (`shapes`) and each disk's figures (`disk_samples`); a reader carries the last value forward.

/// `PRAGMA application_id`: "wslt".
pub const APPLICATION_ID: i64 = 0x7773_6c74;

/// Each migration takes the schema from version `index` to `index + 1`.
pub const MIGRATIONS: &[&str] = &[
    r"
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    started_ms INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE shapes (
    session_id INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL,
    mem_total INTEGER,
    swap_total INTEGER,
    PRIMARY KEY (session_id, ts_ms)
) WITHOUT ROWID;
CREATE TABLE samples (
    ts_ms INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL,
    mem_used INTEGER,
    mem_cache INTEGER,
    mem_free INTEGER,
    mem_available INTEGER,
    swap_used INTEGER,
    cpu_busy INTEGER,
    psi_memory INTEGER,
    psi_cpu INTEGER,
    psi_io INTEGER,
    host_vm_process INTEGER
);
CREATE TABLE disks (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    role TEXT NOT NULL,
    UNIQUE (path, role)
);
CREATE TABLE disk_samples (
    session_id INTEGER NOT NULL,
    disk_id INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL,
    present INTEGER NOT NULL,
    file_length INTEGER,
    size_on_disk INTEGER,
    allocated INTEGER,
    fs_used INTEGER,
    reclaimable INTEGER,
    PRIMARY KEY (session_id, disk_id, ts_ms)
) WITHOUT ROWID;
CREATE TABLE rollups (
    minute_ms INTEGER PRIMARY KEY,
    samples INTEGER NOT NULL,
    mem_total INTEGER,
    mem_used_min INTEGER, mem_used_avg INTEGER, mem_used_max INTEGER,
    mem_cache_min INTEGER, mem_cache_avg INTEGER, mem_cache_max INTEGER,
    mem_available_min INTEGER, mem_available_avg INTEGER, mem_available_max INTEGER,
    swap_used_min INTEGER, swap_used_avg INTEGER, swap_used_max INTEGER,
    cpu_busy_min INTEGER, cpu_busy_avg INTEGER, cpu_busy_max INTEGER,
    psi_memory_max INTEGER,
    host_vm_process_max INTEGER
);
",
    r"
ALTER TABLE samples ADD COLUMN host_vm_cpu INTEGER;
",
    r"
ALTER TABLE shapes ADD COLUMN cpus INTEGER;
",
    // The retention the last `monitor` ran with, so that a shorter one is noticed (one row).
    r"
CREATE TABLE retention (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    keep_raw_ms INTEGER NOT NULL,
    keep_rollups_ms INTEGER NOT NULL
);
",
    // Docker: a row per sample that has Docker's containers (`docker_reads`, with how many ran;
    // a column on `samples` would cost every sample a byte, Docker or not), one row per running
    // container and such sample, rolled into minutes with the samples; Docker's disk usage per
    // session, stored when it changes. Memory in the codec's KiB, CPU in 1/10,000 of a
    // processor.
    r"
CREATE TABLE docker_reads (
    ts_ms INTEGER PRIMARY KEY,
    running INTEGER NOT NULL
);
CREATE TABLE containers (
    id INTEGER PRIMARY KEY,
    docker_id TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (docker_id, name)
);
CREATE TABLE container_samples (
    ts_ms INTEGER NOT NULL,
    container_id INTEGER NOT NULL,
    mem_used INTEGER NOT NULL,
    mem_limit INTEGER NOT NULL,
    cpu INTEGER,
    PRIMARY KEY (ts_ms, container_id)
) WITHOUT ROWID;
CREATE TABLE container_rollups (
    minute_ms INTEGER NOT NULL,
    container_id INTEGER NOT NULL,
    samples INTEGER NOT NULL,
    mem_used_avg INTEGER,
    mem_used_max INTEGER,
    mem_limit INTEGER,
    cpu_avg INTEGER,
    cpu_max INTEGER,
    PRIMARY KEY (minute_ms, container_id)
) WITHOUT ROWID;
CREATE TABLE docker_disk (
    session_id INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL,
    images_total INTEGER, images_reclaimable INTEGER, images_count INTEGER, images_active INTEGER,
    containers_total INTEGER, containers_reclaimable INTEGER, containers_count INTEGER, containers_active INTEGER,
    volumes_total INTEGER, volumes_reclaimable INTEGER, volumes_count INTEGER, volumes_active INTEGER,
    build_cache_total INTEGER, build_cache_reclaimable INTEGER, build_cache_count INTEGER, build_cache_active INTEGER,
    PRIMARY KEY (session_id, ts_ms)
) WITHOUT ROWID;
",
];
