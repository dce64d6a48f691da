import { InputError, describeValue, type InputIssue } from '../errors.js';
import type { PipelineConfig, PolicyFactory } from './types.js';

/**
 * `static`: one fixed configuration for the whole run. Options: `config`, one
 * `{ variant, batch, replicas }` per stage. The serving layer checks variants and batch sizes against
 * the profiles; this checks the shape.
 */
export const staticPolicy: PolicyFactory = (options, context) => {
  const config = options.config;
  const n = context.pipeline.stages.length;
  const issues: InputIssue[] = [];
  if (!Array.isArray(config) || config.length !== n) {
    issues.push({
      path: 'policy.config',
      expected: `an array with one { variant, batch, replicas } per stage (${n})`,
      received: describeValue(config),
    });
  }
  for (const key of Object.keys(options)) {
    if (key !== 'config') issues.push({ path: `policy.${key}`, expected: 'no such option for "static" (only "config")', received: describeValue(options[key]) });
  }
  if (issues.length) throw new InputError(issues);
  const fixed = (config as PipelineConfig).map((c) => ({ ...c }));
  let first = true;
  return {
    name: 'static',
    configPath: 'policy.config',
    decide() {
      if (!first) return undefined;
      first = false;
      return fixed;
    },
  };
};
