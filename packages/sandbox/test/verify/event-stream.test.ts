import { describe, expect, it } from "vitest";
import { parseEventStream } from "../../src/node/verify/event-stream.js";

// verify reads a streamed chat completion as an OpenAI client reads it: what SSE allows passes,
// what would break a client is named.

const chunk = (id: string) => JSON.stringify({ id, object: "chat.completion.chunk" });

describe("parseEventStream", () => {
  it.each<{ name: string; text: string }>([
    { name: "LF frames", text: `data: ${chunk("a")}\n\ndata: [DONE]\n\n` },
    { name: "CRLF frames", text: `data: ${chunk("a")}\r\n\r\ndata: [DONE]\r\n\r\n` },
    { name: "a keep-alive comment", text: `: ping\n\ndata: ${chunk("a")}\n\ndata: [DONE]\n\n` },
    { name: "no space after data:", text: `data:${chunk("a")}\n\ndata:[DONE]\n\n` },
  ])("accepts $name", ({ text }) => {
    expect(parseEventStream(text)).toEqual({
      events: [{ id: "a", object: "chat.completion.chunk" }],
      done: true,
      problems: [],
    });
  });

  it("joins the data lines of one event", () => {
    expect(parseEventStream('data: {"id":\ndata: "a"}\n\ndata: [DONE]\n\n').events).toEqual([{ id: "a" }]);
  });

  it.each<{ name: string; text: string; problem: RegExp }>([
    { name: "no [DONE]", text: `data: ${chunk("a")}\n\n`, problem: /does not end with data: \[DONE\]/ },
    {
      name: "an event after [DONE]",
      text: `data: [DONE]\n\ndata: ${chunk("a")}\n\n`,
      problem: /event 1: an event after/,
    },
    { name: "data that is not JSON", text: "data: {oops\n\ndata: [DONE]\n\n", problem: /event 0: data is not JSON/ },
    {
      name: "a line without data:",
      text: `event: x\ndata: ${chunk("a")}\n\ndata: [DONE]\n\n`,
      problem: /not "data: …"/,
    },
    {
      name: "no blank line at the end",
      text: `data: ${chunk("a")}\n\ndata: [DONE]`,
      problem: /not ended by a blank line/,
    },
    { name: "an empty answer", text: "", problem: /no JSON event/ },
  ])("names $name", ({ text, problem }) => {
    expect(parseEventStream(text).problems.join("\n")).toMatch(problem);
  });
});
