#!/usr/bin/env node
// The `hocba` command line (SPEC §4): dispatches to one module per command under scripts/cli/, loading only that one.
import { EXIT_USAGE, runCommand } from './cli/command.ts';
import { commands, type CommandEntry } from './cli/commands.ts';

function listing(list: readonly CommandEntry[], indent = '  '): string[] {
  const width = Math.max(...list.map((command) => command.name.length));
  return list.map((command) => `${indent}${command.name.padEnd(width)}  ${command.summary}`);
}

function usage(): string {
  return [
    'hocba — registry and verification tools for Học bạ số',
    '',
    'Usage: hocba <command> [options]    (hocba <command> --help for details; --lang vi|en on every command)',
    '',
    ...listing(commands),
    '',
  ].join('\n');
}

/** `hocba pki`: the commands of one family (`pki init`, …), each with its line. */
function familyUsage(family: string, members: readonly CommandEntry[]): string {
  return [`Usage: hocba ${family} <subcommand> [options]    (hocba ${family} <subcommand> --help for details)`, '', ...listing(members), ''].join('\n');
}

const HELP = new Set(['--help', '-h', 'help']);

async function main(argv: string[]): Promise<number> {
  // No command is a usage mistake like any other (EX_USAGE, docs/cli.md): the list goes to standard error so that
  // a script that lost its arguments fails visibly instead of "succeeding" with help text on its output.
  if (argv.length === 0) {
    process.stderr.write(usage());
    return EXIT_USAGE;
  }
  if (HELP.has(argv[0]!) && argv.length === 1) {
    process.stdout.write(usage());
    return 0;
  }
  // `hocba help verify` is `hocba verify --help`.
  const args = argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv;
  const two = `${args[0]} ${args[1] ?? ''}`;
  const entry = commands.find((candidate) => candidate.name === two) ?? commands.find((candidate) => candidate.name === args[0]);
  if (!entry) {
    const members = commands.filter((candidate) => candidate.name.startsWith(`${args[0]} `));
    if (members.length === 0) {
      process.stderr.write(`hocba: unknown command "${args[0]}"\n\n${usage()}`);
      return EXIT_USAGE;
    }
    if (args.slice(1).some((arg) => HELP.has(arg)) && args.length === 2) {
      process.stdout.write(familyUsage(args[0]!, members));
      return 0;
    }
    const named = args[1] === undefined || args[1].startsWith('-') ? 'name a subcommand' : `unknown subcommand "${args[1]}"`;
    process.stderr.write(`hocba ${args[0]}: ${named}\n\n${familyUsage(args[0]!, members)}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  return runCommand(command, entry.summary, args.slice(entry.name.split(' ').length));
}

process.exitCode = await main(process.argv.slice(2));
