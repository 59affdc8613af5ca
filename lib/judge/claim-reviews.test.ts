import { describe, expect, it } from "vitest";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { claimReviews, reviewClaim, unreviewClaim } from "./claim-reviews";

const review = (key: string, learnerLabel: "supported" | "unsupported") => ({ key, claim: `claim ${key}`, judgeLabel: "supported" as const, learnerLabel });

describe("claim reviews", () => {
  it("keep one review per claim and learner, with the agreement after each change", async () => {
    const db = await tempAppDb("reviews");
    await reviewClaim(db, "ana", review("r|q1|0", "supported"));
    const changed = await reviewClaim(db, "ana", review("r|q1|0", "unsupported"));
    expect(changed).toMatchObject({ review: { key: "r|q1|0", learnerLabel: "unsupported" }, agreement: { n: 1 } });
    expect((await claimReviews(db, "ben")).reviews).toEqual([]);
    expect(await unreviewClaim(db, "ana", "r|q1|0")).toMatchObject({ agreement: { n: 0 } });
    expect((await claimReviews(db, "ana")).reviews).toEqual([]);
  });

  it("answer reviews saved at once each with an agreement that counts the ones before it", async () => {
    const db = await tempAppDb("reviews");
    const saved = await Promise.all(["r|q1|0", "r|q1|1", "r|q1|2"].map((key) => reviewClaim(db, "ana", review(key, "supported"))));
    expect(saved.map((s) => s.agreement.n).sort()).toEqual([1, 2, 3]);
  });
});
