// Light, dark, or the system's choice (prefers-color-scheme), remembered in localStorage.

export type ThemeChoice = "auto" | "light" | "dark";

export const THEME_KEY = "mine.theme";

/** The button cycles auto → light → dark → auto. */
export function nextTheme(current: ThemeChoice): ThemeChoice {
  return current === "auto" ? "light" : current === "light" ? "dark" : "auto";
}

export function parseTheme(value: string | null | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "auto";
}

/** The theme in effect: the choice, or the system's preference for "auto". */
export function effectiveTheme(choice: ThemeChoice, systemPrefersDark: boolean): "light" | "dark" {
  return choice === "auto" ? (systemPrefersDark ? "dark" : "light") : choice;
}

export const THEME_LABEL: Record<ThemeChoice, string> = {
  auto: "Theme: system",
  light: "Theme: light",
  dark: "Theme: dark",
};

/** Sets data-theme on <html> (CSS reads it; absent means "follow the system"). */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === "auto") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", choice);
}

export function storedTheme(): ThemeChoice {
  try {
    return parseTheme(localStorage.getItem(THEME_KEY));
  } catch {
    return "auto";
  }
}

export function storeTheme(choice: ThemeChoice): void {
  try {
    if (choice === "auto") localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Storage may be off (private mode): the choice lasts for this page only.
  }
}
