"""The ``geo`` command's one error boundary (geo/cli/__init__.py)."""

from __future__ import annotations

import errno
import warnings

import click
import pytest
from click.testing import CliRunner

from geo.cli import EXIT_INTERRUPTED, error_boundary, main
from geo.errors import InputError


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def one_line_error(result) -> str:
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    [line] = result.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize(("raised", "message"), [
    (InputError("no column 'x'"), "Error: no column 'x'"),
    (OSError(errno.ENAMETOOLONG, "File name too long", "y" * 300), "Error: file name too long: yyyy"),
    (OSError(errno.ENOSPC, "No space left on device"), "Error: cannot write to standard output: No space left"),
    (UnicodeEncodeError("utf-8", "Kyiv\udcd0", 4, 5, "surrogates not allowed"), "Error: input is not valid UTF-8"),
    (RecursionError("maximum recursion depth exceeded"), "Error: input nested too deeply"),
])
def test_expected_failures_become_one_line(raised, message):
    @click.command()
    def boom():
        raise raised

    result = CliRunner().invoke(_group(boom), ["boom"])
    assert one_line_error(result).startswith(message)


def test_interrupt_exit_code():
    @click.command()
    def boom():
        raise KeyboardInterrupt

    result = CliRunner().invoke(_group(boom), ["boom"])
    assert result.exit_code == EXIT_INTERRUPTED
    assert result.stderr.strip().splitlines() == ["geo: interrupted"]


def test_a_bug_still_shows_its_traceback():
    @click.command()
    def boom():
        raise ZeroDivisionError

    result = CliRunner().invoke(_group(boom), ["boom"])
    assert isinstance(result.exception, ZeroDivisionError)  # not hidden behind a one-liner


def test_warnings_are_one_line_each(capsys):
    with error_boundary():
        warnings.warn("tiles from\nsomewhere odd", UserWarning, stacklevel=1)
        warnings.warn("second", RuntimeWarning, stacklevel=1)
    assert capsys.readouterr().err.splitlines() == ["geo: warning: tiles from somewhere odd", "geo: warning: second"]
    assert warnings.showwarning is not None and warnings.showwarning.__name__ != "_one_line_warning"


def _group(command):
    from geo.cli import LazyGroup

    class Group(LazyGroup):
        def get_command(self, ctx, name):
            return command if name == command.name else None

    return click.group(cls=Group)(lambda: None)


@pytest.mark.slow
def test_lookup_of_undecodable_bytes_is_one_line():
    # What the shell passes for $(printf 'Kyiv\xd0'): the byte kept as a surrogate.
    assert "is not valid UTF-8 text" in one_line_error(run("lookup", "Kyiv\udcd0"))


@pytest.mark.slow
def test_gazetteer_refuses_undecodable_names(gazetteer):
    with pytest.raises(InputError, match="not valid UTF-8"):
        gazetteer.resolve("Kyiv\udcd0")


@pytest.mark.slow
def test_a_corrupt_built_in_index_is_rebuilt(tmp_path):
    import subprocess
    import sys

    code = ("import sys\nfrom geo.gazetteer import Gazetteer, default_index_path\n"
            "p = default_index_path()\np.parent.mkdir(parents=True, exist_ok=True)\n"
            "p.write_bytes(b'not an index' * 100)\n"
            "print(Gazetteer.default().resolve('Kharkiv').geonameid)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "GEO_CACHE_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["706483"]
    assert "unreadable; building it again" in done.stderr


@pytest.mark.slow
@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="no /dev/full")
def test_lookup_to_a_full_disk_is_one_line():
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "geo", "lookup", "Kyiv"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["Error: cannot write to standard output: No space left on device"]
