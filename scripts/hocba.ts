#!/usr/bin/env node
// The `hocba` command line (SPEC §4): dispatches to one module per command under scripts/cli/.
import { runCommand, EXIT_USAGE, type Command } from './cli/command.ts';
import { commands } from './cli/commands.ts';

function usage(list: readonly Command[]): string {
  const width = Math.max(...list.map((command) => command.name.length));
  return [
    'hocba — registry and verification tools for Học bạ số',
    '',
    'Usage: hocba <command> [options]    (hocba <command> --help for details)',
    '',
    ...list.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(usage(commands));
    return argv.length === 0 ? EXIT_USAGE : 0;
  }
  const two = `${argv[0]} ${argv[1] ?? ''}`;
  const command = commands.find((candidate) => candidate.name === two) ?? commands.find((candidate) => candidate.name === argv[0]);
  if (!command) {
    const family = commands.filter((candidate) => candidate.name.startsWith(`${argv[0]} `));
    process.stderr.write(family.length > 0
      ? `hocba ${argv[0]}: name a subcommand: ${family.map((candidate) => candidate.name).join(', ')}\n`
      : `hocba: unknown command "${argv[0]}"\n\n${usage(commands)}`);
    return EXIT_USAGE;
  }
  return runCommand(command, argv.slice(command.name.split(' ').length));
}

process.exitCode = await main(process.argv.slice(2));
