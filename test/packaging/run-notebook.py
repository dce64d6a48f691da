"""Executes a notebook headless with nbclient and prints its outputs as JSON lines.

    python3 run-notebook.py NOTEBOOK KERNEL_NAME WORKDIR

One JSON object per code cell on stdout: {"cell": i, "text": "<stream and text/plain output>",
"errors": ["<ename>: <evalue>", ...]}. Used by test/packaging/installed-package.test.ts.
"""
import json
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError
from nbclient.util import ensure_async


class LateOutputClient(NotebookClient):
    """A NotebookClient that keeps a cell's output arriving after the cell has ended.

    Deno's kernel sometimes sends a cell's status "idle" before the cell's output (in about one
    run in three here). nbclient stops listening for that cell at "idle", reads the output while
    polling for the next cell, and drops it as another cell's message. This client files such
    output under the cell it belongs to (by its request's message id).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cell_of_request = {}

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        self.cell_of_request[parent_msg_id] = (cell, cell_index)
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            msg_id = msg["parent_header"].get("msg_id")
            if msg_id == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    return
            elif msg_id in self.cell_of_request and msg["msg_type"] in ("stream", "execute_result", "display_data", "error"):
                earlier, earlier_index = self.cell_of_request[msg_id]
                try:
                    self.process_message(msg, earlier, earlier_index)
                except CellExecutionComplete:
                    pass


path, kernel, workdir = sys.argv[1:4]
nb = nbformat.read(path, as_version=4)
code_cells = [c for c in nb.cells if c.cell_type == "code"]
# One more cell, not reported: while it runs, the last cell's late output still has a listener.
nb.cells.append(nbformat.v4.new_code_cell("0"))
client = LateOutputClient(nb, timeout=240, kernel_name=kernel, allow_errors=True, resources={"metadata": {"path": workdir}})
try:
    client.execute()
except CellExecutionError as err:  # allow_errors keeps going; this is a kernel-level failure
    print(json.dumps({"cell": -1, "text": "", "errors": [str(err)]}))
for i, cell in enumerate(code_cells):
    text, errors = [], []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            text.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            text.append(str(out.data.get("text/plain", "")) + "\n")
        elif out.output_type == "error":
            errors.append(f"{out.ename}: {out.evalue}")
    print(json.dumps({"cell": i, "text": "".join(text), "errors": errors}))
