import type { RenderContext } from "../../src/sandbox/render/context";

/** 2014-02-18T14:39:42Z, the example of Slack's own date documentation. */
export const SLACK_DOC_TS = 1392734382;

/** A renderer context with two people, two channels and one uploaded file. */
export function renderContext(overrides: Partial<RenderContext> = {}): RenderContext {
  const people = [
    { id: "U0ADMIN", name: "Avery Admin" },
    { id: "U0REP", name: "Riley Rep" },
  ];
  const channels = [
    { id: "C0REVIEW", name: "revenue-review" },
    { id: "C0GENERAL", name: "general" },
  ];
  return {
    timeZone: "America/Los_Angeles",
    now: SLACK_DOC_TS * 1000 + 3 * 3600_000,
    userName: (id) => people.find((p) => p.id === id)?.name ?? null,
    channelName: (id) => channels.find((c) => c.id === id)?.name ?? null,
    people,
    channels,
    imageSource: (url) => (url.startsWith("/files/F1/") ? url : null),
    fileSource: (id) => (id === "F1" ? "/files/F1/chart.png" : null),
    ...overrides,
  };
}
