import { ORDINARY_WORDS, REVIEW_TERMS } from "./ordinary-words";

/**
 * Names a written summary mentions that the figures do not contain. A name is a capitalised word
 * that is not an ordinary word: in the middle of a sentence only a given name or a review term
 * may be capitalised ("the West team", "MAPE"), while a sentence may start with any ordinary word
 * ("Bookings", "Notably") or a word the reply also uses in lower case. All-caps words must be
 * known terms or given names. Pragmatic by design: a false alarm costs a template summary, a
 * missed invented name costs trust.
 */
export function unknownNames(rest: string, givenTexts: readonly string[], fullReply: string): string[] {
  const given = new Set(givenTexts.flatMap(wordsOf).map((w) => w.toLowerCase()));
  const lowerInReply = new Set((fullReply.match(/\b[a-z][a-z']*\b/g) ?? []).map((w) => w.toLowerCase()));
  const unknown: string[] = [];
  for (const match of rest.matchAll(/[A-Za-z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*/g)) {
    const before = rest.slice(0, match.index).trimEnd();
    // a sentence starts a line, or follows . ! ? : ; a dash, a bullet or an opening bracket or quote
    const sentenceStart = before === "" || /[.!?:;•·—–(\n"“*_-]$/.test(before);
    const token = match[0];
    for (const part of token.split("-")) {
      const word = part.replace(/['’]s?$/, "");
      if (!/^[A-Z]/.test(word)) continue;
      const lower = word.toLowerCase();
      if (given.has(lower) || REVIEW_TERMS.has(lower)) continue;
      const allCaps = word.length > 1 && word === word.toUpperCase();
      if (!allCaps && sentenceStart && (ORDINARY_WORDS.has(lower) || lowerInReply.has(lower))) continue;
      if (!unknown.includes(word)) unknown.push(word);
    }
  }
  return unknown;
}

function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z][A-Za-z'’]*/g)?.map((w) => w.replace(/['’]s?$/, "")) ?? [];
}
