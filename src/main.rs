// Rendering allocates many small strings on several threads; mimalloc
// handles that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    yizhan::cli::run()
}
