/**
 * The page served at the console URL. The developer console (SPEC §5.3) comes in a later release;
 * until then this page says so and points at the control plane it will be a client of.
 */
export function consolePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clipia sandbox console</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937; }
code { background: #f3f4f6; padding: 0.1rem 0.3rem; border-radius: 4px; }
</style>
</head>
<body>
<h1>Clipia sandbox console</h1>
<p>The developer console (keys, webhook secret, requests and webhook deliveries of the sandbox's accounts) comes in a later release.</p>
<p>Until then, everything it will do is available through the sandbox-only control plane under <code>/_sandbox/</code>
(described in <code>sandbox.openapi.yaml</code>), or with <code>connectSandbox(url)</code> from <code>@clipia/sandbox</code>.</p>
</body>
</html>
`;
}
