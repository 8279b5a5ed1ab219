/** Every action_id and block_id the app sends and listens for, in one place. */
export const ActionIds = {
  shareInChannel: "share_in_channel",
  pagePrevious: "page_previous",
  pageNext: "page_next",
  forecastAccuracyDetail: "forecast_accuracy_detail",
} as const;

export const BlockIds = {
  header: "answer_header",
  asOf: "answer_as_of",
  answerActions: "answer_actions",
  pagination: "answer_pagination",
  notice: "answer_notice",
  overflow: "answer_overflow",
} as const;
