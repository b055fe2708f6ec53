// The devices a roofline can be drawn for: peak dense FLOP/s per dtype and
// memory bandwidth, each with the document it comes from. The one data file
// of the device table (docs/memory.md says how each number was read).

import { ArgumentError, UnknownNameError } from '../core/errors.js';
import type { StorageDtype } from './memory.js';

/** A device's peaks: dense FLOP/s (or OP/s for integers) per dtype, and memory bandwidth. */
export interface Device {
  /** Its `--device` name (kebab-case). */
  readonly name: string;
  /** What it is, in words. */
  readonly description: string;
  /** Memory in bytes (0 when not fixed, as for the CPU entry). */
  readonly memoryBytes: number;
  /** Peak dense FLOP/s by dtype (without structured sparsity); a dtype it lacks is absent. */
  readonly peakFlops: Readonly<Partial<Record<StorageDtype, number>>>;
  /** Peak memory bandwidth, bytes per second. */
  readonly bandwidth: number;
  /** Where the numbers come from. */
  readonly source: string;
}

const T = 1e12;
const G = 1e9;
const GB = 1e9;

const NVIDIA_A100 = 'NVIDIA A100 Tensor Core GPU datasheet (nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf), SXM column, dense rates (the sparsity figures halved)';
const NVIDIA_H100 = 'NVIDIA H100 Tensor Core GPU datasheet (h100-datasheet-2287922), dense rates (the "with sparsity" figures halved)';

/** The device table: data-center and consumer GPUs, Apple silicon, and one desktop CPU. */
export const DEVICES: readonly Device[] = [
  {
    name: 'a100-40gb',
    description: 'NVIDIA A100 40GB SXM',
    memoryBytes: 40 * GB,
    peakFlops: { fp32: 19.5 * T, fp16: 312 * T, bf16: 312 * T, int8: 624 * T, int4: 1248 * T },
    bandwidth: 1555 * G,
    source: NVIDIA_A100,
  },
  {
    name: 'a100-80gb',
    description: 'NVIDIA A100 80GB SXM',
    memoryBytes: 80 * GB,
    peakFlops: { fp32: 19.5 * T, fp16: 312 * T, bf16: 312 * T, int8: 624 * T, int4: 1248 * T },
    bandwidth: 2039 * G,
    source: NVIDIA_A100,
  },
  {
    name: 'h100-sxm',
    description: 'NVIDIA H100 SXM5 80GB',
    memoryBytes: 80 * GB,
    peakFlops: { fp32: 67 * T, fp16: 989.5 * T, bf16: 989.5 * T, fp8: 1979 * T, int8: 1979 * T },
    bandwidth: 3.35e12,
    source: NVIDIA_H100,
  },
  {
    name: 'h100-pcie',
    description: 'NVIDIA H100 PCIe 80GB',
    memoryBytes: 80 * GB,
    peakFlops: { fp32: 51 * T, fp16: 756.5 * T, bf16: 756.5 * T, fp8: 1513 * T, int8: 1513 * T },
    bandwidth: 2.0e12,
    source: NVIDIA_H100,
  },
  {
    name: 'h200',
    description: 'NVIDIA H200 SXM 141GB',
    memoryBytes: 141 * GB,
    peakFlops: { fp32: 67 * T, fp16: 989.5 * T, bf16: 989.5 * T, fp8: 1979 * T, int8: 1979 * T },
    bandwidth: 4.8e12,
    source: 'NVIDIA H200 Tensor Core GPU datasheet (h200-datasheet-3111011), SXM column, dense rates (the sparsity figures halved)',
  },
  {
    name: 'l4',
    description: 'NVIDIA L4 24GB',
    memoryBytes: 24 * GB,
    peakFlops: { fp32: 30.3 * T, fp16: 121 * T, bf16: 121 * T, fp8: 242.5 * T, int8: 242.5 * T },
    bandwidth: 300 * G,
    source: 'NVIDIA L4 Tensor Core GPU datasheet (l4-datasheet-2595652), dense rates (the sparsity figures halved)',
  },
  {
    name: 't4',
    description: 'NVIDIA T4 16GB (no bf16 or fp8 units)',
    memoryBytes: 16 * GB,
    peakFlops: { fp32: 8.1 * T, fp16: 65 * T, int8: 130 * T, int4: 260 * T },
    bandwidth: 320 * G,
    source: 'NVIDIA T4 Tensor Core GPU datasheet (t4-tensor-core-datasheet-951643): FP32 8.1 TFLOPS, mixed-precision FP16/FP32 65 TFLOPS, INT8 130 TOPS, INT4 260 TOPS, 320 GB/s',
  },
  {
    name: 'rtx-4090',
    description: 'NVIDIA GeForce RTX 4090 24GB',
    memoryBytes: 24 * GB,
    peakFlops: { fp32: 82.6 * T, fp16: 165.2 * T, bf16: 165.2 * T, fp8: 330.3 * T, int8: 660.6 * T, int4: 1321.2 * T },
    bandwidth: 1008 * G,
    source: 'NVIDIA Ada Lovelace GPU Architecture whitepaper v2.1, Appendix A (GeForce RTX 4090): dense tensor rates, FP16/BF16/FP8 with FP32 accumulate; 21 Gbps GDDR6X on 384 bits = 1008 GB/s',
  },
  {
    name: 'm2-max',
    description: 'Apple M2 Max, 38-core GPU',
    memoryBytes: 96 * GB,
    peakFlops: { fp32: 13.6 * T, fp16: 13.6 * T },
    bandwidth: 400 * G,
    source: 'Apple newsroom, 17 Jan 2023 (M2 Max: up to 38-core GPU, 400 GB/s unified memory); FP32 = 38 cores * 128 ALUs * 2 (FMA) * 1.398 GHz = 13.6 TFLOPS, FP16 at the same rate',
  },
  {
    name: 'm3-max',
    description: 'Apple M3 Max, 40-core GPU',
    memoryBytes: 128 * GB,
    peakFlops: { fp32: 14.3 * T, fp16: 14.3 * T },
    bandwidth: 400 * G,
    source: 'Apple newsroom, 30 Oct 2023 (M3 Max: up to 40-core GPU, 400 GB/s unified memory); FP32 = 40 cores * 128 ALUs * 2 (FMA) * 1.398 GHz = 14.3 TFLOPS, FP16 at the same rate',
  },
  {
    name: 'cpu',
    description: 'desktop CPU, AMD Ryzen 9 7950X class (16 cores, DDR5-5200, 2 channels)',
    memoryBytes: 0,
    peakFlops: { fp32: 2.304 * T },
    bandwidth: 83.2 * G,
    source: 'AMD Ryzen 9 7950X product page (16 cores, 4.5 GHz base, DDR5-5200); FP32 = 16 cores * 32 FLOP/cycle (two 256-bit FMA pipes) * 4.5 GHz = 2.304 TFLOPS; 5200 MT/s * 8 bytes * 2 channels = 83.2 GB/s',
  },
];

/** The `--device` names, in table order. */
export function deviceNames(): string[] {
  return DEVICES.map((d) => d.name);
}

/** The device named `name`; an UnknownNameError lists the table's names. */
export function deviceNamed(name: string): Device {
  const d = DEVICES.find((e) => e.name === name);
  if (d === undefined) throw new UnknownNameError('device', name, deviceNames());
  return d;
}

/** A device of your own: one peak FLOP/s (used for every dtype) and a bandwidth in bytes per second. */
export function customDevice(peakFlops: number, bandwidth: number, name = 'custom'): Device {
  for (const [arg, v] of [['peakFlops', peakFlops], ['bandwidth', bandwidth]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ArgumentError('customDevice', arg, v, 'a positive number (FLOP/s, bytes/s)');
  }
  return { name, description: 'given peak FLOP/s and bandwidth', memoryBytes: 0, peakFlops: { fp32: peakFlops, fp16: peakFlops, bf16: peakFlops, fp8: peakFlops, int8: peakFlops, int4: peakFlops }, bandwidth, source: 'given on the command line' };
}

// Where a device lists no rate for a dtype, the math runs in the next one it
// has: integers and fp8 are dequantized to fp16; fp16 and bf16 without their
// units run at the fp32 rate.
const FALLBACK: Readonly<Record<StorageDtype, readonly StorageDtype[]>> = {
  fp32: ['fp32'],
  fp16: ['fp16', 'fp32'],
  bf16: ['bf16', 'fp32'],
  fp8: ['fp8', 'fp16', 'bf16', 'fp32'],
  int8: ['int8', 'fp16', 'bf16', 'fp32'],
  int4: ['int4', 'int8', 'fp16', 'bf16', 'fp32'],
};

/** The peak FLOP/s of `device` for math in `dtype`, and the dtype whose rate it is (another when the device lacks `dtype`). */
export function peakFlopsOf(device: Device, dtype: StorageDtype): { readonly flops: number; readonly dtype: StorageDtype } {
  for (const d of FALLBACK[dtype]) {
    const f = device.peakFlops[d];
    if (f !== undefined) return { flops: f, dtype: d };
  }
  throw new ArgumentError('peakFlopsOf', 'device', device.name, 'a device with an fp32 rate');
}
