/**
 * What a request to the Slack endpoint must be before Bolt sees it, as pure checks: Slack's
 * signature headers and 5-minute window (past and future), the HMAC of the raw body, and a body
 * Bolt can read (an object, as Slack sends). Bolt 4.7 reads `body.ssl_check` of whatever JSON a
 * signed body holds, so `payload=null` crashed it outside its own error handling.
 */
import crypto from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { parse as parseQuery } from "node:querystring";

/** Slack's replay window, both ways: a timestamp further from now than this is refused. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** The content type Bolt reads as a form (compared exactly, as Bolt does); anything else is read as JSON. */
const FORM = "application/x-www-form-urlencoded";
const SIGNATURE = /^v0=[0-9a-f]{64}$/;
/** A form key that is, or may decode to (percent-escaped), "payload". */
const MAYBE_PAYLOAD_KEY = /(?:^|&)[^=&]*(?:payload|%)/;

export interface SignatureHeaders {
  signature: string;
  timestampSeconds: number;
}

/**
 * The signature headers when both are there; "missing" when neither is (an ssl_check may be
 * unsigned); a reason when they are malformed, doubled or outside the window.
 */
export function signatureHeaders(
  headers: IncomingHttpHeaders,
  nowMs: number,
): SignatureHeaders | "missing" | { refused: string } {
  const signature = headers["x-slack-signature"];
  const timestamp = headers["x-slack-request-timestamp"];
  if (signature === undefined && timestamp === undefined) return "missing";
  if (typeof signature !== "string" || !SIGNATURE.test(signature)) return { refused: "no v0 signature" };
  if (typeof timestamp !== "string" || !/^\d{1,12}$/.test(timestamp))
    return { refused: "no request timestamp" };
  const timestampSeconds = Number(timestamp);
  const skew = timestampSeconds - Math.floor(nowMs / 1000);
  if (skew < -SIGNATURE_WINDOW_SECONDS) return { refused: "request timestamp more than 5 minutes old" };
  if (skew > SIGNATURE_WINDOW_SECONDS) return { refused: "request timestamp more than 5 minutes ahead" };
  return { signature, timestampSeconds };
}

/** Whether `signature` is Slack's v0 HMAC-SHA256 of "v0:timestamp:body", compared in constant time. */
export function signatureMatches(secret: string, headers: SignatureHeaders, rawBody: Buffer): boolean {
  const expected = crypto
    .createHmac("sha256", secret)
    .update(`v0:${headers.timestampSeconds}:`)
    .update(rawBody)
    .digest();
  const given = Buffer.from(headers.signature.slice(3), "hex");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Why Bolt could not handle this body, read the way Bolt will read it (a form's `payload` field
 * is JSON); null when it is an object, as every Slack payload is.
 */
export function bodyProblem(contentType: string | undefined, rawBody: Buffer): string | null {
  const text = rawBody.toString("utf8");
  try {
    if (contentType === FORM) {
      // A slash command's form has no payload field, and no key that could decode to one: nothing
      // to check, so the form is not parsed here (Bolt parses it once, to handle it).
      if (!MAYBE_PAYLOAD_KEY.test(text)) return null;
      const form = parseQuery(text);
      if (form.payload === undefined) return null;
      if (typeof form.payload !== "string") return "more than one payload field";
      return isObject(JSON.parse(form.payload)) ? null : "the payload field is not a JSON object";
    }
    return isObject(JSON.parse(text)) ? null : "the body is not a JSON object";
  } catch {
    return "the body is not valid JSON";
  }
}

/** Slack's SSL check: an unsigned form post of `ssl_check=1` (and a token), answered 200 and nothing else. */
export function isSslCheck(contentType: string | undefined, rawBody: Buffer): boolean {
  return contentType === FORM && parseQuery(rawBody.toString("utf8")).ssl_check === "1";
}
