/**
 * What `import ... from 'infersim'` means in the docs' examples: the package's main entry, plus
 * the experiment modules (sweeps, comparisons, plots, reports) in case the entry does not re-export
 * them yet. Re-exporting a binding twice from its one origin is not a conflict, so this stays right
 * once it does.
 */
export * from '../../../src/index.js';
export * from '../../../src/experiment/index.js';
export * from '../../../src/experiment/plots/index.js';
export * from '../../../src/experiment/report.js';
