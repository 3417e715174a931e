// Baseline: a bare node:http server answering pre-recorded bytes, no routing beyond a Map lookup.
// argv[2]: JSON file of [{method, path, status, headers, body}] recorded from the sandbox.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const recorded = JSON.parse(readFileSync(process.argv[2], "utf8"));
const answers = new Map(recorded.map((r) => [`${r.method} ${r.path}`, r]));

const server = createServer((req, res) => {
  const answer = answers.get(`${req.method} ${req.url}`);
  // Read the body like the sandbox has to, so both servers do the same I/O.
  req.on("data", () => {});
  req.on("end", () => {
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
