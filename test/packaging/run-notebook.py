"""Executes a notebook headless with nbclient and prints its outputs as JSON lines.

    python3 run-notebook.py NOTEBOOK KERNEL_NAME WORKDIR

One JSON object per code cell on stdout: {"cell": i, "text": "<stream and text/plain output>",
"errors": ["<ename>: <evalue>", ...]}. Used by test/packaging/installed-package.test.ts.
"""
import json
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

path, kernel, workdir = sys.argv[1:4]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, timeout=240, kernel_name=kernel, allow_errors=True, resources={"metadata": {"path": workdir}})
try:
    client.execute()
except CellExecutionError as err:  # allow_errors keeps going; this is a kernel-level failure
    print(json.dumps({"cell": -1, "text": "", "errors": [str(err)]}))
for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
    text, errors = [], []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            text.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            text.append(str(out.data.get("text/plain", "")) + "\n")
        elif out.output_type == "error":
            errors.append(f"{out.ename}: {out.evalue}")
    print(json.dumps({"cell": i, "text": "".join(text), "errors": errors}))
