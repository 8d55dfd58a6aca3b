"""``make bench``: runs every bench/bench_*.py module's ``run()`` and writes bench/RESULTS.md.

Each module's ``run()`` returns a Markdown section. Machines here are noisy, so every section reports
ratios against a peer or baseline measured in the same run.
"""

from __future__ import annotations

import importlib.util
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    only = set(argv)
    sections = []
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        print(f"== bench {name}", flush=True)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        started = time.perf_counter()
        try:
            spec.loader.exec_module(module)
            sections.append(module.run())
        except Exception:  # one broken benchmark must not hide the others' figures
            failed += 1
            sections.append(f"## {name}\n\nFAILED:\n\n```\n{traceback.format_exc()}\n```\n")
        print(f"   {time.perf_counter() - started:.1f} s", flush=True)
    header = (
        "# Benchmark results\n\n"
        f"Written by `make bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{__import__('os').cpu_count()} cores.\n\n"
    )
    out = HERE / ("RESULTS.md" if not only else "RESULTS.partial.md")
    out.write_text(header + "\n".join(sections), encoding="utf-8")
    print(f"wrote {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent / "src"))
    raise SystemExit(main(sys.argv[1:]))
