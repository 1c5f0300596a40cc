// Issue 7's pass-through proxy peer: Node forwarding GET /hello to a backend with a
// keep-alive agent. `node proxy.js PORT BACKEND_PORT`.
const http = require("http");
const port = Number(process.argv[2]);
const backendPort = Number(process.argv[3]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
http
  .createServer((req, res) => {
    const up = http.get({ host: "127.0.0.1", port: backendPort, path: "/hello", agent }, (r) => {
      const chunks = [];
      r.on("data", (c) => chunks.push(c));
      r.on("end", () => {
        res.writeHead(r.statusCode, { "content-type": "application/json" });
        res.end(Buffer.concat(chunks));
      });
    });
    up.on("error", () => {
      res.writeHead(502);
      res.end();
    });
  })
  .listen(port, "127.0.0.1");
