fn main() -> std::process::ExitCode {
    yizhan::cli::run()
}
