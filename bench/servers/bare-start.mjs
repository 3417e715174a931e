// Baseline for start-to-ready: the least a Node process can do to listen and say so.
import { createServer } from "node:http";

const server = createServer((_req, res) => res.end());
server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }));
  server.close();
});
