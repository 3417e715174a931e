// Key management with an admin key: create a key, restrict it, roll it, revoke it.
//   CLIPIA_ADMIN_KEY=clipia_admin_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx key-management.ts
import Clipia, { AuthenticationError, InsufficientCreditsError, ModelNotAllowedError } from "@clipia/sdk";

const admin = new Clipia({ apiKey: process.env.CLIPIA_ADMIN_KEY });
const baseUrl = admin.baseUrl;

// Create: the secret is in this response only; store it now.
const key = await admin.keys.create({ name: "ci", environment: "test", scopes: ["generate", "read"] });
console.log(`created ${key.id} (${key.redacted_value}), status ${key.status}`);

// Restrict: one model, a credit ceiling, and an expiry date.
const restricted = await admin.keys.update(key.id, {
  model_access: { mode: "include", models: ["clipia-image-1"] },
  credit_limit: 500,
  expires_at: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
});
console.log(`restricted to ${JSON.stringify(restricted.model_access)}, limit ${restricted.credit_limit}`);

const ci = new Clipia({ apiKey: key.secret, baseUrl });
await ci.generations.create("clipia-image-1", { input: { prompt: "a lighthouse" } });
try {
  await ci.generations.create("clipia-video-1", { input: { prompt: "a lighthouse" } });
  throw new Error("expected ModelNotAllowedError");
} catch (error) {
  if (!(error instanceof ModelNotAllowedError)) throw error;
  console.log(`clipia-video-1 is refused: ${error.code}`);
}

// Roll: a new secret with the same settings; the old one keeps working for an hour.
const rolled = await admin.keys.roll(key.id, { expire_current_in_seconds: 3600 });
console.log(`rolled into ${rolled.id} (rolled_from ${rolled.rolled_from})`);
await new Clipia({ apiKey: rolled.secret, baseUrl }).account.retrieve();
await ci.account.retrieve(); // still valid during the grace period

// Revoke: immediate and permanent.
const revoked = await admin.keys.revoke(key.id);
console.log(`revoked ${revoked.id}: ${revoked.status}`);
try {
  await ci.account.retrieve();
  throw new Error("expected AuthenticationError");
} catch (error) {
  if (!(error instanceof AuthenticationError)) throw error;
  console.log(`the revoked key gets 401: ${error.message}`);
}

// A live key with a credit limit can never overspend it.
const capped = await admin.keys.create({ name: "capped", environment: "live", credit_limit: 20 });
const live = new Clipia({ apiKey: capped.secret, baseUrl });
await live.generations.create("clipia-video-1-fast", { input: { prompt: "waves", duration_seconds: 5 } }); // 20 credits
try {
  await live.generations.create("clipia-image-1", { input: { prompt: "waves" } }); // 2 more
  throw new Error("expected InsufficientCreditsError");
} catch (error) {
  if (!(error instanceof InsufficientCreditsError)) throw error;
  console.log(`over the limit: ${error.code}`);
}

// List the account's keys (revoked ones included), across pages.
let count = 0;
for await (const k of admin.keys.list({ limit: 2 })) {
  console.log(`  ${k.id} ${k.name.padEnd(16)} ${k.environment.padEnd(4)} ${k.status}`);
  count++;
}
if (count < 3) throw new Error(`expected at least 3 keys, listed ${count}`);
console.log(`key management: ${count} keys listed`);
