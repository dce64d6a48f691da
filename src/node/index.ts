/**
 * Node-only parts of infersim: reading scenario and trace files. Import from `infersim/node`.
 * @packageDocumentation
 */
export { loadScenarioFile, resolveFiles } from './load-scenario.js';
export { writeFileAtomic } from './write-atomic.js';
export { loadTwitterTrace, twitterTracePath } from './twitter-trace.js';
