import type { ResolvedScope, Viewer } from "./permissions";

const COMPANY: ResolvedScope = { kind: "company", value: "" };

/** Figures default to the company: everyone may see them. */
export function companyScope(): ResolvedScope {
  return COMPANY;
}

/**
 * Deal lists default to what the viewer owns: a rep their own deals, a manager of one team that
 * team (a manager of several their own deals, or the company when they carry none), everyone else
 * the company (admins see its deals, others its totals).
 */
export function ownDealsScope(viewer: Viewer): ResolvedScope {
  if (viewer.role === "rep" && viewer.rep) return { kind: "rep", value: viewer.rep.name };
  if (viewer.role === "manager") {
    const teams = viewer.managedTeamNames;
    if (teams.length === 1) return { kind: "team", value: teams[0] as string };
    if (viewer.rep) return { kind: "rep", value: viewer.rep.name };
  }
  return COMPANY;
}
