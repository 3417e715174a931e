// `clipia-sandbox verify`: argument parsing, the live-key guard, and the output.
import { parseArgs } from "node:util";
import { isLoopbackHostname } from "../../engine/loopback.js";
import { assertSupportedDocument, loadOpenApi, type OpenApiDocument } from "./openapi.js";
import { parseArgsMessage, usageLine } from "../usage-message.js";
import { CHAT_PROBE_MODEL, PROBES } from "./probes.js";
import { formatJson, formatTable, redactSecrets } from "./report.js";
import { runVerify, type VerifyOptions } from "./run-verify.js";

const VERIFY_USAGE = `Usage: clipia-sandbox verify [--base-url URL] [--json] [--allow-live] [--read-only-key KEY]

Sends a short probe suite (${PROBES.length} requests at most; nothing charged on a test key) to a Clipia API
service and to a local in-process sandbox, checks every answer against openapi.yaml, compares them
field by field, and exits 1 if they differ.

The key comes from CLIPIA_API_KEY and must be a test key (clipia_test_…).

Options:
  --base-url URL       the service to check (default: CLIPIA_BASE_URL, then https://api.clipia.ai)
  --read-only-key KEY  a key with only the "read" scope, for the scope probe (or CLIPIA_READ_ONLY_KEY)
  --allow-live         accept a live key (charged: its submit reserves and charges credits, its two
                       chat probes a few ${CHAT_PROBE_MODEL} tokens)
  --json               print the report as JSON (for CI)
  --help               show this help

Exit codes: 0 all probes agree, 1 a difference, 2 a usage error or a refused key.
`;

/** What the command reads and writes (the CLI passes the process's; tests pass their own). */
interface VerifyIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Default: dist/openapi.json beside the CLI. */
  openapi?: OpenApiDocument;
  fetch?: VerifyOptions["fetch"];
  /** Where dist/openapi.json is looked for (a file URL in dist/). */
  moduleUrl?: string;
}

const KEY = /^clipia_(live|test)_[A-Za-z0-9_-]{1,128}$/;

/** Runs `clipia-sandbox verify` with `argv` (the arguments after `verify`); resolves the exit code. */
export async function verifyCommand(argv: string[], io: VerifyIo): Promise<number> {
  // Exit 2 (a usage error or a refused key), in the one shape of the CLIs' usage errors.
  const fail = (message: string) => {
    io.stderr(usageLine(message, "verify"));
    return 2;
  };
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by its one assignment, from parseArgs and its options
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        "base-url": { type: "string" },
        "read-only-key": { type: "string" },
        "allow-live": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return fail(parseArgsMessage(error));
  }
  if (values.help) {
    io.stdout(VERIFY_USAGE);
    return 0;
  }
  const apiKey = io.env.CLIPIA_API_KEY?.trim() ?? "";
  const readOnlyKey = (values["read-only-key"] ?? io.env.CLIPIA_READ_ONLY_KEY)?.trim() || undefined;
  const secrets = [apiKey, readOnlyKey];
  const guard = (message: string) => fail(redactSecrets(message, secrets));
  if (apiKey === "") return fail("set CLIPIA_API_KEY to a test key (clipia_test_…)");
  if (!KEY.test(apiKey)) return guard("CLIPIA_API_KEY is not a Clipia key (clipia_test_… or clipia_live_…)");
  if (apiKey.startsWith("clipia_live_") && !values["allow-live"]) {
    return guard(
      "CLIPIA_API_KEY is a live key: refused. Use a test key (clipia_test_…), which costs nothing, or pass --allow-live to accept that the submit and chat probes are charged.",
    );
  }
  if (readOnlyKey !== undefined && !KEY.test(readOnlyKey)) return guard("the read-only key is not a Clipia key");

  const rawBase = values["base-url"] ?? io.env.CLIPIA_BASE_URL ?? "https://api.clipia.ai";
  let base: URL;
  try {
    base = new URL(rawBase);
  } catch {
    return fail(`--base-url is not a URL (got '${rawBase}')`);
  }
  if (base.protocol !== "https:" && !(base.protocol === "http:" && isLoopbackHostname(base.hostname))) {
    return fail("--base-url must be https (or http on a loopback host): the key must never travel in clear");
  }

  let openapi: OpenApiDocument;
  try {
    openapi = io.openapi ?? loadOpenApi(io.moduleUrl ?? import.meta.url);
  } catch (error) {
    io.stderr(`clipia-sandbox: cannot read the packaged openapi.json: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    assertSupportedDocument(openapi);
  } catch (error) {
    io.stderr(`clipia-sandbox: cannot check answers against openapi.json: ${(error as Error).message}\n`);
    return 1;
  }
  const report = await runVerify({
    baseUrl: base.href,
    apiKey,
    openapi,
    ...(readOnlyKey === undefined ? {} : { readOnlyKey }),
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
  });
  io.stdout(redactSecrets(values.json ? formatJson(report) : formatTable(report), secrets));
  return report.ok ? 0 : 1;
}
