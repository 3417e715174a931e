import { h, uid } from "./dom.js";

// Modal dialogs on the native <dialog> (focus moves in, Escape closes, the page behind is inert).
// Every dialog is removed from the document once closed, so nothing it showed stays on the page.

/** Opens a modal dialog titled `title`; resolves when it closes, after it left the document. */
export function openDialog(
  title: string,
  build: (close: (value?: string) => void, titleId: string) => Node[],
  options: { role?: "dialog" | "alertdialog"; testId?: string } = {},
): Promise<string> {
  const titleId = uid("dialog-title");
  const dialog = h("dialog", {
    "aria-labelledby": titleId,
    role: options.role === "alertdialog" ? "alertdialog" : null,
    "data-testid": options.testId ?? null,
  });
  const close = (value = "") => dialog.close(value);
  // The opener may be redrawn while the dialog is open: focus goes back to its successor.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.fid : undefined;
  dialog.append(h("h2", { id: titleId }, title), ...build(close, titleId));
  document.body.append(dialog);
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const value = dialog.returnValue;
      dialog.remove();
      if (opener !== undefined && (document.activeElement === null || document.activeElement === document.body)) {
        document.querySelector<HTMLElement>(`[data-fid="${CSS.escape(opener)}"]`)?.focus();
      }
      resolve(value);
    });
  });
}

/** Asks before an irreversible action; resolves true on the confirm button only. */
export async function confirmDialog(options: {
  title: string;
  message: string;
  confirm: string;
  danger?: boolean;
}): Promise<boolean> {
  const answer = await openDialog(
    options.title,
    (close) => [
      h("p", {}, options.message),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", autofocus: true, onclick: () => close("cancel") }, "Cancel"),
        h(
          "button",
          { type: "button", class: options.danger ? "danger" : "primary", onclick: () => close("confirm") },
          options.confirm,
        ),
      ),
    ],
    { role: "alertdialog", testId: "confirm-dialog" },
  );
  return answer === "confirm";
}

/** Copies text to the clipboard (the async API, or a selection on pages where it is missing). */
export async function copyText(text: string, fallbackInput?: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallbackInput) return false;
    fallbackInput.select();
    return document.execCommand("copy");
  }
}

/** A read-only secret with a Copy button and a status line for the copy. */
function secretField(label: string, value: string, testId: string): HTMLElement {
  const id = uid("secret");
  const input = h("input", {
    id,
    type: "text",
    readonly: true,
    value,
    class: "mono",
    spellcheck: "false",
    autocomplete: "off",
    "data-testid": testId,
  });
  const status = h("span", { class: "copy-status", role: "status" });
  const button = h(
    "button",
    {
      type: "button",
      onclick: async () => {
        status.textContent = (await copyText(value, input)) ? "Copied" : "Copy failed: select the text and copy it";
      },
    },
    "Copy",
  );
  button.setAttribute("aria-label", `Copy ${label}`);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h("div", { class: "secret-row" }, input, button, status),
  );
}

/**
 * Shows secrets once (a new key, a new account's keys): each with a Copy button, and the warning
 * that they cannot be shown again. The values live only in this dialog, which leaves the document
 * when it closes.
 */
export async function showSecretsOnce(
  title: string,
  secrets: Array<{ label: string; value: string; testId: string }>,
  note?: string,
  /** What to copy besides the secrets (not secret, shown again elsewhere): base URLs, say. */
  details: Array<{ label: string; value: string; testId: string }> = [],
): Promise<void> {
  await openDialog(
    title,
    (close) =>
      [
        h(
          "p",
          { class: "warning", role: "note" },
          secrets.length === 1
            ? "This is the only time the secret is shown. "
            : "This is the only time these secrets are shown. ",
          "Copy it now and store it somewhere safe (a secrets manager, your .env): after you close this dialog, only its redacted form is shown.",
        ),
        ...details.map((detail) => secretField(detail.label, detail.value, detail.testId)),
        ...secrets.map((secret) => secretField(secret.label, secret.value, secret.testId)),
        note ? h("p", { class: "hint" }, note) : null,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "primary", onclick: () => close("done") }, "Done, I saved it"),
        ),
      ].filter((node): node is HTMLElement => node !== null),
    { testId: "secret-dialog" },
  );
}
