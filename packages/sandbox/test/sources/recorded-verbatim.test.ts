import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type RecordedSource, SOURCES } from "./fixtures.js";

// The recorded fixtures are still what their sources say: each code block verbatim in its file at
// the recorded commit (and, for the client READMEs, at the mirror's HEAD, every fenced block of it
// recorded), each OpenMontage payload line in its function's file, each quoted doc line in its
// file. It needs the read-only mirrors (/work/.mirror/…); where a mirror is absent (CI) its checks
// are skipped with a printed reason. A failure here means the fixture must be refreshed: see
// test/fixtures/clipia-sources/README.md.

/** A file of a mirror at a revision, or undefined when the mirror has no such file. */
function show(mirror: string, revision: string, path: string): string | undefined {
  try {
    return execFileSync("git", ["-C", mirror, "show", `${revision}:${path}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
}

/** The fenced code blocks of a Markdown file, in order: what the fixtures record of a README. */
function fencedBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    if (!/^```\S*\s*$/.test(lines[index]!)) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    blocks.push(lines.slice(start, end).join("\n"));
    index = end;
  }
  return blocks;
}

function mirrorOf(file: string, recorded: RecordedSource): { mirror: string; commit: string } | undefined {
  const { mirror, commit } = recorded.source;
  if (!mirror || !commit) return undefined;
  if (!existsSync(mirror)) {
    console.log(`SKIPPED: ${file} not checked against its source (no mirror at ${mirror}; CI has none)`);
    return undefined;
  }
  return { mirror, commit };
}

describe("the recorded Clipia sources are still verbatim in their mirrors", () => {
  for (const [file, recorded] of Object.entries(SOURCES)) {
    const found = mirrorOf(file, recorded);

    if (recorded.blocks) {
      it.skipIf(!found)(`${file}: every recorded code block, verbatim at the commit`, () => {
        const { mirror, commit } = found!;
        for (const block of recorded.blocks!) {
          const text = show(mirror, commit, block.path);
          expect(text, `${block.path} at ${commit}`).toBeDefined();
          expect(fencedBlocks(text!), `${block.path} "${block.heading}"`).toContain(block.code);
        }
      });
    }

    if (recorded.source.tracks_head) {
      it.skipIf(!found)(`${file}: the README at the mirror's HEAD has exactly the recorded blocks`, () => {
        const { mirror } = found!;
        const readme = show(mirror, "HEAD", "README.md");
        const recordedReadme = recorded
          .blocks!.filter((block) => block.path === "README.md")
          .map((block) => block.code);
        expect(fencedBlocks(readme ?? ""), "the README changed since the recorded commit: refresh the fixture").toEqual(
          recordedReadme,
        );
      });
    }

    if (recorded.cases?.some((recordedCase) => recordedCase.payload_lines)) {
      it.skipIf(!found)(`${file}: every payload line, verbatim in its function's file at the commit`, () => {
        const { mirror, commit } = found!;
        for (const recordedCase of recorded.cases!) {
          const text = show(mirror, commit, recordedCase.path!);
          expect(text, `${recordedCase.path} at ${commit}`).toBeDefined();
          for (const line of recordedCase.payload_lines ?? []) {
            expect(text!.includes(line), `${recordedCase.name}: ${line.trim()}`).toBe(true);
          }
        }
      });
    }
  }

  const quotes = Object.entries(SOURCES).flatMap(([file, recorded]) =>
    (recorded.cases ?? []).flatMap((recordedCase) =>
      (recordedCase.quotes ?? []).map((quote) => ({ file, name: recordedCase.name, ...quote })),
    ),
  );
  for (const quote of quotes) {
    const present = existsSync(quote.mirror);
    if (!present) console.log(`SKIPPED: a quote of ${quote.file} not checked (no mirror at ${quote.mirror})`);
    it.skipIf(!present)(`${quote.file}: ${quote.name}: the quoted line, verbatim in ${quote.path}`, () => {
      const text = show(quote.mirror, quote.commit, quote.path) ?? "";
      expect(text.includes(quote.text), `${quote.path} at ${quote.commit}: ${quote.text.trim()}`).toBe(true);
    });
  }
});
