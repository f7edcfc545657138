// What every page module gets from the app shell.

export interface PageContext {
  /** The <main> element the page renders into (emptied before). */
  main: HTMLElement;
  /** Aborted when the user leaves the page: stop timers and fetches. */
  signal: AbortSignal;
  /** The URL the page was opened with (query parameters included). */
  url: URL;
  /** Sets the document title ("… · Mine"). */
  setTitle(title: string): void;
  /** Replaces the query string without a new history entry (filters, time ranges). */
  replaceQuery(params: URLSearchParams): void;
}

/** Calls fn every `seconds` while the page is open and the tab is visible. */
export function every(seconds: number, signal: AbortSignal, fn: () => Promise<void> | void): void {
  let timer = 0;
  const schedule = () => {
    if (!signal.aborted) timer = window.setTimeout(tick, seconds * 1000);
  };
  const tick = async () => {
    if (document.visibilityState === "visible") {
      try {
        await fn();
      } catch (error) {
        if (!signal.aborted) console.warn(error);
      }
    }
    schedule();
  };
  signal.addEventListener("abort", () => window.clearTimeout(timer), { once: true });
  schedule();
}
