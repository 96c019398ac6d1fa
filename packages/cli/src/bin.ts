import { createInterrupt } from './interrupt.js';
import { processIo, run } from './run.js';

// Ctrl-C during a pull stops it after the file in hand and releases it; a
// second Ctrl-C, or one at any other time, quits at once.
const interrupt = createInterrupt();
process.on('SIGINT', () => {
  if (!interrupt.request()) process.exit(130);
});

const code = await run(process.argv.slice(2), { ...processIo(), interrupt });
process.exitCode = code;
// A pool or timer left open must not keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
