"""The ``review`` and ``tm`` command groups (registered on the main group by ``cli``)."""

from __future__ import annotations

import json
import os

import click

from .errors import printable

#: Input paths (FILE, BRIEF_DIR, FOLDER) are plain strings here, not ``click.Path(exists=True)``:
#: the library checks them (``errors.check_input_path``), so that a missing one is the same error
#: in every command, ``summarize: error: PATH: no such file`` with exit code 1, as for ``run``.


def _tm_options(f):
    f = click.option("--no-tm", is_flag=True, help="Do not store approved and edited segments in the translation memory.")(f)
    f = click.option("--tm", "tm_file", default=None, metavar="PATH",
                     help="Translation memory file (default: $SUMMARIZE_TM, else $XDG_DATA_HOME/summarize/tm.sqlite).")(f)
    return f


def shown_folder(folder: str | os.PathLike, given: str | os.PathLike) -> str:
    """``folder`` as the user would type it: relative to the current folder when ``given`` (the
    path typed that led to it: a FILE, or --brief) is relative and ``folder`` lies below the
    current folder, else as it is (``review import a/b/brief.ur.xlf`` names ``a/b``, as with
    ``--brief a/b``, not ``/home/.../a/b``)."""
    folder = os.fspath(folder)
    if os.path.isabs(folder) and not os.path.isabs(os.fspath(given)):
        rel = os.path.relpath(folder)
        if rel != ".." and not rel.startswith(".." + os.sep):
            return rel
    return folder


def register(main: click.Group, *, debug_option, table) -> None:
    """Add ``review`` and ``tm`` to ``main``."""

    @main.group()
    def review() -> None:
        """Bring reviewed translations back into the briefs; see how far the review has come."""

    @review.command("import")
    @click.argument("files", nargs=-1, required=True)
    @click.option("--brief", "brief_dir", default=None,
                  help="The brief's folder, or a batch folder (default: found from each FILE's location).")
    @click.option("--reviewer", default=None, metavar="NAME",
                  help="Who reviewed, where the file does not say (XLIFF never does).")
    @click.option("--matching", is_flag=True,
                  help="For a file written before the article changed: import the units whose source sentence the "
                       "brief still has (each onto that sentence), and leave out the rest with a warning.")
    @_tm_options
    @click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
    @debug_option
    def review_import(files, brief_dir, reviewer, matching, tm_file, no_tm, quiet) -> None:
        """Merge the decisions in each FILE into its brief and rewrite every format of it.

        FILE is the review page's brief.review.json, an XLIFF 1.2 file edited in a CAT tool, a TMX,
        or an OmegaT project's omegat/project_save.tmx. Approved and edited segments go into the
        translation memory. Prints, per FILE, the decisions it makes and the comments it adds, and
        how many of them changed the brief and how many it held already: importing the same file
        again changes nothing and says so ("0 changed")."""
        from .errors import ConfigError
        from .review import import_reviews
        from .tm import open_tm

        if tm_file is not None and no_tm:  # as run and batch say it (Settings.from_options)
            raise ConfigError("--no-tm", "stores nothing in a translation memory, yet --tm names one; drop one of the two")
        results = import_reviews(list(files), brief=brief_dir, tm=open_tm(tm_file, enabled=not no_tm), reviewer=reviewer, matching=matching)
        if not quiet:
            for r in results:
                for line in r.warnings:
                    click.echo(f"summarize: warning: {printable(line)}", err=True)
                given = brief_dir if brief_dir is not None else r.path
                where = ", ".join(shown_folder(f, given) for f in r.folders)
                if not where:  # nothing went to any brief: name the one(s) it was matched against
                    mine = [shown_folder(f, given) for f in r.briefs]
                    mine_text = mine[0] if len(mine) == 1 else f"{len(mine)} briefs below {shown_folder(given, given)}"
                    where = (f"no unit of it is reviewed: nothing for {mine_text}" if not r.decisions + r.comments + r.unmatched
                             else f"nothing for {mine_text}")
                click.echo(f"{printable(r.path)}: {r.describe()} ({printable(where)})", err=True)

    @review.command("omegat")
    @click.argument("brief_dirs", nargs=-1, required=True)
    @click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=True, file_okay=False),
                  help="Folder to write the projects in (OUT/<name>.<target>/).")
    @click.option("-t", "--target", "targets", multiple=True, metavar="SHORT",
                  help="Only this target (repeatable; default: every target of the briefs).")
    @click.option("--name", default=None, help="Project name (default: the brief's stem, or 'briefs' for several).")
    @debug_option
    def review_omegat(brief_dirs, out, targets, name) -> None:
        """Write one ready OmegaT project per target of the briefs in BRIEF_DIR... (a brief's
        folder, or a batch folder: every brief below it): the English segments as
        source/<stem>.txt, the translations pre-filled from tm/auto/<stem>.tmx. Import the result
        with `summarize review import OUT/<name>.<target>/omegat/project_save.tmx`."""
        from .review.omegat import export_omegat

        for p in export_omegat(list(brief_dirs), out, name=name, targets=list(targets) or None):
            click.echo(f"{printable(p.folder)}: {len(p.sources)} brief{'s' * (len(p.sources) != 1)}, target {p.target}", err=True)

    @review.command("status")
    @click.argument("folder")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
    @debug_option
    def review_status_cmd(folder, as_json) -> None:
        """Approved, edited, rejected, stale and pending segments per target, for one brief's
        FOLDER or a batch folder: one row per brief and target (BRIEF: the brief's folder below
        FOLDER, or FOLDER's own name when it is one brief's); for a folder of several briefs,
        then a totals row per target, BRIEF "(all)" (one brief's rows are its totals already).
        --json always has "total"."""
        from .review import review_status
        from .review.status import COLUMNS

        st = review_status(folder)
        if as_json:
            click.echo(json.dumps(st, ensure_ascii=False, indent=2))
            return
        kept = st["retired"]
        kept_line = (f"{kept} earlier review{'s' * (kept != 1)} kept in brief.json (retired_reviews): "
                     "a rerun that has their sentences and targets again restores them") if kept else ""
        if not st["total"]:
            n = len(st["briefs"])
            click.echo(f"no translations to review in {printable(folder)} ({n} brief{'s' * (n != 1)}, made with --no-translate)"
                       + (f"; {kept_line}" if kept else ""))
            return
        rows = [("BRIEF", "TARGET", *(c.upper() for c in COLUMNS), "TOTAL")]
        several = len(st["briefs"]) > 1
        for b in st["briefs"]:
            # FOLDER is itself a brief's folder: its name, not "." (the folder relative to itself)
            name = b["folder"] if b["folder"] != "." else printable(os.path.basename(os.path.abspath(folder)) or folder)
            for short, c in b["targets"].items():
                rows.append((name, short, *(str(c[k]) for k in COLUMNS), str(c["total"])))
        if several:
            for short, c in st["total"].items():
                rows.append(("(all)", short, *(str(c[k]) for k in COLUMNS), str(c["total"])))
        table(rows)
        if kept:
            click.echo(kept_line)

    @main.group()
    def tm() -> None:
        """The translation memory: approved translations reused instead of machine translation."""

    @tm.command("stats")
    @click.option("--tm", "tm_file", default=None, metavar="PATH", help="Translation memory file.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
    @debug_option
    def tm_stats(tm_file, as_json) -> None:
        """Where the translation memory is and how many entries it has per language pair."""
        from .tm import open_tm

        st = open_tm(tm_file).stats()
        if as_json:
            click.echo(json.dumps(st, ensure_ascii=False, indent=2))
            return
        click.echo(f"# {st['path']}" + ("" if st["exists"] else " (not created yet)"))
        rows = [("SOURCE", "TARGET", "APPROVED", "EDITED", "TOTAL")]
        for pair, c in st["pairs"].items():
            src, tgt = pair.split("->")
            rows.append((src, tgt, str(c.get("approved", 0)), str(c.get("edited", 0)), str(sum(c.values()))))
        table(rows)
        click.echo(f"{st['entries']} entr{'y' if st['entries'] == 1 else 'ies'}")

    @tm.command("export")
    @click.argument("file", type=click.Path(dir_okay=False))
    @click.option("--format", "fmt", type=click.Choice(["tmx"]), default="tmx", show_default=True)
    @click.option("--tm", "tm_file", default=None, metavar="PATH", help="Translation memory file.")
    @click.option("--force", is_flag=True, help="Replace FILE if it exists (default: refuse).")
    @debug_option
    def tm_export(file, fmt, tm_file, force) -> None:
        """Write every entry of the translation memory to FILE as TMX 1.4 ('-' for stdout). An
        existing FILE is never overwritten unless --force is given."""
        import os

        from .errors import ConfigError

        if file != "-" and os.path.lexists(file) and not force:
            raise ConfigError(file, "exists; pass --force to replace it, or name another file")

        from .version import __version__
        from .writers.fsutil import atomic_write_bytes, write_stdout
        from .tm import open_tm
        from .tm.tmx import render_tm_tmx

        entries = open_tm(tm_file).entries()
        data = render_tm_tmx(entries, tool_version=__version__)
        if file == "-":
            write_stdout(data)
        else:
            atomic_write_bytes(file, data)
            click.echo(f"{printable(file)}: {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", err=True)

    @tm.command("import")
    @click.argument("files", nargs=-1, required=True)
    @click.option("--tm", "tm_file", default=None, metavar="PATH", help="Translation memory file.")
    @debug_option
    def tm_import(files, tm_file) -> None:
        """Add every translation in each TMX FILE to the memory, as plain text.

        A unit keeps the status its <prop type="x-status"> gives (approved or edited: what
        `summarize tm export` writes, so an export imports back as it was); a unit without one,
        as in another tool's or a client's memory, is taken as approved. Inline codes (<bpt>,
        <ept>, <ph>, <it>) are dropped: the memory matches on the text, as CAT tools do. Units
        with no translation, an empty side, a language not known, two different translations
        in one language, or marked rejected in a summarize brief's TMX are skipped and counted;
        a sentence given again later in the file is stored once, as the later unit has it; the
        pairs the memory holds already are counted too ("0 stored: 5 already in the memory, 0
        skipped")."""
        from .tm import open_tm
        from .tm.tmx import check_tmx_path, import_tmx

        for f in files:  # a typo in the last file imports none of them
            check_tmx_path(f)
        store = open_tm(tm_file)
        for f in files:
            click.echo(f"{printable(f)} into {printable(store.path)}: {import_tmx(store, f).describe()}", err=True)
