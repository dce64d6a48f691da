// One model of @vladmandic/face-api as a workload for `infersim profile`: `infer(batch)` runs the
// model named by FACE_MODEL on `batch` inputs with the tfjs WebAssembly backend, weights from the
// npm package's model/ folder (nothing is downloaded). Used by scripts/profile-face-api.ts:
//
//   infersim profile --module examples/measured/face-api-model.js --env FACE_MODEL=tiny_face_detector \
//     --stage detect --variant tiny_face_detector --batches 1,2,4,8 --cores 1 --repeats 20 --out p.json
//
// Inputs are fixed synthetic images (seeded pseudo-random pixels), not photographs: the convolution
// cost of these nets does not depend on the pixels, only the detectors' box post-processing does a
// little (noise gives few candidate boxes). Detectors take one image per call in face-api, so a
// batch of b images is b calls; the face models take a real batch (one forward pass of b crops).
//
// Plain JavaScript (JSDoc types) so the built CLI can load it without a TypeScript loader.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);

/** The models this module can run: face-api net, input side in pixels, and whether it batches. */
export const MODELS = {
  tiny_face_detector: { net: 'tinyFaceDetector', side: 416, batched: false },
  ssd_mobilenetv1: { net: 'ssdMobilenetv1', side: 512, batched: false },
  face_landmark_68_tiny: { net: 'faceLandmark68TinyNet', side: 112, batched: true },
  face_landmark_68: { net: 'faceLandmark68Net', side: 112, batched: true },
  face_recognition: { net: 'faceRecognitionNet', side: 150, batched: true },
  age_gender: { net: 'ageGenderNet', side: 112, batched: true },
};

const name = process.env.FACE_MODEL ?? '';
const spec = /** @type {Record<string, {net: string, side: number, batched: boolean}>} */ (MODELS)[name];
if (!spec) throw new Error(`FACE_MODEL must be one of ${Object.keys(MODELS).join(', ')}, got ${JSON.stringify(name)}`);

const t0 = performance.now();
let tf;
let faceapi;
try {
  tf = require('@tensorflow/tfjs');
  require('@tensorflow/tfjs-backend-wasm');
  faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
} catch (err) {
  throw new Error(
    'this workload needs @vladmandic/face-api, @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm ' +
      `(npm install them; they are dev/optional dependencies of infersim): ${err instanceof Error ? err.message : String(err)}`,
  );
}
if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend could not start');
await tf.ready();
const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
const net = faceapi.nets[spec.net];
await net.loadFromDisk(modelDir);

// Seeded pseudo-random pixels in [0, 255], one image per batch slot (8 at most are ever asked for).
let seed = 12345;
const images = [];
for (let i = 0; i < 8; i++) {
  const px = new Float32Array(spec.side * spec.side * 3);
  for (let j = 0; j < px.length; j++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    px[j] = Math.floor((seed / 2147483648) * 256);
  }
  images.push(tf.tensor3d(px, [spec.side, spec.side, 3]));
}

/**
 * Runs the model once on `batch` inputs and waits for its outputs.
 * @param {number} batch
 * @returns {Promise<void>}
 */
async function runOnce(batch) {
  if (batch < 1 || batch > images.length) throw new Error(`batch must be in [1, ${images.length}], got ${batch}`);
  if (!spec.batched) {
    const options = spec.net === 'tinyFaceDetector' ? new faceapi.TinyFaceDetectorOptions({ inputSize: spec.side }) : new faceapi.SsdMobilenetv1Options();
    for (let i = 0; i < batch; i++) await net.locateFaces(images[i], options);
    return;
  }
  const input = await faceapi.toNetInput(images.slice(0, batch));
  const out = net.forwardInput(input);
  const tensors = Array.isArray(out) ? out : out.age ? [out.age, out.gender] : [out];
  for (const t of tensors) await t.data();
  tf.dispose(tensors);
}

// The first inference compiles the graph's kernels: part of start-up, as in a serving container.
await runOnce(1);
/** Model load plus first inference, ms: this process's start-up as seen from inside. */
export const startupMs = performance.now() - t0;

/**
 * The profiler's entry point.
 * @param {number} batch
 * @returns {Promise<void>}
 */
export async function infer(batch) {
  await runOnce(batch);
}
