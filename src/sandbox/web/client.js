// The sandbox page: places the fragments the server rendered (it renders no Block Kit itself),
// follows the workspace through server-sent events, and reports what the person does — a slash
// command, a click, a choice, a modal submitted — for the server to hand to the app.

const $ = (id) => document.getElementById(id);

/** @type {any} the last state from the server */
let state = null;
/** where the person is: a channel, or the app's Home / Messages tab */
const ui = {
  open: { kind: "channel", id: null },
  thread: null,
  hint: 0,
  seen: new Map(),
  stickToBottom: true,
  /** the message list's scrollTop where this page last put it at the end (see pinToBottom) */
  pinnedAt: -1,
};
/** performance.now() at the last state, to run the bot's clock on between updates */
let stateAt = 0;

// ---- talking to the server ----

async function post(path, body = {}) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) {
    toast(answer.error ?? `${path} failed (${res.status})`);
    throw new Error(answer.error);
  }
  return answer;
}

/** Runs a request with the control that started it disabled, so a double click sends once. */
async function busy(control, request) {
  if (control) control.disabled = true;
  control?.classList.add("busy");
  try {
    return await request();
  } catch {
    return null;
  } finally {
    if (control) control.disabled = false;
    control?.classList.remove("busy");
  }
}

function toast(text) {
  const item = document.createElement("div");
  item.className = "toast";
  item.textContent = text;
  $("toasts").append(item);
  setTimeout(() => item.remove(), 8000);
}

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("state", (event) => apply(JSON.parse(event.data)));
  events.addEventListener("open", () => document.body.classList.remove("offline"));
  events.addEventListener("error", () => document.body.classList.add("offline"));
}

// ---- drawing ----

function fragment(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content.firstElementChild;
}

/**
 * Makes `container` hold `items` ({key, html}) in order, replacing only the nodes whose HTML
 * changed: a message updated in place is redrawn, the others (and what is typed in them) stay.
 */
function reconcile(container, items) {
  const existing = new Map([...container.children].map((node) => [node.dataset.key, node]));
  let previous = null;
  for (const item of items) {
    let node = existing.get(item.key);
    if (!node || node.dataset.html !== item.html) {
      const fresh = fragment(item.html);
      fresh.dataset.key = item.key;
      fresh.dataset.html = item.html;
      if (node) node.replaceWith(fresh);
      node = fresh;
    }
    existing.delete(item.key);
    const wanted = previous ? previous.nextElementSibling : container.firstElementChild;
    if (wanted !== node) container.insertBefore(node, wanted);
    previous = node;
  }
  for (const stale of existing.values()) stale.remove();
}

/** Text made safe for HTML, attributes included (the server's fragments are escaped already). */
function escapeText(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function dmChannel() {
  return state.channels.find((c) => c.kind === "dm");
}

function openChannelId() {
  return ui.open.kind === "channel" ? ui.open.id : ui.open.tab === "messages" ? dmChannel()?.id : null;
}

function drawSidebar() {
  const channels = state.channels.filter((c) => c.kind === "channel");
  const unread = (id) =>
    state.messages.filter((m) => m.channel === id && m.ts > (ui.seen.get(id) ?? "")).length;
  const item = (label, active, count, attrs) =>
    `<li><button type="button" class="sidebar-item${active ? " active" : ""}${count ? " unread" : ""}" ${attrs}>${label}${
      count ? `<span class="badge">${count}</span>` : ""
    }</button></li>`;
  $("channel-list").innerHTML = channels
    .map((c) =>
      item(
        `<span class="hash">#</span>${escapeText(c.name)}`,
        openChannelId() === c.id,
        unread(c.id),
        `data-channel="${escapeText(c.id)}"`,
      ),
    )
    .join("");
  const dm = dmChannel();
  $("app-list").innerHTML = item(
    `<span class="app-dot"></span>${escapeText(state.bot.name)}`,
    ui.open.kind === "app",
    dm ? unread(dm.id) : 0,
    `data-app="true"`,
  );
}

function drawMessages() {
  const channel = openChannelId();
  const list = state.messages.filter((m) => m.channel === channel);
  const items = [];
  let day = null;
  for (const m of list) {
    if (m.day !== day) {
      day = m.day;
      items.push({
        key: `day/${day}`,
        html: `<div class="day-divider"><span>${escapeText(day)}</span></div>`,
      });
    }
    items.push({ key: m.key, html: m.html });
  }
  if (items.length === 0) {
    items.push({
      key: "empty",
      html: `<div class="empty">No messages yet. Try a slash command below, e.g. <code>/rituals help</code>.</div>`,
    });
  }
  const box = $("messages");
  reconcile(box, items);
  if (ui.stickToBottom || ui.justOpened) pinToBottom(box);
  ui.justOpened = false;
  const last = list.at(-1);
  if (channel && last) ui.seen.set(channel, last.ts);
}

function drawConversation() {
  const app = ui.open.kind === "app";
  const home = app && ui.open.tab === "home";
  const channel = state.channels.find((c) => c.id === ui.open.id);
  $("conversation-title").innerHTML = app
    ? `<span class="app-dot"></span>${escapeText(state.bot.name)}`
    : `<span class="hash">#</span>${escapeText(channel?.name ?? "")}`;
  $("app-tabs").hidden = !app;
  for (const tab of document.querySelectorAll("#app-tabs .tab")) {
    tab.classList.toggle("active", app && tab.dataset.tab === ui.open.tab);
  }
  $("messages").hidden = home;
  $("home").hidden = !home;
  $("composer").hidden = home;
  $("composer-input").placeholder = app ? `Message ${state.bot.name}` : `Message #${channel?.name ?? ""}`;
  if (home) {
    const html = state.home
      ? `<div class="view" data-view-id="${escapeText(state.home.id)}">${state.home.html}</div>`
      : "";
    reconcile($("home"), [
      {
        key: `home/${state.home?.id ?? "none"}`,
        html: html || `<div class="empty">The Home tab is loading…</div>`,
      },
    ]);
  } else drawMessages();
}

function drawThread() {
  const pane = $("thread-pane");
  const parent =
    ui.thread && state.messages.find((m) => m.channel === ui.thread.channel && m.ts === ui.thread.ts);
  pane.hidden = !parent;
  if (!parent) return;
  const channel = state.channels.find((c) => c.id === parent.channel);
  $("thread-channel").textContent = channel?.kind === "channel" ? `#${channel.name}` : state.bot.name;
  const replies = state.replies.filter((m) => m.channel === parent.channel && m.threadTs === parent.ts);
  const count = `<div class="thread-count" data-key="count">${replies.length} ${replies.length === 1 ? "reply" : "replies"}</div>`;
  reconcile($("thread-messages"), [
    { key: parent.key, html: parent.html },
    { key: `count/${replies.length}`, html: count },
    ...replies.map((m) => ({ key: m.key, html: m.html })),
  ]);
}

function drawModal() {
  const layer = $("modal-layer");
  const top = state.modals.at(-1);
  layer.hidden = !top;
  if (!top) {
    layer.replaceChildren();
    return;
  }
  const shown = layer.querySelector(".modal");
  if (shown && shown.dataset.viewId === top.id && shown.dataset.hash === top.hash) return;
  const back =
    state.modals.length > 1
      ? `<button type="button" class="btn btn-icon" data-modal-close aria-label="Back">←</button>`
      : "";
  layer.replaceChildren(
    fragment(`<div class="modal" role="dialog" aria-modal="true" aria-label="${escapeText(top.title)}" data-view-id="${escapeText(top.id)}" data-hash="${escapeText(top.hash)}">
<header class="modal-header">${back}<h2>${escapeText(top.title)}</h2><button type="button" class="btn btn-icon" data-modal-close aria-label="Close">✕</button></header>
<div class="modal-body view" data-view-id="${escapeText(top.id)}">${top.html}</div>
<footer class="modal-footer"><button type="button" class="btn" data-modal-close>${escapeText(top.close)}</button>${
      top.submit
        ? `<button type="button" class="btn btn-primary" data-modal-submit>${escapeText(top.submit)}</button>`
        : ""
    }</footer></div>`),
  );
  layer.querySelector(".has-error input, .has-error textarea, .has-error select")?.focus();
}

function formatClock(ms, timeZone) {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(new Date(ms));
}

function drawClock() {
  const { clock } = state;
  $("clock-now").textContent = formatClock(clock.now + (performance.now() - stateAt), clock.timeZone);
  $("clock-upcoming").textContent = clock.upcoming
    ? `next: ${clock.upcoming.label} · ${clock.upcoming.when}`
    : "";
}

function drawPeople() {
  const select = $("person");
  select.innerHTML = state.people
    .map(
      (p) =>
        `<option value="${escapeText(p.id)}"${p.id === state.viewer.id ? " selected" : ""}>${escapeText(p.name)} — ${escapeText(p.title)}</option>`,
    )
    .join("");
}

function draw() {
  if (!state) return;
  if (ui.open.kind === "channel" && !state.channels.some((c) => c.id === ui.open.id)) {
    ui.open = { kind: "channel", id: state.channels.find((c) => c.kind === "channel")?.id ?? null };
  }
  drawConversation();
  drawSidebar();
  drawThread();
  drawModal();
  drawClock();
  document.body.dataset.viewer = state.viewer.id;
}

function apply(next) {
  const switched = state && state.viewer.id !== next.viewer.id;
  state = next;
  stateAt = performance.now();
  if (switched) {
    ui.thread = null;
    ui.seen.clear();
  }
  drawPeople();
  draw();
  document.body.classList.add("ready");
}

// ---- navigating ----

function openChannel(id) {
  ui.open = { kind: "channel", id };
  ui.justOpened = true;
  draw();
}

function openApp(tab) {
  ui.open = { kind: "app", tab };
  ui.justOpened = true;
  draw();
  // Slack tells the app each time its Home tab is opened (app_home_opened)
  if (tab === "home") post("/home-opened").catch(() => {});
}

document.addEventListener("click", (event) => {
  const target = event.target.closest("button, summary");
  if (!target) return;
  if (target.dataset.channel && target.closest(".sidebar")) openChannel(target.dataset.channel);
  else if (target.dataset.app) openApp(ui.open.kind === "app" ? ui.open.tab : "home");
  else if (target.dataset.tab) openApp(target.dataset.tab);
  else if (target.dataset.openThread) {
    const message = target.closest("article.message");
    ui.thread = { channel: message.dataset.channel, ts: target.dataset.openThread };
    draw();
  } else if (target.id === "thread-close") {
    ui.thread = null;
    draw();
  } else if (target.id === "clock-next") busy(target, () => post("/clock/next"));
  else if (target.hasAttribute("data-modal-close")) closeModal(target);
  else if (target.hasAttribute("data-modal-submit")) submitModal(target);
  else if (target.dataset.element === "button") clickButton(target);
  else if (target.classList.contains("menu-item")) chooseOverflow(target);
});

$("person").addEventListener("change", (event) => {
  busy(event.target, () => post("/person", { id: event.target.value }));
});

// ---- Block Kit elements → what the server turns into Slack payloads ----

function containerOf(node) {
  const message = node.closest("article.message");
  if (message) return { type: "message", channel: message.dataset.channel, ts: message.dataset.ts };
  const view = node.closest("[data-view-id]");
  return view ? { type: "view", viewId: view.dataset.viewId } : null;
}

/** What an element holds now: {value} or {values} for multi-selects and checkboxes. */
function chosen(el) {
  if (el.tagName === "SELECT") {
    return el.multiple
      ? { values: [...el.selectedOptions].map((o) => o.value) }
      : { value: el.value || null };
  }
  if (el.tagName === "FIELDSET") {
    const checked = [...el.querySelectorAll("input:checked")].map((i) => i.value);
    return el.dataset.element === "checkboxes" ? { values: checked } : { value: checked[0] ?? null };
  }
  return { value: el.value === "" ? null : el.value };
}

function picked(el, extra = chosen(el)) {
  return { blockId: el.dataset.blockId, actionId: el.dataset.actionId, ...extra };
}

/** Every value-holding element of a modal or Home tab, as state.values will carry them. */
function viewValues(view) {
  return [...view.querySelectorAll("[data-element]")]
    .filter((el) => !["button", "overflow", "image"].includes(el.dataset.element))
    .map((el) => picked(el));
}

function confirmed(el) {
  if (!el.dataset.confirm) return Promise.resolve(true);
  const dialog = JSON.parse(el.dataset.confirm);
  const box = $("confirm");
  $("confirm-title").textContent = dialog.title;
  $("confirm-text").textContent = dialog.text;
  $("confirm-ok").textContent = dialog.confirm;
  $("confirm-deny").textContent = dialog.deny;
  box.showModal();
  return new Promise((resolve) =>
    box.addEventListener("close", () => resolve(box.returnValue === "confirm"), { once: true }),
  );
}

async function sendAction(el, choice, control = el) {
  const container = containerOf(el);
  if (!container || !(await confirmed(el))) return;
  const body = { container, action: picked(el, choice) };
  const view = container.type === "view" ? el.closest("[data-view-id]") : null;
  if (view) body.values = viewValues(view);
  await busy(control, () => post("/action", body));
}

function clickButton(button) {
  if (button.dataset.url) window.open(button.dataset.url, "_blank", "noopener");
  sendAction(button, {});
}

function chooseOverflow(item) {
  const menu = item.closest("details.overflow");
  menu.open = false;
  sendAction(menu, { value: item.dataset.optionValue }, item);
}

/** Inside a modal's input block a choice is only reported when the block asks (dispatch_action). */
function reportsAtOnce(el) {
  const input = el.closest(".block-input");
  return !input || input.dataset.dispatchAction === "true";
}

/** Elements whose every change Slack reports (buttons and overflow menus report clicks). */
const REPORTED_ON_CHANGE = /select$|picker$|^checkboxes$|^radio_buttons$/;

document.addEventListener("change", (event) => {
  const el = event.target.closest("[data-element]");
  if (el && REPORTED_ON_CHANGE.test(el.dataset.element) && reportsAtOnce(el)) sendAction(el, chosen(el));
});

document.addEventListener("keydown", (event) => {
  // a text input in a dispatch_action block reports on Enter
  const el = event.target.closest?.('input[data-element="plain_text_input"]');
  if (el && event.key === "Enter" && el.closest('[data-dispatch-action="true"]')) {
    event.preventDefault();
    sendAction(el, chosen(el));
  }
});

document.addEventListener(
  "toggle",
  (event) => {
    // one overflow menu open at a time
    if (event.target.matches?.("details.overflow[open]")) {
      for (const other of document.querySelectorAll("details.overflow[open]"))
        if (other !== event.target) other.open = false;
    }
  },
  true,
);

// ---- external selects: Slack asks the app for options (block_suggestion) as the person types ----

const searches = new WeakMap();

function fillSuggestions(search, options) {
  const select = search.parentElement.querySelector("select");
  if (!select) return;
  const current = new Set([...select.selectedOptions].map((o) => o.value).filter(Boolean));
  const kept = [...select.options].filter((o) => !o.value || current.has(o.value));
  select.replaceChildren(...kept);
  for (const option of options) {
    if (current.has(option.value)) continue;
    const item = document.createElement("option");
    item.value = option.value;
    item.textContent = option.label;
    select.append(item);
  }
  // the first match chosen, as Slack's menu highlights it
  if (current.size === 0 && options.length > 0 && !select.multiple) select.value = options[0].value;
  search.dataset.found = String(options.length);
}

async function suggest(search) {
  const view = search.closest("[data-view-id]");
  if (!view) return;
  const value = search.value.trim();
  if (value.length < Number(search.dataset.minQuery || "3")) return;
  const answer = await post("/suggest", {
    viewId: view.dataset.viewId,
    blockId: search.dataset.suggestBlock,
    actionId: search.dataset.suggestAction,
    value,
    values: viewValues(view),
  }).catch(() => null);
  // a later search may have been typed meanwhile; only the latest fills the list
  if (answer && search.value.trim() === value) fillSuggestions(search, answer.options);
}

document.addEventListener("input", (event) => {
  const search = event.target.closest?.("input.external-search");
  if (!search) return;
  clearTimeout(searches.get(search));
  searches.set(
    search,
    setTimeout(() => suggest(search), 250),
  );
});

// ---- modals ----

function closeModal(control) {
  const modal = control.closest(".modal");
  if (modal) busy(control, () => post("/view-close", { viewId: modal.dataset.viewId }));
}

function submitModal(control) {
  const modal = control.closest(".modal");
  busy(control, () =>
    post("/view-submit", {
      viewId: modal.dataset.viewId,
      values: viewValues(modal.querySelector(".modal-body")),
    }),
  );
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !$("modal-layer").hidden && !$("confirm").open) {
    const close = $("modal-layer").querySelector(".modal-header [data-modal-close]:last-child");
    if (close) closeModal(close);
  }
});

// ---- the composer: slash commands with the manifest's usage hints ----

function matchingCommands(text) {
  if (!text.startsWith("/") || /\s/.test(text)) return [];
  return state.commands.filter((c) => c.command.startsWith(text.toLowerCase()));
}

function drawHints() {
  const text = $("composer-input").value;
  const matches = state ? matchingCommands(text) : [];
  const list = $("command-hints");
  list.hidden = matches.length === 0;
  ui.hint = Math.min(ui.hint, Math.max(matches.length - 1, 0));
  list.innerHTML = matches
    .map(
      (c, i) =>
        `<div role="option" class="command-hint${i === ui.hint ? " active" : ""}" data-command="${escapeText(c.command)}"><b>${escapeText(c.command)}</b> <span class="usage">${escapeText(c.usageHint)}</span><span class="description">${escapeText(c.description)}</span></div>`,
    )
    .join("");
  const typed = /^(\/\S+)\s/.exec(text)?.[1]?.toLowerCase();
  const command = typed && state?.commands.find((c) => c.command === typed);
  $("usage-hint").hidden = !command;
  if (command)
    $("usage-hint").innerHTML =
      `<b>${escapeText(command.command)}</b> ${escapeText(command.usageHint)} · ${escapeText(command.description)}`;
}

function complete(command) {
  const input = $("composer-input");
  input.value = `${command} `;
  input.focus();
  drawHints();
}

async function send(input, threadTs) {
  const text = input.value.trim();
  const channel = threadTs ? ui.thread.channel : openChannelId();
  if (!text || !channel) return;
  input.value = "";
  drawHints();
  const sent = text.startsWith("/")
    ? await busy(null, () => post("/command", { channel, text }))
    : await busy(null, () => post("/message", { channel, text, ...(threadTs ? { threadTs } : {}) }));
  if (!sent) input.value = text;
}

$("composer-input").addEventListener("input", () => {
  ui.hint = 0;
  drawHints();
});

$("composer-input").addEventListener("keydown", (event) => {
  const matches = matchingCommands(event.target.value);
  if (matches.length > 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
    event.preventDefault();
    ui.hint = (ui.hint + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
    drawHints();
  } else if (matches.length > 0 && (event.key === "Tab" || (event.key === "Enter" && !event.shiftKey))) {
    event.preventDefault();
    complete(matches[ui.hint].command);
  } else if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    send(event.target);
  }
});

$("command-hints").addEventListener("mousedown", (event) => {
  const hint = event.target.closest("[data-command]");
  if (hint) {
    event.preventDefault();
    complete(hint.dataset.command);
  }
});

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  send($("composer-input"));
});

$("thread-composer").addEventListener("submit", (event) => {
  event.preventDefault();
  send($("thread-input"), ui.thread?.ts);
});

$("thread-input").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    send(event.target, ui.thread?.ts);
  }
});

$("confirm").addEventListener("click", (event) => {
  const button = event.target.closest("button[value]");
  if (button) {
    event.preventDefault();
    $("confirm").close(button.value);
  }
});

// Like Slack, the list follows new messages while the person is at its end, also while a chart
// image is still loading; scrolled up to read, it stays where it is.
function pinToBottom(box) {
  box.scrollTop = box.scrollHeight;
  ui.pinnedAt = box.scrollTop;
}
$("messages").addEventListener("scroll", () => {
  const box = $("messages");
  // the scroll this page made: still at the end it was put at, though a chart that loaded since may
  // have made the list longer before this event came (its load then finds the list still following)
  if (box.scrollTop === ui.pinnedAt) {
    ui.stickToBottom = true;
    return;
  }
  ui.stickToBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
});
$("messages").addEventListener(
  "load",
  () => {
    if (ui.stickToBottom) pinToBottom($("messages"));
  },
  true,
);

setInterval(() => state && drawClock(), 15_000);
connect();
