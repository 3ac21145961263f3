"""The ``geo`` command: a thin layer over the library.

Each command lives in a module of its own and is imported only when it runs, so
``geo lookup`` never pays for pandas or folium at start-up.

Every command runs inside one error boundary (:func:`error_boundary`): an expected
failure (bad input, an output that cannot be written, a full disk, a name too long, a
signal) ends the run with one line on standard error and a non-zero exit code, never a
traceback; warnings are printed as one line each.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import signal
import sys
import threading
import warnings

import click

#: Exit codes for runs ended by a signal (the shell's 128 + signal number).
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


class Terminated(BaseException):
    """Raised in the main thread when the process receives SIGTERM.

    So ``finally`` blocks and context managers (temporary output files) run before it exits.
    """

# name -> "module:attribute"; one module per command, like rasterio's rio.
COMMANDS = {
    "lookup": "geo.cli.lookup:lookup",
    "normalize": "geo.cli.normalize:normalize",
    "gazetteer": "geo.cli.gazetteer:gazetteer",
    "extract": "geo.cli.extract:extract",
    "map": "geo.cli.map:map_command",
    "cache": "geo.cli.cache:cache",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when it is invoked."""

    def list_commands(self, ctx):
        """List the command names."""
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        """Import the module of command ``name`` and return the command (None if unknown)."""
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return None
        return getattr(mod, attr)

    def invoke(self, ctx):
        """Run the command inside the :func:`error_boundary`."""
        with error_boundary():
            return super().invoke(ctx)


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    text = " ".join(str(message).split()) or category.__name__
    click.echo(f"geo: warning: {text}", err=True)


def _quiet_child() -> None:
    # Worker processes forked by a command leave signals to the command: Ctrl-C goes to
    # the whole process group, and a worker's KeyboardInterrupt traceback helps nobody.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


_AT_FORK = []


def _on_sigterm(signum, frame):
    raise Terminated()


def _silence_stdout() -> None:
    # Output that could not be written must not be tried again when Python exits.
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _os_message(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else "to standard output"
    if exc.errno == errno.ENAMETOOLONG:
        name = str(exc.filename or "")
        short = name if len(name) <= 80 else f"{name[:40]}...{name[-30:]} ({len(name)} characters)"
        return f"file name too long: {short}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {where}: {exc.strerror}"
    return f"{where}: {exc.strerror or exc}"


@contextlib.contextmanager
def error_boundary():
    """Run a command, turning every expected failure into one line and an exit code.

    Library errors (:class:`geo.errors.GeoError`), operating-system errors (a full
    disk, a name too long, a closed pipe), undecodable arguments, Ctrl-C and SIGTERM
    end the run with one ``Error: ...`` line (or none, for a closed pipe); temporary
    files are removed on the way out by the code that made them. Warnings are printed
    as one ``geo: warning: ...`` line each.
    """
    from geo.errors import GeoError

    main_thread = threading.current_thread() is threading.main_thread()
    old_term = signal.signal(signal.SIGTERM, _on_sigterm) if main_thread else None
    if main_thread and not _AT_FORK and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_quiet_child)
        _AT_FORK.append(True)
    old_show = warnings.showwarning
    warnings.showwarning = _one_line_warning
    try:
        yield
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _silence_stdout()
            raise click.ClickException(f"cannot write to standard output: {exc.strerror or exc}") from None
    except click.exceptions.Exit:
        raise
    except click.ClickException:
        raise
    except GeoError as exc:
        raise click.ClickException(str(exc)) from None
    except BrokenPipeError:  # e.g. `geo extract seeds | head -1`
        _silence_stdout()
        raise click.exceptions.Exit(0) from None
    except KeyboardInterrupt:
        click.echo("geo: interrupted", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
    except Terminated:
        click.echo("geo: terminated", err=True)
        raise click.exceptions.Exit(EXIT_TERMINATED) from None
    except UnicodeError as exc:
        raise click.ClickException(f"input is not valid UTF-8 text ({exc.reason}); "
                                   "save it as UTF-8 or check the arguments") from None
    except RecursionError:
        raise click.ClickException("input nested too deeply to read") from None
    except MemoryError:
        raise click.ClickException("out of memory; give smaller files or lower GEO_MAX_ARTICLE_MB") from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT) and exc.filename is None:
            _silence_stdout()
        raise click.ClickException(_os_message(exc)) from None
    finally:
        warnings.showwarning = old_show
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geo-news", prog_name="geo")
def main():
    """Find the places news articles mention, resolve them offline, map them.

    Place data: GeoNames (CC BY 4.0), https://www.geonames.org/.
    """
