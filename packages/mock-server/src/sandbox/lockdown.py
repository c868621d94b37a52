"""Closes Pyodide's bridge to JavaScript before the first cell runs.

`js` is the host's global object, `pyodide_js` and `pyodide.code.run_js` evaluate JavaScript: with them a
cell could leave the WebAssembly sandbox. Cells import none of them (nor micropip, which downloads), and a
package that is not there fails with the plain ModuleNotFoundError, without Pyodide's advice to install it
from the network.
"""

import errno
import os
import sys

import _pyodide._importhook as importhook

BRIDGE = frozenset({"js", "pyodide_js", "_pyodide_core", "pyodide", "_pyodide", "micropip"})


class NoBridgeFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.partition(".")[0] in BRIDGE:
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return None


importhook.REPODATA_PACKAGES_IMPORT_TO_PACKAGE_NAME.clear()
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "JsFinder"]
sys.meta_path.insert(0, NoBridgeFinder)
for loaded in [name for name in sys.modules if name.partition(".")[0] in BRIDGE]:
    del sys.modules[loaded]


def no_processes(*args, **kwargs):
    raise OSError(errno.ENOTSUP, f"{sys.platform} does not support processes.")


# Pyodide's os.system would run a shell on the host; subprocess already refuses the same way.
os.system = no_processes
# The host path of the worker script, which Pyodide passes on as `$_`.
os.environ.pop("_", None)
