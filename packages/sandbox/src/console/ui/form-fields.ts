import { h, uid } from "./dom.js";

// Labelled fields and radio groups for the console's forms (the key dialog builds on them).

/** `control` in a field with its label and, if given, a hint it is described by. */
export function labelled(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid("field");
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    control,
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
  );
}

/** A fieldset of radio buttons `name`, one per `[value, text]`, with `selected` checked. */
export function radios(
  name: string,
  legend: string,
  options: Array<[string, string]>,
  selected: string,
  disabled = false,
): HTMLFieldSetElement {
  return h(
    "fieldset",
    { class: "choices" },
    h("legend", {}, legend),
    options.map(([value, text]) =>
      h("label", {}, h("input", { type: "radio", name, value, checked: value === selected, disabled }), ` ${text}`),
    ),
  );
}
