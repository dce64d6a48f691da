// TypeDoc plugin (typedoc.json "plugin"): sorts the exports of `infersim` and `infersim/node` into
// topic groups by the source folder they come from, with the engine, serving model and other
// building blocks in "Internals", last, so the reference lists `simulate` apart from `EventHeap`.
// An explicit `@group` tag on a declaration wins. An export from a file no rule below covers is a
// warning, which typedoc.json's treatWarningsAsErrors turns into a failed docs build (and a failed
// test/docs/api-docs.test.ts): a new public module needs its topic here or a tag. The groups' order
// is typedoc.json's groupOrder.
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

/** [path under src/ (a folder ends in '/'), group]; the first match wins, so specific rules come first. */
export const GROUP_RULES = [
  ['sim/', 'Simulation'],
  ['errors.ts', 'Errors'],
  ['util/optional-import.ts', 'Errors'],
  ['metrics/growable.ts', 'Internals'],
  ['metrics/time-integral.ts', 'Internals'],
  ['metrics/', 'Metrics'],
  ['profiles/', 'Profiles'],
  ['policies/solvers/', 'Policy building blocks'],
  ['policies/options.ts', 'Policy building blocks'],
  ['policies/learning/', 'Policy building blocks'],
  ['policies/', 'Policies'],
  ['rl/', 'Reinforcement learning'],
  ['experiment/plots/', 'Plots and reports'],
  ['experiment/report', 'Plots and reports'],
  ['experiment/canonical-json.ts', 'Internals'],
  ['experiment/hash.ts', 'Internals'],
  ['experiment/set-path.ts', 'Internals'],
  ['experiment/student-t.ts', 'Internals'],
  ['experiment/special-functions.ts', 'Internals'],
  ['experiment/', 'Experiments and sweeps'],
  ['predictors/', 'Predictors'],
  ['energy/', 'Energy'],
  ['calibrate/', 'Calibration'],
  ['workload/', 'Workloads'],
  ['bundled/', 'Bundled pipelines, workloads and traces'],
  ['engine/', 'Internals'],
  ['serving/', 'Internals'],
  ['random/', 'Internals'],
  ['node/report/', 'Plots and reports'],
  ['node/sweep/', 'Experiments and sweeps'],
  ['node/train/', 'Reinforcement learning'],
  ['node/profiler/', 'Profiling'],
  ['node/powercap-reader.ts', 'Energy'],
  ['node/', 'Files and traces'],
];

/** The group of a source file (path relative to src/), or undefined when no rule covers it. */
export function groupOf(path) {
  return GROUP_RULES.find(([prefix]) => (prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix || (!prefix.endsWith('.ts') && path.startsWith(prefix))))?.[1];
}

/** The `@group` tags of a reflection, on itself or its signatures (where TypeDoc looks for them). */
function hasGroup(refl) {
  const comments = [refl.comment, ...(refl.signatures ?? []).map((s) => s.comment), ...(refl.type?.declaration?.signatures ?? []).map((s) => s.comment)];
  return comments.some((c) => c?.blockTags.some((t) => t.tag === '@group'));
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  // Before RESOLVE_END, where TypeDoc's GroupPlugin reads the tags.
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    const modules = project.children?.some((c) => c.kindOf(ReflectionKind.Module)) ? project.children : [project];
    for (const mod of modules) {
      for (const refl of mod.children ?? []) {
        if (refl.kindOf(ReflectionKind.Reference) || hasGroup(refl)) continue;
        const id = project.getSymbolIdFromReflection(refl);
        const path = id?.packagePath.replace(/^.*?\bsrc\//, '');
        const group = path === undefined ? undefined : groupOf(path);
        if (!group) {
          app.logger.warn(`${refl.getFriendlyFullName()} (${path ?? 'unknown source'}) is exported but in no documentation group: tag it @group or add its folder to scripts/typedoc-groups.mjs`);
          continue;
        }
        // Functions carry their comment on the signature; the tag goes where the summary is.
        const sig = refl.signatures?.find((s) => s.comment);
        const target = sig ?? refl;
        target.comment ??= new Comment();
        target.comment.blockTags.push(new CommentTag('@group', [{ kind: 'text', text: group }]));
      }
    }
  });
}
