//! The command line: parses arguments, calls the library, prints results.
//! This is the only place that prints or picks an exit code.

mod help;
mod import;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::build::{build, BuildOptions, Publisher};
use crate::diagnostics::summary;
use crate::engine::{self, Changes, Part};
use crate::export::{export, ExportOptions};
use crate::import::hsds::HsdsOptions;
use crate::import::table::TableOptions;
use crate::import::Collection;
use crate::load::SiteDirs;
use crate::scaffold::{self, RecordKind};
use crate::serve::{self, ServeOptions};

use report::{
    github_annotation, open_browser, print_build, print_human, print_stale, problems, Doing,
    TerminalReporter,
};

/// yizhan (驿站): builds a fast, searchable static site from a directory of
/// public services kept as YAML and Markdown files.
#[derive(Parser, Debug)]
#[command(name = "yizhan", version, about, long_about = None)]
pub struct Cli {
    /// The site folder (the one holding content/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// The language of messages: zh (Chinese) or en (English). Default:
    /// YIZHAN_LANG, else the site's `language`, else the locale.
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a new site with a minimal content/ folder.
    Init {
        /// Where to create the site (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Check the content and write the site to the output folder.
    Build {
        /// Output folder, relative to the site folder.
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Override base_url from site.yaml (e.g. for a preview host).
        #[arg(long)]
        base_url: Option<String>,
        /// Keep watching content/ and themes/ and rebuild on change. Each
        /// rebuild redoes only what the change reaches and writes the
        /// changed files beside the output first, then moves them in
        /// together, so a failed rebuild leaves public/ as it was.
        #[arg(long)]
        watch: bool,
        /// Replace an output folder that holds files a build did not
        /// write (its dot-files, such as .git, and CNAME are kept anyway).
        #[arg(long)]
        force: bool,
    },
    /// Build the site into a private folder, serve it, and rebuild and reload on every change.
    Serve {
        /// Port to listen on.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; 0.0.0.0 lets other devices (e.g. a phone) connect.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the content without writing anything. Exits 1 on errors.
    Check {
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// List the records last verified longer ago than `stale_after`
        /// (site.yaml, default 12 months), oldest first.
        #[arg(long)]
        stale: bool,
    },
    /// Write the open data of the site on its own, without its pages:
    /// the same files a build writes under hsds/ or data/.
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Turn outside material into records.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Write the JSON Schemas of site.yaml, areas.yaml and every kind of
    /// record, for editors' YAML tools (completion, field descriptions and
    /// red underlines while typing). `init` writes them too.
    Schema {
        /// The folder, relative to the site folder.
        #[arg(long, default_value = crate::scaffold::SCHEMAS_DIR)]
        to: PathBuf,
    },
    /// Write a new record with a pinyin id and the required fields.
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: RecordKind,
        /// The record's name (or title), e.g. 时间管理训练营.
        name: String,
        /// Use this id instead of the pinyin of the name.
        #[arg(long)]
        id: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum ImportCommand {
    /// A news article copied as plain text from a news site.
    Article {
        /// The text file.
        file: PathBuf,
        /// Folder for the record, relative to the site folder.
        #[arg(long, default_value = "content/news")]
        to: PathBuf,
        /// Convert the text to Simplified Chinese.
        #[arg(long)]
        simplified: bool,
        /// Overwrite an existing record of the same id.
        #[arg(long)]
        force: bool,
    },
    /// A spreadsheet (.xlsx, .xls, .ods, .csv): one record per row, one
    /// collection per sheet (named 机构, 场所, 品牌 or 服务) or per --kind.
    /// Known Chinese headers (名称, 地址, 电话, 开放时间, 运营机构, …) need
    /// no mapping. Nothing is written if a record would not pass `check`.
    Table {
        /// The spreadsheet file.
        file: PathBuf,
        /// The collection every sheet fills.
        #[arg(long, value_enum)]
        kind: Option<Collection>,
        /// A YAML file naming other headers: `表头: 字段` per line.
        #[arg(long)]
        map: Option<PathBuf>,
        /// Report what would be written, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Change existing records: only the fields the sheet has columns for.
        #[arg(long)]
        update: bool,
    },
    /// Open Referral HSDS data (a folder, .zip or .json): 3.x JSON as
    /// feeds serve it, a 3.x tabular datapackage, or a 1.x/2.x CSV one.
    /// Organizations, locations (as venues), programs (as brands) and
    /// services become records. Nothing is written if a record would not
    /// pass `check`.
    Hsds {
        /// The package.
        path: PathBuf,
        /// The area path for venues whose area is not found in their
        /// address (e.g. chengguan).
        #[arg(long)]
        area: Option<String>,
        /// Report what would be written, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Change existing records: only the fields the package has.
        #[arg(long)]
        update: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ExportCommand {
    /// The HSDS 3.0 feed: JSON files and the tabular data package
    /// (docs/hsds.md). Exits 1 on content errors.
    Hsds(ExportArgs),
    /// Every record as JSON for other programs (docs/json.md). Exits 1 on
    /// content errors.
    Json(ExportArgs),
}

#[derive(Args, Debug)]
struct ExportArgs {
    /// The folder to write, relative to the site folder (default: hsds or
    /// data). It is replaced whole, and must be missing, empty or a
    /// previous export of the same kind.
    #[arg(long)]
    to: Option<PathBuf>,
    /// Override base_url from site.yaml (ids and addresses derive from it).
    #[arg(long)]
    base_url: Option<String>,
    /// Replace the folder even when it holds other files.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    /// Workflow commands that GitHub Actions (and Gitea, Forgejo) show as
    /// annotations on the changed lines.
    Github,
}

/// Runs the command line.
pub fn run() -> ExitCode {
    run_with(&Host::default())
}

/// What the program around the command line can do for it.
#[derive(Default)]
pub struct Host {
    /// Called once, before any other thread starts, by the commands that
    /// keep following the site (`serve`, `build --watch`): they live long
    /// and should hand memory a build freed back to the system at once,
    /// which a one-off build need not pay for.
    pub before_following: Option<fn()>,
    /// Called by those commands after each rebuild, on the thread that
    /// rebuilt, once the rebuild's temporary memory is freed: hands what
    /// every thread freed back to the system (see [`crate::memory`]).
    pub after_rebuild: Option<fn()>,
}

/// What a command that runs once lets its scratch texts take of memory
/// (see [`crate::spill`]). At 10,000 organizations a build's bodies and
/// cards come to about 90 MB and are all held (the poster sheets, large
/// and seldom read, stay in the file); a larger site's peak grows by this
/// much at most.
const ONE_OFF_SPILL_MEMORY: usize = 128 << 20;

/// Runs the command line in `host`.
pub fn run_with(host: &Host) -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = crate::i18n::from_args(&args, &|name| std::env::var(name).ok());
    crate::i18n::set_language(lang);
    let matches = match help::command(lang).try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(e) => match help::chinese_error(&e).filter(|_| lang == crate::i18n::Lang::Zh) {
            Some(text) => {
                eprintln!("{text}");
                return ExitCode::from(2);
            }
            None => e.exit(),
        },
    };
    help::answer_help_command(lang, &args, &matches);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let follows = matches!(
        cli.command,
        Command::Serve { .. } | Command::Build { watch: true, .. }
    );
    if let (true, Some(hook)) = (follows, host.before_following) {
        hook();
    }
    if !follows {
        crate::spill::hold_in_memory(ONE_OFF_SPILL_MEMORY);
    }
    if let (true, Some(hook)) = (follows, host.after_rebuild) {
        crate::memory::set_hand_back(hook);
    }
    match execute(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}: {e:#}", t!("label-error"));
            ExitCode::FAILURE
        }
    }
}

fn execute(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Init { dir } => {
            let dir = dir.unwrap_or(cli.root);
            let written = scaffold::init_site(&dir)?;
            println!(
                "{}",
                t!(
                    "init-created",
                    dir = dir.display().to_string(),
                    files = written.len()
                )
            );
            println!("{}", t!("init-next", dir = dir.display().to_string()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            output,
            base_url,
            watch,
            force,
        } => {
            let publisher_root = cli.root.clone();
            let opts = BuildOptions {
                root: cli.root,
                output,
                base_url,
                force,
            };
            if !watch {
                let started = std::time::Instant::now();
                let report = build(&opts)?;
                let built = print_build(&opts, &report, started);
                return Ok(if built {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                });
            }
            let mut publisher = Publisher::new(opts.clone())?;
            let mut publish = move |changes: &Changes| {
                let started = std::time::Instant::now();
                match publisher.rebuild(changes) {
                    Ok(report) => {
                        print_build(&opts, &report, started);
                    }
                    Err(e) => eprintln!("{}: {e:#}", t!("label-error")),
                }
            };
            let stop = serve::StopSignal::listen()?;
            publish(&Changes::Unknown);
            stop.started();
            let root = publisher_root.clone();
            let _watcher = crate::watch::spawn(root.clone(), move |changes| publish(&changes))?;
            println!(
                "{}",
                t!("watching", dir = root.join("content").display().to_string())
            );
            stop.wait();
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { port, bind, open } => {
            let opts = ServeOptions {
                root: cli.root,
                bind,
                port,
            };
            let stop = serve::StopSignal::listen()?;
            let server = serve::start_stoppable(&opts, TerminalReporter, Some(&stop))?;
            stop.started();
            // Before the address, so it is read before the page is opened.
            if let Some(warning) = serve::exposure_warning(bind, server.port()) {
                eprintln!("{warning}");
            }
            println!("{}", t!("serving", url = server.url()));
            if open {
                open_browser(&server.url());
            }
            stop.wait();
            println!("{}", t!("stopping"));
            // The server stops, and its folder is removed.
            drop(server);
            println!("{}", t!("stopped"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            format: _,
            stale: true,
        } => print_stale(&cli.root),
        Command::Check { format, .. } => {
            // What every build starts from: the content and the theme.
            let loaded = engine::check(&SiteDirs::new(&cli.root), None);
            let failed = loaded.diagnostics.has_errors();
            let diags = loaded.diagnostics.into_sorted();
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&diags)?),
                Format::Github => {
                    for d in &diags {
                        println!("{}", github_annotation(d));
                    }
                }
                Format::Human => {
                    print_human(&diags, &loaded.sources);
                    eprintln!(
                        "{}",
                        if diags.is_empty() {
                            t!("check-ok")
                        } else {
                            summary(&diags)
                        }
                    );
                }
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Export { what } => {
            let (part, args) = match what {
                ExportCommand::Hsds(args) => (Part::Hsds, args),
                ExportCommand::Json(args) => (Part::Json, args),
            };
            let opts = ExportOptions {
                root: cli.root,
                part,
                to: args.to.unwrap_or_else(|| PathBuf::from(part.folder())),
                base_url: args.base_url,
                force: args.force,
            };
            let started = std::time::Instant::now();
            let report = export(&opts)?;
            let Some(note) = problems(
                Doing::Export,
                &report.diagnostics,
                &report.sources,
                report.exported,
                &opts.dir(),
            ) else {
                return Ok(ExitCode::FAILURE);
            };
            println!(
                "{}",
                t!(
                    "exported",
                    files = report.files,
                    dir = opts.dir().display().to_string(),
                    millis = started.elapsed().as_millis(),
                    note = note
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            what:
                ImportCommand::Article {
                    file,
                    to,
                    simplified,
                    force,
                },
        } => import::article(&cli.root, &file, &to, simplified, force),
        Command::Import {
            what:
                ImportCommand::Table {
                    file,
                    kind,
                    map,
                    dry_run,
                    update,
                },
        } => import::table(&TableOptions {
            root: cli.root,
            file,
            kind,
            map,
            dry_run,
            update,
        }),
        Command::Import {
            what:
                ImportCommand::Hsds {
                    path,
                    area,
                    dry_run,
                    update,
                },
        } => import::hsds(&HsdsOptions {
            root: cli.root,
            path,
            area,
            dry_run,
            update,
        }),
        Command::Schema { to } => {
            let dir = if to.is_absolute() {
                to.clone()
            } else {
                cli.root.join(&to)
            };
            for file in crate::schema::write(&dir)? {
                println!("{}", t!("wrote", file = file));
            }
            println!(
                "{}\n{}",
                t!("schema-vscode"),
                serde_json::to_string_pretty(&crate::schema::vscode_settings(
                    &to.to_string_lossy()
                ))?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, name, id } => {
            let created = scaffold::new_record(&cli.root, kind, &name, id.as_deref())?;
            println!(
                "{}",
                t!("new-created", file = created.path.display().to_string())
            );
            for note in created.notes {
                println!("{}: {note}", t!("label-note"));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
