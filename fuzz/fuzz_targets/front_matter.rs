#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| yizhan::fuzzing::front_matter(data));
