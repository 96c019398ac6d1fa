import packageJson from '../package.json' with { type: 'json' };
import type { Command } from './command.js';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { generateCommand } from './commands/generate.js';
import { identityCommand } from './commands/identity.js';
import { migrateCommand } from './commands/migrate.js';
import { processCommand } from './commands/process.js';
import { pullCommand } from './commands/pull.js';
import { pullsCommand } from './commands/pulls.js';
import { quarantineCommand } from './commands/quarantine.js';
import { registerCommand } from './commands/register.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { classifyError, ExitCode, UsageError } from './exit-codes.js';
import { renderCommandHelp, renderGlobalHelp } from './help.js';
import { type ParsedCommandLine, parseCommandLine, splitCommandLine } from './options.js';
import type { CliIo } from './output.js';
import { scrubSecrets, urlPassword } from './scrub.js';

/** The version of this package. */
export const VERSION: string = packageJson.version;

/** Every `pdm` command, in the order `pdm --help` lists them. */
export const COMMANDS: readonly Command[] = [
  demoCommand,
  migrateCommand,
  registerCommand,
  processCommand,
  pullsCommand,
  pullCommand,
  quarantineCommand,
  replayCommand,
  reportCommand,
  exportCommand,
  generateCommand,
  identityCommand,
];

/** The process's own stdout, stderr, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Runs `pdm` with the given arguments (without `node` and the script) and
 * resolves to the exit code; never rejects and never exits the process. An
 * error is one line on stderr (`pdm: …`), with every secret scrubbed; with
 * `--json` it is also a JSON document `{ "error": { code, message, exitCode } }`
 * on stdout.
 *
 * ### Examples
 * ```ts
 * import { processIo, run } from '@provider-data/cli';
 *
 * const code = await run(['pulls', '--limit', '5', '--json'], processIo());
 * if (code !== 0) console.error('pdm failed with', code);
 * ```
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  // Global flags may come before the command: `pdm --json pulls` is `pdm pulls --json`.
  const { name, args: rest } =
    first === '--help' || first === '-h'
      ? { name: first, args: argv.slice(1) }
      : splitCommandLine(
          argv,
          COMMANDS.map((c) => c.options),
        );
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(target ? renderCommandHelp(target) : renderGlobalHelp(COMMANDS, VERSION));
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const json = rest.includes('--json');
  const command = COMMANDS.find((c) => c.name === name);
  let parsed: ParsedCommandLine | undefined;
  try {
    if (!command) {
      throw new UsageError(
        `unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')} (see pdm --help)`,
      );
    }
    parsed = parseCommandLine(rest, command.options, io.env, command.name);
    if (parsed.values.help) {
      io.stdout.write(renderCommandHelp(command));
      return ExitCode.ok;
    }
    return await command.run(parsed, io);
  } catch (error) {
    const { exitCode, code } = classifyError(error);
    const secrets = [
      urlPassword(String(parsed?.values.database ?? io.env.PDM_DATABASE_URL ?? '')),
      typeof parsed?.values['places-key'] === 'string'
        ? parsed.values['places-key']
        : io.env.PDM_PLACES_API_KEY,
    ];
    const raw = error instanceof Error ? error.message : String(error);
    let message = scrubSecrets(raw, secrets).split('\n')[0] ?? raw;
    if (/relation "[^"]+" does not exist/.test(message)) message += ' (run pdm migrate first)';
    io.stderr.write(`pdm: ${message}\n`);
    if (
      exitCode === ExitCode.failure &&
      code === 'internal_error' &&
      io.env.PDM_DEBUG &&
      error instanceof Error
    ) {
      io.stderr.write(`${scrubSecrets(error.stack ?? '', secrets)}\n`);
    }
    if (json) io.stdout.write(`${JSON.stringify({ error: { code, message, exitCode } }, null, 2)}\n`);
    return exitCode;
  }
}
