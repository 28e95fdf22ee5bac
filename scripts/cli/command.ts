// A tiny command kit over node:util parseArgs: --help on every command, coded errors to stderr.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HocbaError, messageOf } from '../../api/index.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage lines after `hocba <name>`, and option descriptions, shown by --help. */
  readonly usage: string;
  readonly options: Options;
  /** Returns the process exit code. */
  run(values: Values, positionals: string[]): Promise<number>;
}

/** A usage mistake: what is wrong and how to fix it, exit code 64 (EX_USAGE). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_USAGE = 64;

export async function runCommand(command: Command, argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    process.stderr.write(`hocba ${command.name}: ${(error as Error).message}\nTry: hocba ${command.name} --help\n`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    process.stdout.write(`hocba ${command.name} — ${command.summary}\n\nUsage: hocba ${command.name} ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(parsed.values, parsed.positionals);
  } catch (error) {
    return reportFailure(command.name, error);
  }
}

export function reportFailure(name: string, error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`hocba ${name}: ${error.message}\nTry: hocba ${name} --help\n`);
    return EXIT_USAGE;
  }
  if (error instanceof HocbaError) {
    const where = error.path ? ` (${error.path})` : '';
    process.stderr.write(`hocba ${name}: [${error.code}]${where} ${messageOf(error, 'vi')}\n  ${messageOf(error, 'en')}\n`);
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
