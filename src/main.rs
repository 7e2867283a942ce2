//! The `duban` binary: parse arguments, run the command, print the error
//! chain. Everything else lives in the library and in `cli/`.

mod cli;

use std::process::ExitCode;

/// mimalloc, not the C library's allocator: the overdue list's rows and the
/// import's plans are built on one thread and dropped on another, and glibc
/// then takes the other thread's arena lock for every free (a tenth of an
/// overdue list went in waking the other thread; see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`duban tasks | head`) is not a failure.
            let broken_pipe = err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("错误：{}", cli::error::describe(&err));
            for hint in cli::error::hints(&err) {
                eprintln!("提示：{hint}");
            }
            ExitCode::from(cli::error::exit_code(&err))
        }
    }
}
