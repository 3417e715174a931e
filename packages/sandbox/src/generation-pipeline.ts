import { findModel } from "./catalog.js";
import { toRfc3339 } from "./clock.js";
import { canonicalJson } from "./http.js";
import { sha256Hex } from "./sha256.js";
import type { SandboxState } from "./state.js";
import type { GenerationRecord, Store } from "./store.js";
import { deliverWebhook } from "./webhooks.js";

// The live pipeline on the sandbox clock: queued 2 s, in_progress 3 s + 1 s per second of video,
// then final. States are derived lazily: `settle` moves every generation whose time has come.
const QUEUED_MS = 2_000;
const BASE_RUN_MS = 3_000;
const SLOW_UNTIL_MS = 10 * 60_000;

const DIMENSIONS: Record<string, Record<string, [number, number]>> = {
  video: { "16:9": [1280, 720], "9:16": [720, 1280], "1:1": [720, 720] },
  image: { "16:9": [1344, 768], "9:16": [768, 1344], "1:1": [1024, 1024] },
};

const promptOf = (input: Record<string, unknown>) => (typeof input.prompt === "string" ? input.prompt : "");

/** Whether the input asks the sandbox to fail (`sandbox:fail` in the prompt). */
export const wantsFailure = (input: Record<string, unknown>) => promptOf(input).includes("sandbox:fail");

/** The deterministic sample output: a hash of the model and the canonical JSON of the input. */
export function sampleOutput(modelId: string, input: Record<string, unknown>): Record<string, unknown> {
  const hash = sha256Hex(`${modelId}\n${canonicalJson(input)}`);
  const isImage = findModel(modelId)?.type === "text-to-image";
  const aspect = typeof input.aspect_ratio === "string" ? input.aspect_ratio : "16:9";
  const [width, height] = DIMENSIONS[isImage ? "image" : "video"]?.[aspect] ?? [1280, 720];
  return {
    url: `https://cdn.clipia.ai/sandbox/${modelId}/${hash.slice(0, 32)}.${isImage ? "png" : "mp4"}`,
    content_type: isImage ? "image/png" : "video/mp4",
    width,
    height,
    duration_seconds: isImage ? null : typeof input.duration_seconds === "number" ? input.duration_seconds : 5,
    seed: typeof input.seed === "number" ? input.seed : parseInt(hash.slice(32, 40), 16) % 2147483648,
  };
}

/** When a live generation starts and ends, from its creation time and input. */
export function planTimes(createdAt: number, input: Record<string, unknown>): { start_at: number; end_at: number } {
  const start = createdAt + QUEUED_MS;
  if (promptOf(input).includes("sandbox:slow")) return { start_at: start, end_at: createdAt + SLOW_UNTIL_MS };
  const seconds = typeof input.duration_seconds === "number" ? input.duration_seconds : 0;
  return { start_at: start, end_at: start + BASE_RUN_MS + seconds * 1_000 };
}

/** Gives back the credits of a live generation to its account and key. */
export function refund(store: Store, generation: GenerationRecord): void {
  if (generation.cost_credits === 0) return;
  const account = store.accounts.get(generation.account_id);
  const key = store.keys.get(generation.key_id);
  if (account) account.balance_credits += generation.cost_credits;
  if (key) key.credits_used = Math.max(0, key.credits_used - generation.cost_credits);
  store.touch();
}

/** Sets a generation's final state at `at` and sends its webhook. */
export function finish(state: SandboxState, generation: GenerationRecord, outcome: "completed" | "failed" | "canceled", at: number): void {
  state.store.pending.delete(generation.id);
  generation.status = outcome;
  generation.completed_at = at;
  if (outcome === "completed") generation.output = sampleOutput(generation.model, generation.input);
  if (outcome === "failed") {
    generation.error = { code: "generation_failed", message: "The generation failed (sandbox:fail in the prompt)." };
    refund(state.store, generation);
  }
  state.store.touch();
  sendWebhook(state, generation);
}

function sendWebhook(state: SandboxState, generation: GenerationRecord): void {
  const account = state.store.accounts.get(generation.account_id);
  if (!generation.webhook_url || !account) return;
  const body = JSON.stringify(serializeGeneration(state.store, generation));
  // The signature time is real time, not sandbox time: receivers check it against their own clock
  // (replay protection), which an advanced sandbox clock would otherwise push out of tolerance.
  deliverWebhook(state.fetch, generation.webhook_url, body, account.webhook_secret, Math.floor(Date.now() / 1000));
}

/** Moves every live generation whose planned time has passed (and fires its webhook). */
export function settle(state: SandboxState, now: number): void {
  const store = state.store;
  // Runs on every request: skip the scan until the earliest pending start or end has come.
  if (now < store.nextEventAt) return;
  let next = Number.POSITIVE_INFINITY;
  for (const id of [...store.pending]) {
    const generation = store.generations.get(id);
    if (!generation || (generation.status !== "queued" && generation.status !== "in_progress")) {
      store.pending.delete(id);
      continue;
    }
    if (now >= generation.start_at && generation.status === "queued") {
      generation.status = "in_progress";
      generation.started_at = generation.start_at;
      store.touch();
    }
    if (now >= generation.end_at) finish(state, generation, generation.outcome, generation.end_at);
    else next = Math.min(next, generation.status === "queued" ? generation.start_at : generation.end_at);
  }
  store.nextEventAt = next;
}

/** The wire Generation. `queue_position` counts queued generations ahead in the same account and environment. */
export function serializeGeneration(store: Store, g: GenerationRecord): Record<string, unknown> {
  let queuePosition: number | null = null;
  if (g.status === "queued") {
    queuePosition = 1;
    for (const id of store.pending) {
      const other = store.generations.get(id);
      if (other && other.status === "queued" && other.seq < g.seq && other.account_id === g.account_id && other.environment === g.environment) {
        queuePosition++;
      }
    }
  }
  return {
    id: g.id,
    object: "generation",
    model: g.model,
    environment: g.environment,
    status: g.status,
    input: g.input,
    output: g.output,
    error: g.error,
    queue_position: queuePosition,
    cost_credits: g.cost_credits,
    created_at: toRfc3339(g.created_at),
    started_at: g.started_at === null ? null : toRfc3339(g.started_at),
    completed_at: g.completed_at === null ? null : toRfc3339(g.completed_at),
    metadata: g.metadata,
  };
}
