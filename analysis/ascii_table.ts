// The reference renders tables with rich's ASCII2 box, left aligned, one space
// of padding and no wrapping. This is that rendering, and the text builder the
// views write their (possibly very long) output with.

/** A table of `headers` and `rows`; `title` gives the text above it from the table's width (`centredTitle`). */
export function asciiTable(headers: readonly string[], rows: readonly (readonly string[])[], title?: (width: number) => string): string {
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
 * How many pieces a TextBuilder joins at a time. With pieces under 512
 * characters a chunk stays under 64K characters, below the engine's
 * large-object size (each large object is mapped on its own, which costs far
 * more than copying).
 */
const CHUNK_PIECES = 128;

/**
 * Text made of many pieces: short pieces are collected and joined into
 * chunks, and the chunks (and long pieces, uncopied) are concatenated, so no
 * piece is copied more than once while building and no array of every line
 * is held.
 * (The result may be a rope of chunks; the engine flattens it when it is read
 * character by character.)
 */
export class TextBuilder {
  // At most CHUNK_PIECES pieces, written over once joined: an array grown to
  // hold a report's thousands of pieces is copied each time it grows (a
  // text view of resnet50 allocated 100 KB that way, as much as its text).
  private readonly parts: string[] = [];
  private count = 0;
  private text = '';
  private joins = 0;

  add(piece: string): void {
    // A long piece (a deep line's indentation) joins the text as it is, not
    // copied into a chunk: the text of a deep model's repr, quadratic in its
    // depth, is then made of pieces shared between its lines.
    if (piece.length >= 512) {
      this.flush();
      this.text += piece;
      this.joins++;
      return;
    }
    this.parts[this.count++] = piece;
    if (this.count === CHUNK_PIECES) this.flush();
  }

  private flush(): void {
    if (this.count === 0) return;
    // (The last chunk of a text fills part of the array.)
    const parts = this.parts;
    this.text += (this.count < parts.length ? parts.slice(0, this.count) : parts).join('');
    this.count = 0;
    this.joins++;
  }

  done(): string {
    this.flush();
    return this.text;
  }

  /** Where the pieces added from now on start (for `since`). */
  mark(): number {
    return this.count;
  }

  /**
   * The pieces added since `mark()` as one string (they stay in the text);
   * undefined when they are no longer collected apart (a chunk was joined,
   * or a long piece went straight to the text, in between).
   */
  since(mark: number, epoch: number): string | undefined {
    // (Pieces are only added between two joins, so `mark` is within them.)
    if (epoch !== this.joins) return undefined;
    return this.parts.slice(mark, this.count).join('');
  }

  /** Changes whenever collected pieces stop being apart (see `since`). */
  get epoch(): number {
    return this.joins;
  }
}

/** Runs of spaces, each length made once (cut from one flat string, so printing them copies plain characters). */
export class Spaces {
  private all = '';
  private readonly byLength: string[] = [];

  get(n: number): string {
    let s = this.byLength[n];
    if (s === undefined) {
      if (n > this.all.length) this.all = new Array<string>(Math.max(n, 2 * this.all.length, 64) + 1).join(' ');
      s = this.byLength[n] = this.all.slice(0, n);
    }
    return s;
  }
}

/**
 * A table title's lines, as rich wraps a title wider than its table (rich
 * 13's `divide_line`): words (with the spaces after them) fill a line while
 * they fit; a word wider than the table is folded into pieces of the width;
 * each line loses its trailing spaces and is then centred by the caller.
 */
export function wrapTitle(title: string, width: number): string[] {
  if (title.length <= width || width < 1) return [title];
  const breaks: number[] = [];
  let position = 0;
  for (const m of title.matchAll(/\s*\S+\s*/gy)) {
    const start = m.index;
    const word = m[0];
    const length = word.trimEnd().length;
    if (position + length > width) {
      if (length > width) {
        for (let at = 0; at < word.length; at += width) {
          if (start + at !== 0) breaks.push(start + at);
          position = Math.min(width, word.length - at);
        }
      } else if (position !== 0 && start !== 0) {
        breaks.push(start);
        position = word.length;
      }
    } else {
      position += word.length;
    }
  }
  const lines: string[] = [];
  let from = 0;
  for (const at of [...breaks, title.length]) {
    lines.push(title.slice(from, at).trimEnd());
    from = at;
  }
  return lines;
}

/**
 * `title` above a table, as rich prints it: wrapped to the table's width
 * (`wrapTitle`), each line centred. (Apart from TableWriter: only titled
 * tables carry it.)
 */
export function centredTitle(title: string): (width: number) => string {
  return (width) => {
    let text = '';
    for (const line of wrapTitle(title, width)) {
      const left = Math.max(0, Math.floor((width - line.length) / 2));
      const right = Math.max(0, width - line.length - left);
      text += `${' '.repeat(left)}${line}${' '.repeat(right)}\n`;
    }
    return text;
  };
}

/**
 * An ASCII2 table written row by row once its column widths are known. A
 * cell is an indentation and any number of text pieces (so that a name made
 * of parts, or an indented value, is never joined into a string of its own);
 * the padding, the rule between cells and the next cell's indentation are
 * one piece, made once per combination.
 */
export class TableWriter {
  private readonly out = new TextBuilder();
  private readonly spaces = new Spaces();
  private readonly ruleText: string;
  private readonly joints = new Map<number, string>();
  // finishRow's rests by (written so far, indent): cells and text, four slots each.
  private readonly rests = new Map<number, (string | undefined)[]>();
  private restCount = 0;
  private column = 0;
  /** Characters in the current cell so far. */
  private used = 0;

  /** `title` gives the text above the table from its width (`centredTitle`). */
  constructor(
    private readonly widths: readonly number[],
    title?: (width: number) => string,
  ) {
    this.ruleText = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
    if (title !== undefined) this.out.add(title(this.ruleText.length - 1));
    this.rule();
  }

  rule(): void {
    this.out.add(this.ruleText);
  }

  /** A row of cells, each as one string (missing cells are empty). */
  row(cells: readonly string[]): void {
    this.startRow(0);
    this.text(cells[0] ?? '');
    for (let i = 1; i < this.widths.length; i++) {
      this.nextCell(0);
      this.text(cells[i] ?? '');
    }
    this.endRow();
  }

  /** Starts a row: its first cell, indented by `indent` spaces. */
  startRow(indent: number): void {
    this.column = 0;
    this.used = indent;
    this.out.add(this.joint(-1, indent));
  }

  /** A piece of the current cell's text. */
  text(piece: string): void {
    this.out.add(piece);
    this.used += piece.length;
  }

  /** Ends the current cell and starts the next, indented by `indent` spaces. */
  nextCell(indent: number): void {
    this.out.add(this.joint(this.widths[this.column]! - this.used, indent));
    this.column++;
    this.used = indent;
  }

  /** Ends the current cell and the row. */
  endRow(): void {
    this.out.add(this.joint(this.widths[this.column]! - this.used, -1));
  }

  /**
   * Ends the first cell of a row and writes the others (up to three, each
   * indented by `indent` when present; undefined: empty and not indented).
   * The rest of a row is the same text for every row with as much written
   * so far, the same indentation and the same cells: a rest seen a second
   * time is made into one string and reused (a table of 100,000s of rows has
   * a few dozen), for a limited number of distinct rests.
   */
  finishRow(indent: number, c1: string | undefined, c2?: string, c3?: string): void {
    const key = this.used * 4096 + indent;
    const cached = indent < 4096 ? this.rests.get(key) : undefined;
    let at = -1;
    if (cached !== undefined) {
      for (let i = 0; i < cached.length; i += 4) {
        if (cached[i] === c1 && cached[i + 1] === c2 && cached[i + 2] === c3) {
          at = i;
          break;
        }
      }
    }
    if (at >= 0) {
      const rest = cached![at + 3];
      if (rest !== undefined) this.out.add(rest);
      else {
        // Seen before: written as pieces, and kept as one for next time.
        const start = this.out.mark();
        const epoch = this.out.epoch;
        this.writeRest(indent, c1, c2, c3);
        cached![at + 3] = this.out.since(start, epoch);
      }
      return;
    }
    if (indent < 4096 && this.restCount < 4096) {
      this.restCount++;
      if (cached !== undefined) cached.push(c1, c2, c3, undefined);
      else this.rests.set(key, [c1, c2, c3, undefined]);
    }
    this.writeRest(indent, c1, c2, c3);
  }

  private writeRest(indent: number, c1: string | undefined, c2: string | undefined, c3: string | undefined): void {
    const columns = this.widths.length;
    this.restCell(indent, c1);
    if (columns > 2) this.restCell(indent, c2);
    if (columns > 3) this.restCell(indent, c3);
    this.endRow();
  }

  private restCell(indent: number, text: string | undefined): void {
    this.nextCell(text === undefined ? 0 : indent);
    if (text !== undefined && text !== '') this.text(text);
  }

  /** Padding of `pad` spaces, the rule, and `indent` spaces: the row's start for pad -1, its end for indent -1. */
  private joint(pad: number, indent: number): string {
    const key = pad * 1048576 + indent + 1;
    let s = this.joints.get(key);
    if (s === undefined) {
      s = pad < 0 ? `| ${this.spaces.get(indent)}` : indent < 0 ? `${this.spaces.get(pad)} |\n` : `${this.spaces.get(pad)} | ${this.spaces.get(indent)}`;
      this.joints.set(key, s);
    }
    return s;
  }

  /** The closing rule and the whole text. */
  done(): string {
    this.rule();
    return this.out.done();
  }
}
