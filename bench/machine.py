"""The machine a benchmark ran on, as its tables name it: CPU model, cores, and what CTranslate2
reports of the CPU (the instruction sets it sees, the one it selected, its GEMM backend).

    python bench/machine.py     # prints the JSON object the benchmarks embed
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys

# CTranslate2 logs what it found of the CPU when it starts with CT2_VERBOSE=1; a translator on
# a path that holds no model starts it and fails at once.
_PROBE = "import ctranslate2\ntry:\n    ctranslate2.Translator('/nonexistent')\nexcept Exception:\n    pass\n"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe() -> dict:
    """The machine, for a benchmark's JSON and its docs table."""
    info = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }
    try:
        import ctranslate2

        info["ctranslate2"] = ctranslate2.__version__
        info["compute_types"] = sorted(ctranslate2.get_supported_compute_types("cpu"))
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE],
            env={**os.environ, "CT2_VERBOSE": "1"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        log = probe.stderr + probe.stdout
        found = re.search(r"CPU: (.*)", log)
        selected = re.search(r"Selected ISA: (\S+)", log)
        backend = re.search(r"SGEMM backend: ([^\n]+)", log)
        info["ct2_cpu"] = found.group(1).strip() if found else None
        info["ct2_isa"] = selected.group(1) if selected else None
        info["ct2_sgemm"] = backend.group(1).strip() if backend else None
    except ImportError:
        pass
    return info


def line(info: dict) -> str:
    """One line for a docs table: "AMD EPYC, 2 cores, AVX2 selected (SSE4.1, AVX, AVX2, AVX512)"."""
    text = f"{info['cpu']}, {info['cores']} cores"
    if info.get("ct2_isa"):
        text += f", CTranslate2 {info['ctranslate2']} on {info['ct2_isa']}"
        if info.get("ct2_cpu"):
            text += f" (CPU: {info['ct2_cpu']})"
    return text


if __name__ == "__main__":
    details = describe()
    print(line(details))
    print(json.dumps(details))
