import { type CatalogModel, type ConsoleAccount, consoleApi, errorMessage } from "./api.js";
import type { ConsoleContext } from "./context.js";
import { showSecretsOnce } from "./dialogs.js";
import { h, replaceChildren } from "./dom.js";
import { formatCredits, formatDuration, formatTime } from "./format.js";
import { renderKeysTab } from "./keys-tab.js";
import { renderLogsTab } from "./logs-tab.js";
import { renderRequestsTab } from "./requests-tab.js";
import { renderSettingsTab } from "./settings-tab.js";
import { renderUsageTab } from "./usage-tab.js";
import { renderWebhooksTab } from "./webhooks-tab.js";

// The developer console (SPEC §5.3): a client of the control plane only. The URL hash holds the
// tab and the account (`#keys/acct_…`), so a reload shows the same view.

const TABS = [
  ["keys", "API keys", renderKeysTab],
  ["webhooks", "Webhooks", renderWebhooksTab],
  ["requests", "Requests", renderRequestsTab],
  ["logs", "Logs", renderLogsTab],
  ["usage", "Usage", renderUsageTab],
  ["settings", "Settings", renderSettingsTab],
] as const;
type TabId = (typeof TABS)[number][0];
const ADVANCES = [60_000, 600_000, 3_600_000, 86_400_000, 7 * 86_400_000, 30 * 86_400_000];
const POLL_MS = 2_000;

const api = consoleApi(location.origin);
let accounts: ConsoleAccount[] = [];
let models: CatalogModel[] = [];
let tab: TabId = "keys";
let accountId = "";
let now = Date.now();
// The sandbox clock runs with real time plus the account's offset: the header ticks between reads.
let clockOffset = 0;
let rendering: Promise<void> | undefined;

const status = h("div", { class: "status", role: "status", "aria-live": "polite", "data-testid": "status" });
const header = h("header", { class: "top" });
const tabList = h("div", { role: "tablist", "aria-label": "Console sections" });
const panel = h("main", { role: "tabpanel", id: "panel", tabindex: "-1" });

function notify(message: string, kind: "info" | "error" = "info"): void {
  status.textContent = message;
  status.className = `status ${kind}`;
}

async function run<T>(action: () => Promise<T>, done?: string): Promise<T | undefined> {
  try {
    const result = await action();
    if (done) notify(done);
    return result;
  } catch (error) {
    notify(errorMessage(error), "error");
    return undefined;
  }
}

function readHash(): void {
  const [hashTab, hashAccount] = location.hash.replace(/^#\/?/, "").split("/");
  if (TABS.some(([id]) => id === hashTab)) tab = hashTab as TabId;
  if (hashAccount) accountId = decodeURIComponent(hashAccount);
}

function writeHash(): void {
  const hash = `#${tab}/${encodeURIComponent(accountId)}`;
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

async function load(): Promise<void> {
  accounts = (await api.listAccounts()) as ConsoleAccount[];
  if (!accounts.some((account) => account.account_id === accountId)) {
    accountId = (accounts.find((account) => account.is_default) ?? accounts[0])?.account_id ?? "";
  }
  now = await api.now({ account_id: accountId });
  clockOffset = now - Date.now();
}

function tickClock(): void {
  const time = header.querySelector("time");
  if (!time) return;
  const iso = new Date(Date.now() + clockOffset).toISOString();
  time.dateTime = iso;
  time.textContent = formatTime(iso, true);
}

function renderHeader(): void {
  const select = h(
    "select",
    {
      id: "account",
      "data-fid": "account",
      onchange: (event: Event) => void switchAccount((event.target as HTMLSelectElement).value),
    },
    accounts.map((entry) =>
      h(
        "option",
        { value: entry.account_id, selected: entry.account_id === accountId },
        `${entry.account_id}${entry.is_default ? " (default)" : ""} · ${formatCredits(entry.balance.credits)}`,
      ),
    ),
  );
  const advanceBy = h(
    "select",
    { id: "advance-by", "data-fid": "advance-by" },
    ADVANCES.map((ms) => h("option", { value: ms }, `+${formatDuration(ms)}`)),
  );
  const advance = () =>
    run(
      async () => {
        await api.advanceClock(Number(advanceBy.value), { account_id: accountId });
        await refresh();
      },
      `This account's clock moved forward ${formatDuration(Number(advanceBy.value))}.`,
    );
  replaceChildren(
    header,
    h("h1", {}, "Clipia sandbox ", h("span", { class: "muted" }, "developer console")),
    h(
      "div",
      { class: "controls" },
      h("div", { class: "field inline" }, h("label", { for: "account" }, "Account"), select),
      h("button", { type: "button", onclick: createAccount, "data-fid": "new-account" }, "New account"),
      h(
        "div",
        { class: "clock", "data-testid": "clock" },
        h("span", { class: "muted" }, "Sandbox clock "),
        h("time", { datetime: new Date(now).toISOString() }, formatTime(new Date(now).toISOString(), true)),
      ),
      h("div", { class: "field inline" }, h("label", { for: "advance-by" }, "Advance clock"), advanceBy),
      h("button", { type: "button", onclick: advance, "data-fid": "advance" }, "Advance"),
    ),
  );
}

function renderTabs(): void {
  replaceChildren(
    tabList,
    TABS.map(([id, label], index) =>
      h(
        "button",
        {
          type: "button",
          role: "tab",
          id: `tab-${id}`,
          "aria-controls": "panel",
          "aria-selected": String(id === tab),
          tabindex: id === tab ? 0 : -1,
          "data-fid": `tab-${id}`,
          onclick: () => void selectTab(id),
          onkeydown: (event: Event) => {
            const key = (event as KeyboardEvent).key;
            const step = key === "ArrowRight" ? 1 : key === "ArrowLeft" ? -1 : 0;
            const target =
              key === "Home"
                ? 0
                : key === "End"
                  ? TABS.length - 1
                  : step === 0
                    ? -1
                    : (index + step + TABS.length) % TABS.length;
            if (target < 0) return;
            event.preventDefault();
            void selectTab(TABS[target]![0]).then(() => document.getElementById(`tab-${TABS[target]![0]}`)?.focus());
          },
        },
        label,
      ),
    ),
  );
  panel.setAttribute("aria-labelledby", `tab-${tab}`);
}

async function draw(): Promise<void> {
  await load();
  const account = accounts.find((entry) => entry.account_id === accountId);
  writeHash();
  if (!account) {
    replaceChildren(panel, h("p", {}, "This sandbox has no account."));
    return;
  }
  renderHeader();
  renderTabs();
  const ctx: ConsoleContext = { api, account, models, now, refresh, notify, run };
  const render = TABS.find(([id]) => id === tab)![2];
  const content = await render(ctx);
  replaceChildren(panel, content);
  document.body.dataset.ready = tab;
}

/** Redraws; concurrent calls share one pass that starts after the current one. */
function refresh(): Promise<void> {
  const next = (rendering ?? Promise.resolve()).then(() =>
    draw().catch((error) => notify(errorMessage(error), "error")),
  );
  rendering = next.finally(() => {
    if (rendering === next) rendering = undefined;
  });
  return next;
}

async function selectTab(id: TabId): Promise<void> {
  tab = id;
  notify("");
  await refresh();
}

async function switchAccount(id: string): Promise<void> {
  accountId = id;
  await refresh();
  notify(`Showing account ${id}.`);
}

async function createAccount(): Promise<void> {
  const created = await run(() => api.createAccount());
  if (!created) return;
  accountId = created.account.account_id;
  await refresh();
  await showSecretsOnce(
    `Account ${created.account.account_id} created`,
    [
      { label: "Live key", value: created.keys.live, testId: "account-live" },
      { label: "Test key", value: created.keys.test, testId: "account-test" },
      { label: "Read-only test key", value: created.keys.test_read_only, testId: "account-read-only" },
    ],
    "Its webhook signing secret is on the Webhooks tab.",
  );
}

async function start(): Promise<void> {
  readHash();
  document.body.replaceChildren(
    h("a", { class: "skip", href: "#panel" }, "Skip to content"),
    header,
    h("nav", {}, tabList),
    status,
    panel,
  );
  models = await api.listModels().catch(() => []);
  await refresh();
  window.addEventListener("hashchange", () => {
    readHash();
    void refresh();
  });
  // Requests and deliveries move on by themselves: redraw those tabs while no dialog is open.
  setInterval(tickClock, 1_000);
  setInterval(() => {
    if ((tab === "requests" || tab === "webhooks") && !document.querySelector("dialog[open]") && !rendering)
      void refresh();
  }, POLL_MS);
}

void start();
