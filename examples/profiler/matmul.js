// A real CPU-bound workload for `infersim profile`: each item of a batch is one n x n matrix
// multiply in double precision, so a batch of b costs b * n^3 multiply-adds. The matrix size stands
// for a model variant (bigger = slower, "more accurate"); pick it with MATMUL_N, e.g.
//
//   infersim profile --module examples/profiler/matmul.js --env MATMUL_N=96 \
//     --stage matmul --variant n96 --batches 1,2,4,8 --cores 1 --repeats 20 --warmup 3 \
//     --out matmul-profile.json
//
// Plain JavaScript (with JSDoc types) so the built CLI can load it without a TypeScript loader.

/** Matrix size n, from MATMUL_N (default 64). */
export const size = readSize(process.env.MATMUL_N);

/**
 * @param {string | undefined} text
 * @returns {number}
 */
function readSize(text) {
  const n = text === undefined || text === '' ? 64 : Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 4096) {
    throw new Error(`MATMUL_N must be an integer in [1, 4096], got ${JSON.stringify(text)}`);
  }
  return n;
}

// Inputs are filled once with fixed pseudo-random values: a run measures the multiply, not set-up.
const a = new Float64Array(size * size);
const b = new Float64Array(size * size);
const c = new Float64Array(size * size);
let seed = 12345;
for (let i = 0; i < a.length; i++) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  a[i] = seed / 2147483648 - 0.5;
  seed = (seed * 1103515245 + 12345) % 2147483648;
  b[i] = seed / 2147483648 - 0.5;
}

/**
 * c = a * b, in i-k-j order so the inner loop walks rows of b and c contiguously.
 * @returns {void}
 */
function multiply() {
  const n = size;
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
}

/**
 * Serves one batch: `batch` matrix multiplies, one per request.
 * @param {number} batch
 * @returns {number} a checksum, so the work cannot be optimised away
 */
export function infer(batch) {
  let sum = 0;
  for (let r = 0; r < batch; r++) {
    multiply();
    sum += c[r % c.length];
  }
  return sum;
}
