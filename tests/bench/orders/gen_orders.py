"""Issue 8's benchmark input: a deterministic JSON document of orders, about 10 MB.

    python3 tests/bench/orders/gen_orders.py OUT.json [ORDERS]

{"orders": [{"id", "placed", "status", "customer": {"id", "name", "email"},
 "shipping": {address}, "billing": {address}, "lines": [{"sku", "name", "qty", "price"}]}]}
Prices have two decimals; a fixed seed makes every run write the same bytes.
"""
import json
import random
import sys

FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Katherine",
         "Ken", "Margaret", "Niklaus", "Radia", "Tim", "Shafi", "Leslie", "Hedy", "Dennis"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus",
        "Johnson", "Thompson", "Hamilton", "Wirth", "Perlman", "Berners-Lee", "Goldwasser",
        "Lamport", "Lamarr", "Ritchie", "O'Neil", "Müller"]
STREETS = ["High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue",
           "Rue de la Paix", "Hauptstraße", "Via Roma", "Calle Mayor", "King's Parade"]
CITIES = [("London", "GB"), ("Manchester", "GB"), ("Paris", "FR"), ("Lyon", "FR"),
          ("Berlin", "DE"), ("München", "DE"), ("Roma", "IT"), ("Madrid", "ES"),
          ("Amsterdam", "NL"), ("Dublin", "IE"), ("Colombo", "LK"), ("Boston", "US")]
PRODUCTS = ["Notebook, squared", "Fountain pen & ink", "Desk lamp", "Mechanical keyboard",
            "USB-C cable <2 m>", "Monitor stand", "Coffee beans, 1 kg", "Chess set",
            "Headphones", "Wool socks", "Backpack", "Water bottle", "Paperback novel",
            "Tea \"Earl Grey\"", "Stapler", "Plant pot", "Phone case", "Candle"]
STATUSES = ["placed", "paid", "packed", "shipped", "delivered"]


def address(rng):
    city, country = rng.choice(CITIES)
    return {"street": f"{rng.randint(1, 250)} {rng.choice(STREETS)}", "city": city,
            "postcode": f"{rng.randint(1000, 99999):05d}", "country": country}


def order(rng, n):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    ship = address(rng)
    lines = []
    for _ in range(rng.randint(1, 8)):
        p = rng.randrange(len(PRODUCTS))
        lines.append({"sku": f"SKU-{p:03d}-{rng.randint(0, 999):03d}", "name": PRODUCTS[p],
                      "qty": rng.randint(1, 5),
                      "price": round(rng.randint(99, 99999) / 100, 2)})
    return {
        "id": f"ORD-{n:07d}",
        "placed": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
                  f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z",
        "status": rng.choice(STATUSES),
        "customer": {"id": f"C-{rng.randint(1, 50000):05d}", "name": f"{first} {last}",
                     "email": f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.com"},
        "shipping": ship,
        "billing": ship if rng.random() < 0.7 else address(rng),
        "lines": lines,
    }


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 11000
    rng = random.Random(20261206)
    doc = {"orders": [order(rng, i + 1) for i in range(count)]}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)


main()
