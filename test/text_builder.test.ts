// The text builder the views write with (analysis/ascii_table.ts): pieces are
// joined 128 at a time into chunks, long pieces go to the text uncopied, and
// `since` gives the pieces added after a mark while they are still apart.
// Expected texts are the pieces concatenated, written out here.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TableWriter, TextBuilder } from '../analysis/ascii_table.js';

const t = suite('text builder');

t('pieces across several chunks (128 pieces each) come out in order, once each', () => {
  const out = new TextBuilder();
  const pieces: string[] = [];
  for (let i = 0; i < 1000; i++) pieces.push(`${i},`);
  for (const p of pieces) out.add(p);
  const text = out.done();
  assert.is(text, pieces.join(''));
  // 0..999 with a comma each: 10 one-digit, 90 two-digit, 900 three-digit numbers.
  assert.is(text.length, 10 * 2 + 90 * 3 + 900 * 4);
});

t('a long piece (512 characters or more) goes between the collected pieces in order', () => {
  const out = new TextBuilder();
  const long = 'x'.repeat(600);
  out.add('a');
  out.add('b');
  out.add(long);
  out.add('c');
  assert.is(out.done(), `ab${long}c`);
});

t('since: the pieces after a mark, as one string; undefined once a chunk was joined in between', () => {
  const out = new TextBuilder();
  out.add('head ');
  const mark = out.mark();
  const epoch = out.epoch;
  out.add('one ');
  out.add('two');
  assert.is(out.since(mark, epoch), 'one two');
  // Filling the chunk (128 pieces) joins it: the pieces are no longer apart.
  for (let i = 0; i < 128; i++) out.add('.');
  assert.is(out.since(mark, epoch), undefined);
  const later = out.mark();
  const laterEpoch = out.epoch;
  out.add('three');
  assert.is(out.since(later, laterEpoch), 'three');
  out.add('y'.repeat(512));
  assert.is(out.since(later, laterEpoch), undefined);
  assert.is(out.done(), `head one two${'.'.repeat(128)}three${'y'.repeat(512)}`);
});

t('a table whose repeated row endings are reused across chunk joins is the table written cell by cell', () => {
  // 300 rows with the same two right-hand cells: their endings are cached
  // as one string the second time they are seen, whether or not a chunk was
  // joined while they were written.
  const widths = [6, 3, 3];
  const w = new TableWriter(widths);
  const lines: string[] = ['+--------+-----+-----+'];
  for (let i = 0; i < 300; i++) {
    const name = `r${i}`;
    w.startRow(0);
    w.text(name);
    w.finishRow(0, 'a', 'bb');
    lines.push(`| ${name.padEnd(6)} | a   | bb  |`);
  }
  lines.push('+--------+-----+-----+');
  assert.is(w.done(), `${lines.join('\n')}\n`);
});

t.run();
