import type { FakeSlackApi } from "../../src/sandbox/fake-slack-api";
import type { Db } from "../../src/store/db";
import {
  linkSlackUser,
  listRepDirectory,
  type RepDirectoryEntry,
} from "../../src/store/slack-links-repository";

/** The cast of a Slack-level test, picked from the stored sample's org chart. */
export interface Cast {
  admin: string;
  manager: { id: string; rep: RepDirectoryEntry; team: string };
  /** a rep in the manager's team, linked by email through users.info on first use */
  rep: { id: string; rep: RepDirectoryEntry };
  /** a rep in another team, linked explicitly */
  outsider: { id: string; rep: RepDirectoryEntry };
  /** a Slack user whose email matches no rep */
  unlinked: string;
}

export function castFrom(db: Db, fake: FakeSlackApi): Cast {
  const reps = listRepDirectory(db);
  const managerRep = reps.find((r) => reps.some((x) => x.manager === r.name && x.team));
  if (!managerRep) throw new Error("sample has no manager who is a rep");
  const reports = reps.filter((x) => x.manager === managerRep.name && x.team);
  const team = reports[0]?.team as string;
  const rep = reports.find((x) => x.email && x.team === team && !reps.some((y) => y.manager === x.name));
  const outsider = reps.find((x) => x.team && x.team !== team && !reps.some((y) => y.manager === x.name));
  if (!rep || !outsider) throw new Error("sample lacks a plain rep in and outside the manager's team");
  linkSlackUser(db, managerRep.id, "UMGR");
  linkSlackUser(db, outsider.id, "UOUT");
  fake.users.set("UREP", { email: (rep.email as string).toUpperCase() });
  fake.users.set("UADMIN", { email: "admin@elsewhere.example" });
  fake.users.set("UNOBODY", { email: "nobody@elsewhere.example" });
  // linked above, without an email to look up; Slack still knows them (their Home tab, their DM)
  fake.users.set("UMGR", {});
  fake.users.set("UOUT", {});
  return {
    admin: "UADMIN",
    manager: { id: "UMGR", rep: managerRep, team },
    rep: { id: "UREP", rep },
    outsider: { id: "UOUT", rep: outsider },
    unlinked: "UNOBODY",
  };
}
