import type { SandboxPerson } from "../../src/sandbox/workspace";
import { Workspace } from "../../src/sandbox/workspace";

/** The sandbox's three kinds of people, as a test workspace has them. */
export const PEOPLE: SandboxPerson[] = [
  { id: "U0ADMIN", name: "Avery Admin", role: "admin", title: "RevOps admin", timeZone: "America/New_York" },
  {
    id: "U0MANAGER",
    name: "Morgan Manager",
    role: "manager",
    title: "Manager, West",
    timeZone: "America/Los_Angeles",
  },
  {
    id: "U0REP",
    name: "Riley Rep",
    role: "rep",
    title: "Account executive, West",
    timeZone: "Europe/London",
  },
];

export const BOT = { userId: "U0BOT", botId: "B0BOT", appId: "A0APP", name: "Revenue Rituals" };

/** 2026-12-01 14:00 UTC */
export const DEC_1 = Date.UTC(2026, 11, 1, 14);

export function testWorkspace(now: () => number = () => DEC_1): Workspace {
  return new Workspace({
    people: PEOPLE,
    bot: BOT,
    channels: [
      { id: "C0REVIEW", name: "revenue-review" },
      { id: "C0GENERAL", name: "general" },
    ],
    now,
    timeZone: "America/New_York",
  });
}
