// Bytes and seconds as short texts with their unit: the cells of the memory
// and roofline columns (analysis/estimate_columns.ts) and sections (memory_text.ts).
// Kept apart from memory_text.ts so the views do not pull in the device table.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Bytes in the largest decimal unit that keeps them >= 1: `16.06 GB`, or `512 B`. */
export function bytesCell(bytes: bigint): string {
  let v = Number(bytes);
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${bytes} B` : `${v.toFixed(2)} ${UNITS[u]!}`;
}

/** Seconds in the largest unit that keeps them >= 1: `4.794 ms`. */
export function secondsText(s: number): string {
  if (s === 0) return '0 s';
  if (s >= 1) return `${s.toPrecision(4)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toPrecision(4)} ms`;
  if (s >= 1e-6) return `${(s * 1e6).toPrecision(4)} us`;
  return `${(s * 1e9).toPrecision(4)} ns`;
}
