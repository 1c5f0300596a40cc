"""Writes a JSON document of about 50 MB (orders) to the path given, for parse_stream.sh."""
import json
import random
import sys

random.seed(1)
with open(sys.argv[1], "w") as out:
    out.write('{"generated": "2026-01-01", "orders": [')
    size, i = 0, 0
    while size < 50 * 1024 * 1024:
        order = {
            "id": i,
            "customer": "customer-%d" % (i % 1000),
            "items": [
                {"sku": "SKU-%05d" % random.randint(0, 99999), "qty": random.randint(1, 9),
                 "price": round(random.random() * 100, 2)}
                for _ in range(3)
            ],
            "note": "x" * 40,
        }
        text = json.dumps(order)
        out.write((", " if i else "") + text)
        size += len(text) + 2
        i += 1
    out.write('], "count": %d}' % i)
