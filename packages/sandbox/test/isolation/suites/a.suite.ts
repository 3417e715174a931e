import { it } from "vitest";
import { runSuite } from "./suite-body.js";

it("file a: faults, outcomes, clock and reset on its own account", () => runSuite("a"));
