import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

type Json = Record<string, any>;

/** Every response example of openapi.yaml and sandbox.openapi.yaml, with where it applies. */
export function documentedExamples(): Array<{ name: string; method: string; path: string; status: number; body: unknown }> {
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
          for (const [name, example] of Object.entries((media.examples ?? {}) as Json)) {
            const [, resolved] = deref(responseFile, example as Json);
            examples.push({ name: `${(op as Json).operationId} ${status} ${name}`, method, path, status: Number(status), body: resolved.value });
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

/** A concrete path for a template: `{model}` → clipia-video-1, `{id}` → an id of the right kind. */
export function concretePath(template: string): string {
  return template
    .replace("{model}", "clipia-video-1")
    .replace(/\/generations\/\{id\}/, "/generations/gen_4bQ8nZ2kWd7Rf3Yx")
    .replace(/\/keys\/\{id\}/, "/keys/key_9mT3vX6cQp1Ls8Hd");
}
