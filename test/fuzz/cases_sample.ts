import { throws, returns, type ApiCase, type CliCase } from './case.js';

export const CASES: readonly ApiCase[] = [
  { name: 'sample conv padding -1', kind: 'silent', run: ({ nn }) => new nn.Conv2d(3, 8, 3, { padding: -1 }), expect: throws('ArgumentError', 'padding', '-1') },
  { name: 'sample numel', kind: 'exactness', run: ({ numel }) => numel([2, 3]), expect: returns(6n) },
];
export const CLI_CASES: readonly CliCase[] = [
  { name: 'sample unknown zoo name', kind: 'cli', argv: ['resnet5'], expect: { code: 1, words: ["unknown model 'resnet5'"] } },
];
