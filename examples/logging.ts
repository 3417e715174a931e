// Logging: send the SDK's log lines to your logger. Keys are always redacted.
//   CLIPIA_API_KEY=clipia_test_… CLIPIA_BASE_URL=http://127.0.0.1:4010 npx tsx logging.ts
import Clipia, { type Logger } from "@clipia/sdk";

const lines: string[] = [];
const logger: Logger = {
  debug: (message, ...args) => lines.push(`debug ${message} ${JSON.stringify(args)}`),
  info: (message, ...args) => lines.push(`info ${message} ${JSON.stringify(args)}`),
  warn: (message, ...args) => lines.push(`warn ${message} ${JSON.stringify(args)}`),
  error: (message, ...args) => lines.push(`error ${message} ${JSON.stringify(args)}`),
};

const clipia = new Clipia({ logger, logLevel: "debug" }); // or CLIPIA_LOG=debug
await clipia.models.retrieve("nano-banana-2");
console.log(lines.join("\n"));
console.log(JSON.stringify(clipia)); // settings and the redacted key, never the key

const key = process.env.CLIPIA_API_KEY!;
if (lines.length === 0 || lines.some((line) => line.includes(key)) || JSON.stringify(clipia).includes(key)) {
  throw new Error("expected debug lines without the key");
}
console.log(`logging: ${lines.length} lines, key redacted`);
