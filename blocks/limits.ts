import type { Message } from "./message";

/** Block Kit limits (slack.md): a message that breaks one is rejected by Slack. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  totalChars: 13_000,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  id: 255,
  buttonValue: 2000,
  elementsPerActions: 25,
} as const;

function textOf(value: unknown): string | undefined {
  if (value && typeof value === "object" && "text" in value) {
    const t = (value as { text: unknown }).text;
    return typeof t === "string" ? t : undefined;
  }
  return undefined;
}

/**
 * Every limit a built message (or Home view, with `view: true`) breaks, one line each; empty when
 * Slack would accept it. Tests run this on every message the app builds.
 */
export function limitViolations(
  message: Pick<Message, "blocks">,
  options: { view?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const maxBlocks = options.view ? LIMITS.blocksPerView : LIMITS.blocksPerMessage;
  if (message.blocks.length > maxBlocks) problems.push(`${message.blocks.length} blocks > ${maxBlocks}`);
  const total = JSON.stringify(message.blocks).length;
  if (!options.view && total > LIMITS.totalChars)
    problems.push(`${total} chars of blocks > ${LIMITS.totalChars}`);
  const checkId = (where: string, id: unknown) => {
    if (typeof id === "string" && id.length > LIMITS.id)
      problems.push(`${where}: id ${id.length} chars > 255`);
  };
  const blockIds = new Set<string>();
  message.blocks.forEach((block, i) => {
    const where = `block ${i} (${block.type})`;
    const b = block as unknown as Record<string, unknown>;
    checkId(where, b.block_id);
    if (typeof b.block_id === "string") {
      if (blockIds.has(b.block_id)) problems.push(`${where}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    if (block.type === "section") {
      const text = textOf(b.text);
      if (text !== undefined && text.length > LIMITS.sectionText)
        problems.push(`${where}: text ${text.length} chars > ${LIMITS.sectionText}`);
      if (text !== undefined && text.length === 0) problems.push(`${where}: empty text`);
      const fields = (b.fields as unknown[] | undefined) ?? [];
      if (fields.length > LIMITS.fieldsPerSection) problems.push(`${where}: ${fields.length} fields > 10`);
      fields.forEach((f, j) => {
        const t = textOf(f) ?? "";
        if (t.length > LIMITS.fieldText) problems.push(`${where} field ${j}: ${t.length} chars > 2000`);
      });
      if (text === undefined && fields.length === 0) problems.push(`${where}: neither text nor fields`);
      if (b.accessory) checkElement(`${where} accessory`, b.accessory);
    }
    if (block.type === "header") {
      const t = textOf(b.text) ?? "";
      if (t.length > LIMITS.headerText) problems.push(`${where}: header ${t.length} chars > 150`);
    }
    if (block.type === "context") {
      const elements = (b.elements as unknown[]) ?? [];
      if (elements.length > LIMITS.contextElements)
        problems.push(`${where}: ${elements.length} elements > 10`);
      for (const e of elements) {
        const t = textOf(e) ?? "";
        if (t.length > LIMITS.sectionText) problems.push(`${where}: context text ${t.length} chars > 3000`);
      }
    }
    if (block.type === "actions") {
      const elements = (b.elements as unknown[]) ?? [];
      if (elements.length > LIMITS.elementsPerActions)
        problems.push(`${where}: ${elements.length} elements > 25`);
      const actionIds = new Set<string>();
      elements.forEach((e, j) => {
        checkElement(`${where} element ${j}`, e);
        const id = (e as { action_id?: string }).action_id;
        if (id) {
          if (actionIds.has(id)) problems.push(`${where}: duplicate action_id ${id}`);
          actionIds.add(id);
        }
      });
    }
  });
  function checkElement(where: string, element: unknown) {
    const e = element as Record<string, unknown>;
    checkId(where, e.action_id);
    if (e.type === "button") {
      const t = textOf(e.text) ?? "";
      if (t.length > LIMITS.buttonText) problems.push(`${where}: button text ${t.length} chars > 75`);
      if (typeof e.value === "string" && e.value.length > LIMITS.buttonValue)
        problems.push(`${where}: button value ${e.value.length} chars > 2000`);
    }
  }
  return problems;
}
