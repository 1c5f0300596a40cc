#!/usr/bin/env python3
"""Writes a 20-module intc project of about 5,000 lines for the editor latency benchmark.

Usage: gen_project.py OUT_DIR [LINES]

The project `demo/bench` has a root module (main.int, service.int) and 19 modules
`modules/m00` .. `modules/m18`, each of two files (types.int: records, a finite type and a
class; logic.int: functions). Every module imports the one before it and the one four before
it and calls their functions, so a change in one module's signatures reaches others. Bodies
are ordinary integration code: loops over records, maps, string templates, `match`, `check`
and error values, closures and queries. The program checks without errors.

The benchmark edits `modules/m09/logic.int` at the line holding `int bonus = 7;` (a literal
inside a function body), hovers `subtotal` and completes after `order.` in that function.
"""
import os
import sys

MODULES = 19


def types_file(k):
    return f"""# An order line of module m{k:02d}.
public type Line record {{|
    string sku;
    int qty;
    decimal price;
    string? note = ();
|}};

# An order as the service receives it.
public type Order record {{|
    int id;
    string customer;
    Line[] lines;
    map<string> tags = {{}};
    Status status = "open";
|}};

# Where an order is in its life.
public type Status "open"|"paid"|"shipped"|"cancelled";

# A problem with an order.
public type OrderError distinct error<record {{| int id; |}}>;

# Totals kept while orders are processed.
public class Ledger {{
    private int total = 0;
    private string[] entries = [];
    private map<int> perCustomer = {{}};

    public function init(int seed) {{
        self.total = seed;
    }}

    # Adds an amount for a customer and returns the new total.
    public function add(string customer, int amount) returns int {{
        self.total += amount;
        self.entries.push(string `${{customer}}=${{amount}}`);
        int previous = self.perCustomer[customer] ?: 0;
        self.perCustomer[customer] = previous + amount;
        return self.total;
    }}

    public function totalFor(string customer) returns int {{
        return self.perCustomer[customer] ?: 0;
    }}

    public function history() returns string[] {{
        return self.entries.clone();
    }}

    public function size() returns int {{
        return self.entries.length();
    }}
}}

# Makes an order of `count` lines.
public function sampleOrder(int id, string customer, int count) returns Order {{
    Line[] lines = [];
    foreach int i in 0 ..< count {{
        lines.push({{sku: string `SKU-{k}-${{i}}`, qty: i + 1, price: 2.5d * <decimal>(i + 1)}});
    }}
    return {{id, customer, lines, tags: {{source: "m{k:02d}"}}}};
}}
"""


def logic_file(k, functions):
    imports = []
    calls = []
    if k > 0:
        imports.append(f"import bench.m{k - 1:02d};")
        calls.append(f"m{k - 1:02d}")
    if k >= 4:
        imports.append(f"import bench.m{k - 4:02d};")
        calls.append(f"m{k - 4:02d}")
    out = []
    if imports:
        out += imports + [""]
    out += [
        "# The amount of one line, with the bulk discount.",
        "public function lineTotal(Line line) returns decimal {",
        "    decimal amount = <decimal>line.qty * line.price;",
        "    if line.qty > 10 {",
        "        amount = amount * 0.9d;",
        "    }",
        "    return amount;",
        "}",
        "",
        "# Whether an order may still change.",
        "public function isOpen(Order order) returns boolean {",
        "    match order.status {",
        '        "open" => {',
        "            return true;",
        "        }",
        '        "paid"|"shipped" => {',
        "            return false;",
        "        }",
        "    }",
        "    return false;",
        "}",
        "",
        "# Checks an order before it is totalled.",
        "public function validate(Order order) returns Order|OrderError {",
        "    if order.lines.length() == 0 {",
        '        return error OrderError("empty order", id = order.id);',
        "    }",
        "    foreach Line line in order.lines {",
        "        if line.qty <= 0 {",
        '            return error OrderError(string `bad quantity for ${line.sku}`, id = order.id);',
        "        }",
        "    }",
        "    return order;",
        "}",
        "",
    ]
    for j in range(functions):
        callee = calls[j % len(calls)] if calls else None
        cross = (
            f"        subtotal += {callee}:lineTotal({{sku: line.sku, qty: line.qty, price: line.price}});"
            if callee
            else "        subtotal += lineTotal(line);"
        )
        bonus = "    int bonus = 7;" if (k == 9 and j == functions // 2) else f"    int bonus = {j % 5};"
        out += [
            f"# Summary {j} of an order: its customer, line count and total.",
            f"public function summary{j}(Order order, Ledger ledger) returns string|error {{",
            "    Order checked = check validate(order);",
            "    decimal subtotal = 0;",
            "    foreach Line line in checked.lines {",
            cross,
            "    }",
            bonus,
            "    int count = checked.lines.length() + bonus;",
            "    string label = checked.customer.toUpperAscii();",
            f"    if subtotal > {10 * (j + 1)} {{",
            '        label = label + "*";',
            "    }",
            "    int total = ledger.add(checked.customer, count);",
            "    string[] skus = from Line line in checked.lines",
            f"        where line.qty > {j % 3}",
            "        select line.sku;",
            '    string tag = checked.tags["source"] ?: "none";',
            "    return string `${label}:${count}:${subtotal}:${total}:${skus.length()}:${tag}`;",
            "}",
            "",
            f"function score{j}(int[] values, int factor) returns int {{",
            "    int best = 0;",
            "    foreach int v in values {",
            f"        int candidate = v * factor + {j};",
            "        if candidate > best {",
            "            best = candidate;",
            "        }",
            "    }",
            "    var scale = function(int x) returns int => x * factor;",
            "    return scale(best);",
            "}",
            "",
        ]
    out += [
        "# Processes a batch of orders and reports the totals.",
        "public function process(Order[] orders) returns map<int>|error {",
        "    Ledger ledger = new (0);",
        "    map<int> totals = {};",
        "    foreach Order order in orders {",
        "        string summary = check summary0(order, ledger);",
        "        totals[order.customer] = summary.length();",
    ]
    if calls:
        out += [f"        _ = check {calls[0]}:process([{calls[0]}:sampleOrder(order.id, order.customer, 2)]);"]
    out += [
        "    }",
        f"    totals[\"score\"] = score0([1, 2, 3], {k + 1});",
        "    return totals;",
        "}",
        "",
    ]
    return "\n".join(out)


def main_file():
    out = ["import ballerina/io;"]
    out += [f"import bench.m{k:02d};" for k in range(MODULES)]
    out += ["", "public function main() returns error? {"]
    for k in range(MODULES):
        out += [
            f"    m{k:02d}:Order order{k} = m{k:02d}:sampleOrder({k}, \"c{k}\", 3);",
            f"    map<int> totals{k} = check m{k:02d}:process([order{k}]);",
            f"    io:println(\"m{k:02d} \", totals{k}.length());",
        ]
    out += ["}", ""]
    return "\n".join(out)


def service_file():
    out = ["import ballerina/http;", "import bench.m18;", "import bench.m17;", ""]
    out += ["service /orders on new http:Listener(9090) {"]
    out += [
        "    resource function get [int id]() returns string|error {",
        "        m18:Order order = m18:sampleOrder(id, \"web\", 2);",
        "        map<int> totals = check m18:process([order]);",
        "        return totals.toString();",
        "    }",
        "",
        "    resource function post .(@http:Payload m17:Order order) returns int|error {",
        "        map<int> totals = check m17:process([order]);",
        "        return totals.length();",
        "    }",
        "}",
        "",
    ]
    return "\n".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def generate(out_dir, functions):
    files = {
        "Int.toml": '[package]\norg = "demo"\nname = "bench"\nversion = "0.1.0"\n',
        "main.int": main_file(),
        "service.int": service_file(),
    }
    for k in range(MODULES):
        files[f"modules/m{k:02d}/types.int"] = types_file(k)
        files[f"modules/m{k:02d}/logic.int"] = logic_file(k, functions)
    for name, text in files.items():
        write(os.path.join(out_dir, name), text)
    return sum(text.count("\n") for name, text in files.items() if name.endswith(".int"))


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "bench_project"
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    functions = 1
    while generate(out_dir, functions) < target:
        functions += 1
    lines = generate(out_dir, functions)
    print(f"{out_dir}: {MODULES + 1} modules, {lines} lines")


if __name__ == "__main__":
    main()
