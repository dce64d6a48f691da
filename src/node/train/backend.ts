import { importOptional } from '../../util/optional-import.js';

/** tfjs backends infersim's training knows how to set up in Node. */
export type TfBackendName = 'wasm' | 'cpu';

/**
 * Selects the tfjs backend for training in Node: `wasm` (default; ~7x faster than `cpu` here, and
 * what a machine without the native tfjs-node binding can use) or the pure-JS `cpu`. tfjs and the
 * wasm backend are imported here, on first use, so commands that do not train never load them.
 * Returns the backend now active.
 *
 * @throws Error when the backend cannot start
 */
export async function useTfBackend(name: TfBackendName = 'wasm'): Promise<string> {
  const tf = await importOptional<typeof import('@tensorflow/tfjs')>('@tensorflow/tfjs', 'PPO training');
  if (name === 'wasm') await importOptional('@tensorflow/tfjs-backend-wasm', "PPO training on the 'wasm' backend");
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend "${name}" could not start`);
  await tf.ready();
  return tf.getBackend();
}
