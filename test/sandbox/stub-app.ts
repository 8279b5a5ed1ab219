/**
 * A scripted stand-in for the app behind the page, until the signed delivery joins the two: it
 * answers as the real bot would, through the same workspace methods the fake Web API calls.
 * /forecast → an ephemeral answer with Share; Share → posted in the channel, the ephemeral updated;
 * /deal-risk → a risk register with "Create action"; its modal refuses a past due date, then
 * accepts and updates the message; the Home tab; the clock's next post, a pre-read with a chart.
 */
import type { PageHandlers } from "../../src/sandbox/page-server";
import type { Workspace } from "../../src/sandbox/workspace";
import { barChartPng } from "./png";

const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
const md = (text: string) => ({ type: "mrkdwn", text });

/** The figures the stub's /forecast shows, so a test can check what the page displays. */
export const FORECAST = {
  base: "$4,210,500",
  conservative: "$3,880,000",
  upside: "$4,602,750",
  won: "$2,940,125",
};

export interface StubApp {
  handlers: PageHandlers;
  /** every request the page handed over, in order: "command /forecast", "action share", … */
  calls: string[];
}

function forecastBlocks(asOf: number) {
  return [
    { type: "header", block_id: "title", text: plain("Forecast · Company · 2026-12") },
    {
      type: "section",
      block_id: "headline",
      text: md(`*${FORECAST.base}* base forecast · likely ${FORECAST.conservative}–${FORECAST.upside}`),
    },
    {
      type: "section",
      block_id: "figures",
      fields: [
        md(`*Base*\n${FORECAST.base}`),
        md(`*Conservative (P10)*\n${FORECAST.conservative}`),
        md(`*Upside (P90)*\n${FORECAST.upside}`),
        md(`*Won to date*\n${FORECAST.won}`),
      ],
    },
    {
      type: "context",
      block_id: "trace",
      elements: [
        md(
          `as of <!date^${Math.floor(asOf / 1000)}^{date_short_pretty} at {time}|${new Date(asOf).toISOString()}> · import #7 · definitions v3`,
        ),
      ],
    },
    {
      type: "actions",
      block_id: "answer-actions",
      elements: [
        {
          type: "button",
          action_id: "share",
          text: plain("Share in channel"),
          value: "forecast:company:2026-12",
          style: "primary",
        },
      ],
    },
  ];
}

function dealRiskBlocks(done: string | null) {
  return [
    { type: "header", block_id: "title", text: plain("Deal risk · Team West · 2026-12") },
    {
      type: "section",
      block_id: "deal-1",
      text: md(
        "*Acme Corp renewal* · $420,000 · Negotiation\n:warning: pushed 3 times · no activity in 21 days · owner <@U0REP>",
      ),
      accessory: {
        type: "overflow",
        action_id: "deal-menu",
        confirm: {
          title: plain("Change this deal?"),
          text: plain("The deal's owner is told."),
          confirm: plain("Go ahead"),
          deny: plain("Keep it"),
        },
        options: [
          { text: plain("Open in CRM"), value: "crm" },
          { text: plain("Snooze a week"), value: "snooze" },
        ],
      },
    },
    done
      ? { type: "context", block_id: "created", elements: [md(`:white_check_mark: ${done}`)] }
      : {
          type: "actions",
          block_id: "risk-actions",
          elements: [
            { type: "button", action_id: "create_action", text: plain("Create action"), value: "deal:D-1" },
          ],
        },
  ];
}

function actionModal(channel: string, ts: string) {
  return {
    type: "modal",
    callback_id: "new_action",
    notify_on_close: true,
    private_metadata: JSON.stringify({ channel, ts }),
    title: plain("New action item"),
    submit: plain("Done"),
    close: plain("Cancel"),
    blocks: [
      {
        type: "section",
        block_id: "about",
        text: md("For *Acme Corp renewal* ($420,000), raised in the deal-risk review."),
      },
      {
        type: "input",
        block_id: "title",
        label: plain("What needs doing"),
        element: {
          type: "plain_text_input",
          action_id: "value",
          placeholder: plain("e.g. Book an exec call with Acme"),
        },
      },
      {
        type: "input",
        block_id: "owner",
        label: plain("Owner"),
        element: { type: "users_select", action_id: "value", initial_user: "U0REP" },
      },
      {
        type: "input",
        block_id: "due",
        label: plain("Due"),
        hint: plain("Reminders go out the day before."),
        element: { type: "datepicker", action_id: "value" },
      },
      {
        type: "input",
        block_id: "priority",
        label: plain("Priority"),
        element: {
          type: "static_select",
          action_id: "value",
          options: [
            { text: plain("High"), value: "high" },
            { text: plain("Normal"), value: "normal" },
          ],
          initial_option: { text: plain("Normal"), value: "normal" },
        },
      },
      {
        type: "input",
        block_id: "notes",
        optional: true,
        label: plain("Notes"),
        element: { type: "plain_text_input", action_id: "value", multiline: true },
      },
    ],
  };
}

// One object of handlers, long on purpose: the script reads top to bottom as the demo it plays.
export function stubApp(workspace: Workspace, clock: { now: number; next: number }): StubApp {
  const calls: string[] = [];
  const today = () => new Date(clock.now).toISOString().slice(0, 10);
  const handlers: PageHandlers = {
    async command({ user, channel, command, triggerId: _ }) {
      calls.push(`command ${command}`);
      if (command === "/forecast") {
        workspace.postEphemeral({
          channel,
          user,
          text: `Forecast: base ${FORECAST.base}`,
          blocks: forecastBlocks(clock.now),
        });
      } else if (command === "/deal-risk") {
        workspace.postMessage({ channel, text: "Deal risk · Team West", blocks: dealRiskBlocks(null) });
      } else {
        workspace.postEphemeral({ channel, user, text: "Try `/forecast` or `/deal-risk`." });
      }
    },
    async action({ user, action, container, triggerId }) {
      calls.push(`action ${String(action.action_id)}`);
      if (container.type !== "message") return;
      if (action.action_id === "share") {
        workspace.postMessage({
          channel: container.channelId,
          text: "Forecast",
          blocks: forecastBlocks(clock.now).slice(0, 4),
        });
        workspace.update({
          channel: container.channelId,
          ts: container.messageTs,
          blocks: [
            {
              type: "context",
              elements: [md(`Shared in <#${container.channelId}> by <@${user}>`)],
            },
          ],
        });
      } else if (action.action_id === "create_action") {
        workspace.openView(triggerId, actionModal(container.channelId, container.messageTs));
      }
    },
    async viewSubmit({ user, view }) {
      calls.push(`view_submission ${String(view.callback_id)}`);
      const values = (view.state as { values: Record<string, Record<string, Record<string, string>>> })
        .values;
      const due = values.due?.value?.selected_date ?? "";
      if (due <= today())
        return { response_action: "errors", errors: { due: `Pick a day after today (${today()}).` } };
      const { channel, ts } = JSON.parse(String(view.private_metadata)) as { channel: string; ts: string };
      const title = values.title?.value?.value ?? "";
      workspace.update({
        channel,
        ts,
        blocks: dealRiskBlocks(`Action item created: “${title}”, due ${due}`),
      });
      workspace.postMessage({
        channel,
        thread_ts: ts,
        text: `<@${user}> created an action item for <@${values.owner?.value?.selected_user}>: ${title}`,
      });
      return null;
    },
    async viewClose() {
      calls.push("view_closed");
    },
    async homeOpened({ user }) {
      calls.push("app_home_opened");
      const name = workspace.person(user)?.name ?? user;
      workspace.publishHome({
        user_id: user,
        view: {
          type: "home",
          blocks: [
            { type: "header", text: plain("Revenue Rituals") },
            {
              type: "section",
              fields: [
                md(`*Forecast 2026-12*\n${FORECAST.base}`),
                md("*Attainment 2026-12*\n71%"),
                md("*Coverage 2026-12*\n2.8×"),
              ],
            },
            {
              type: "context",
              elements: [
                md(
                  `Home of <@${user}> (${name}) · as of <!date^${Math.floor(clock.now / 1000)}^{date_short} {time}|now>`,
                ),
              ],
            },
            { type: "divider" },
            {
              type: "section",
              text: md(
                "Try `/forecast`, `/deal-risk me`, `/pipeline`, `/quota`, `/revenue` or `/rituals help`.",
              ),
            },
          ],
        },
      });
    },
    async clockNext() {
      calls.push("clock next");
      clock.now = clock.next;
      workspace.setUpcoming(null);
      const preRead = workspace.postMessage({
        channel: "C0REVIEW",
        text: "Pre-read: Monthly revenue review",
        blocks: [
          { type: "header", text: plain("Pre-read · Monthly revenue review") },
          {
            type: "section",
            text: md(
              `The review is <!date^${Math.floor(clock.now / 1000) + 86400}^{date_long_pretty} at {time}|tomorrow>. Base forecast *${FORECAST.base}*.`,
            ),
          },
        ],
      });
      const file = workspace.uploadFile({
        filename: "pipeline-by-stage.png",
        bytes: barChartPng([5, 8, 6, 3, 2]),
      });
      workspace.completeUpload({
        files: [{ id: file.id, title: "Pipeline by stage" }],
        channel_id: "C0REVIEW",
        thread_ts: preRead.ts,
      });
      workspace.postMessage({
        channel: "C0REVIEW",
        text: "chart",
        blocks: [
          {
            type: "image",
            image_url: file.path,
            alt_text: "Pipeline by stage",
            title: plain("Pipeline by stage"),
          },
        ],
      });
    },
  };
  return { handlers, calls };
}
