"""Inputs at fsspec URLs (``s3://bucket/news/``, ``gs://...``, ``memory://...``): the
files a URL names, and a readable stream for one. Needs ``fsspec`` (the ``dask``
extra) and the backend for the URL's protocol (``s3fs``, ``gcsfs``); without them the
URL is a Rejection saying what to install. Plain paths and ``file://`` never come here.
"""

from __future__ import annotations

import io
from typing import IO, Any

URL_MARK = "://"
LOCAL_PROTOCOLS = ("file://", "local://")


def is_url(path: str) -> bool:
    """A URL of some filesystem other than the local one."""
    return URL_MARK in path and not path.startswith(LOCAL_PROTOCOLS)


def list_url(path: str, *, glob_chars: frozenset[str]) -> tuple[list[tuple[str, str]], bool] | str:
    """``(url, path relative to what was named)`` of each file the URL names, sorted: the
    file itself, a glob's matches, or a directory's files (recursively, hidden ones left
    out), and whether it named a directory; or why it names none."""
    filesystem = _filesystem(path)
    if isinstance(filesystem, str):
        return filesystem
    fs, root = filesystem
    try:
        if glob_chars & set(root):
            found = sorted(fs.glob(root))
            if not found:
                return "no files match"
            return [
                (fs.unstrip_protocol(match), match.rsplit("/", 1)[-1]) for match in found
            ], False
        if fs.isdir(root):
            members = sorted(fs.find(root))
            prefix = root.rstrip("/") + "/"
            relative = [(member, member.removeprefix(prefix)) for member in members]
            files = [
                (f"{path.rstrip('/')}/{name}", name)
                for member, name in relative
                if not any(part.startswith(".") for part in name.split("/"))
            ]
            return files, True
        if fs.isfile(root):
            return [(path, root.rsplit("/", 1)[-1])], False
    except OSError as exc:
        return f"unreadable: {exc}"
    return "no such file"


def open_url(path: str) -> IO[bytes]:
    """A buffered binary stream of the file at the URL (raises OSError)."""
    filesystem = _filesystem(path)
    if isinstance(filesystem, str):
        raise OSError(filesystem)
    fs, root = filesystem
    stream: Any = fs.open(root, "rb")
    return stream if hasattr(stream, "peek") else io.BufferedReader(stream)


def _filesystem(path: str) -> tuple[Any, str] | str:
    try:
        import fsspec
    except ImportError:
        return "reading URLs needs fsspec: pip install 'eventwire[dask]'"
    try:
        fs, root = fsspec.core.url_to_fs(path)
    except ImportError as exc:
        return f"no filesystem for this URL ({exc})"
    except ValueError as exc:
        return f"not a URL eventwire can read ({exc})"
    return fs, str(root)
