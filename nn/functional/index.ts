// The functional namespace (PyTorch's torch / torch.nn.functional in one).

export * from './conv.js';
export * from './linear.js';
export * from './norm.js';
export * from './pool.js';
export * from './elementwise.js';
export * from './shape_ops.js';
export * from './resample.js';
export * from './fold.js';
export * from './dropout.js';
export * from './pointwise.js';
export * from './attention.js';
export * from './activation.js';
export * from './reduce.js';
export * from './methods.js';
export * from './shuffle.js';
export * from './rnn.js';
export * from './sparse.js';
export * from './masks.js';
export * from './ranges.js';
export * from './indexing.js';
export * from './llm_ops.js';
export * from './llm_ops2.js';
