"""bench/RESULTS.md, where every figure and its method live. Each benchmark owns a section
between <!-- NAME:start --> and <!-- NAME:end --> and rewrites only that."""
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(name, text):
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{start}\n{text}\n{end}"
    if start in current and end in current:
        current = current[:current.index(start)] + block + current[current.index(end) + len(end):]
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")


def report(name, text, write):
    """Print a benchmark's text and, with --write, put it into its section."""
    print(text)
    if write:
        write_section(name, text)
