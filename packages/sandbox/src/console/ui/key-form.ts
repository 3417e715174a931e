import type { KeyCreateInput, KeyRecord, KeyUpdateInput } from "../../control/types.js";
import { type CatalogModel, errorMessage } from "./api.js";
import { h } from "./dom.js";
import { openDialog } from "./dialogs.js";
import { labelled, radios } from "./form-fields.js";
import { checkIpList } from "./ip-list.js";
import { EXPIRY_PRESETS, readKeyForm } from "./read-key-form.js";

// The create / edit dialog of a key: name, environment and scopes up front; expiry, credit budget,
// requests per minute, concurrency, model access and the IP allow-list under "Advanced".

interface FormOptions {
  /** The key being edited; absent to create one. */
  key?: KeyRecord;
  models: CatalogModel[];
  /** The account's clock (ms): expiry presets count from it, not from the wall clock. */
  now: number;
  /** Sends the body; a thrown error is shown in the dialog, which stays open. */
  submit(body: KeyCreateInput | KeyUpdateInput): Promise<void>;
}

/** Opens the dialog; resolves when it closes (after a successful submit, or cancelled). */
export function keyFormDialog(options: FormOptions): Promise<string> {
  const key = options.key;
  const form = h("form", { method: "dialog", novalidate: true, "data-testid": "key-form" });
  const name = h("input", {
    name: "name",
    type: "text",
    required: true,
    maxlength: 100,
    value: key?.name ?? "",
    autocomplete: "off",
  });
  const environment = radios(
    "environment",
    "Environment",
    [
      ["live", "Live (clipia_live_…, charges credits)"],
      ["test", "Test (clipia_test_…, nothing charged)"],
    ],
    key?.environment ?? "test",
    key !== undefined,
  );
  const scopes = h(
    "fieldset",
    { class: "choices" },
    h("legend", {}, "Scopes"),
    (["generate", "read"] as const).map((scope) =>
      h(
        "label",
        {},
        h("input", { type: "checkbox", name: "scope", value: scope, checked: key ? key.scopes.includes(scope) : true }),
        ` ${scope}`,
      ),
    ),
    h("p", { class: "hint" }, "generate: submit generations. read: reserved for read-only keys. At least one."),
  );

  const expiry = h(
    "select",
    { name: "expiry" },
    EXPIRY_PRESETS.map(([value, text]) => h("option", { value }, text)),
  );
  const expiryDate = h("input", { name: "expires_at", type: "datetime-local", step: 1 });
  if (key?.expires_at) {
    expiry.value = "custom";
    expiryDate.value = key.expires_at.slice(0, 19);
  }
  // An unchanged expiry is not sent again: an expired key can still be renamed or restricted.
  const initialExpiry = `${expiry.value} ${expiryDate.value}`;
  const unlimited = h("input", {
    type: "checkbox",
    name: "unlimited",
    checked: key ? key.credit_limit === null : true,
  });
  const budget = h("input", {
    name: "credit_limit",
    type: "number",
    min: 0,
    step: 1,
    value: key?.credit_limit ?? "",
    inputmode: "numeric",
  });
  const rpm = h("input", {
    name: "rate_limit",
    type: "number",
    min: 1,
    step: 1,
    value: key?.rate_limit.requests ?? 120,
  });
  const concurrency = h("input", {
    name: "concurrency",
    type: "number",
    min: 1,
    step: 1,
    value: key?.concurrency ?? 10,
  });
  const access = radios(
    "model_access",
    "Model access",
    [
      ["all", "All models"],
      ["include", "Only the models selected"],
      ["exclude", "All but the models selected"],
    ],
    key?.model_access.mode ?? "all",
  );
  const picked = new Set(key?.model_access.models ?? []);
  const picker = h(
    "fieldset",
    { class: "models", "data-testid": "model-picker" },
    h("legend", {}, "Models"),
    options.models.map((model) =>
      h(
        "label",
        {},
        h("input", { type: "checkbox", name: "model", value: model.slug, checked: picked.has(model.slug) }),
        ` ${model.name} `,
        h("span", { class: "muted" }, `${model.slug} · ${model.type}`),
      ),
    ),
  );
  const ips = h(
    "textarea",
    { name: "allowed_ips", rows: 3, spellcheck: "false", class: "mono" },
    (key?.allowed_ips ?? []).join("\n"),
  );
  const ipStatus = h("div", { class: "ip-status", "aria-live": "polite", "data-testid": "ip-status" });
  const error = h("p", { class: "error", role: "alert", "data-testid": "form-error" });

  const sync = () => {
    budget.disabled = unlimited.checked;
    expiryField.hidden = expiry.value !== "custom";
    const mode = (form.elements.namedItem("model_access") as RadioNodeList).value;
    picker.hidden = mode === "all";
    const check = checkIpList(ips.value);
    ipStatus.replaceChildren(
      ...check.invalid.map((entry) => h("p", { class: "error" }, `Not an IPv4/IPv6 address or CIDR: ${entry}`)),
      ...(check.warning ? [h("p", { class: "warning" }, check.warning)] : []),
    );
    ips.setAttribute("aria-invalid", String(check.invalid.length > 0));
  };
  form.addEventListener("input", sync);
  form.addEventListener("change", sync);

  const expiryField = labelled("Expires at (UTC)", expiryDate);
  const advanced = h(
    "details",
    { open: key !== undefined && hasAdvanced(key) },
    h("summary", {}, "Advanced"),
    h("div", { class: "grid" }, labelled("Expiry", expiry, "Counted on this account's sandbox clock."), expiryField),
    h(
      "div",
      { class: "grid" },
      h("div", { class: "field" }, h("label", {}, unlimited, " Unlimited credits")),
      labelled("Credit budget", budget, "The key stops (402) once it has spent this many credits."),
    ),
    h("div", { class: "grid" }, labelled(rateLimitLabel(key), rpm), labelled("Concurrent generations", concurrency)),
    access,
    picker,
    labelled("IP allow-list", ips, "IPv4 / IPv6 addresses or CIDRs, one per line. Empty: any address."),
    ipStatus,
  );

  const readBody = () =>
    readKeyForm(
      { form, name, expiry, expiryDate, unlimited, budget, rpm, concurrency, picker, ips },
      key,
      initialExpiry,
      options.now,
    );

  return openDialog(
    key ? `Edit ${key.name}` : "Create an API key",
    (close) => {
      const submitButton = h("button", { type: "submit", class: "primary" }, key ? "Save changes" : "Create key");
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const body = readBody();
        if (typeof body === "string") {
          error.textContent = body;
          return;
        }
        submitButton.disabled = true;
        try {
          await options.submit(body);
          close("saved");
        } catch (caught) {
          error.textContent = errorMessage(caught);
        } finally {
          submitButton.disabled = false;
        }
      });
      form.append(
        labelled("Name", name, "For you only, e.g. production-worker or ci."),
        environment,
        scopes,
        advanced,
        error,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", onclick: () => close("cancel") }, "Cancel"),
          submitButton,
        ),
      );
      queueMicrotask(sync);
      return [form];
    },
    { testId: key ? "edit-key-dialog" : "create-key-dialog" },
  );
}

function hasAdvanced(key: KeyRecord): boolean {
  return (
    key.expires_at !== null ||
    key.credit_limit !== null ||
    key.model_access.mode !== "all" ||
    key.allowed_ips.length > 0 ||
    key.rate_limit.requests !== 120 ||
    key.concurrency !== 10
  );
}

/** "Requests per minute", or per the key's own window when it has another (`Requests per 30s`). */
function rateLimitLabel(key: KeyRecord | undefined): string {
  const interval = key?.rate_limit.interval ?? "1m";
  return interval === "1m" ? "Requests per minute" : `Requests per ${interval}`;
}
