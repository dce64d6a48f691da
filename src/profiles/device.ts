import type { VariantProfile } from './types.js';

/** The device every variant has a profile for: its own fields. */
export const DEFAULT_DEVICE = 'cpu';

/** Device types a variant can run on: `cpu` and the keys of its `devices`. */
export function variantDevices(v: VariantProfile): string[] {
  return [DEFAULT_DEVICE, ...Object.keys(v.devices ?? {}).filter((d) => d !== DEFAULT_DEVICE)];
}

/** Whether a variant has a profile for `device`. */
export function hasDevice(v: VariantProfile, device: string): boolean {
  return device === DEFAULT_DEVICE || (v.devices !== undefined && Object.hasOwn(v.devices, device));
}

/**
 * The variant as it runs on `device`: a plain {@link VariantProfile} whose latency, energy, start-up,
 * cores and memory are the device's (falling back to the variant's own where the device profile is
 * silent, except latency and energy, which are per device). Planners use it with `latencyMs(v, b)`
 * and friends unchanged. Throws for a device the variant has no profile for.
 */
export function onDevice(v: VariantProfile, device: string = DEFAULT_DEVICE): VariantProfile {
  if (device === DEFAULT_DEVICE && !v.devices?.[DEFAULT_DEVICE]) return v;
  const d = v.devices?.[device];
  if (!d) throw new RangeError(`variant "${v.name}" has no profile for device "${device}"`);
  return {
    name: v.name,
    accuracy: v.accuracy,
    cores: d.cores ?? v.cores,
    latencyMs: d.latencyMs,
    latencyP99Ms: d.latencyP99Ms,
    energyJ: d.energyJ,
    startupS: d.startupS ?? v.startupS,
    memoryMB: d.memoryMB ?? v.memoryMB,
    serviceDist: v.serviceDist,
    provenance: d.provenance ?? v.provenance,
  };
}

/** Accelerator slots a replica of `v` holds on `device` (0 on `cpu`, else the profile's, default 1). */
export function acceleratorsOn(v: VariantProfile, device: string): number {
  if (device === DEFAULT_DEVICE) return 0;
  return v.devices?.[device]?.accelerators ?? 1;
}
