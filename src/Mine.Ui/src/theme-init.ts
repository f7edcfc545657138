// Loaded as a classic script in <head>, before the page paints: applies the stored theme without a flash.
import { applyTheme, storedTheme } from "./theme";

applyTheme(storedTheme());
