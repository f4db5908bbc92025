//! Fuzzes the `.wslconfig` reader and editor: any bytes decode or are refused with a message;
//! text lexes, lints and round-trips byte for byte; an edit either is refused with a reason or
//! reads back with the intended value (the editor verifies that itself; here it must not panic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsltune::wslconfig::config::Config;
use wsltune::wslconfig::edit::{self, Change};
use wsltune::wslconfig::lexer::lex;
use wsltune::wslconfig::lint::{self, Host};
use wsltune::wslconfig::{Document, keys};

fuzz_target!(|data: &[u8]| {
    // Messages in either language: the last byte's low bit picks it.
    let ja = data.last().is_some_and(|b| b & 1 == 1);
    wsltune::i18n::set(if ja { wsltune::i18n::Lang::Ja } else { wsltune::i18n::Lang::En });
    let doc = match Document::decode(data) {
        Ok(doc) => doc,
        Err(why) => {
            assert!(!why.is_empty());
            return;
        }
    };
    assert_eq!(doc.encode(), data, "an untouched file round-trips");
    let lexed = lex(&doc.text);
    for e in &lexed.entries {
        assert!(doc.text.get(e.value_span.clone()).is_some() && doc.text.get(e.span.clone()).is_some());
    }
    let cfg = Config::read(&lexed, "F");
    let _ = lint::lint(&doc.text, &lexed, &cfg, Host::default());
    let _ = lint::effective(&cfg);
    let Some(key) = keys::KEYS.get(data.len() % keys::KEYS.len()) else { return };
    let change = Change { key, value: "12GB".to_owned() };
    if let Ok(out) = edit::apply(&doc.text, std::slice::from_ref(&change), doc.line_ending()) {
        let after = Config::read(&lex(&out), "F");
        assert_eq!(after.valid_value(key.name), Some("12GB"));
    }
});
