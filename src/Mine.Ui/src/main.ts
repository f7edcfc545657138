// The app shell: navigation, theme toggle, and the client-side router that opens each page.
import "./styles.css";
import * as fleet from "./fleet/page";
import type { PageContext } from "./page";
import { isAppNavigation, navSection, parseRoute, type Route } from "./router";
import { applyTheme, nextTheme, storedTheme, storeTheme, THEME_LABEL } from "./theme";
import { setZone, storedZone, storeZone, zone, zoneLabel } from "./time";

type PageModule = { render(ctx: PageContext, route: Route): Promise<void> };

// The Fleet page is in the main bundle (it is the landing page); the others load on first visit.
const pages: Record<Route["page"], () => Promise<PageModule>> = {
  fleet: async () => fleet,
  host: () => import("./pages/host"),
  group: () => import("./pages/group"),
  landmines: () => import("./pages/landmines"),
  alerts: () => import("./pages/alerts"),
  explore: () => import("./pages/explore"),
  notfound: () => import("./pages/notfound"),
};

const main = document.getElementById("main") as HTMLElement;
let current: AbortController | null = null;
let firstPage = true;

async function open(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const url = new URL(window.location.href);
  const route = parseRoute(url.pathname);
  const section = navSection(route);
  for (const link of document.querySelectorAll<HTMLAnchorElement>("header nav a")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  main.textContent = "";
  delete main.dataset.ready;
  const ctx: PageContext = {
    main,
    signal: controller.signal,
    url,
    setTitle: (title) => {
      document.title = `${title} · Mine`;
    },
    replaceQuery: (params) => {
      const search = params.toString();
      history.replaceState(history.state, "", `${window.location.pathname}${search ? `?${search}` : ""}`);
    },
  };
  const module = await pages[route.page]();
  if (controller.signal.aborted) return;
  if (!firstPage) main.focus({ preventScroll: true });
  firstPage = false;
  window.scrollTo(0, 0);
  await module.render(ctx, route);
}

document.addEventListener("click", (event) => {
  const anchor = (event.target as Element | null)?.closest?.("a");
  if (!anchor || !anchor.href) return;
  const url = new URL(anchor.href);
  if (!isAppNavigation(url, window.location.origin, event, { target: anchor.target, hasDownload: anchor.hasAttribute("download") })) return;
  event.preventDefault();
  if (url.href !== window.location.href) history.pushState(null, "", url.href);
  void open();
});
window.addEventListener("popstate", () => void open());

const themeButton = document.getElementById("theme") as HTMLButtonElement;
let theme = storedTheme();
const showTheme = () => {
  themeButton.textContent = THEME_LABEL[theme];
  themeButton.setAttribute("aria-label", `${THEME_LABEL[theme]} (change)`);
};
themeButton.addEventListener("click", () => {
  theme = nextTheme(theme);
  applyTheme(theme);
  storeTheme(theme);
  showTheme();
  window.dispatchEvent(new Event("mine:theme"));
});
applyTheme(theme);
showTheme();

// Times: the browser's zone by default, or UTC (to read against logs kept in UTC); every page writes times in it.
const zoneButton = document.getElementById("zone") as HTMLButtonElement;
const showZone = () => {
  zoneButton.textContent = zoneLabel(zone(), Date.now() / 1000);
  zoneButton.setAttribute("aria-label", `${zoneButton.textContent} (change)`);
};
zoneButton.addEventListener("click", () => {
  const next = zone() === "utc" ? "local" : "utc";
  setZone(next);
  storeZone(next);
  showZone();
  // Every time on the page is written again in the new zone.
  void open();
});
setZone(storedZone());
showZone();

void open();
