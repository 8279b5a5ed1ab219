/** What the renderer needs to know about the workspace and the person looking at it. */
export interface RenderContext {
  /** the viewer's IANA zone: `<!date^…>` and message times are shown in it */
  timeZone: string;
  /** the sandbox clock (ms since epoch): "today", "{ago}" */
  now: number;
  userName(id: string): string | null;
  channelName(id: string): string | null;
  /** people for users_select, in the order the sandbox lists them */
  people: readonly { id: string; name: string }[];
  /** conversations for conversations_select / channels_select */
  channels: readonly { id: string; name: string }[];
  /**
   * Where the browser may load an image from: a path on the sandbox for its own files, or null for
   * an address off this machine (the page never reaches the internet).
   */
  imageSource(url: string): string | null;
  /** a file uploaded to the sandbox, by id (image blocks with slack_file) */
  fileSource(id: string): string | null;
}

/** Inside a modal: the values the viewer entered and the errors the app returned for them. */
export interface InputState {
  /** state.values as Slack sends them: block_id → action_id → value object */
  values: Record<string, Record<string, InputValue>>;
  /** block_id → message, from response_action "errors" */
  errors: Record<string, string>;
}

export interface InputValue {
  type: string;
  value?: string | null;
  selected_date?: string | null;
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_option?: { text: { type: string; text: string }; value: string } | null;
  selected_options?: { text: { type: string; text: string }; value: string }[];
}
