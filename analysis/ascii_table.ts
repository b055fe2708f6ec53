// The reference renders tables with rich's ASCII2 box, left aligned, one space
// of padding and no wrapping. This is that rendering.

export function asciiTable(headers: readonly string[], rows: readonly (readonly string[])[], title?: string): string {
  const widths = headers.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < widths.length; i++) {
      const len = (row[i] ?? '').length;
      if (len > widths[i]!) widths[i] = len;
    }
  }
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[]): string =>
    `|${widths.map((w, i) => ` ${(cells[i] ?? '').padEnd(w)} `).join('|')}|`;
  const lines: string[] = [];
  if (title !== undefined) {
    const total = rule.length;
    const left = Math.max(0, Math.floor((total - title.length) / 2));
    const right = Math.max(0, total - title.length - left);
    lines.push(' '.repeat(left) + title + ' '.repeat(right));
  }
  lines.push(rule, line(headers), rule);
  for (const row of rows) lines.push(line(row));
  lines.push(rule);
  return `${lines.join('\n')}\n`;
}
