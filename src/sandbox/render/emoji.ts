/**
 * The emoji codes the bot writes, and a few common ones, as characters. Any other `:name:` stays as
 * typed, as Slack shows a code it has no emoji for.
 */
const EMOJI: Record<string, string> = {
  warning: "⚠️",
  x: "❌",
  lock: "🔒",
  rotating_light: "🚨",
  scissors: "✂️",
  white_check_mark: "✅",
  heavy_check_mark: "✔️",
  check: "✔️",
  calendar: "📆",
  date: "📅",
  spiral_calendar_pad: "🗓️",
  chart_with_upwards_trend: "📈",
  chart_with_downwards_trend: "📉",
  bar_chart: "📊",
  moneybag: "💰",
  dart: "🎯",
  mag: "🔍",
  memo: "📝",
  pushpin: "📌",
  bell: "🔔",
  hourglass: "⌛",
  hourglass_flowing_sand: "⏳",
  information_source: "ℹ️",
  bulb: "💡",
  fire: "🔥",
  tada: "🎉",
  thumbsup: "👍",
  "+1": "👍",
  eyes: "👀",
  wave: "👋",
  clipboard: "📋",
  arrow_right: "➡️",
  arrow_up: "⬆️",
  arrow_down: "⬇️",
  red_circle: "🔴",
  large_green_circle: "🟢",
  large_yellow_circle: "🟡",
  large_orange_circle: "🟠",
  white_circle: "⚪",
  robot_face: "🤖",
  thread: "🧵",
  heavy_minus_sign: "➖",
  no_entry: "⛔",
  double_vertical_bar: "⏸️",
  large_blue_circle: "🔵",
  busts_in_silhouette: "👥",
  arrow_forward: "▶️",
};

/** Replaces known `:code:`s; runs on plain text, before it is escaped. */
export function replaceEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}
