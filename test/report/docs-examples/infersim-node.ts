/** What `import ... from 'infersim/node'` means in the docs' examples (see ./infersim.ts). */
export * from '../../../src/node/index.js';
export * from '../../../src/node/sweep/index.js';
export * from '../../../src/node/report/index.js';
