import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

type Json = Record<string, any>;

/** Every response example of openapi.yaml and sandbox.openapi.yaml, with where it applies. */
export function documentedExamples(): Array<{
  name: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
}> {
  const docs: Record<string, Json> = {
    "openapi.yaml": read("../../../openapi.yaml"),
    "sandbox.openapi.yaml": read("../../../sandbox.openapi.yaml"),
  };
  const deref = (file: string, node: Json): [string, Json] => {
    while (node && typeof node.$ref === "string") {
      const [target, pointer = ""] = node.$ref.split("#");
      if (target) file = target.replace("./", "");
      node = pointer
        .split("/")
        .slice(1)
        .reduce((acc: Json, part: string) => acc[part.replaceAll("~1", "/").replaceAll("~0", "~")], docs[file] as Json);
    }
    return [file, node];
  };
  const examples: Array<{ name: string; method: string; path: string; status: number; body: unknown }> = [];
  for (const [file, doc] of Object.entries(docs)) {
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if (method === "parameters") continue;
        for (const [status, ref] of Object.entries((op as Json).responses as Json)) {
          const [responseFile, response] = deref(file, ref as Json);
          const media = response.content?.["application/json"] ?? {};
          const name = `${(op as Json).operationId} ${status}`;
          if (media.example !== undefined)
            examples.push({ name, method, path, status: Number(status), body: media.example });
          for (const [label, example] of Object.entries((media.examples ?? {}) as Json)) {
            const [, resolved] = deref(responseFile, example as Json);
            examples.push({ name: `${name} ${label}`, method, path, status: Number(status), body: resolved.value });
          }
        }
      }
    }
  }
  return examples;
}

function read(relative: string): Json {
  return parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8")) as Json;
}

/** A concrete path for a template: `{model}` → nano-banana-2, any other parameter → an id. */
export function concretePath(template: string): string {
  return template
    .replace("{model}", "nano-banana-2")
    .replace("{request_id}", "764cabcf-b745-4b3e-ae38-1200304cf45b")
    .replace(/\{[a-z_]+\}/g, "id_1");
}
