"""Runs code cells the way the hosted code interpreter's Jupyter kernel does, inside Pyodide.

One module per interpreter state: `namespace` is the thread's variables, kept across cells. Output is
stdout and stderr in the order written, with the repr of a final expression (as Jupyter shows `x, y`
on a cell's last line) and the traceback of an exception, capped at a size.
"""

import ast
import hashlib
import io
import linecache
import os
import sys
import traceback

DATA_DIR = "/mnt/data"
# The file name the sandbox's own Python code runs under (see worker.mjs).
SANDBOX_FILE = "<sandbox>"

namespace = {"__name__": "__main__", "__builtins__": __builtins__}
cell_count = 0


class CappedLog(io.TextIOBase):
    """stdout and stderr together, cut off past `limit` characters (a loop printing forever still ends
    with the time limit, not with the host's memory)."""

    def __init__(self, limit):
        self.parts = []
        self.size = 0
        self.dropped = 0
        self.limit = limit

    def writable(self):
        return True

    def write(self, text):
        room = self.limit - self.size
        if len(text) > room:
            self.dropped += len(text) - max(room, 0)
            text = text[: max(room, 0)]
        if text:
            self.parts.append(text)
            self.size += len(text)
        return len(text)

    def value(self):
        text = "".join(self.parts)
        if self.dropped:
            text += f"\n[output truncated: {self.dropped} more characters]"
        return text


def data_files():
    """Path under /mnt/data -> digest of the bytes, for every file there."""
    found = {}
    for folder, _dirs, files in os.walk(DATA_DIR):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, DATA_DIR)] = hashlib.blake2b(handle.read()).digest()
    return found


def place_inputs(files):
    """Write each input file under /mnt/data unless the thread already has it: code that changed a file in
    an earlier call keeps its change, as in a hosted session."""
    for name, data in files:
        path = os.path.join(DATA_DIR, name)
        if os.path.exists(path):
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(bytes(data))


def execute(code, filename):
    """Jupyter's rule: a cell whose last statement is an expression shows that value's repr."""
    tree = ast.parse(code, filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, filename, "exec"), namespace)
    if last is not None:
        value = eval(compile(last, filename, "eval"), namespace)
        if value is not None:
            print(repr(value))


def format_exception(exc, filename):
    """The traceback from the cell on: the frames before it (this module, `ast` for a SyntaxError) and the
    sandbox's own (its import guard) are not the user's code."""
    frames = exc.__traceback__
    while frames is not None and frames.tb_frame.f_code.co_filename != filename:
        frames = frames.tb_next
    report = traceback.TracebackException(type(exc), exc, frames)
    report.stack = traceback.StackSummary.from_list([frame for frame in report.stack if frame.filename != SANDBOX_FILE])
    return "".join(report.format())


def run_cell(code, files, log_limit):
    """Runs one cell. Returns (logs, error name or None, paths under /mnt/data written or changed)."""
    global cell_count
    cell_count += 1
    filename = f"<cell {cell_count}>"
    # Tracebacks quote the cell's own lines, as they do for a file.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    log = CappedLog(log_limit)
    error = None
    os.makedirs(DATA_DIR, exist_ok=True)
    place_inputs(files)
    before = data_files()
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = log
    try:
        execute(code, filename)
    except BaseException as exc:  # KeyboardInterrupt (the time limit) and SystemExit included
        error = type(exc).__name__
        log.write(format_exception(exc, filename))
    finally:
        sys.stdout, sys.stderr = saved
    after = data_files()
    changed = [path for path, digest in after.items() if before.get(path) != digest]
    return log.value(), error, changed
