// The CommonJS entry (dist/index.cjs): `require("@clipia/sdk")` is the Clipia class itself, as
// `require("openai")` is, with every named export and `default` on it. ESM uses src/index.ts.
import * as sdk from "./index.js";

module.exports = Object.assign(sdk.Clipia, sdk);
