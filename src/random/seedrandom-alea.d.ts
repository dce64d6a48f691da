// Types of seedrandom's alea module on its own (@types/seedrandom declares only the package entry).
// streams.ts imports this file rather than the entry, whose load also requires node:crypto (for
// seeding from entropy, which infersim never does): a cost at every start-up (bench/README.md).
declare module 'seedrandom/lib/alea.js' {
  import seedrandom = require('seedrandom');
  const alea: typeof seedrandom.alea;
  export = alea;
}
