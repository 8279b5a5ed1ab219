import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { splitCommand } from "../../src/sandbox/page-server";
import type { PageState } from "../../src/sandbox/render/page-state";
import { MANIFEST_COMMANDS, type Sandbox, startSandbox } from "./fixture";

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await startSandbox();
});

afterEach(async () => {
  await sandbox.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(sandbox.page.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function state(): Promise<PageState> {
  return (await (await fetch(`${sandbox.page.url}/state`)).json()) as PageState;
}

describe("the manifest's slash commands", () => {
  it("are read with their usage hints", () => {
    expect(MANIFEST_COMMANDS.map((c) => c.command)).toEqual([
      "/forecast",
      "/deal-risk",
      "/pipeline",
      "/quota",
      "/revenue",
      "/rituals",
      "/actions",
    ]);
    expect(MANIFEST_COMMANDS[1]).toEqual({
      command: "/deal-risk",
      description: "The risk register of open deals",
      usageHint: "[period] [scope] [top N]",
    });
  });

  it("a typed line splits into command and text as Slack splits it", () => {
    expect(splitCommand("  /Forecast   2026-12 team:West ")).toEqual({
      command: "/forecast",
      text: "2026-12 team:West",
    });
    expect(splitCommand("/rituals")).toEqual({ command: "/rituals", text: "" });
  });
});

describe("page server", () => {
  it("binds to 127.0.0.1 and serves the page under a policy that loads nothing from elsewhere", async () => {
    expect(sandbox.page.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${sandbox.page.url}/`);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/client.js">');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ["/client.js", "/style.css"]) {
      const text = await (await fetch(sandbox.page.url + asset)).text();
      expect(text).not.toMatch(/(?:src|href|url)\s*[=(]\s*["']?https?:/);
    }
  });

  it("GET /state is the workspace as the current person sees it", async () => {
    const s = await state();
    expect(s.viewer.id).toBe("U0ADMIN");
    expect(s.channels.map((c) => c.name)).toEqual(["revenue-review", "general", "Revenue Rituals"]);
    expect(s.commands).toEqual(MANIFEST_COMMANDS);
    expect(s.clock.upcoming?.label).toBe("Pre-read: Monthly revenue review");
  });

  it("a slash command reaches the handler with a trigger; its ephemeral answer is the typist's alone", async () => {
    const res = await post("/command", { channel: "C0REVIEW", text: "/forecast 2026-12" });
    expect(res).toEqual({ status: 200, body: { ok: true } });
    expect(sandbox.app.calls).toEqual(["command /forecast"]);
    const mine = (await state()).messages;
    expect(mine).toHaveLength(1);
    expect(mine[0]?.ephemeral).toBe(true);
    expect(mine[0]?.html).toContain("Only visible to you");
    await post("/person", { id: "U0REP" });
    expect((await state()).messages).toHaveLength(0);
  });

  it("an unknown command is answered by Slackbot, as in Slack, without reaching the app", async () => {
    await post("/command", { channel: "C0REVIEW", text: "/nope now" });
    expect(sandbox.app.calls).toEqual([]);
    const [notice] = (await state()).messages;
    expect(notice?.html).toContain("Slackbot");
    expect(notice?.html).toContain("is not a valid command");
  });

  it("a click reaches the app as Slack's block action and the message is updated in place", async () => {
    await post("/command", { channel: "C0REVIEW", text: "/forecast" });
    const [answer] = (await state()).messages;
    const res = await post("/action", {
      container: { type: "message", channel: "C0REVIEW", ts: answer?.ts },
      action: { blockId: "answer-actions", actionId: "share" },
    });
    expect(res.status).toBe(200);
    const after = (await state()).messages;
    expect(after.map((m) => m.ts)).toContain(answer?.ts);
    expect(after.find((m) => m.ts === answer?.ts)?.html).toContain("Shared in");
    expect(after).toHaveLength(2);
  });

  it("a modal: required inputs are checked first, the app's errors shown, then accepted", async () => {
    await post("/command", { channel: "C0REVIEW", text: "/deal-risk" });
    const [risk] = (await state()).messages;
    await post("/action", {
      container: { type: "message", channel: "C0REVIEW", ts: risk?.ts },
      action: { blockId: "risk-actions", actionId: "create_action" },
    });
    const [modal] = (await state()).modals;
    expect(modal?.title).toBe("New action item");
    const values = (due: string | null, title: string | null = "Book exec call") => [
      { blockId: "title", actionId: "value", value: title },
      { blockId: "owner", actionId: "value", value: "U0REP" },
      { blockId: "due", actionId: "value", value: due },
      { blockId: "priority", actionId: "value", value: "high" },
      { blockId: "notes", actionId: "value", value: null },
    ];
    const missing = await post("/view-submit", { viewId: modal?.id, values: values(null, null) });
    expect(missing.body.errors).toEqual({
      title: "Please complete this required field.",
      due: "Please complete this required field.",
    });
    expect(sandbox.app.calls).not.toContain("view_submission new_action");
    const past = await post("/view-submit", { viewId: modal?.id, values: values("2026-11-30") });
    expect(past.body.errors).toEqual({ due: "Pick a day after today (2026-12-01)." });
    const shown = (await state()).modals[0];
    expect(shown?.html).toContain("Pick a day after today");
    expect(shown?.html).toContain('value="Book exec call"');
    const ok = await post("/view-submit", { viewId: modal?.id, values: values("2026-12-08") });
    expect(ok).toEqual({ status: 200, body: { ok: true } });
    const after = await state();
    expect(after.modals).toHaveLength(0);
    expect(after.messages.find((m) => m.ts === risk?.ts)?.html).toContain("Action item created");
    expect(after.messages.find((m) => m.ts === risk?.ts)?.replyCount).toBe(1);
  });

  it("an external select's search asks the app (block_suggestion); a suggested option is submitted with its text", async () => {
    const { workspace, app } = sandbox;
    const view = workspace.openView(workspace.issueTrigger("U0ADMIN"), {
      type: "modal",
      title: { type: "plain_text", text: "Pick a deal" },
      submit: { type: "plain_text", text: "Save" },
      blocks: [
        {
          type: "input",
          block_id: "deal",
          label: { type: "plain_text", text: "Deal" },
          element: { type: "external_select", action_id: "search", min_query_length: 2 },
        },
      ],
    });
    const asked: string[] = [];
    app.handlers.suggest = async (request) => {
      asked.push(`${request.blockId}/${request.actionId}:${request.value}:${String(request.view.id)}`);
      return [{ text: { type: "plain_text", text: "Acme renewal" }, value: "D-1" }];
    };
    let submitted: unknown = null;
    app.handlers.viewSubmit = async (request) => {
      submitted = (request.view.state as { values: unknown }).values;
      return null;
    };
    const search = (value: string) =>
      post("/suggest", { viewId: view.id, blockId: "deal", actionId: "search", value });
    // shorter than min_query_length: Slack does not ask
    expect((await search("A")).body.options).toEqual([]);
    expect(asked).toEqual([]);
    expect((await search("Ac")).body.options).toEqual([{ value: "D-1", label: "Acme renewal" }]);
    expect(asked).toEqual([`deal/search:Ac:${view.id}`]);
    expect((await state()).modals[0]?.html).toContain("Acme renewal");
    await post("/view-submit", {
      viewId: view.id,
      values: [{ blockId: "deal", actionId: "search", value: "D-1" }],
    });
    expect(submitted).toEqual({
      deal: {
        search: {
          type: "external_select",
          selected_option: { text: { type: "plain_text", text: "Acme renewal" }, value: "D-1" },
        },
      },
    });
    expect(
      (await post("/suggest", { viewId: view.id, blockId: "nope", actionId: "search", value: "Acme" }))
        .status,
    ).toBe(409);
  });

  it("opening the Home tab asks the app, which publishes it for that person", async () => {
    await post("/person", { id: "U0MANAGER" });
    await post("/home-opened", {});
    const s = await state();
    expect(s.viewer.id).toBe("U0MANAGER");
    expect(s.home?.html).toContain("Morgan Manager");
  });

  it("the clock's jump runs the handler and posts the pre-read with its chart, served as a PNG", async () => {
    await post("/clock/next", {});
    const s = await state();
    expect(s.clock.now).toBe(sandbox.clock.next);
    expect(s.clock.upcoming).toBeNull();
    const chart = /src="(\/files\/F\w+\/[^"]+)"/.exec(s.messages.map((m) => m.html).join(""))?.[1];
    expect(chart).toBeDefined();
    const res = await fetch(sandbox.page.url + chart);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("pushes the new state to the page on every change (server-sent events)", async () => {
    const controller = new AbortController();
    const res = await fetch(`${sandbox.page.url}/events`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const nextState = async (): Promise<PageState> => {
      while (!text.includes("\n\n")) text += decoder.decode((await reader.read()).value);
      const [event, rest] = [text.slice(0, text.indexOf("\n\n")), text.slice(text.indexOf("\n\n") + 2)];
      text = rest;
      return JSON.parse(event.replace(/^event: state\ndata: /, "")) as PageState;
    };
    expect((await nextState()).messages).toHaveLength(0);
    sandbox.workspace.postMessage({ channel: "C0GENERAL", text: "hello" });
    sandbox.workspace.postMessage({ channel: "C0GENERAL", text: "again" });
    // the two posts arrive together, in one push
    expect((await nextState()).messages.map((m) => m.channel)).toEqual(["C0GENERAL", "C0GENERAL"]);
    controller.abort();
  });

  it("answers bad requests with a JSON message saying what is wrong, and changes nothing", async () => {
    expect(await post("/command", { channel: "C0REVIEW" })).toEqual({
      status: 400,
      body: {
        error: "text: Invalid input: expected string, received undefined",
        code: "sandbox_bad_request",
      },
    });
    expect(
      (await post("/command", "text=/forecast", { "content-type": "application/x-www-form-urlencoded" }))
        .status,
    ).toBe(415);
    expect((await post("/command", "{not json")).body.error).toBe("the body is not valid JSON");
    const big = await post("/message", { channel: "C0REVIEW", text: "x".repeat(70_000) });
    expect(big).toEqual({
      status: 413,
      body: { error: "request body over 65536 bytes", code: "sandbox_bad_request" },
    });
    expect(await post("/person", { id: "U0NOBODY" })).toMatchObject({ status: 404 });
    expect(await post("/command", { channel: "C0NOPE", text: "/forecast" })).toMatchObject({
      status: 400,
      body: { slackError: "channel_not_found" },
    });
    expect((await fetch(`${sandbox.page.url}/command`)).status).toBe(405);
    expect((await fetch(`${sandbox.page.url}/nothing`)).status).toBe(404);
    expect((await state()).messages).toHaveLength(0);
    expect(sandbox.app.calls).toEqual([]);
  });

  it("the app failing is a 502 with its message, shown to the person", async () => {
    sandbox.app.handlers.command = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    expect(await post("/command", { channel: "C0REVIEW", text: "/forecast" })).toEqual({
      status: 502,
      body: { error: "the app did not answer: connect ECONNREFUSED", code: "app_failed" },
    });
  });
});
