import { describe, expect, it } from "vitest";
import { collectionName } from "@/lib/vectorstore/names";
import { assertReadable } from "./collections";

const name = (learner: string) => collectionName({ learner, corpus: "google-talks", configHash: "abc123", modelId: "use-lite@1" });

describe("assertReadable", () => {
  it("lets a learner read their own and the shared collections only", () => {
    expect(() => assertReadable("ana", name("ana"))).not.toThrow();
    expect(() => assertReadable("ana", name("shared"))).not.toThrow();
    expect(() => assertReadable("ana", name("ben"))).toThrow(/does not exist/);
    // A learner whose id starts like another's gets no access either.
    expect(() => assertReadable("an", name("ana"))).toThrow(/does not exist/);
  });
});
