"""Shared set-up of the monitor benches: a release build of wsltune, a work folder, and the VHDX
to watch (the one given on the command line, or an empty 64 GiB one made with qemu-img)."""
import os
import subprocess
import sys
import tempfile


def setup():
    """Returns (repository root, the wsltune binary, a work folder, the VHDX path)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=root, check=True)
    wsltune = os.path.join(root, "target", "release", "wsltune")
    work = tempfile.mkdtemp()
    vhdx = sys.argv[1] if len(sys.argv) > 1 else None
    if vhdx is None:
        vhdx = os.path.join(work, "disk.vhdx")
        subprocess.run(["qemu-img", "create", "-q", "-f", "vhdx", "-o", "block_size=1M", vhdx, "64G"], check=True)
    return root, wsltune, work, vhdx
