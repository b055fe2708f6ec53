import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const [entry, ...rest] = process.argv.slice(2);
const r = await build({ stdin: { contents: entry, resolveDir: process.cwd() + '/dist', loader: 'js' }, bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', minify: true, keepNames: true, legalComments: 'none', metafile: true, logLevel: 'warning' });
const out = Object.values(r.metafile.outputs)[0];
const code = r.outputFiles[0].contents;
console.log('min', code.length, 'gz', gzipSync(code, { level: 9 }).length);
const rows = Object.entries(out.inputs).map(([k, v]) => [k, v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
for (const [k, v] of rows.slice(0, +(rest[0] ?? 40))) console.log(String(v).padStart(7), k);
