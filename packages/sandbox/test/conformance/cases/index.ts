import { credentialCases } from "./credentials.js";
import { errorCases } from "./errors.js";
import { generationCases } from "./generations.js";
import { keySettingCases } from "./key-settings.js";
import type { ConformanceCase } from "../types.js";

/** The one table of HTTP cases both transports run (MSW in process, and the Node server). */
export const conformanceCases: ConformanceCase[] = [...credentialCases, ...keySettingCases, ...generationCases, ...errorCases];
