/**
 * Node-only parts of infersim: reading scenario and trace files. Import from `infersim/node`.
 * @packageDocumentation
 */
export { loadScenarioFile, loadScenarioText, resolveFiles } from './load-scenario.js';
export { writeFileAtomic } from './write-atomic.js';
export { readObservedSeries } from './read-observed.js';
export { loadTwitterTrace, twitterTracePath } from './twitter-trace.js';
export * from './profiler/index.js';
export { probePowercap, readPowercapUj, POWERCAP_ROOT, type PowercapZone, type PowercapProbe } from './powercap-reader.js';
export * from './train/index.js';
export * from './sweep/index.js';
export * from './report/index.js';
