// Keys, the way the developer console manages them. The real API has no key-management endpoint:
// keys are created and revoked in the console. The sandbox's console does the same through its
// control plane (/_sandbox/*), so a test can mint a key with settings and revoke it.
//   CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx sandbox-keys.ts
import Clipia, { AuthenticationError, InsufficientCreditsError } from "@clipia/sdk";
import { connectSandbox } from "@clipia/sandbox";

const baseUrl = process.env.CLIPIA_BASE_URL ?? "http://127.0.0.1:4010";
const sandbox = connectSandbox(baseUrl);
const { account } = await sandbox.createAccount({ balance_credits: 200 });

// Create: the secret is in this answer only (the console shows it once).
const created = await sandbox.createKey(account.account_id, {
  name: "ci",
  environment: "live",
  scopes: ["generate", "read"],
  credit_limit: 10,
});
console.log(`created ${created.id} (${created.redacted_value}), status ${created.status}`);

// The key describes itself through the public API (GET /v1/key).
const ci = new Clipia({ apiKey: created.secret, baseUrl });
const info = await ci.key.retrieve();
console.log(
  `GET /v1/key: label ${info.label}, limit ${info.limit}, ${info.rate_limit.requests} requests per ${info.rate_limit.interval}`,
);

// The credit budget: 8 credits fit, 8 more do not.
await ci.queue.submit("nano-banana-2", { input: { prompt: "a lighthouse", num_images: 2 } });
try {
  await ci.queue.submit("nano-banana-2", { input: { prompt: "a lighthouse", num_images: 2 } });
  throw new Error("expected InsufficientCreditsError");
} catch (error) {
  if (!(error instanceof InsufficientCreditsError)) throw error;
  console.log(`over the key's budget: ${error.code}`);
}

// Revoke: immediate and permanent.
const revoked = await sandbox.revokeKey(created.id);
console.log(`revoked ${revoked.id}: ${revoked.status}`);
try {
  await ci.account.retrieve();
  throw new Error("expected AuthenticationError");
} catch (error) {
  if (!(error instanceof AuthenticationError)) throw error;
  console.log(`the revoked key gets 401: ${error.code}`);
}

const listed = await sandbox.listKeys(account.account_id);
for (const key of listed) console.log(`  ${key.id} ${key.name.padEnd(16)} ${key.environment.padEnd(4)} ${key.status}`);
if (!listed.some((key) => key.id === created.id && key.status === "revoked"))
  throw new Error("expected the revoked key in the list");
console.log(`sandbox keys: ${listed.length} keys listed, ${created.id} revoked`);
