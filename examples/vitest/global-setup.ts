// One sandbox server for the whole run, on a free port; test files read its URL with inject().
import { startSandboxServer } from "@clipia/sandbox/node";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    sandboxUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startSandboxServer({ port: 0 });
  project.provide("sandboxUrl", server.url);
  return () => server.close();
}
