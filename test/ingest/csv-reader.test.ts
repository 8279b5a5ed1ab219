import { describe, expect, it } from "vitest";
import { CsvParser, CsvSyntaxError, readCsvFile } from "../../src/ingest/csv-reader";
import { csv, tempDir } from "./helpers";

function parseInChunks(text: string, size: number): string[] {
  const out: string[] = [];
  const parser = new CsvParser((fields, line) => out.push(`${line}:${JSON.stringify(fields)}`));
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  parser.end();
  return out;
}

const TRICKY = '\uFEFFid,note,n\r\n"a ""quoted"", word","two\nlines",1\r\nb,,\n"",last,"3"';

describe("CSV reader", () => {
  it("handles a BOM, quotes, doubled quotes, CRLF, embedded newlines and a missing final newline", () => {
    expect(parseInChunks(TRICKY, TRICKY.length)).toEqual([
      '1:["id","note","n"]',
      '2:["a \\"quoted\\", word","two\\nlines","1"]',
      // the record after an embedded newline starts on line 4
      '4:["b","",""]',
      '5:["","last","3"]',
    ]);
  });

  it("gives the same records whatever the chunk boundaries", () => {
    const whole = parseInChunks(TRICKY, TRICKY.length);
    for (let size = 1; size < TRICKY.length; size++) expect(parseInChunks(TRICKY, size)).toEqual(whole);
  });

  it("reports a quote that never closes at the line where its record starts", () => {
    expect(() => parseInChunks('a,b\n1,"open\n\n', 100)).toThrow(CsvSyntaxError);
    try {
      parseInChunks('a,b\n1,"open\n\n', 100);
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(2);
    }
  });

  it("reads tab-separated text when the first line has tabs and no comma, whatever the chunks", () => {
    const text = 'name\tnote\nAna\t"a, b"\nBen\tx,y\n';
    for (const size of [1, 3, text.length]) {
      expect(parseInChunks(text, size)).toEqual(['1:["name","note"]', '2:["Ana","a, b"]', '3:["Ben","x,y"]']);
    }
    // a comma in the first line keeps commas as the separator
    expect(parseInChunks("a,b\tc\n1,2\n", 100)).toEqual(['1:["a","b\\tc"]', '2:["1","2"]']);
  });

  it("refuses text after a closing quote", () => {
    expect(() => parseInChunks('"a"b,c\n', 100)).toThrow(/after a closing quote/);
  });

  it("streams a file and hashes its bytes", async () => {
    const file = csv(tempDir(), "x.csv", ["a,b", "1,2"]);
    const records: string[][] = [];
    const { sha256, bytes } = await readCsvFile(file, (f) => records.push(f));
    expect(records).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(bytes).toBe(8);
    // sha256("a,b\n1,2\n")
    const { createHash } = await import("node:crypto");
    expect(sha256).toBe(createHash("sha256").update("a,b\n1,2\n").digest("hex"));
  });

  it("reads non-ASCII text exactly wherever it falls among mostly-ASCII bytes", async () => {
    // 16,382 ASCII bytes, then "Müller": the two bytes of "ü" (0xC3 0xBC) sit at offsets 16,383 and
    // 16,384, across the boundary of the 16 KiB pieces the reader decodes; ASCII and "€"/"😀" follow.
    const pad = "x".repeat(16_375);
    const lines = ["h,v", `${pad},1`, "Müller,2", "plain,3", "€ 5 😀,4"];
    const file = csv(tempDir(), "u.csv", lines);
    const text = `${lines.join("\n")}\n`;
    expect(Buffer.from(text).indexOf(Buffer.from("ü"))).toBe(16_383);
    const records: string[][] = [];
    await readCsvFile(file, (f) => records.push(f));
    expect(records).toEqual([
      ["h", "v"],
      [pad, "1"],
      ["Müller", "2"],
      ["plain", "3"],
      ["€ 5 😀", "4"],
    ]);
  });
});
