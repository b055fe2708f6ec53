// The CLI when its report cannot be written: one line on stderr and exit 74
// (EX_IOERR), not a stack trace; a reader that stops early is not an error.

import { closeSync, existsSync, openSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers.js';

const t = suite('cli write errors');
const CLI = join(ROOT, 'dist', 'cli.cjs');

t('a full disk (/dev/full): one line, exit 74', () => {
  if (!existsSync('/dev/full')) return;
  const fd = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [CLI, 'resnet18'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
    assert.is(r.status, 74);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.is(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^flopscope: cannot write the report: .*ENOSPC/);
  } finally {
    closeSync(fd);
  }
});

t('a reader that stops early: exit 0, no error on stderr (at most the text views\' line naming the uncounted ops)', () => {
  const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${CLI}" resnet50 | head -c 1 >/dev/null`], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0);
  assert.equal(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('flopscope: warning: ')), []);
});

t.run();
