// Raw calls and middleware: `clipia.raw` is the SDK's openapi-fetch client, with the SDK's own
// transport (auth header, retries, timeouts, error classes) underneath.
//   CLIPIA_API_KEY=clipia_test_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx raw-and-middleware.ts
import Clipia from "@clipia/sdk";

const clipia = new Clipia();

// Every attempt of every call, retries included, passes through middleware registered on `raw`.
clipia.raw.use({
  onRequest: ({ request }) => {
    console.log("->", request.method, new URL(request.url).pathname, request.headers.get("idempotency-key") ?? "");
  },
  onResponse: ({ response }) => {
    console.log("<-", response.status, response.headers.get("ratelimit-remaining"));
  },
});

// Typed calls to any path of the contract, over the same transport (auth, retries, errors).
const { data: key } = await clipia.raw.GET("/v1/key");
console.log(key?.data.label, key?.data.rate_limit);

// Resource calls go through the same middleware.
let seen = 0;
clipia.raw.use({ onRequest: () => void seen++ });
await clipia.queue.submit("nano-banana-2", { input: { prompt: "a lighthouse" } });
if (!key?.data.rate_limit || seen !== 1)
  throw new Error(`expected the key and one submit through the middleware, saw ${seen}`);
console.log(`raw and middleware: GET /v1/key typed, ${seen} submit seen by the middleware`);
