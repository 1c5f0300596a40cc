// Issue 7's JSON→XML peer: Node's `http` module; POST /transform parses the JSON order and
// answers the XML document transform.int builds, by string building with escaping (no npm
// packages). GET /hello answers too, for the benchmark script's readiness check.
// `node transform.js PORT`.
const http = require("http");
const port = Number(process.argv[2] || 9092);

const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const leaf = (name, text) => `<${name}>${esc(text)}</${name}>`;
const address = (name, a) =>
  `<${name}>${leaf("street", a.street)}${leaf("city", a.city)}${leaf("postcode", a.postcode)}${leaf("country", a.country)}</${name}>`;

function orderXml(o) {
  let total = 0;
  let items = "";
  for (const i of o.items) {
    const amount = i.price * i.quantity;
    total += amount;
    items += `<item sku="${esc(i.sku)}" quantity="${i.quantity}">${leaf("name", i.name)}${leaf("price", i.price)}${leaf("amount", amount.toFixed(2))}</item>`;
  }
  const c = o.customer;
  return `<order id="${esc(o.id)}" placed="${esc(o.placed)}"><customer id="${esc(c.id)}">${leaf("name", c.name)}${leaf("email", c.email)}${leaf("phone", c.phone)}</customer>${address("shipping", o.shipping)}${address("billing", o.billing)}<items>${items}</items>${leaf("total", total.toFixed(2))}${leaf("notes", o.notes)}</order>`;
}

http
  .createServer((req, res) => {
    if (req.method === "GET" && req.url === "/hello") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"message":"Hello, World!"}');
    } else if (req.method === "POST" && req.url === "/transform") {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        let xml;
        try {
          xml = orderXml(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (e) {
          res.writeHead(400, { "content-type": "text/plain" });
          res.end(String(e));
          return;
        }
        res.writeHead(201, { "content-type": "application/xml" });
        res.end(xml);
      });
    } else {
      res.writeHead(404);
      res.end();
    }
  })
  .listen(port, "127.0.0.1");
