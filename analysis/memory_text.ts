// The memory and roofline estimates as text (the CLI's --memory, --roofline,
// --list-devices sections) and as plain JSON values (the `memory` and
// `roofline` objects of --json). Every number says its unit; every section
// says its dtypes, optimizer and device.

import { DEVICES, type Device } from './devices.js';
import { bytesCell, secondsText } from './byte_units.js';

export { secondsText };
import type { MemoryReport } from './memory.js';
import type { TrainingMemory } from './memory_training.js';
import type { RooflinePoint, RooflineReport } from './roofline.js';

/** A JSON value of these objects: bigints are exact integers; Maps keep their key order. */
export type MemoryJsonValue = bigint | number | string | boolean | null | MemoryJsonValue[] | ReadonlyMap<string, MemoryJsonValue>;

/** Bytes in decimal units with the exact count: `16.06 GB (16,060,522,496 bytes)`. */
export function bytesText(bytes: bigint): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  return bytes < 1000n ? exact : `${bytesCell(bytes)} (${exact})`;
}

/** A rate with an SI prefix: `989.5 TFLOP/s`, `3.35 TB/s`. */
export function rateText(value: number, unit: string): string {
  const prefixes: [number, string][] = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, p] of prefixes) if (value >= scale) return `${Number((value / scale).toPrecision(4))} ${p}${unit}`;
  return `${Number(value.toPrecision(4))} ${unit}`;
}

/** Rows of a right-aligned text table, the first column left-aligned. */
function table(headers: readonly string[], rows: readonly (readonly string[])[], lastLeft = false): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const left = (i: number): boolean => i === 0 || (lastLeft && i === headers.length - 1);
  const line = (r: readonly string[]): string => r.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Module indexes to show: depth <= `depth` (the root is depth 0, shown as `model`). */
function shownModules(names: readonly string[], depth: number): number[] {
  const out: number[] = [];
  names.forEach((n, i) => {
    if (n === '' || n.split('.').length <= depth) out.push(i);
  });
  return out;
}

const label = (name: string): string => (name === '' ? '(model total)' : name);

/**
 * The inference memory section: totals with each part, its assumptions, and
 * (unless `perModule` is false: the views show them as columns) a table per module to `depth`.
 */
export function memoryText(m: MemoryReport, depth: number, training?: TrainingMemory, perModule = true): string {
  const lines = [`Memory (weights ${m.dtypes.weight}, activations ${m.dtypes.act}; 1 kB = 1000 bytes):`];
  lines.push(`  parameters:           ${bytesText(m.paramBytes)}`);
  lines.push(`  buffers:              ${bytesText(m.bufferBytes)}`);
  lines.push(`  inputs:               ${bytesText(m.inputBytes)}`);
  lines.push(`  peak activations:     ${bytesText(m.peakActivationBytes)} (live op results at op ${m.peakNode} in ${label(m.peakModule)}; all results summed: ${bytesText(m.sumActivationBytes)})`);
  if (m.kvCache !== null) {
    const k = m.kvCache;
    lines.push(
      `  KV cache:             ${bytesText(m.kvCacheBytes)} (2 * ${k.layout.layers} layers * ${k.layout.heads} kv heads * ${k.layout.headDim} head_dim * ${m.dtypes.act} = ${k.bytesPerToken} bytes a token; ${k.tokens} tokens * batch ${k.batch})`,
    );
  }
  lines.push(`  inference total:      ${bytesText(m.totalBytes)} (parameters + buffers + inputs + peak activations${m.kvCache !== null ? ' + KV cache' : ''})`);
  if (training !== undefined) {
    const t = training;
    lines.push(`Training step (optimizer ${t.optimizer}${t.mixedPrecision ? `, mixed precision: fp32 master weights` : ''}; ${t.trainableParams} trainable parameters):`);
    lines.push(`  gradients:            ${bytesText(t.gradientBytes)} (${t.dtypes.weight})`);
    lines.push(`  optimizer:            ${bytesText(t.optimizerBytes)} (fp32 state ${bytesText(t.optimizerStateBytes)}${t.mixedPrecision ? `, fp32 master weights ${bytesText(t.masterWeightBytes)}` : ''})`);
    lines.push(`  bytes per parameter:  ${Number(t.bytesPerParameter.toFixed(3))} (weights + gradients + optimizer)`);
    lines.push(`  saved activations:    ${bytesText(t.savedActivationBytes)} (kept for the backward, each tensor once)`);
    lines.push(`  with checkpointing:   ${bytesText(t.checkpointedActivationBytes)} (${t.checkpointBlocks.length} blocks checkpointed${t.checkpointBlocks.length > 0 ? `: ${t.checkpointBlocks[0]!} ...` : ''})`);
    lines.push(`  training total:       ${bytesText(t.totalBytes)} (${bytesText(t.totalCheckpointedBytes)} with checkpointing)`);
    if (t.opsWithoutRule.size > 0) lines.push(`  ops without a save rule (counted as saving nothing): ${[...t.opsWithoutRule].map(([k, n]) => `${k} (${n})`).join(', ')}`);
  }
  if (!perModule) return `${lines.join('\n')}\n`;
  const headers = ['module', 'parameters', 'buffers', 'results made', 'peak live', ...(training !== undefined ? ['saved for backward'] : [])];
  const rows = shownModules(m.moduleNames, depth).map((i) => {
    const mm = m.modules[i]!;
    const row = [label(m.moduleNames[i]!), bytesCell(mm.paramBytes), bytesCell(mm.bufferBytes), bytesCell(mm.activationBytes), bytesCell(mm.peakActivationBytes)];
    if (training !== undefined) row.push(bytesCell(training.savedActivationBytesByModule[i]!));
    return row;
  });
  return `${lines.join('\n')}\n\n${table(headers, rows)}\n`;
}

/** The device's line: its peaks, bandwidth and source. */
function deviceLine(r: RooflineReport): string {
  const d = r.device;
  const peak = r.peakDtype === r.dtypes.act ? `${rateText(r.peakFlops, 'FLOP/s')} ${r.peakDtype}` : `${rateText(r.peakFlops, 'FLOP/s')} (its ${r.peakDtype} rate: it lists none for ${r.dtypes.act})`;
  return `Roofline on ${d.name} (${d.description}): peak ${peak}, ${rateText(r.bandwidth, 'B/s')}; ridge ${r.ridgeIntensity.toFixed(1)} FLOP/byte; source: ${d.source}`;
}

/** The roofline section: device, assumptions, totals (and a language model's step), and unless `perModule` is false a table per module to `depth`. */
export function rooflineText(r: RooflineReport, depth: number, decode?: RooflineReport, perModule = true): string {
  const t = r.total;
  const lines = [
    deviceLine(r),
    `Weights ${r.dtypes.weight}, activations ${r.dtypes.act}; FLOPs = 2 per multiply-add fvcore counts (other ops 0); bytes = tensor inputs read + results written; latency = max(FLOPs / peak, bytes / bandwidth) per op, summed`,
    `  total: ${t.flops} FLOPs, ${bytesText(t.bytesMoved)} moved, ${t.intensity.toFixed(2)} FLOP/byte, ${t.bound}-bound, latency >= ${secondsText(t.latencySeconds)}`,
    `  reading every weight once: ${bytesText(r.weightBytes)} / ${rateText(r.bandwidth, 'B/s')} = ${secondsText(r.weightLatencySeconds)}`,
  ];
  const step = (x: RooflineReport): string | null => {
    const g = x.generation;
    if (g === undefined || x.latencyPerTokenSeconds === undefined) return null;
    return g.phase === 'prefill'
      ? `  prefill: ${g.newTokens} tokens * batch ${g.batch}: latency >= ${secondsText(x.total.latencySeconds)} (${secondsText(x.latencyPerTokenSeconds)} a token)`
      : `  decode: ${g.newTokens} token${g.newTokens === 1 ? '' : 's'} after ${g.pastTokens} cached * batch ${g.batch}: latency >= ${secondsText(x.total.latencySeconds)} a step (${secondsText(x.latencyPerTokenSeconds)} a token), ${x.total.bound}-bound`;
  };
  for (const x of [r, decode]) {
    const s = x === undefined ? null : step(x);
    if (s !== null) lines.push(s);
  }
  if (!perModule) return `${lines.join('\n')}\n`;
  const rows = shownModules(r.moduleNames, depth).map((i) => {
    const p: RooflinePoint = r.modules[i]!;
    return [label(r.moduleNames[i]!), String(p.flops), bytesCell(p.bytesMoved), p.intensity.toFixed(2), p.bound, secondsText(p.latencySeconds)];
  });
  return `${lines.join('\n')}\n\n${table(['module', 'FLOPs', 'bytes moved', 'FLOP/byte', 'bound', 'latency >='], rows)}\n`;
}

/** The device table (`--list-devices`): name, peak FLOP/s per dtype, bandwidth, source. */
export function devicesText(devices: readonly Device[] = DEVICES): string {
  const dtypes = ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
  const rows = devices.map((d) => [d.name, ...dtypes.map((k) => (d.peakFlops[k] === undefined ? '-' : rateText(d.peakFlops[k], 'FLOP/s'))), rateText(d.bandwidth, 'B/s'), d.description]);
  const sources = devices.map((d) => `  ${d.name}: ${d.source}`);
  return `${table(['device', ...dtypes, 'bandwidth', 'description'], rows, true)}\n\nPeak dense FLOP/s (OP/s for int8, int4), no sparsity. Sources:\n${sources.join('\n')}\n`;
}

/** The `memory` object of the JSON report: totals, the dtypes, and per module. */
export function memoryJson(m: MemoryReport, training?: TrainingMemory): Map<string, MemoryJsonValue> {
  const out = new Map<string, MemoryJsonValue>([
    ['weightDtype', m.dtypes.weight],
    ['actDtype', m.dtypes.act],
    ['paramBytes', m.paramBytes],
    ['bufferBytes', m.bufferBytes],
    ['inputBytes', m.inputBytes],
    ['peakActivationBytes', m.peakActivationBytes],
    ['kvCacheBytes', m.kvCacheBytes],
    ['inferenceTotalBytes', m.totalBytes],
  ]);
  if (training !== undefined) {
    out.set('optimizer', training.optimizer);
    out.set('gradientBytes', training.gradientBytes);
    out.set('optimizerBytes', training.optimizerBytes);
    out.set('savedActivationBytes', training.savedActivationBytes);
    out.set('checkpointedActivationBytes', training.checkpointedActivationBytes);
    out.set('totalBytes', training.totalBytes);
  } else {
    out.set('totalBytes', m.totalBytes);
  }
  out.set(
    'byModule',
    new Map(
      m.moduleNames.map((name, i) => {
        const mm = m.modules[i]!;
        const entry = new Map<string, MemoryJsonValue>([
          ['paramBytes', mm.paramBytes],
          ['bufferBytes', mm.bufferBytes],
          ['activationBytes', mm.activationBytes],
          ['peakActivationBytes', mm.peakActivationBytes],
        ]);
        if (training !== undefined) entry.set('savedActivationBytes', training.savedActivationBytesByModule[i]!);
        return [name, entry];
      }),
    ),
  );
  return out;
}

/** One roofline point as JSON. */
function pointJson(p: RooflinePoint): Map<string, MemoryJsonValue> {
  return new Map<string, MemoryJsonValue>([
    ['flops', p.flops],
    ['bytesRead', p.bytesRead],
    ['bytesWritten', p.bytesWritten],
    ['bytesMoved', p.bytesMoved],
    ['intensity', p.intensity],
    ['bound', p.bound],
    ['latencySeconds', p.latencySeconds],
  ]);
}

/** The `roofline` object of the JSON report: the device, totals and per module. */
export function rooflineJson(r: RooflineReport, decode?: RooflineReport): Map<string, MemoryJsonValue> {
  const out = new Map<string, MemoryJsonValue>([
    ['device', r.device.name],
    ['peakFlops', r.peakFlops],
    ['peakDtype', r.peakDtype],
    ['bandwidth', r.bandwidth],
    ['weightDtype', r.dtypes.weight],
    ['actDtype', r.dtypes.act],
    ...pointJson(r.total),
    ['weightLatencySeconds', r.weightLatencySeconds],
  ]);
  if (r.generation !== undefined) out.set('phase', r.generation.phase);
  if (r.latencyPerTokenSeconds !== undefined) out.set('latencyPerTokenSeconds', r.latencyPerTokenSeconds);
  if (decode !== undefined) out.set('decode', new Map([...pointJson(decode.total), ['pastTokens', decode.generation?.pastTokens ?? 0], ['latencyPerTokenSeconds', decode.latencyPerTokenSeconds ?? decode.total.latencySeconds]]));
  out.set('byModule', new Map(r.moduleNames.map((name, i) => [name, pointJson(r.modules[i]!)])));
  return out;
}
