import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { extname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { APIUserAbortError, type ResultResponse } from "../index.js";
import { outputAssets } from "./assets.js";
import { CliError, EXIT } from "./exit-codes.js";

const EXTENSIONS: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/webp": ".webp",
  "image/gif": ".gif",
  "video/mp4": ".mp4",
  "video/webm": ".webm",
  "video/quicktime": ".mov",
  "audio/mpeg": ".mp3",
};

/** The URLs to save of a completed result: each asset's `original_url` when present, else its `url`. */
function outputUrls(result: ResultResponse): string[] {
  return outputAssets(result).flatMap(({ original_url, url }) => {
    const chosen = original_url || url;
    return chosen ? [chosen] : [];
  });
}

/**
 * Saves the outputs of a completed result in `dir` (created if needed) as `<request_id>.<ext>`,
 * or `<request_id>-<n>.<ext>` when there are several. Media URLs are public: the API key is never
 * sent with them. Each file is written under a temporary name and renamed once complete.
 */
export async function downloadOutputs(result: ResultResponse, dir: string, signal: AbortSignal): Promise<string[]> {
  const urls = outputUrls(result);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new CliError(
      EXIT.other,
      `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const files: string[] = [];
  for (const [index, url] of urls.entries()) {
    let response: Response;
    try {
      response = await fetch(url, { signal, redirect: "follow" });
    } catch (cause) {
      if (signal.aborted) throw new APIUserAbortError("Interrupted during a download.", { cause });
      throw new CliError(
        EXIT.server,
        `download failed: ${url}: ${(cause as Error).cause ?? (cause as Error).message}`,
        { cause },
      );
    }
    if (!response.ok || !response.body) {
      throw new CliError(EXIT.server, `download failed: ${response.status} ${url}`);
    }
    const type = response.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    const extension = extname(new URL(url).pathname) || EXTENSIONS[type] || "";
    const name = `${result.request_id}${urls.length > 1 ? `-${index + 1}` : ""}${extension}`;
    const file = join(dir, name);
    const partial = join(dir, `.${name}.part`);
    try {
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream), createWriteStream(partial));
      await rename(partial, file);
    } catch (cause) {
      await rm(partial, { force: true });
      if (signal.aborted) throw new APIUserAbortError("Interrupted during a download.", { cause });
      const code = (cause as NodeJS.ErrnoException).code;
      // A local write failing is exit 1; the connection dropping mid-body is exit 9.
      if (code?.startsWith("E") && code !== "ECONNRESET")
        throw new CliError(EXIT.other, `cannot write ${file}: ${code}`, { cause });
      throw new CliError(EXIT.server, `download failed: ${url}: ${(cause as Error).message}`, { cause });
    }
    files.push(file);
  }
  return files;
}
