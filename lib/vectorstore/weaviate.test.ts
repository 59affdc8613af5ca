import { describe, expect, it } from "vitest";
import { weaviateConnection, weaviateName } from "./weaviate";

describe("weaviateName", () => {
  it("starts with an uppercase letter and has no hyphen", () => {
    expect(weaviateName("l_bob__google-talks__ab12__use-lite")).toBe("L_bob__google_talks__ab12__use_lite");
  });

  it("refuses names that are not valid collection names", () => {
    expect(() => weaviateName("Bad")).toThrow(/invalid collection name/);
  });
});

describe("weaviateConnection", () => {
  it("connects to a local server over HTTP and gRPC on the same host", () => {
    expect(weaviateConnection({ url: "http://localhost:8080" })).toEqual({
      kind: "custom",
      options: { httpHost: "localhost", httpPort: 8080, httpSecure: false, grpcHost: "localhost", grpcPort: 50051, grpcSecure: false },
    });
  });

  it("keeps a path, defaults the https port and sends the API key", () => {
    const conn = weaviateConnection({ url: "https://proxy.example.org/weaviate/", apiKey: "k", grpcPort: 443 });
    expect(conn).toMatchObject({
      kind: "custom",
      options: { httpHost: "proxy.example.org", httpPort: 443, httpSecure: true, httpPath: "/weaviate", grpcPort: 443, grpcSecure: true },
    });
    expect(conn.kind === "custom" && conn.options.authCredentials).toBeTruthy();
  });

  it("uses the cloud helper for Weaviate Cloud clusters", () => {
    expect(weaviateConnection({ url: "https://abc.c0.europe-west3.gcp.weaviate.cloud", apiKey: "k" })).toEqual({
      kind: "cloud",
      url: "https://abc.c0.europe-west3.gcp.weaviate.cloud",
      apiKey: "k",
    });
  });
});
