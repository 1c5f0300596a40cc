"""Issue 8's benchmark in Python 3.11: read the orders document, total each order and all of
them, build an XML document with ElementTree and write it.

    python3.11 tests/bench/orders/orders.py IN.json OUT.xml
Prints `orders N lines N quantity N total T` (T with two decimals).
"""
import json
import sys
import xml.etree.ElementTree as ET


def address(parent, name, a):
    e = ET.SubElement(parent, name)
    for k in ("street", "city", "postcode", "country"):
        ET.SubElement(e, k).text = a[k]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        orders = json.load(f)["orders"]
    root = ET.Element("orders")
    grand = 0.0
    lines = quantity = 0
    for o in orders:
        total = 0.0
        e = ET.SubElement(root, "order", id=o["id"], placed=o["placed"], status=o["status"])
        c = o["customer"]
        ce = ET.SubElement(e, "customer", id=c["id"])
        ET.SubElement(ce, "name").text = c["name"]
        ET.SubElement(ce, "email").text = c["email"]
        address(e, "shipping", o["shipping"])
        address(e, "billing", o["billing"])
        le = ET.SubElement(e, "lines")
        for line in o["lines"]:
            amount = line["price"] * line["qty"]
            total += amount
            lines += 1
            quantity += line["qty"]
            x = ET.SubElement(le, "line", sku=line["sku"], qty=str(line["qty"]))
            ET.SubElement(x, "name").text = line["name"]
            ET.SubElement(x, "price").text = str(line["price"])
            ET.SubElement(x, "amount").text = f"{amount:.2f}"
        ET.SubElement(e, "total").text = f"{total:.2f}"
        grand += total
    root.set("count", str(len(orders)))
    ET.SubElement(root, "total").text = f"{grand:.2f}"
    ET.ElementTree(root).write(sys.argv[2], encoding="utf-8")
    print(f"orders {len(orders)} lines {lines} quantity {quantity} total {grand:.2f}")


main()
