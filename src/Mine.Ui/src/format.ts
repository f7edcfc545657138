// Text for people: relative times, counts and numbers.

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; "in the future" for clock skew. */
export function ago(seconds: number, now: number): string {
  const delta = Math.round(now - seconds);
  if (delta < -5) return "in the future";
  if (delta < 2) return "just now";
  if (delta < 90) return `${delta} s ago`;
  if (delta < 90 * 60) return `${Math.round(delta / 60)} min ago`;
  if (delta < 36 * 3600) return `${Math.round(delta / 3600)} h ago`;
  return `${Math.round(delta / 86400)} d ago`;
}

/** An interval in seconds as "10 s", "1 min", "unknown". */
export function interval(seconds: number): string {
  if (!(seconds > 0)) return "unknown";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

const grouped = new Intl.NumberFormat("en");

/** 1300 → "1,300". */
export const count = (n: number): string => grouped.format(n);

/** "1 host", "3 hosts". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/** Axis numbers: 1500 → "1.5k", 64e9 → "64G", 0.25 → "0.25". */
export function si(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  const units: [number, string][] = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];
  for (const [size, unit] of units) if (a >= size) return `${trim(n / size)}${unit}`;
  return trim(n);
}

function trim(n: number): string {
  return String(Number(n.toPrecision(3)));
}
