import { describe, expect, it } from "vitest";
import { hostPath, isAppNavigation, navSection, parseRoute, routePath } from "../src/router";

const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
const plain = { target: "", hasDownload: false };

describe("routes", () => {
  it("knows every page the server answers with the app", () => {
    expect(parseRoute("/")).toEqual({ page: "fleet" });
    expect(parseRoute("/host/web-017")).toEqual({ page: "host", name: "web-017" });
    expect(parseRoute("/group/web")).toEqual({ page: "group", name: "web" });
    expect(parseRoute("/landmines")).toEqual({ page: "landmines" });
    expect(parseRoute("/alerts")).toEqual({ page: "alerts" });
    expect(parseRoute("/explore")).toEqual({ page: "explore" });
    expect(parseRoute("/explore/")).toEqual({ page: "explore" });
  });

  it("decodes names and round-trips them", () => {
    for (const name of ["web-017", "web-017.dc1.example.com", "a b", "ü/slash", "100%"]) {
      const path = hostPath(name);
      expect(parseRoute(path)).toEqual({ page: "host", name });
    }
    expect(routePath({ page: "group", name: "web" })).toBe("/group/web");
  });

  it("does not claim API paths or bad encodings", () => {
    expect(parseRoute("/render").page).toBe("notfound");
    expect(parseRoute("/host").page).toBe("notfound");
    expect(parseRoute("/host/a/b").page).toBe("notfound");
    expect(parseRoute("/host/%E0%A4%A").page).toBe("notfound");
  });

  it("marks the navigation section", () => {
    expect(navSection({ page: "host", name: "x" })).toBe("fleet");
    expect(navSection({ page: "landmines" })).toBe("landmines");
    expect(navSection({ page: "alerts" })).toBe("alerts");
    expect(navSection({ page: "notfound", path: "/x" })).toBeNull();
  });
});

describe("link clicks", () => {
  const origin = "http://127.0.0.1:8080";
  it("handles plain clicks on app routes of this origin", () => {
    expect(isAppNavigation(new URL("/host/web-001", origin), origin, click, plain)).toBe(true);
    expect(isAppNavigation(new URL("/?q=web", origin), origin, click, plain)).toBe(true);
  });

  it("leaves API links, other origins, new tabs and downloads to the browser", () => {
    expect(isAppNavigation(new URL("/render?target=x&format=png", origin), origin, click, plain)).toBe(false);
    expect(isAppNavigation(new URL("http://example.com/host/x"), origin, click, plain)).toBe(false);
    expect(isAppNavigation(new URL("/host/x", origin), origin, { ...click, ctrlKey: true }, plain)).toBe(false);
    expect(isAppNavigation(new URL("/host/x", origin), origin, { ...click, button: 1 }, plain)).toBe(false);
    expect(isAppNavigation(new URL("/host/x", origin), origin, click, { target: "_blank", hasDownload: false })).toBe(false);
    expect(isAppNavigation(new URL("/host/x", origin), origin, click, { target: "", hasDownload: true })).toBe(false);
  });
});
