import type { ConsoleAccount } from "./api.js";
import type { ConsoleContext } from "./context.js";
import { h } from "./dom.js";
import { labelled, radios } from "./form-fields.js";
import { formatCredits } from "./format.js";
import { settingsChanges } from "./settings-changes.js";

/** Renders the Settings tab: the account's plan, input policy and balance (PATCH /_sandbox/accounts/{id}). */
export async function renderSettingsTab(ctx: ConsoleContext): Promise<HTMLElement> {
  const { account } = ctx;
  const plan = radios(
    "subscription",
    "Subscription",
    [
      ["active", "Active plan"],
      ["none", "No plan (live submits answer 402 subscription_required)"],
    ],
    account.subscription,
  );
  plan.dataset.fid = "subscription";
  const strict = h("input", {
    type: "checkbox",
    id: "strict-inputs",
    "data-fid": "strict-inputs",
    checked: account.strict_inputs,
  });
  const balance = h("input", {
    type: "number",
    id: "balance",
    min: 0,
    // A fractional balance (left by chat) would fail `step: 1` and block the form before save runs.
    step: Number.isInteger(account.balance.credits) ? 1 : "any",
    "data-fid": "balance",
    value: account.balance.credits,
  });
  const error = h("p", { class: "error", role: "alert", "data-testid": "settings-error" });

  const save = async (event: Event) => {
    event.preventDefault();
    const checked = plan.querySelector<HTMLInputElement>("input:checked");
    const result = settingsChanges(account, {
      subscription: checked?.value ?? account.subscription,
      strict_inputs: strict.checked,
      balance: balance.value,
    });
    if ("error" in result) {
      error.textContent = result.error;
      balance.setAttribute("aria-invalid", "true");
      return;
    }
    error.textContent = "";
    balance.removeAttribute("aria-invalid");
    if (Object.keys(result.changes).length === 0) {
      ctx.notify("Nothing to save: the settings are unchanged.");
      return;
    }
    const saved = await ctx.run(() => ctx.api.updateAccount(account.account_id, result.changes));
    if (!saved) return;
    await ctx.refresh();
    ctx.notify(`Account settings saved: ${describe(saved)}.`);
  };

  return h(
    "section",
    { "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, "Account settings"),
    h(
      "form",
      { class: "card", novalidate: true, "data-testid": "settings-form", onsubmit: save },
      plan,
      h(
        "div",
        { class: "field" },
        h("label", {}, strict, " Strict inputs"),
        h(
          "p",
          { class: "hint" },
          "On: an input field the model does not list is a 422, stricter than Clipia. Off (the default): it is ignored and recorded as a warning, as Clipia does.",
        ),
      ),
      labelled("Balance (credits)", balance, "What live submits are charged from; test keys spend nothing."),
      error,
      h(
        "p",
        { class: "hint" },
        "A reset of the account restores the values it was created with. Test keys and estimates are not affected by the plan.",
      ),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", "data-fid": "save-settings" }, "Save settings"),
      ),
    ),
  );
}

function describe(account: ConsoleAccount): string {
  const plan = account.subscription === "active" ? "active plan" : "no plan";
  return `${plan}, strict inputs ${account.strict_inputs ? "on" : "off"}, ${formatCredits(account.balance.credits)}`;
}
