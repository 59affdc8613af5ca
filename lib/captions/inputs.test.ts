import { describe, expect, it } from "vitest";
import { labError } from "@/lib/testing/lab-error";
import { assertChannelId, assertLimit, assertVideoId, watchUrl } from "./inputs";

describe("assertVideoId", () => {
  it.each(["dQw4w9WgXcQ", "aQ9w--W4J6U", "Naol_TPPPL0"])("accepts %s", (id) => {
    expect(() => assertVideoId(id)).not.toThrow();
  });

  it.each(["", "dQw4w9WgXc", "dQw4w9WgXcQQ", "dQw4w9WgX Q", "dQw4w9WgX/Q", "https://youtu.be/dQw4w9WgXcQ"])(
    "rejects %j",
    (id) => {
      const e = labError(() => assertVideoId(id));
      expect(e.code).toBe("bad_input");
      expect(e.message).toContain(`invalid YouTube video id ${JSON.stringify(id)}`);
    },
  );
});

describe("assertChannelId", () => {
  it("accepts UC followed by 22 characters", () => {
    expect(() => assertChannelId("UC_x5XG1OV2P6uZZ5FSM9Ttw")).not.toThrow();
  });

  it.each(["_x5XG1OV2P6uZZ5FSM9Ttw", "UC_x5XG1OV2P6uZZ5FSM9Tt", "UC_x5XG1OV2P6uZZ5FSM9Ttww", "@GoogleDevelopers", "uc_x5XG1OV2P6uZZ5FSM9Ttw"])(
    "rejects %j, saying what a channel id looks like",
    (id) => {
      const e = labError(() => assertChannelId(id));
      expect(e.code).toBe("bad_input");
      expect(e.message).toMatch(/^invalid YouTube channel id .*expected "UC" followed by 22 characters/);
    },
  );
});

describe("assertLimit", () => {
  it.each([0, -1, 1.5, Number.NaN])("rejects %d", (limit) => {
    expect(labError(() => assertLimit(limit)).code).toBe("bad_input");
  });

  it("accepts a positive whole number", () => {
    expect(() => assertLimit(15)).not.toThrow();
  });
});

it("builds watch URLs", () => {
  expect(watchUrl("dQw4w9WgXcQ")).toBe("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
});
