export { stream, createStreams, type Streams, type Uniform } from './streams.js';
export { exponential, standardNormal, lognormal, gamma } from './distributions.js';
export { noiseSampler } from './noise.js';
export { DrawnAhead } from './drawn-ahead.js';
