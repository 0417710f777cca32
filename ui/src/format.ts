/** A ratio in [0, 1] as a whole percentage. */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** Points with at most two decimals, as the Rust side explains them. */
export function points(value: number): string {
  return Number(value.toFixed(2)).toString();
}

/** Local date and time, for display. */
export function localDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The same moment with its time zone, for a tooltip. */
export function withTimeZone(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "full", timeStyle: "long" });
}
