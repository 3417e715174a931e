// The built package as consumers load it (dist/): run after `pnpm build`; skipped when dist is absent.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const built = existsSync(`${dist}index.cjs`) && existsSync(`${dist}index.js`);

describe.skipIf(!built)("the built package (skipped until `pnpm build` has made dist/)", () => {
  it('require("@clipia/sdk") is the Clipia class, with every named export and default on it', async () => {
    const Clipia = createRequire(import.meta.url)(`${dist}index.cjs`);
    expect(typeof Clipia).toBe("function");
    expect(Clipia.name).toBe("Clipia");
    expect(Clipia.Clipia).toBe(Clipia);
    expect(Clipia.default).toBe(Clipia);
    const esm = await import(pathToFileURL(`${dist}index.js`).href);
    const names = Object.keys(esm).filter((name) => name !== "default");
    for (const name of names) expect(typeof Clipia[name], name).toBe(typeof esm[name]);
    expect(names).toEqual(
      expect.arrayContaining(["verifyWebhook", "APIError", "RateLimitError", "UnprocessableEntityError", "VERSION"]),
    );
    const clipia = new Clipia({ apiKey: "clipia_test_abc123" });
    expect(clipia.environment).toBe("test");
    expect(clipia).toBeInstanceOf(Clipia);
    expect(() => new Clipia({ apiKey: "nope" })).toThrow(Clipia.ClipiaConfigError);
  });

  it("import Clipia and import { Clipia } are the same class", async () => {
    const esm = await import(pathToFileURL(`${dist}index.js`).href);
    expect(esm.default).toBe(esm.Clipia);
  });

  it("ships types for both (index.d.ts, index.d.cts) and no node: import", () => {
    for (const file of ["index.d.ts", "index.d.cts"])
      expect(readFileSync(`${dist}${file}`, "utf8")).toContain("declare class Clipia");
    for (const file of ["index.js", "index.cjs"])
      expect(readFileSync(`${dist}${file}`, "utf8")).not.toMatch(/["']node:/);
  });
});
