import { describe, expect, it } from "vitest";
import { percent, points } from "./format";

describe("format", () => {
  it("rounds ratios to whole percentages", () => {
    expect(percent(36 / 39)).toBe("92%");
    expect(percent(0)).toBe("0%");
    expect(percent(1)).toBe("100%");
  });

  it("shows points with at most two decimals, like the Rust explanations", () => {
    expect(points(13.5)).toBe("13.5");
    expect(points(27)).toBe("27");
    expect(points(20.254)).toBe("20.25");
  });
});
