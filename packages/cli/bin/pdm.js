#!/usr/bin/env node
// The `pdm` command. A file kept in the repository (not the build's
// dist/bin.js) so that `npm ci` links it into node_modules/.bin of the
// workspace, where `npx pdm` finds it once the packages are built.
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bin.js')) throw error;
  process.stderr.write('pdm: the CLI is not built yet; run "npm run build" first\n');
  process.exit(1);
}
