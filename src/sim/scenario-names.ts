/**
 * Names a scenario may use, as string-literal unions: editors complete them and show them on hover.
 * Each also accepts any other string (`OrString`), since user code registers its own policies and a
 * name is checked at run time against what is registered or bundled then.
 */

/** A string-literal union that still accepts any string (the `string & {}` keeps the literals visible). */
export type OrString<T extends string> = T | (string & {});

/** The bundled pipelines (`bundledPipelineNames`). */
export type BundledPipelineName = 'video' | 'audio-qa' | 'audio-sent' | 'sum-qa' | 'nlp';

/** The bundled workload traces (`bundledWorkloadNames`). */
export type BundledWorkloadName = 'bursty' | 'steady_low' | 'steady_high' | 'fluctuating';

/** The bundled carbon-intensity traces (`bundledCarbonTraceNames`). */
export type BundledCarbonTraceName = 'ciso-sep' | 'gb-2023-jan' | 'au-sa-2023-jan';

/** The built-in policies (`policyNames()` lists these and the registered ones). */
export type BuiltinPolicyName = 'static' | 'ipa' | 'ipa-energy' | 'fa2-low' | 'fa2-high' | 'fa2' | 'rim' | 'greedy' | 'random' | 'qlearning' | 'ppo' | 'inferline' | 'energy-slo' | 'loki';
