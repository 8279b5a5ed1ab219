import { describe, expect, it } from "vitest";
import { ActionItemError } from "../../src/actions/errors";
import { parseInlineAdd } from "../../src/actions/inline-add";

const context = { now: new Date("2026-11-25T12:00:00Z"), zone: "UTC", creatorId: "UME" };

function problem(text: string): ActionItemError {
  try {
    parseInlineAdd(text, context);
  } catch (error) {
    expect(error).toBeInstanceOf(ActionItemError);
    return error as ActionItemError;
  }
  throw new Error(`"${text}" was accepted`);
}

describe("/actions add inline", () => {
  it("reads the owner as Slack sends a mention, the deadline, and the rest as the text", () => {
    expect(parseInlineAdd("<@U0ANA|ana> due:2026-12-04 Call the CFO about renewal", context)).toEqual({
      ownerId: "U0ANA",
      deadline: "2026-12-04",
      text: "Call the CFO about renewal",
    });
    expect(parseInlineAdd("due:friday <@U0ANA> Send the  pricing deck", context)).toEqual({
      ownerId: "U0ANA",
      deadline: "2026-11-27",
      text: "Send the pricing deck",
    });
    expect(parseInlineAdd("@U0BEN due:+2d Book the QBR", context).ownerId).toBe("U0BEN");
  });

  it("without an owner the person typing owns it; a mention inside the text stays text", () => {
    expect(parseInlineAdd("due:tomorrow Ask <@U0ANA> for the MSA", context)).toEqual({
      ownerId: "UME",
      deadline: "2026-11-26",
      text: "Ask <@U0ANA> for the MSA",
    });
  });

  it("says which part is wrong", () => {
    expect(problem("<@U0ANA> due:fryday Call").message).toBe(
      "due:fryday is not a date: use YYYY-MM-DD, a weekday, +Nd, today or tomorrow",
    );
    expect(problem("<@U0ANA> Call the CFO").message).toBe(
      "needs a deadline (due:2026-12-04, due:friday, due:+2d): /actions add @owner due:YYYY-MM-DD what needs doing",
    );
    expect(problem("<@U0ANA> Call the CFO due:friday").message).toBe(
      "put due:friday before the text: /actions add @owner due:YYYY-MM-DD what needs doing",
    );
    expect(problem("<@U0ANA> due:friday").field).toBe("text");
    expect(problem("<@U0ANA> <@U0BEN> due:friday Call").message).toBe(
      "one owner per item: <@U0BEN> is a second one; split it into two items",
    );
    expect(problem("due:friday due:monday Call").message).toBe(
      "two deadlines (due:friday, due:monday): give one",
    );
    expect(problem("@ana due:friday Call").message).toBe(
      "@ana is not a Slack user: pick the owner from Slack's @ menu",
    );
  });
});
