"""The `dossier` command: argument parsing, exit codes, and printing what happened."""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__, scaffold
from generator.capture.kinds import KINDS
from generator.core import diagnostics as diag
from generator.core import layout
from generator.incremental import uptodate

if TYPE_CHECKING:
    from generator.build import Built, Checked

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


WHAT_NEXT = """\
dossier: build cross-linked, cited research dossiers.

  dossier init mydossier      start a dossier in a new folder
  dossier new source "Title"  write a skeleton record (also person, agency, figure, claim)
  dossier add PATH|URL        keep an original page or file and write its source
  dossier check               validate every record and quote
  dossier build               write the site into site/
  dossier serve               preview it with live reload
  dossier diff                what the dossier says differently since main

`dossier COMMAND --help` explains a command, with an example."""
"""What `dossier` alone prints, in place of argparse's usage error; still exit 2, as for any command
line that runs nothing, so that a script missing its command fails (docs/init.md)."""

CONFIG_COMMANDS = ("check", "build", "serve", "new", "add")
"""The commands that read config.yaml before anything else (diff reads it from each side)."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(WHAT_NEXT)
        return EXIT_USAGE
    args = _parser().parse_args(argv)
    try:
        if args.command in CONFIG_COMMANDS and not args.config.exists():
            return _missing_config(args.config)
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as problem:
        return _system_error(problem)
    except Exception:
        return _internal_error()


def _missing_config(config_path: Path) -> int:
    """One line, no position in a file that does not exist, and the way to start (docs/init.md)."""
    where = "in this folder" if config_path == Path("config.yaml") else f"at {config_path}"
    print(f"dossier: error: no config.yaml {where}; run `dossier init` to start a dossier, or cd into one, "
          "or pass --config PATH", file=sys.stderr)
    return EXIT_USAGE


def _command(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, example: str,
             help_text: str, description: str | None = None,
             parents: list[argparse.ArgumentParser] | None = None) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with an example."""
    parser = commands.add_parser(name, parents=parents or [], help=help_text, description=description,
                                 epilog=f"example:\n  {example}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(command=name)
    return parser


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=Path("config.yaml"), metavar="PATH",
                        help="the dossier's config.yaml (default: ./config.yaml)")
    parser = argparse.ArgumentParser(prog="dossier", description="Build cross-linked, cited research dossiers.")
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    init_parser = _command(commands, "init", "dossier init mydossier --title 'Kazakh nationals in the Islamic State'",
                           "start a dossier: config.yaml, content folders, schemas, CI workflows",
                           description="Create a new dossier in FOLDER (default: the current folder), which must "
                                       "be empty or an empty git repository. Exit 2, with nothing written, "
                                       "otherwise. See docs/init.md.")
    init_parser.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER",
                             help="where to create it (default: the current folder)")
    init_parser.add_argument("--title", help="the dossier's title (default: made from the folder's name)")
    init_parser.set_defaults(run=_run_init)

    check_parser = _command(commands, "check", "dossier check --strict", "validate only; print errors and warnings",
                            parents=[common])
    check_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_parser.set_defaults(run=_run_check)

    build_parser = _command(commands, "build", "dossier build --quiet", "validate, then write the site",
                            parents=[common])
    build_parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    build_parser.set_defaults(run=_run_build)

    serve_parser = _command(commands, "serve", "dossier serve --open", "build, serve with live reload, rebuild on save",
                            parents=[common])
    serve_parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve_parser.add_argument("--host", default="127.0.0.1",
                              help="address to listen on (default 127.0.0.1: only this machine)")
    serve_parser.add_argument("--open", action="store_true", dest="open_browser", help="open the site in a browser")
    serve_parser.set_defaults(run=_run_serve)

    diff_parser = _command(
        commands, "diff", "dossier diff main HEAD --format markdown",
        "what the dossier says differently between two revisions or folders", parents=[common],
        description="Compare the dossier at two git revisions (or two folders): records added, removed, renamed or "
                    "changed field by field (texts word by word), quotes that no longer match, problems, and the "
                    "site's files that change. "
                    "Exit 0: no change; 1: changes; 2: error.")
    diff_parser.add_argument("base", nargs="?", metavar="BASE",
                             help="a git revision, or a dossier folder written as a path: ./old, ../old, /srv/old "
                                  "(default: the merge base of main and HEAD)")
    diff_parser.add_argument("head", nargs="?", metavar="HEAD",
                             help="a git revision, or a dossier folder written as a path (default: the working tree)")
    diff_parser.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                             help="text for a terminal (default), markdown for a pull-request comment, json for tools")
    diff_parser.add_argument("--pages-url", metavar="URL",
                             help="address of a preview of the head's site; markdown links changed pages to it")
    diff_parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                             help="colour the text format: changed words red and green instead of "
                                  "[-deleted-]{+inserted+} (default: when printing to a terminal, unless NO_COLOR "
                                  "is set)")
    diff_parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are changes (for CI)")
    diff_parser.set_defaults(run=_run_diff)

    new = _command(commands, "new", 'dossier new person "Nurtai Abykayev"\n  dossier new claim --source tass-2014',
                   "write a skeleton record with the right id", parents=[common],
                   description="Write a skeleton person, agency, figure or source named NAME, or append a "
                               "skeleton claim with a free id to content/claims/<--file>.yaml. Creates the "
                               "folders it needs; never overwrites a file. See docs/init.md.")
    new.add_argument("kind", choices=(*scaffold.KINDS, "claim"), help="what to create")
    new.add_argument("name", nargs="?", help="the person's, agency's or figure's name, or the source's title "
                                             "(not for a claim)")
    new.add_argument("--id", dest="record_id", help="the id to use (default: made from the name)")
    new.add_argument("--file", dest="claims_file", metavar="NAME",
                     help=f"claim: the claims file (default: the --source id, else {scaffold.DEFAULT_CLAIMS_FILE})")
    new.add_argument("--source", metavar="ID", help="claim: the source it cites")
    new.add_argument("--by", metavar="ID", help="claim: the person or agency that made it")
    new.set_defaults(run=_run_new)

    add = _command(
        commands, "add", "dossier add https://example.org/article.html",
        "keep a page, PDF, web archive or text as a capture and write a source from it", parents=[common],
        description="Copy the original unchanged into content/captures/ and write content/sources/<id>.txt from its "
                    "main text and what it states about itself. An http(s) URL is fetched and kept as a WARC. "
                    "Never overwrites a file. Exit 2, with nothing written, when the input cannot be read. "
                    "See docs/captures.md.")
    add.add_argument("target", metavar="PATH|URL",
                     help="a saved page, PDF, WARC, WACZ, .txt or .md file, or an http(s) URL")
    add.add_argument("--id", dest="record_id", help="the source's id (default: made from publisher, date and title)")
    add.add_argument("--kind", choices=KINDS,
                     help="what the file is, when its extension is wrong or missing")
    add.set_defaults(run=_run_add)
    return parser


def _print_diagnostics(checked: Checked) -> None:
    for diagnostic in checked.diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _exit_code(checked: Checked) -> int:
    if checked.config is None:
        return EXIT_USAGE
    return EXIT_OK if checked.ok else EXIT_CONTENT


def _run_check(args: argparse.Namespace) -> int:
    from generator.build import check, counts

    checked = check(args.config, strict=args.strict)
    _print_diagnostics(checked)
    if checked.resolved is not None:
        print(f"checked {counts(checked)}: {diag.summary(checked.diagnostics)}", file=sys.stderr)
    return _exit_code(checked)


def _run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        uptodate.check_cache_folder(args.config)
    except uptodate.CacheError as problem:
        print(f"dossier build: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    recorded = uptodate.up_to_date(args.config, args.strict)
    if recorded is not None:
        for line in recorded["lines"]:
            print(line, file=sys.stderr)
        if not args.quiet:
            print(f"nothing changed since the last build: {len(recorded['output']['files'])} files up to date "
                  f"({time.perf_counter() - started:.2f} s)", file=sys.stderr)
        return EXIT_OK
    uptodate.forget(args.config)
    from generator.build import build

    progress = (lambda message: None) if args.quiet else (lambda message: print(message, file=sys.stderr))
    folders, inputs = _fingerprint_before(args.config, args.strict)
    try:
        built = build(args.config, strict=args.strict, progress=progress)
    except OSError as problem:  # the machine's, read back in the middle of the build (a failing disk: EIO)
        print(f"dossier build: error: {diag.refusal(problem)}; nothing was written", file=sys.stderr)
        return EXIT_USAGE
    if built.report is not None and inputs is not None:
        _remember(args.config, folders, args.strict, inputs, built)
    _print_diagnostics(built.checked)
    if built.output_problem:
        print(f"dossier build: error: {built.output_problem}", file=sys.stderr)
        return EXIT_USAGE
    code = _exit_code(built.checked)
    if code != EXIT_OK and built.checked.config is not None:
        print(f"build failed: {diag.summary(built.checked.diagnostics)}; nothing was written", file=sys.stderr)
    elif built.checked.diagnostics and not args.quiet:
        print(diag.summary(built.checked.diagnostics), file=sys.stderr)
    return code


def _remember(config_path: Path, folders: dict[str, str], strict: bool, inputs: dict, built: Built) -> None:
    """Record the build for the no-change shortcut; the site is written already, so a failure here
    only costs the next build its shortcut."""
    try:
        uptodate.remember(config_path, folders, strict, inputs, list(built.files),
                          [diagnostic.format() for diagnostic in built.checked.diagnostics])
    except OSError as problem:
        print(f"dossier build: warning: cannot record this build in {layout.CACHE_FOLDER}/: "
              f"{problem.strerror or problem}; the next build will not be skipped", file=sys.stderr)


def _fingerprint_before(config_path: Path, strict: bool) -> tuple[dict[str, str], dict | None]:
    """The inputs as they are before a build starts, for the no-change shortcut of the next one."""
    from generator.read.config import load_config

    config, _ = load_config(config_path)
    if config is None:
        return {}, None
    folders = {name: getattr(config, name) for name in ("content_dir", "templates_dir", "output_dir")}
    try:
        return folders, uptodate.fingerprint(config_path, folders, strict)
    except OSError:
        return folders, None


def _run_serve(args: argparse.Namespace) -> int:
    from generator.serve.server import serve

    return serve(args.config, args.host, args.port, args.open_browser)


def _run_new(args: argparse.Namespace) -> int:
    try:
        if args.kind == "claim":
            path, claim_id = scaffold.write_claim(args.config, args.claims_file, args.source, args.by)
            print(f"added claim '{claim_id}' to {path}: fill in its statement and citation, then run `dossier check`")
            return EXIT_OK
        if args.name is None:
            raise scaffold.ScaffoldError(f"give the {args.kind}'s name: dossier new {args.kind} NAME")
        path = scaffold.write_skeleton(args.config, args.kind, args.name, args.record_id)
    except scaffold.ScaffoldError as problem:
        print(f"dossier new: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}")
    return EXIT_OK


def _run_init(args: argparse.Namespace) -> int:
    from generator.init import InitError, init

    try:
        written = init(args.folder, args.title)
    except InitError as problem:
        print(f"dossier init: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    here = args.folder.resolve() == Path.cwd()
    print(f"created a dossier in {'this folder' if here else args.folder}:")
    for path in written:
        print(f"  {path.removesuffix('.gitkeep')}")
    go = "" if here else f"  cd {args.folder}\n"
    print(f"what next:\n{go}  dossier new source \"Title\"   (or dossier add PATH|URL)\n"
          "  dossier new person \"Name\"; dossier new claim --source ID\n  dossier check\n  dossier serve --open")
    return EXIT_OK


def _run_add(args: argparse.Namespace) -> int:
    from generator.capture.add import add_source
    from generator.capture.errors import CaptureError
    from generator.site.captures import readable_size

    try:
        added = add_source(args.config, args.target, args.record_id, args.kind)
    except CaptureError as problem:
        print(f"dossier add: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {added.capture} ({added.media_type}, {readable_size(added.size)}, sha256 {added.sha256})")
    print(f"wrote {added.source} ({diag.plural(added.paragraphs, 'paragraph')}; "
          f"{diag.plural(added.left_out, 'passage')} of the capture left out)")
    for note in added.notes:
        print(f"note: {note}")
    if added.to_fill:
        print(f"fill in {added.source}, then run `dossier check`:")
        for field in added.to_fill:
            print(f"  {field}")
    if added.left_out:
        print("say in `note` what was left out of the capture and why")
    return EXIT_OK


def _run_diff(args: argparse.Namespace) -> int:
    from generator.diff.compare import DiffError, diff
    from generator.diff.formats import to_json, to_text
    from generator.diff.markdown import to_markdown
    from generator.read.gitrev import RevisionError

    if args.pages_url and not args.pages_url.startswith(("https://", "http://")):
        print(f"dossier diff: error: --pages-url must be an http or https address, not '{args.pages_url}'",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        result = diff(args.config, args.base, args.head)
    except (DiffError, RevisionError) as problem:
        print(f"dossier diff: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(to_json(result))
    elif args.format == "markdown":
        sys.stdout.write(to_markdown(result, args.pages_url))
    else:
        colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                            and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb")
        sys.stdout.write(to_text(result, colour))
    return EXIT_OK if args.exit_zero or not result.changed else EXIT_CONTENT


def _system_error(problem: OSError) -> int:
    """The machine refused something (a full disk, a read-only folder, a missing permission): one
    line with the path and the reason, exit 2; not a bug in dossier."""
    print(f"dossier: error: {diag.refusal(problem)}", file=sys.stderr)
    if os.environ.get("DOSSIER_DEBUG"):
        traceback.print_exc(file=sys.stderr)
    return EXIT_USAGE


def _internal_error() -> int:
    """A bug in dossier: one line, and the trace only when asked for (DOSSIER_DEBUG=1)."""
    kind, value, _ = sys.exc_info()
    print(f"dossier: internal error: {kind.__name__ if kind else 'error'}: {value}", file=sys.stderr)
    if os.environ.get("DOSSIER_DEBUG"):
        traceback.print_exc(file=sys.stderr)
        print(getattr(value, "trace", ""), end="", file=sys.stderr)  # a worker process's own
    else:
        print("this is a bug in dossier, not in your content; please report it (DOSSIER_DEBUG=1 shows the trace)",
              file=sys.stderr)
    return EXIT_INTERNAL
