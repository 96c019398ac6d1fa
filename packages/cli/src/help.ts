import type { Command } from './command.js';
import {
  DATABASE_OPTIONS,
  type OptionSpecs,
  OUTPUT_OPTIONS,
  PLACES_OPTIONS,
  STORE_OPTIONS,
} from './options.js';

function optionLines(specs: OptionSpecs): string[] {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'VALUE'}>` : ''}`;
    const extras = [spec.env ? `env ${spec.env}` : '', spec.defaultText ? `default ${spec.defaultText}` : '']
      .filter(Boolean)
      .join('; ');
    return [flag, extras ? `${spec.description} (${extras})` : spec.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}

/** `pdm <command> --help`. */
export function renderCommandHelp(command: Command): string {
  const lines = [
    `Usage: ${command.usage}`,
    '',
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
  ];
  if (command.details) lines.push('', command.details);
  if (command.positionals.length > 0) {
    lines.push('', 'Arguments:');
    for (const p of command.positionals) lines.push(`  <${p.name}>  ${p.description}`);
  }
  lines.push('', 'Options:', ...optionLines(command.options));
  if (command.examples.length > 0) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

/** `pdm --help`. */
export function renderGlobalHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `${[
    `pdm ${version}: process health-system data pulls into the provider database`,
    '',
    'Usage: pdm <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options (each also read from its environment variable):',
    ...optionLines({ ...DATABASE_OPTIONS, ...STORE_OPTIONS, ...PLACES_OPTIONS, ...OUTPUT_OPTIONS }),
    '',
    'Exit codes: 0 ok, 1 failure, 2 usage error, 3 pull not found, 4 already processed or in progress,',
    '            5 configuration error, 6 stopped early (run again to continue).',
    '',
    'Help of a command: pdm <command> --help.  Start with: pdm demo',
  ].join('\n')}\n`;
}
