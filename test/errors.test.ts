import { describe, expect, it } from "vitest";
import { UsageError } from "../src/cli/io";
import { ConfigError } from "../src/config";
import { AppError, errorCode } from "../src/errors";
import { CsvSyntaxError } from "../src/ingest/csv-reader";
import { ImportOptionsError } from "../src/ingest/import-csv";
import { ImportRejectedError } from "../src/ingest/problems";
import { ArgsError } from "../src/slack/answers/args";
import { StoreError } from "../src/store/db";

describe("AppError", () => {
  it("every error the project raises carries its code and keeps its own name", () => {
    const cases: [AppError, string, string][] = [
      [new ConfigError(["PORT: bad"]), "config_invalid", "ConfigError"],
      [new UsageError("x"), "usage", "UsageError"],
      [new CsvSyntaxError(3, "x"), "csv_syntax", "CsvSyntaxError"],
      [new ImportOptionsError("x"), "import_options", "ImportOptionsError"],
      [new ImportRejectedError([], 0), "import_rejected", "ImportRejectedError"],
      [new StoreError("newer_schema", "x"), "newer_schema", "StoreError"],
      [new ArgsError("x"), "bad_arguments", "ArgsError"],
    ];
    for (const [error, code, name] of cases) {
      expect(error).toBeInstanceOf(AppError);
      expect(errorCode(error)).toBe(code);
      expect(error.name).toBe(name);
    }
    expect(errorCode(new Error("plain"))).toBeNull();
  });
});
