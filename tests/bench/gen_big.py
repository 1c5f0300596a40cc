#!/usr/bin/env python3
"""Writes big.int and big.py: the same ~50,000-line program in intc and Python, for compile-time benchmarks."""
import sys

def main():
    lines_target = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "."
    intc = ["import std/io;", "", "type Point record {|", "    int x;", "    int y;", "|};", ""]
    py = ["import dataclasses", "", "@dataclasses.dataclass", "class Point:", "    x: int", "    y: int", ""]
    n = 0
    while len(intc) < lines_target - 12:
        intc += [
            f"function f{n}(int a, string s) returns int {{",
            f"    int total = a * {n % 97 + 1};",
            f"    Point p = {{x: a, y: {n}}};",
            "    foreach int i in 0 ..< 3 {",
            "        total += i + p.x;",
            "    }",
            f"    if s.length() > {n % 13} {{",
            "        total -= p.y;",
            "    }",
            "    return total;",
            "}",
            "",
        ]
        py += [
            f"def f{n}(a: int, s: str) -> int:",
            f"    total = a * {n % 97 + 1}",
            f"    p = Point(x=a, y={n})",
            "    for i in range(0, 3):",
            "        total += i + p.x",
            f"    if len(s) > {n % 13}:",
            "        total -= p.y",
            "    return total",
            "",
            "",
            "",
            "",
        ]
        n += 1
    intc += ["public function main() {", f"    io:println(f{n - 1}(1, \"abc\"));", "}"]
    py += ["def main():", f"    print(f{n - 1}(1, \"abc\"))", "main()"]
    with open(f"{out_dir}/big.int", "w") as f:
        f.write("\n".join(intc) + "\n")
    with open(f"{out_dir}/big.py", "w") as f:
        f.write("\n".join(py) + "\n")

main()
