import { afterAll } from "vitest";
import { changedSince, sharedGlobals } from "./shared-globals.js";

// A setup file of the whole suite (vitest.config.ts), run before each test file. The files of a
// worker share their modules and globals, so what one file fakes and leaves behind would change
// the files after it, depending on which worker they land in: this fails the file that did not put
// a faked global or an environment variable back, naming what it left.

const atStart = sharedGlobals();

afterAll(() => {
  const left = changedSince(atStart);
  if (left.length > 0) {
    throw new Error(
      `This file left ${left.join(", ")} changed for the next file of its worker: put it back in an afterEach or afterAll.`,
    );
  }
});
