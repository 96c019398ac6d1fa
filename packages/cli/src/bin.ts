import { createInterrupt } from './interrupt.js';
import { processIo, run } from './run.js';

// Ctrl-C during a pull stops it after the file in hand and releases it; a
// second Ctrl-C, or SIGTERM (what `docker stop`, systemd and Kubernetes send),
// stops it now and records it failed, which frees its lease so that a rerun
// continues at once. A signal with no pull running, or one more after those,
// quits at once with 128 + the signal's number.
const interrupt = createInterrupt();
process.on('SIGINT', () => {
  if (!interrupt.request('stop', 'SIGINT') && !interrupt.request('abort', 'SIGINT')) process.exit(130);
});
process.on('SIGTERM', () => {
  if (!interrupt.request('abort', 'SIGTERM')) process.exit(143);
});

// A reader that went away (`pdm demo | head -2`) ends the output, not the
// command: the rest is dropped quietly, and work in hand (a pull holding its
// lease) finishes as it would have.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stream.write = (() => true) as typeof stream.write;
  });
}

const code = await run(process.argv.slice(2), { ...processIo(), interrupt });
process.exitCode = code;
// A pool or timer left open must not keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref();
