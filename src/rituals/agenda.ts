/**
 * The default agendas, with their timeboxes: the monthly revenue review's from the monthly
 * review orchestration, quarterly planning's from the executive planning session of the
 * quarterly planning cycle. The year-end review and custom rituals start with none.
 */

export const RITUAL_KINDS = ["monthly-review", "quarterly-planning", "year-end-review", "custom"] as const;
export type RitualKind = (typeof RITUAL_KINDS)[number];

export interface AgendaItem {
  title: string;
  minutes: number;
}

const DEFAULT_AGENDAS: Record<RitualKind, readonly AgendaItem[]> = {
  "monthly-review": [
    { title: "Month close review", minutes: 30 },
    { title: "Forecast accuracy review", minutes: 20 },
    { title: "Forward-looking forecast", minutes: 40 },
    { title: "Deal reviews", minutes: 40 },
    { title: "Action item review", minutes: 20 },
  ],
  "quarterly-planning": [
    { title: "Quarter performance review", minutes: 45 },
    { title: "Next quarter revenue plan", minutes: 60 },
    { title: "Territory plan review", minutes: 45 },
    { title: "Quota allocation review", minutes: 30 },
    { title: "Resource requirements", minutes: 30 },
    { title: "Decision and commit", minutes: 30 },
  ],
  "year-end-review": [],
  custom: [],
};

export function defaultAgenda(kind: RitualKind): AgendaItem[] {
  return DEFAULT_AGENDAS[kind].map((a) => ({ ...a }));
}

export function agendaMinutes(agenda: readonly AgendaItem[]): number {
  return agenda.reduce((sum, a) => sum + a.minutes, 0);
}
