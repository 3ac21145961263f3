"""The walk over the files and folders a user names: which files, in which order, with which ids."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

from geo.errors import InputError
from geo.readers.article import OnSkip

#: File extensions read from folders (lower case, with the dot).
EXTENSIONS = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".csv")

#: The id and path given to an article read from standard input.
STDIN_ID = "<stdin>"


def check_paths(paths) -> list[str | Path]:
    """Return the paths as a list, ``"-"`` kept as is.

    Raises
    ------
    geo.errors.InputError
        If a path does not exist or cannot even be looked at (a name too long).
    """
    # A bare string is iterable too; reading it character by character would turn
    # "news" into four missing paths, so treat it as the single path it obviously is.
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    roots: list[str | Path] = []
    for p in paths:
        if str(p) == "-":
            roots.append("-")
            continue
        path = Path(p)
        try:
            os.stat(path)
        except FileNotFoundError:
            raise InputError(f"no such file or folder: {p}") from None
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:
                raise InputError(f"file name too long: {_clip(str(p))}") from None
            if exc.errno == errno.ENOTDIR:
                raise InputError(f"no such file or folder: {p} (a part of it is a file)") from None
            raise InputError(f"cannot read {p}: {exc.strerror or exc}") from None
        except ValueError as exc:  # a NUL byte in the name
            raise InputError(f"not a usable path: {p!r} ({exc})") from None
        roots.append(path)
    return roots


def _clip(name: str) -> str:
    return name if len(name) <= 80 else f"{name[:40]}...{name[-30:]} ({len(name)} characters)"


def iter_sources(roots, on_skip: OnSkip) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, id)`` for every article file under ``roots``."""
    for name, ident, _ in iter_source_names(roots, on_skip):
        yield Path(name), ident


def iter_source_names(roots, on_skip: OnSkip) -> Iterator[tuple[str, str, str]]:
    """Yield ``(path, id, extension)`` for every article file under ``roots``, the path as a str.

    The extension is lower-cased, as ``Path.suffix`` has it; ``"-"`` is standard input.
    What :func:`iter_sources` yields, for a caller that hands the files on rather than
    reading them: a ``Path`` per file cost the walk of a big folder more than the rest.
    """
    for root in roots:
        if root == "-":
            yield "-", STDIN_ID, ""
        elif root.is_dir():
            # The walk's paths all start with the root's: cut it off (Path.relative_to
            # costs more than reading a small file).
            cut = len(os.path.join(str(root), ""))
            for name, ext in _walk(root, on_skip):
                yield name, name[cut:].replace(os.sep, "/"), ext
        else:
            yield str(root), root.name, root.suffix.lower()


def walk(root: Path, on_skip: OnSkip) -> Iterator[Path]:
    """Yield the article files under a folder.

    Files of a folder first, then its subfolders, each in name order; hidden entries
    and other extensions left out.
    """
    for name, _ in _walk(root, on_skip):
        yield Path(name)


def _walk(root: Path, on_skip: OnSkip) -> Iterator[tuple[str, str]]:
    """Yield :func:`walk`'s files as ``(path, lower-case extension)``, the path a str.

    scandir's paths join a folder's normalised path and a name, so they are what
    ``str(Path(path))`` gives; for a name ending in one of :data:`EXTENSIONS`, its
    extension by ``os.path.splitext`` is ``Path.suffix``.
    """
    # An explicit stack instead of recursion: deep trees cannot hit the recursion limit,
    # and the visited set stops symlink loops.
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            on_skip(str(folder), f"cannot read folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                subfolders.append(Path(entry.path))
            else:
                ext = os.path.splitext(entry.name)[1].lower()
                if ext in EXTENSIONS:
                    yield entry.path, ext
        stack.extend(reversed(subfolders))


def would_read(path, paths) -> bool:
    """Tell whether walking ``paths`` would read the file ``path`` (existing or not).

    An output written there would be read back as input by the next run.

    Examples
    --------
    >>> import tempfile
    >>> news = tempfile.mkdtemp()
    >>> would_read(f"{news}/mentions.jsonl", [news]), would_read(f"{news}/.out.jsonl", [news])
    (True, False)
    >>> would_read("out/mentions.jsonl", [news]), would_read(f"{news}/map.pdf", [news])
    (False, False)
    """
    target = os.path.abspath(path)
    name = os.path.basename(target)
    if os.path.splitext(name)[1].lower() not in EXTENSIONS:
        return False
    for p in [paths] if isinstance(paths, (str, os.PathLike)) else paths:
        if str(p) == "-":
            continue
        root = os.path.abspath(p)
        if target == root:
            return True
        rel = os.path.relpath(target, root)
        if os.path.isdir(root) and not rel.startswith(os.pardir) and not any(
                part.startswith(".") for part in Path(rel).parts):
            return True
    return False

