import { readFileSync } from "node:fs";
import { CATALOG } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { OUTPUT, renderModelInputs } from "../../../scripts/generate-model-inputs.js";

describe("src/generated/models.ts", () => {
  it("is what the sandbox catalog generates (run `pnpm generate:models` when this fails)", () => {
    expect(readFileSync(OUTPUT, "utf8")).toBe(renderModelInputs(CATALOG));
  });

  it("types every generation model of the catalog, and no text model", () => {
    const text = readFileSync(OUTPUT, "utf8");
    for (const entry of CATALOG) {
      expect(text.includes(`"${entry.id}": {`), entry.id).toBe("input_schema" in entry);
    }
  });

  it("maps each field type, enum, requiredness and default", () => {
    const text = renderModelInputs([
      {
        slug: "m",
        type: "video",
        name: "M",
        capabilities: ["text-to-video"],
        input_schema: {
          prompt: { type: "string", required: true, description: "What." },
          duration: { type: "integer", required: false, enum: [5, 10], default: 5 },
          ratio: { type: "number", required: false, minimum: 0.5, maximum: 2 },
          audio: { type: "boolean", required: false },
          image_urls: { type: "array", required: false },
          "odd-name": { type: "string", required: false, enum: ["a", "b"] },
        },
      },
      { slug: "chat", type: "text", id: "chat" } as never,
    ]);
    expect(text).toContain(`  "m": {\n    /** What. */\n    prompt: string;\n`);
    expect(text).toContain("    /** @default 5 */\n    duration?: 5 | 10;\n");
    expect(text).toContain("Range: 0.5 to 2.");
    expect(text).toContain("    ratio?: number;\n");
    expect(text).toContain("    audio?: boolean;\n");
    expect(text).toContain("    image_urls?: string[];\n");
    expect(text).toContain(`    "odd-name"?: "a" | "A" | "b" | "B";\n`);
    expect(text).toContain(`export interface ModelTypes {\n  "m": "video";\n}`);
    expect(text).not.toContain("chat");
  });
});
