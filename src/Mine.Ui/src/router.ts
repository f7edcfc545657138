// Client-side routes. The server answers index.html for exactly these paths (src/Mine/Api/UiEndpoints.cs).

export type Route =
  | { page: "fleet" }
  | { page: "host"; name: string }
  | { page: "group"; name: string }
  | { page: "landmines" }
  | { page: "alerts" }
  | { page: "explore" }
  | { page: "notfound"; path: string };

/** The route of a URL path; names are decoded (/host/web%2D001 → web-001). */
export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (path === "" || path === "/") return { page: "fleet" };
  if (path === "/landmines") return { page: "landmines" };
  if (path === "/alerts") return { page: "alerts" };
  if (path === "/explore") return { page: "explore" };
  const match = /^\/(host|group)\/([^/]+)$/.exec(path);
  if (match) {
    let name: string;
    try {
      name = decodeURIComponent(match[2]!);
    } catch {
      return { page: "notfound", path: pathname };
    }
    return match[1] === "host" ? { page: "host", name } : { page: "group", name };
  }
  return { page: "notfound", path: pathname };
}

/** The URL path of a route. */
export function routePath(route: Route): string {
  switch (route.page) {
    case "fleet":
      return "/";
    case "host":
      return `/host/${encodeURIComponent(route.name)}`;
    case "group":
      return `/group/${encodeURIComponent(route.name)}`;
    case "landmines":
      return "/landmines";
    case "alerts":
      return "/alerts";
    case "explore":
      return "/explore";
    case "notfound":
      return route.path;
  }
}

export const hostPath = (name: string) => routePath({ page: "host", name });
export const groupPath = (name: string) => routePath({ page: "group", name });

/** Which main navigation entry a route belongs to (for aria-current). */
export function navSection(route: Route): "fleet" | "landmines" | "alerts" | "explore" | null {
  switch (route.page) {
    case "fleet":
    case "host":
    case "group":
      return "fleet";
    case "landmines":
      return "landmines";
    case "alerts":
      return "alerts";
    case "explore":
      return "explore";
    default:
      return null;
  }
}

/**
 * Whether a click on a link should be handled by the app (same origin, an app route, plain left click, no
 * download or target): everything else (the /render PNG link, a new tab) is left to the browser.
 */
export function isAppNavigation(
  url: URL,
  origin: string,
  event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; defaultPrevented: boolean },
  anchor: { target: string; hasDownload: boolean },
): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (anchor.target && anchor.target !== "_self") return false;
  if (anchor.hasDownload) return false;
  if (url.origin !== origin) return false;
  return parseRoute(url.pathname).page !== "notfound";
}
