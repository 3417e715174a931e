/**
 * What an in-process sandbox (MSW handlers, `sandbox.fetch`) answers at the console URL. The
 * developer console itself (SPEC §5.3) is served by the sandbox server (`clipia-sandbox`,
 * `startSandboxServer`, the `console_url` of `--json`): its bundle lives behind the node/ subpath
 * (src/console/ui/serve.ts), so importing the package root never loads it.
 */
export function consolePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clipia sandbox console</title>
</head>
<body>
<h1>Clipia sandbox console</h1>
<p>This sandbox runs in process. The developer console (keys, webhook secret, requests, usage) is served by the sandbox server:
run <code>npx -p @clipia/sandbox clipia-sandbox</code> (or <code>startSandboxServer()</code> from <code>@clipia/sandbox/node</code>) and open its <code>console_url</code>.</p>
<p>Everything the console does is also available here, through the control plane under <code>/_sandbox/</code>
(<code>sandbox.openapi.yaml</code>) and the sandbox object's methods.</p>
</body>
</html>
`;
}
