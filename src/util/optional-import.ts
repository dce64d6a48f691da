/**
 * Optional dependencies: heavy packages only some features need (tfjs for PPO training, vega and
 * vega-lite for SVG rendering, resvg for PNG, pdfkit and svg-to-pdfkit for PDF). They are optional peer dependencies (resvg: an
 * optional dependency, installed unless omitted), imported on first use, so a plain install stays
 * small and `import 'infersim'` stays fast; when one is missing, the feature that needs it fails
 * with a message naming what to install instead of a bare module-not-found.
 */

/** The optional packages and the versions infersim is tested with. */
export const OPTIONAL_PACKAGES = {
  '@tensorflow/tfjs': '4.22.0',
  '@tensorflow/tfjs-backend-wasm': '4.22.0',
  vega: '6.4.0',
  'vega-lite': '6.4.3',
  '@resvg/resvg-js': '2.6.2',
  pdfkit: '0.20.2',
  'svg-to-pdfkit': '0.1.8',
} as const;

/** A package `importOptional` knows how to name in its message. */
export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/** Thrown when a feature needs an optional package that is not installed. */
export class MissingOptionalDependencyError extends Error {
  override readonly name = 'MissingOptionalDependencyError';
  constructor(
    /** The package to install. */
    readonly packageName: OptionalPackage,
    /** What needed it, e.g. "PPO training". */
    readonly feature: string,
    options?: { cause?: unknown },
  ) {
    super(`${feature} needs the optional package ${packageName}, which is not installed: npm install ${packageName}@${OPTIONAL_PACKAGES[packageName]}`, options);
  }
}

/**
 * Imports optional package `pkg` and turns a "module not found" for it into a
 * {@link MissingOptionalDependencyError}; other errors pass through unchanged. The specifier is a
 * variable on purpose: bundlers (esbuild, Vite, webpack) leave such an import alone instead of
 * failing the build of an app that never uses the feature and has not installed the package.
 * `load` is for tests.
 */
export async function importOptional<T>(pkg: OptionalPackage, feature: string, load: (specifier: string) => Promise<unknown> = (specifier) => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)): Promise<T> {
  try {
    return (await load(pkg)) as T;
  } catch (err) {
    if (isNotFound(err, pkg)) throw new MissingOptionalDependencyError(pkg, feature, { cause: err });
    throw err;
  }
}

/**
 * A "module not found" for `pkg` or one of its own packages (a prebuilt binary such as
 * `@resvg/resvg-js-linux-x64-gnu`, whose loader may wrap the error as its `cause`).
 */
function isNotFound(err: unknown, pkg: string): boolean {
  if (!(err instanceof Error)) return false;
  if (err.cause !== undefined && err.cause !== err && isNotFound(err.cause, pkg)) return true;
  const code = (err as { code?: unknown }).code;
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /cannot find (module|package)|failed to resolve module/i.test(err.message);
  return notFound && err.message.includes(pkg);
}
