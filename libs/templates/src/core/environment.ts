// The isolated Handlebars environment templates compile in. Never the global Handlebars: other code
// (the web UI views) may register helpers or partials there, and none of them should reach posts.
import Handlebars from 'handlebars';
import { DISALLOWED_HELPERS, HELPER_RULES } from './helper-rules';
import { registerTemplateHelpers } from './helpers';

export type TemplateFunction = Handlebars.TemplateDelegate<unknown>;

const env = createEnvironment();

function createEnvironment(): typeof Handlebars {
  const created = Handlebars.create();
  // helperMissing/blockHelperMissing stay: the runtime calls them internally and they only throw.
  for (const name of ['each', 'with', 'lookup', 'log']) created.unregisterHelper(name);
  registerTemplateHelpers(created);
  return created;
}

/** Compile options: see README "Safety model" for why each one is set. */
const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: {
    ...Object.fromEntries([...HELPER_RULES.keys()].map((name) => [name, true])),
    ...Object.fromEntries(
      [...DISALLOWED_HELPERS.keys()].filter((n) => !n.endsWith('Missing')).map((name) => [name, false]),
    ),
  } as KnownHelpers,
};

export function compileTemplate(source: string): TemplateFunction {
  return env.compile<unknown>(source, COMPILE_OPTIONS);
}

/** Runtime options: prototype access off (Handlebars' defaults, pinned so an upgrade cannot flip them), no partials. */
export const RUNTIME_OPTIONS: Readonly<Handlebars.RuntimeOptions> = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
  partials: {},
  decorators: {},
};
