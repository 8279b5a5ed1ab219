import fs from "node:fs";

const FLUSH_AT_CHARS = 1 << 16;

/**
 * Buffered line writer over a file stream that honours backpressure, so a million-deal file is
 * written with bounded memory. `add` is synchronous (no promise per line); it returns true when the
 * caller should `await flush()`.
 */
export class CsvFileWriter {
  private readonly stream: fs.WriteStream;
  private buffer: string[] = [];
  private bufferedChars = 0;
  rows = 0;

  constructor(
    readonly file: string,
    header: string,
  ) {
    this.stream = fs.createWriteStream(file, { encoding: "utf8" });
    this.buffer.push(header);
  }

  /** Queues text holding `rows` complete lines. */
  add(text: string, rows = 1): boolean {
    this.buffer.push(text);
    this.bufferedChars += text.length;
    this.rows += rows;
    return this.bufferedChars >= FLUSH_AT_CHARS;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join("");
    this.buffer = [];
    this.bufferedChars = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(() => resolve());
    });
  }
}
