// Issue 8's benchmark in Node: read the orders document (JSON.parse), total each order and all
// of them, build the XML document by string building with escaping (no npm packages) and
// write it. `node tests/bench/orders/orders.js IN.json OUT.xml`.
// Prints `orders N lines N quantity N total T` (T with two decimals).
const fs = require("fs");

const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ESC[c]);
const leaf = (name, text) => `<${name}>${esc(text)}</${name}>`;
const address = (name, a) =>
  `<${name}>${leaf("street", a.street)}${leaf("city", a.city)}${leaf("postcode", a.postcode)}${leaf("country", a.country)}</${name}>`;

const orders = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).orders;
const parts = [];
let grand = 0;
let lines = 0;
let quantity = 0;
for (const o of orders) {
  let total = 0;
  let ls = "";
  for (const l of o.lines) {
    const amount = l.price * l.qty;
    total += amount;
    lines += 1;
    quantity += l.qty;
    ls += `<line sku="${esc(l.sku)}" qty="${l.qty}">${leaf("name", l.name)}${leaf("price", l.price)}${leaf("amount", amount.toFixed(2))}</line>`;
  }
  grand += total;
  const c = o.customer;
  parts.push(
    `<order id="${esc(o.id)}" placed="${esc(o.placed)}" status="${esc(o.status)}"><customer id="${esc(c.id)}">${leaf("name", c.name)}${leaf("email", c.email)}</customer>${address("shipping", o.shipping)}${address("billing", o.billing)}<lines>${ls}</lines>${leaf("total", total.toFixed(2))}</order>`,
  );
}
const xml = `<orders count="${orders.length}">${parts.join("")}${leaf("total", grand.toFixed(2))}</orders>`;
fs.writeFileSync(process.argv[3], xml);
console.log(`orders ${orders.length} lines ${lines} quantity ${quantity} total ${grand.toFixed(2)}`);
