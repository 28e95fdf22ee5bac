// `node --import tests/helpers/loaded-modules.ts …`: writes the URL of every module the process loaded to the file
// named by HOCBA_LOADED_MODULES when it exits, so a test can count what a command loads instead of timing it.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
process.on('exit', () => {
  const out = process.env.HOCBA_LOADED_MODULES;
  if (out) writeFileSync(out, [...loaded].join('\n'));
});
