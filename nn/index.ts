// The nn namespace: Module, layers, and the functional ops as `F`.

export { Module, moduleRepr } from './module.js';
export { Parameter, Tensor } from '../core/tensor.js';
export * from './layers/container.js';
export * from './layers/conv.js';
export * from './layers/linear.js';
export * from './layers/norm.js';
export * from './layers/activation.js';
export * from './layers/pool.js';
export * from './layers/misc.js';
export * from './layers/attention.js';
export * as F from './functional/index.js';
export * from './layers/padding.js';
export * from './layers/fold.js';
export * from './layers/dropout.js';
export * from './layers/rnn.js';
export * from './layers/transformer.js';
export * from './layers/sparse.js';
export * from './layers/param_containers.js';
export { Buffer, type BufferOptions } from '../core/tensor.js';
