// A tiny command kit over node:util parseArgs: --help and --lang on every command, coded errors to stderr in one
// language. It imports no domain module but the error catalogue, so a command's --help loads only its own module.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HocbaError, messageOf } from '../../api/errors.ts';
import { LANGS, langOf, type Lang } from './lang.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  readonly name: string;
  /** Usage lines after `hocba <name>`, and option descriptions, shown by --help. Every option in `options` has a line. */
  readonly usage: string;
  readonly options: Options;
  /** Options that were dropped, each with what to use instead: refused with that message (exit 64), never parsed. */
  readonly removed?: Readonly<Record<string, string>>;
  /** Returns the process exit code. `lang` is the one language of everything it prints (scripts/cli/lang.ts). */
  run(values: Values, positionals: string[], lang: Lang): Promise<number>;
}

/** What every command accepts besides its own options; --help lists them under its own. */
export const GLOBAL_OPTIONS = {
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const GLOBAL_USAGE = `
Every command:
  --lang vi|en    language of what it prints (reports, messages); default: LC_ALL, LC_MESSAGES or LANG
                  (vi… → Vietnamese, otherwise English). Help texts are in English.
  -h, --help      this help
`;

/** A usage mistake: what is wrong and how to fix it, exit code 64 (EX_USAGE). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** sysexits.h EX_USAGE: the command line was wrong (no command, unknown option, missing argument). */
export const EXIT_USAGE = 64;

export function helpText(command: Command, summary: string): string {
  return `hocba ${command.name} — ${summary}\n\nUsage: hocba ${command.name} ${command.usage}${GLOBAL_USAGE}`;
}

export async function runCommand(command: Command, summary: string, argv: string[]): Promise<number> {
  const dropped = Object.keys(command.removed ?? {}).find((name) => argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)));
  if (dropped !== undefined) return reportFailure(command.name, new UsageError(command.removed![dropped]!));
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...command.options, ...GLOBAL_OPTIONS }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    process.stderr.write(`hocba ${command.name}: ${(error as Error).message}\nTry: hocba ${command.name} --help\n`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    process.stdout.write(helpText(command, summary));
    return 0;
  }
  const given = parsed.values.lang;
  if (given !== undefined && !LANGS.includes(given as Lang)) {
    process.stderr.write(`hocba ${command.name}: --lang is vi or en (got "${String(given)}")\n`);
    return EXIT_USAGE;
  }
  const lang = langOf(given);
  try {
    return await command.run(parsed.values, parsed.positionals, lang);
  } catch (error) {
    return reportFailure(command.name, error, lang);
  }
}

export function reportFailure(name: string, error: unknown, lang: Lang = langOf(undefined)): number {
  if (error instanceof UsageError) {
    process.stderr.write(`hocba ${name}: ${error.message}\nTry: hocba ${name} --help\n`);
    return EXIT_USAGE;
  }
  if (error instanceof HocbaError) {
    const where = error.path ? ` (${error.path})` : '';
    process.stderr.write(`hocba ${name}: [${error.code}]${where} ${messageOf(error, lang)}\n`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    process.stderr.write(`hocba ${name}: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`hocba ${name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  return 1;
}

export function requireString(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalStrings(values: Values, name: string): string[] {
  const value = values[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [String(value)];
}

export function parseInteger(values: Values, name: string, fallback: number, range: [number, number]): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    throw new UsageError(`--${name} must be an integer from ${range[0]} to ${range[1]} (got "${String(raw)}")`);
  }
  return value;
}
