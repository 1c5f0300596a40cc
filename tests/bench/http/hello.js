// Issue 7's HTTP benchmark peer: Node's plain `http` module. `node hello.js PORT`.
const http = require("http");
const port = Number(process.argv[2] || 9090);
const body = JSON.stringify({ message: "Hello, World!" });
http
  .createServer((req, res) => {
    if (req.method === "GET" && req.url === "/hello") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    } else {
      res.writeHead(404);
      res.end();
    }
  })
  .listen(port, "127.0.0.1");
