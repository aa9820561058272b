#![no_main]

// `calamine` panics on some damaged workbooks; the import catches that
// and refuses the file, so the panic must not end the run here either (a
// panic that reaches the target still does).
libfuzzer_sys::fuzz_target!(
    init: {
        let _ = std::panic::take_hook();
    },
    |data: &[u8]| yizhan::fuzzing::table(data)
);
