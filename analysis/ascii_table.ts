// The reference renders tables with rich's ASCII2 box, left aligned, one space
// of padding and no wrapping. This is that rendering, and the text builder the
// views write their (possibly very long) output with.

export function asciiTable(headers: readonly string[], rows: readonly (readonly string[])[], title?: string): string {
  const widths = headers.map((h) => h.length);
  for (const row of rows) {
    for (let i = 0; i < widths.length; i++) {
      const len = (row[i] ?? '').length;
      if (len > widths[i]!) widths[i] = len;
    }
  }
  const table = new TableWriter(widths, title);
  table.row(headers);
  table.rule();
  for (const row of rows) table.row(row);
  return table.done();
}

/**
 * Text made of many short pieces: pieces are collected and joined a few
 * thousand at a time, and the joined chunks are concatenated, so no piece is
 * copied more than once while building and no array of every line is held.
 * (The result may be a rope of chunks; the engine flattens it when it is read
 * character by character.)
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private text = '';

  add(piece: string): void {
    const parts = this.parts;
    parts.push(piece);
    if (parts.length >= 4096) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    this.text += this.parts.join('');
    this.parts.length = 0;
  }

  done(): string {
    this.flush();
    return this.text;
  }
}

/** Runs of spaces, cut from one flat string (so printing them copies plain characters). */
export class Spaces {
  private all = '';

  get(n: number): string {
    if (n > this.all.length) this.all = new Array<string>(Math.max(n, 2 * this.all.length, 64) + 1).join(' ');
    return n === this.all.length ? this.all : this.all.slice(0, n);
  }
}

/**
 * An ASCII2 table written row by row, once its column widths are known:
 * `row` pads each cell to its column (a cell may be given as an indentation
 * and a text, so that the two are never joined into a string of their own).
 */
export class TableWriter {
  private readonly out = new TextBuilder();
  private readonly spaces = new Spaces();
  private readonly ruleText: string;

  constructor(
    private readonly widths: readonly number[],
    title?: string,
  ) {
    this.ruleText = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
    if (title !== undefined) {
      const total = this.ruleText.length;
      const left = Math.max(0, Math.floor((total - title.length) / 2));
      const right = Math.max(0, total - title.length - left);
      this.out.add(`${' '.repeat(left)}${title}${' '.repeat(right)}\n`);
    }
    this.rule();
  }

  rule(): void {
    this.out.add(this.ruleText);
    this.out.add('\n');
  }

  /** A row of cells (missing cells are empty). */
  row(cells: readonly string[]): void {
    for (let i = 0; i < this.widths.length; i++) this.cell(i, 0, cells[i] ?? '');
    this.out.add('|\n');
  }

  /** Cell `i` of the current row: `indent` spaces then `text` (nothing at all when `text` is empty and `indent` is 0). */
  cell(i: number, indent: number, text: string): void {
    const out = this.out;
    out.add('| ');
    if (indent > 0) out.add(this.spaces.get(indent));
    out.add(text);
    out.add(this.spaces.get(this.widths[i]! - indent - text.length + 1));
  }

  /** Ends the current row. */
  endRow(): void {
    this.out.add('|\n');
  }

  /** The closing rule and the whole text. */
  done(): string {
    this.rule();
    return this.out.done();
  }
}
