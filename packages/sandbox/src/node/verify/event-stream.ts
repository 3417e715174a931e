// Reads a Server-Sent Events answer (a streamed chat completion) the way an OpenAI client does,
// and says where its framing departs from what the gateway promises: `data: <JSON>` events, each
// ended by a blank line, the last one `data: [DONE]`.

/** The events of a stream, as verify checks and compares them. */
export interface EventStream {
  /** Each event's `data`, parsed as JSON (`[DONE]` not included). */
  events: unknown[];
  /** Whether the stream ended with `data: [DONE]`. */
  done: boolean;
  /** Where the framing is off, one line each (`event 2: …`). */
  problems: string[];
}

const DONE = "[DONE]";

/** The `data` of one event (its `data:` lines joined by newlines), or why it has none. */
function eventData(block: string, index: number, problems: string[]): string | undefined {
  const data: string[] = [];
  for (const line of block.split("\n")) {
    // A line starting with ":" is a comment (a keep-alive): allowed, and ignored, by SSE.
    if (line.startsWith(":")) continue;
    if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    else problems.push(`event ${index}: a line that is not "data: …": ${JSON.stringify(line.slice(0, 60))}`);
  }
  return data.length === 0 ? undefined : data.join("\n");
}

/** Splits `text` into its events and checks the framing; never throws. */
export function parseEventStream(text: string): EventStream {
  const problems: string[] = [];
  const normalized = text.replace(/\r\n?/g, "\n");
  if (normalized !== "" && !normalized.endsWith("\n\n")) problems.push("the last event is not ended by a blank line");
  const blocks = normalized.split("\n\n").filter((block) => block.trim() !== "");
  const events: unknown[] = [];
  let done = false;
  blocks.forEach((block, index) => {
    const data = eventData(block, index, problems);
    if (data === undefined) return;
    if (done) {
      problems.push(`event ${index}: an event after data: ${DONE}`);
      return;
    }
    if (data === DONE) {
      done = true;
      return;
    }
    try {
      events.push(JSON.parse(data));
    } catch {
      problems.push(`event ${index}: data is not JSON: ${JSON.stringify(data.slice(0, 60))}`);
    }
  });
  if (!done) problems.push(`the stream does not end with data: ${DONE}`);
  if (events.length === 0) problems.push("the stream has no JSON event");
  return { events, done, problems };
}
