#!/usr/bin/env node
// The `clipia-sandbox` command. A committed file (dist/ exists only after a build), so installing the
// workspace creates the bin link without a warning; the CLI itself is dist/cli.js.
import "../dist/cli.js";
