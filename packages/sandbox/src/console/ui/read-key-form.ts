import type { KeyCreateInput, KeyRecord, KeyUpdateInput } from "../../control/types.js";
import { checkIpList } from "./ip-list.js";

// Reading the key form into the body of a create or update request, or the message of what to fix.

/** The expiry choices: value, label, and for a preset its duration from the account's clock (ms). */
export const EXPIRY_PRESETS: Array<[string, string, number]> = [
  ["never", "Never", 0],
  ["1h", "In 1 hour", 3_600_000],
  ["1d", "In 1 day", 86_400_000],
  ["7d", "In 7 days", 7 * 86_400_000],
  ["30d", "In 30 days", 30 * 86_400_000],
  ["90d", "In 90 days", 90 * 86_400_000],
  ["custom", "On a date (UTC)…", 0],
];

/** The controls of the key form that `readKeyForm` reads. */
interface KeyFormControls {
  form: HTMLFormElement;
  name: HTMLInputElement;
  expiry: HTMLSelectElement;
  expiryDate: HTMLInputElement;
  unlimited: HTMLInputElement;
  budget: HTMLInputElement;
  rpm: HTMLInputElement;
  concurrency: HTMLInputElement;
  picker: HTMLFieldSetElement;
  ips: HTMLTextAreaElement;
}

/**
 * The request body the form describes, or the message of the first thing to fix. `key` is the key
 * being edited (absent to create one); an expiry still at `initialExpiry` is not sent again; presets
 * count from `now`, the account's clock (ms).
 */
export function readKeyForm(
  controls: KeyFormControls,
  key: KeyRecord | undefined,
  initialExpiry: string,
  now: number,
): KeyCreateInput | KeyUpdateInput | string {
  const { form, name, expiry, expiryDate, unlimited, budget, rpm, concurrency, picker, ips } = controls;
  if (name.value.trim() === "") return "Give the key a name.";
  const chosenScopes = [...form.querySelectorAll<HTMLInputElement>('input[name="scope"]:checked')].map(
    (box) => box.value as "generate" | "read",
  );
  if (chosenScopes.length === 0) return "Choose at least one scope.";
  const body: KeyUpdateInput & Partial<KeyCreateInput> = { name: name.value.trim(), scopes: chosenScopes };
  if (!key) body.environment = (form.elements.namedItem("environment") as RadioNodeList).value as "live" | "test";
  const preset = EXPIRY_PRESETS.find(([value]) => value === expiry.value);
  if (key && `${expiry.value} ${expiryDate.value}` === initialExpiry) {
    // unchanged
  } else if (expiry.value === "never") body.expires_at = null;
  else if (expiry.value === "custom") {
    if (expiryDate.value === "") return "Pick the expiry date, or choose Never.";
    body.expires_at = new Date(`${expiryDate.value}Z`).toISOString();
  } else if (preset) body.expires_at = new Date(now + preset[2]).toISOString();
  if (unlimited.checked) body.credit_limit = null;
  else {
    if (budget.value === "" || !Number.isSafeInteger(Number(budget.value)) || Number(budget.value) < 0)
      return "The credit budget is a whole number of credits (or tick Unlimited).";
    body.credit_limit = Number(budget.value);
  }
  // The form edits the number of requests; the window stays the key's own (set through the
  // control plane, e.g. 30s), so saving a key never turns its 10 per 30 s into 10 per minute.
  body.rate_limit = { requests: Number(rpm.value), interval: key?.rate_limit.interval ?? "1m" };
  body.concurrency = Number(concurrency.value);
  const mode = (form.elements.namedItem("model_access") as RadioNodeList).value as "all" | "include" | "exclude";
  const models = [...picker.querySelectorAll<HTMLInputElement>("input:checked")].map((box) => box.value);
  if (mode !== "all" && models.length === 0) return "Select at least one model, or allow all models.";
  body.model_access = mode === "all" ? { mode } : { mode, models };
  const check = checkIpList(ips.value);
  if (check.invalid.length > 0) return `Fix the IP allow-list: ${check.invalid.join(", ")}`;
  body.allowed_ips = check.entries;
  return body;
}
