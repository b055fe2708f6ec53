import { throws, returns, type ApiCase, type CliCase } from './case.js';

export const CASES: readonly ApiCase[] = [
  { name: 'sample unknown zoo builder', kind: 'raw', run: ({ buildModel }) => buildModel('resnet5'), expect: throws('UnknownNameError', "unknown model 'resnet5'") },
  { name: 'sample numel', kind: 'exactness', run: ({ numel }) => numel([2, 3]), expect: returns(6n) },
];
export const CLI_CASES: readonly CliCase[] = [
  { name: 'sample unknown zoo name', kind: 'cli', argv: ['resnet5'], expect: { code: 1, words: ["unknown model 'resnet5'"] } },
];
