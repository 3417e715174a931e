import { CONSOLE_PATH } from "../../http/paths.js";
import { CONSOLE_SCRIPT, CONSOLE_STYLE } from "./generated/assets.js";

// The built console as HTTP answers. Only the Node server (the node/ subpath) imports this
// module, so the in-process sandbox never carries the bundle.

/** An answer for a console path. */
interface ConsoleAsset {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// Everything is served from the sandbox itself (no CDN); nothing may frame the page (a page the
// developer visits cannot click "Revoke" through an invisible frame) or send its data elsewhere.
const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clipia sandbox console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${CONSOLE_PATH}/app.css">
<script src="${CONSOLE_PATH}/app.js" defer></script>
</head>
<body>
<noscript>The developer console needs JavaScript. Everything it does is also available through the control plane under /_sandbox/ (sandbox.openapi.yaml) and connectSandbox(url) from @clipia/sandbox.</noscript>
</body>
</html>
`;

const FILES: Record<string, [contentType: string, body: string]> = {
  [CONSOLE_PATH]: ["text/html; charset=utf-8", PAGE],
  [`${CONSOLE_PATH}/`]: ["text/html; charset=utf-8", PAGE],
  [`${CONSOLE_PATH}/app.js`]: ["text/javascript; charset=utf-8", CONSOLE_SCRIPT],
  [`${CONSOLE_PATH}/app.css`]: ["text/css; charset=utf-8", CONSOLE_STYLE],
};

/**
 * The console's answer for a GET or HEAD of one of its paths (`url` may carry a query), or
 * undefined for any other request. Like the control plane's reads, it carries no CORS header.
 */
export function consoleAsset(method: string, url: string): ConsoleAsset | undefined {
  // Asked of every request the server gets: most are no console path, known without a split.
  if ((method !== "GET" && method !== "HEAD") || !url.startsWith(CONSOLE_PATH)) return undefined;
  const path = url.split(/[?#]/, 1)[0] ?? "";
  const file = FILES[path];
  if (!file) return undefined;
  const [contentType, body] = file;
  return { status: 200, headers: { "content-type": contentType, ...SECURITY_HEADERS }, body };
}
