//! Fuzzes the import parsers (`wsltune import --format csv|jsonl`): any bytes give samples or a
//! line-numbered error, never a panic, in either language. Byte 0 picks the format (bit 0) and
//! the language of the messages (bit 1).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wsltune::store::transfer::{Format, parse};

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else { return };
    let format = if first & 1 == 0 { Format::Csv } else { Format::Jsonl };
    wsltune::i18n::set(if first & 2 == 0 { wsltune::i18n::Lang::En } else { wsltune::i18n::Lang::Ja });
    match parse(format, rest) {
        Ok(samples) => {
            assert!(samples.windows(2).all(|w| w[0].ts_ms < w[1].ts_ms), "samples in time order, each once");
            for s in &samples {
                assert!(s.cpu_busy_ratio.is_none_or(|r| (0.0..=1.0).contains(&r)));
                let containers = s.containers.as_deref().unwrap_or_default();
                assert!(containers.windows(2).all(|w| w[0].mem_used_bytes >= w[1].mem_used_bytes), "largest first");
                assert!(containers.iter().all(|c| !c.id.is_empty() && c.cpu_cores.is_none_or(|v| (0.0..=4096.0).contains(&v))));
            }
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
});
