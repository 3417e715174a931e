// A few DOM helpers: elements are built with `h`, never from HTML strings, so key names and
// anything else the control plane returns are text, not markup.

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element: `on…` attributes become listeners, `true` a bare attribute, null/false nothing. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === "value" && "value" in element) (element as HTMLInputElement).value = String(value);
    // Through the CSSOM: the page's CSP allows no inline style attribute.
    else if (name === "style") element.style.cssText = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** Creates an SVG element (the usage chart). */
export function svg(
  tag: string,
  attrs: Record<string, string | number> = {},
  ...children: Array<SVGElement | string>
): SVGElement {
  const element = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** Replaces an element's children, keeping keyboard focus on the control with the same `data-fid`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.fid : undefined;
  parent.replaceChildren();
  append(parent, children);
  if (focused !== undefined) parent.querySelector<HTMLElement>(`[data-fid="${CSS.escape(focused)}"]`)?.focus();
}

/**
 * A small label over its value, one of several stacked in a table cell (the keys' Dates, a
 * request's times): the value does not wrap, and `col` names it as `data-col` for the tests.
 */
export function labelledValue(label: string, value: string, col?: string): HTMLElement {
  return h(
    "div",
    { class: "sub" },
    h("div", { class: "label" }, label),
    h("div", { class: "nowrap", "data-col": col }, value),
  );
}

let counter = 0;
/** A unique id for label/control pairs. */
export const uid = (prefix: string): string => `${prefix}-${++counter}`;
