import { it } from "vitest";
import { runSuite } from "./suite-body.js";

it("file b: plain work on its own account, at the same time", () => runSuite("b"));
