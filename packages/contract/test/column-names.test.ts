// The schema-free column names are the column definitions' names, in their order.
import { describe, expect, it } from "vitest";
import {
  ADVANCED_COLUMN_NAMES,
  ADVANCED_COLUMNS,
  BASIC_COLUMN_NAMES,
  BASIC_COLUMN_SOURCES,
  BASIC_COLUMNS,
} from "../src/index";

describe("the column names without schemas", () => {
  it("name the advanced columns as their definitions do, in row order", () => {
    expect(ADVANCED_COLUMN_NAMES).toEqual(ADVANCED_COLUMNS.map(({ name }) => name));
  });

  it("name the basic columns and what each shows as their definitions do, in row order", () => {
    expect(BASIC_COLUMN_NAMES).toEqual(BASIC_COLUMNS.map(({ name }) => name));
    expect(Object.entries(BASIC_COLUMN_SOURCES)).toEqual(
      BASIC_COLUMNS.map(({ name, from }) => [name, from]),
    );
  });
});
