//! What the `/metrics` server answers a person who asks it something else (another path,
//! another method), in English and Japanese. The exposition itself — metric names, `# HELP`
//! text, labels — is for machines and stays English.
#![allow(missing_docs)] // Each text is named for the answer it is.

crate::texts! {
    ONLY_GET: "only GET" / "GET のみ受け付けます";
    NOT_FOUND: "wsltune serves /metrics" / "ここで公開しているのは /metrics だけです";
}
